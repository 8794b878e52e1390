"""ardanlabs/conf: `conf.Parse(prefix, &cfg)` reads each exported field under PREFIX_ + its path's words,
or PREFIX_ + its `env:` name; `default:`, `required` and `mask` options; nested types across files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.go_ardan import conf_options


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_options_keep_colons_semicolons_and_commas_of_a_default() -> None:
    assert conf_options("default:64:ff9b::/96;64:ff9b:1::/48,env:NOTIFIER_NETS,flag:nets") == {
        "default": "64:ff9b::/96;64:ff9b:1::/48",
        "env": "NOTIFIER_NETS",
        "flag": "nets",
    }
    assert conf_options("default:a,b,mask") == {"default": "a,b", "mask": ""}
    assert conf_options("required,help:the API key, from the dashboard") == {
        "required": "",
        "help": "the API key, from the dashboard",
    }


def test_conf_parse_names_fields_by_their_path(tmp_path: Path) -> None:
    folder = tmp_path / "internal" / "config"
    folder.mkdir(parents=True)
    (folder / "config.go").write_text(
        src("""
            package config

            import "github.com/ardanlabs/conf/v3"

            type Config struct {
                conf.Version
                Mode     string `conf:"default:development"`
                Web      WebConfig
                Database Database
                Notifier struct {
                    Dns64Nets []string `conf:"default:64:ff9b::/96,env:NOTIFIER_DNS64_NETS"`
                }
                internal string
            }

            func New() (*Config, error) {
                var cfg Config
                const prefix = "SHOP"
                if _, err := conf.Parse(prefix, &cfg); err != nil {
                    return nil, err
                }
                return &cfg, nil
            }
        """),
        encoding="utf-8",
    )
    (folder / "conf_web.go").write_text(
        src("""
            package config

            type WebConfig struct {
                Port       string `conf:"default:7745"`
                APIKeyPepper string `conf:"mask"`
                MaxUploadSize int64 `conf:"default:10"`
            }

            type Database struct {
                ConnString string `conf:"required"`
                Skip       string `conf:"-"`
            }
        """),
        encoding="utf-8",
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert set(found) == {
        "SHOP_MODE",
        "SHOP_WEB_PORT",
        "SHOP_WEB_API_KEY_PEPPER",
        "SHOP_WEB_MAX_UPLOAD_SIZE",
        "SHOP_DATABASE_CONN_STRING",
        "SHOP_NOTIFIER_DNS64_NETS",
    }
    assert found["SHOP_WEB_PORT"].default == "7745"
    assert found["SHOP_NOTIFIER_DNS64_NETS"].default == "64:ff9b::/96"
    assert found["SHOP_WEB_API_KEY_PEPPER"].secret
    assert not found["SHOP_DATABASE_CONN_STRING"].optional
