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


_FATHOM_CONFIG = """
package config

import (
    "github.com/kelseyhightower/envconfig"

    "example.org/fathom/pkg/datastore/sqlstore"
)

type Config struct {
    Database *sqlstore.Config
    Secret   string
}

func Parse() *Config {
    var cfg Config
    envconfig.Process("Fathom", &cfg)
    return &cfg
}
"""

_SQLSTORE = """
package sqlstore

type Config struct {
    Driver   string `default:"sqlite3"`
    URL      string `default:""`
    Name     string `default:"fathom.db"`
    SSLMode  string `default:""`
}
"""


def test_envconfig_recurses_into_another_packages_struct(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/fathom\n",
            "pkg/config/config.go": _FATHOM_CONFIG,
            "pkg/datastore/sqlstore/config.go": _SQLSTORE,
        },
    )
    assert found["FATHOM_DATABASE_DRIVER"].default == "sqlite3"
    assert found["FATHOM_DATABASE_NAME"].default == "fathom.db"
    assert {"FATHOM_DATABASE_URL", "FATHOM_DATABASE_SSLMODE", "FATHOM_SECRET"} <= set(found)
    assert "FATHOM_DATABASE" not in found


def test_package_start_scripts_and_a_release_notes_script_ci_runs(tmp_path: Path) -> None:
    package = """
    {
      "name": "mirror",
      "scripts": {
        "start": "node --run start:wayland",
        "start:wayland": "WAYLAND_DISPLAY=\\"${WAYLAND_DISPLAY:=wayland-1}\\" electron js/electron.js",
        "lint": "LINT_LEVEL=${LINT_LEVEL:-warn} eslint ."
      }
    }
    """
    workflow = """
    on: push
    jobs:
      notes:
        runs-on: ubuntu-latest
        steps:
          - run: node js/releasenotes.js
    """
    found = project(
        tmp_path,
        {
            "package.json": package,
            ".github/workflows/release-notes.yaml": workflow,
            "js/releasenotes.js": "const repo = process.env.GITHUB_REPOSITORY || 'org/app';\n",
            "js/app.js": "const port = process.env.MM_PORT || 8080;\n",
        },
    )
    assert found["WAYLAND_DISPLAY"].default == "wayland-1"
    assert found["WAYLAND_DISPLAY"].scope == "runtime"
    assert "LINT_LEVEL" not in found or found["LINT_LEVEL"].scope != "runtime"
    assert found["GITHUB_REPOSITORY"].scope == "ci"
    assert found["MM_PORT"].scope == "runtime"


_OTEL = """
package otel

import lib "example.org/lib/otel"

type BaseOpenTelemetry = lib.OpenTelemetry

type OpenTelemetry struct {
    BaseOpenTelemetry `json:",inline"`
    Exporter          string `json:"exporter"`
}
"""

_TYK_CONFIG = """
package config

import (
    "github.com/kelseyhightower/envconfig"

    "example.org/gw/internal/otel"
)

type Config struct {
    ListenPort    int
    OpenTelemetry otel.OpenTelemetry
}

func Load(conf *Config) error {
    return envconfig.Process("TYK_GW", conf)
}
"""


def test_envconfig_into_another_package_skips_an_embedded_library_type(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/gw\n",
            "config/config.go": _TYK_CONFIG,
            "internal/otel/config.go": _OTEL,
        },
    )
    assert "TYK_GW_OPENTELEMETRY_EXPORTER" in found
    assert "TYK_GW_OPENTELEMETRY_BASEOPENTELEMETRY" not in found
    assert "TYK_GW_LISTENPORT" in found
