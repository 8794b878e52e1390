"""traefik's paerser env decoder: a configuration struct's field paths under a prefix, with the defaults its
constructor gives them; maps and lists of structs have no fixed name."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
    package config

    const DefaultNamePrefix = "SHOP_"

    func NewDefaultConfiguration() *Config {
        return &Config{
            Server: ServerConfig{
                Port:    3000,
                Address: "0.0.0.0",
            },
            Log: LogConfig{
                Streams: LogStreams{
                    HTTP:  LogStreamConfig{Enabled: true},
                    Audit: LogStreamConfig{Enabled: false},
                },
            },
        }
    }

    type Config struct {
        AppURL string            `description:"The base URL."`
        Server ServerConfig      `description:"Server configuration."`
        Apps   map[string]App    `description:"Per-app ACLs."`
        Users  []string          `description:"Users."`
        Ldap   LdapConfig        `description:"LDAP."`
        Log    LogConfig         `description:"Logging."`
    }

    type ServerConfig struct {
        Port    int    `description:"Port."`
        Address string `description:"Address."`
    }

    type App struct {
        Domain string `description:"Domain."`
    }

    type LdapConfig struct {
        BindPassword string `description:"Bind password."`
    }

    type LogConfig struct {
        Streams LogStreams `description:"Streams."`
    }

    type LogStreams struct {
        HTTP  LogStreamConfig `description:"HTTP."`
        Audit LogStreamConfig `description:"Audit."`
    }

    type LogStreamConfig struct {
        Enabled bool `description:"Enabled."`
    }
"""

_LOADER = """
    package loaders

    import (
        "os"

        "example.com/shop/internal/config"
        "github.com/traefik/paerser/cli"
        "github.com/traefik/paerser/env"
    )

    type EnvLoader struct{}

    func (e *EnvLoader) Load(_ []string, cmd *cli.Command) (bool, error) {
        vars := env.FindPrefixedEnvVars(os.Environ(), config.DefaultNamePrefix, cmd.Configuration)
        if err := env.Decode(vars, config.DefaultNamePrefix, cmd.Configuration); err != nil {
            return false, err
        }
        return true, nil
    }
"""

_MAIN = """
    package main

    import (
        "example.com/shop/internal/config"
        "github.com/traefik/paerser/cli"
    )

    func main() {
        tConfig := config.NewDefaultConfiguration()
        cmd := &cli.Command{
            Name:          "shop",
            Configuration: tConfig,
        }
        _ = cmd
    }
"""


def test_field_paths_under_the_prefix_with_constructor_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "internal/config/config.go": _CONFIG,
            "internal/loaders/loader_env.go": _LOADER,
            "cmd/shop/main.go": _MAIN,
        },
    )
    assert "SHOP_APPURL" in found
    assert found["SHOP_SERVER_PORT"].default == "3000"
    assert found["SHOP_SERVER_ADDRESS"].default == "0.0.0.0"
    assert found["SHOP_LDAP_BINDPASSWORD"].secret is True
    assert found["SHOP_LOG_STREAMS_HTTP_ENABLED"].default == "true"
    assert found["SHOP_LOG_STREAMS_AUDIT_ENABLED"].default == "false"  # per path, not per type
    assert "SHOP_USERS" in found  # a list of plain values: one comma-separated variable
    assert not any(name.startswith("SHOP_APPS") for name in found)  # a map: keys the operator picks
