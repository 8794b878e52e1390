"""Go viper: an exported package variable holding an instance (`Params = viper.New()` with AutomaticEnv) is
read through from other packages (`utils.Params.GetString("X")`) and through a local name for it
(`p := utils.Params; p.GetString("Y")`), whichever file the walk meets first."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover


def test_reads_through_a_package_viper_instance(tmp_path: Path) -> None:
    files = {
        "handlers/routes.go": """
            package handlers

            import "example.org/shop/utils"

            func Routes() { _ = utils.Params.GetString("AUTH_USERNAME") }
        """,
        "types/load.go": """
            package types

            import "example.org/shop/utils"

            func Load() string {
                p := utils.Params
                return p.GetString("SQL_FILE")
            }
        """,
        "utils/env.go": """
            package utils

            import "github.com/spf13/viper"

            var Params *viper.Viper

            func InitEnvs() {
                Params = viper.New()
                Params.AutomaticEnv()
                Params.SetDefault("PORT", "8080")
                _ = Params.GetString("PORT")
            }
        """,
        "other/config.go": """
            package other

            func Use(c Settings) string { return c.GetString("NOT_AN_ENV_READ") }
        """,
    }
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    found = {v.name: v.default for v in discover(tmp_path).variables}
    assert found == {"AUTH_USERNAME": None, "SQL_FILE": None, "PORT": "8080"}
