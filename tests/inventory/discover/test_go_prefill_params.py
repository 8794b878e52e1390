"""Go caarlos0/env: a loader handed the caller's `*T` (`func parseEnv(cfg *Config) error { env.Parse(cfg) }`)
keeps what the package's constructors of T put in it, nested struct literals included; and a database's
`*_DATA_SOURCE` is a connection string (a secret)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import secret_by_name


def test_constructor_defaults_reach_a_loader_taking_a_pointer(tmp_path: Path) -> None:
    folder = tmp_path / "pkg" / "config"
    folder.mkdir(parents=True)
    (folder / "config.go").write_text(
        textwrap.dedent("""
            package config

            import "github.com/caarlos0/env/v11"

            type SSHConfig struct {
                ListenAddr string `env:"LISTEN_ADDR"`
                IdleTimeout int  `env:"IDLE_TIMEOUT"`
            }

            type Config struct {
                Name string    `env:"NAME"`
                SSH  SSHConfig `envPrefix:"SSH_"`
            }

            func DefaultConfig() *Config {
                return &Config{
                    Name: "Shop",
                    SSH: SSHConfig{
                        ListenAddr:  ":2222",
                        IdleTimeout: 10 * 60,
                    },
                }
            }

            func parseEnv(cfg *Config) error {
                return env.ParseWithOptions(cfg, env.Options{Prefix: "SHOP_"})
            }
        """).lstrip("\n"),
        encoding="utf-8",
    )
    found = {v.name: v.default for v in discover(tmp_path).variables}
    assert found == {"SHOP_NAME": "Shop", "SHOP_SSH_LISTEN_ADDR": ":2222", "SHOP_SSH_IDLE_TIMEOUT": None}


def test_a_databases_data_source_is_a_secret() -> None:
    assert secret_by_name("SHOP_DB_DATA_SOURCE")
    assert not secret_by_name("SEARCH_DATA_SOURCE")
