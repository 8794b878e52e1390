"""Round 90: go-flags namespaces set on a field whose struct lives in another package (`Providers
provider.Providers `env-namespace:"PROVIDERS"``), repeated `default:` tags of a slice option; a Ruby walk
over ENV keeping the names under a prefix (`/^SMTP_(.*)$/ === k`) reads the names deployments declare
under it."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
package internal

import (
    "github.com/thomseddon/go-flags"

    "example.org/tfa/internal/provider"
)

type Config struct {
    LogLevel  string             `long:"log-level" env:"LOG_LEVEL" default:"warn"`
    Providers provider.Providers `group:"providers" namespace:"providers" env-namespace:"PROVIDERS"`
}

func NewConfig(args []string) (*Config, error) {
    c := &Config{}
    _, err := flags.NewParser(c, flags.Default).ParseArgs(args)
    return c, err
}
"""

_PROVIDERS = """
package provider

type Providers struct {
    Google       Google       `group:"Google Provider" namespace:"google" env-namespace:"GOOGLE"`
    GenericOAuth GenericOAuth `group:"Generic OAuth2" namespace:"generic-oauth" env-namespace:"GENERIC_OAUTH"`
}

type Google struct {
    ClientID     string `long:"client-id" env:"CLIENT_ID"`
    ClientSecret string `long:"client-secret" env:"CLIENT_SECRET" json:"-"`
}

type GenericOAuth struct {
    Scopes     []string `long:"scope" env:"SCOPE" env-delim:"," default:"profile" default:"email"`
    TokenStyle string   `long:"token-style" env:"TOKEN_STYLE" default:"header" choice:"header" choice:"query"`
}
"""


def test_go_flags_namespaces_across_packages(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/tfa\n",
            "internal/config.go": _CONFIG,
            "internal/provider/providers.go": _PROVIDERS,
        },
    )
    assert {"PROVIDERS_GOOGLE_CLIENT_ID", "PROVIDERS_GOOGLE_CLIENT_SECRET"} <= set(found)
    assert "GOOGLE_CLIENT_ID" not in found
    assert found["PROVIDERS_GENERIC_OAUTH_SCOPE"].default == "profile,email"
    assert found["PROVIDERS_GENERIC_OAUTH_TOKEN_STYLE"].secret is False
    assert found["PROVIDERS_GENERIC_OAUTH_TOKEN_STYLE"].default == "header"
    assert found["LOG_LEVEL"].default == "warn"


_PRODUCTION = """
Rails.application.configure do
  smtp_env = Hash[ENV.map do |k, v|
    if /^SMTP_(.*)$/ === k
      [$1.downcase.to_sym, YAML.load(v)]
    end
  end.compact]
  config.action_mailer.smtp_settings = smtp_env
end
"""


def test_a_ruby_walk_over_env_reads_the_declared_names_under_its_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/environments/production.rb": _PRODUCTION,
            ".env.example": "SMTP_ADDRESS=smtp.example.org\nSMTP_PASSWORD=\nOTHER_SETTING=1\n",
        },
    )
    assert found["SMTP_ADDRESS"].scope == "runtime"
    assert found["SMTP_PASSWORD"].secret is True
    assert found["OTHER_SETTING"].scope == "example"
