"""Env helper packages outside the project (minio's `github.com/minio/pkg/v3/env`, buffalo's envy) read like
the project's own readers: the name as a literal, a package constant or a local first given one; the default
as a literal, a constant or a package variable's first value; a function passing its parameter on is a
reader too. A package of the same name that is not the library is not read."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONSTS = """
package api

const (
    ConsoleHostname = "CONSOLE_HOSTNAME"
    ConsolePort     = "CONSOLE_PORT"
)
"""

_CONFIG = """
package api

import (
    "strconv"

    "github.com/minio/pkg/v3/env"
)

var (
    // Port console default port
    Port = "9090"
    Hostname = "0.0.0.0"
)

func GetHostname() string { return env.Get(ConsoleHostname, Hostname) }

func GetPort() int {
    port, _ := strconv.Atoi(env.Get(ConsolePort, Port))
    return port
}

func debugLevel() int {
    level, _ := env.GetInt("CONSOLE_DEBUG_LOGLEVEL", 0)
    return level
}

func setting(name string) string { return env.Get(name, "") }

func region() string { return setting("CONSOLE_REGION") }
"""


def test_minio_env_package_reads_constants_literals_and_wrappers(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module x\n", "api/consts.go": _CONSTS, "api/config.go": _CONFIG})
    assert found["CONSOLE_HOSTNAME"].default == "0.0.0.0"
    assert found["CONSOLE_PORT"].default == "9090"  # a package variable's first value
    assert found["CONSOLE_DEBUG_LOGLEVEL"].default == "0"
    assert "CONSOLE_REGION" in found  # through the project's own helper
    assert all(v.scope == "runtime" for v in found.values())


def test_aliased_import_and_a_local_holding_the_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module x\n",
            "logger/config.go": """
                package logger

                import xenv "github.com/minio/pkg/env"

                const EnvLoggerEnable = "CONSOLE_LOGGER_WEBHOOK_ENABLE"

                func lookup(target string) bool {
                    enableEnv := EnvLoggerEnable
                    if target != "" {
                        enableEnv = EnvLoggerEnable + "_" + target
                    }
                    return xenv.Get(enableEnv, "off") == "on"
                }
            """,
        },
    )
    assert found["CONSOLE_LOGGER_WEBHOOK_ENABLE"].default == "off"


def test_envy_get_with_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module x\n",
            "app.go": """
                package main

                import "github.com/gobuffalo/envy"

                var env = envy.Get("GO_ENV", "development")

                func main() { _, _ = envy.MustGet("SESSION_SECRET") }
            """,
        },
    )
    assert found["GO_ENV"].default == "development"
    assert found["SESSION_SECRET"].secret


def test_another_package_named_env_is_not_the_library(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module x\n",
            "main.go": """
                package main

                import "example.com/tools/env"

                func main() { _ = env.Get("NOT_A_VARIABLE", "x") }
            """,
        },
    )
    assert "NOT_A_VARIABLE" not in found
