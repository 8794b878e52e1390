"""A pflag set whose every flag a `VisitAll` walk reads from the environment (gotenberg)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

MAIN = """
package main

import (
    "os"
    "strings"

    flag "github.com/spf13/pflag"
)

func run(fs *flag.FlagSet) {
    fs.VisitAll(func(f *flag.Flag) {
        envName := strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
        val, ok := os.LookupEnv(envName)
        if !ok {
            return
        }
        _ = fs.Set(f.Name, val)
    })
}
"""

API = """
package api

import (
    "go.uber.org/zap"
    flag "github.com/spf13/pflag"
)

func flags() *flag.FlagSet {
    fs := flag.NewFlagSet("api", flag.ExitOnError)
    fs.Int("api-port", 3000, "Set the port on which the API should listen")
    fs.String("api-bind-ip", "", "Set the IP address the API should bind to")
    fs.StringSlice("chromium-deny-list", []string{`^file:(?!//\\/tmp/).*`}, "Denied URLs")
    fs.BoolP("api-enable-basic-auth", "b", false, "Enable basic authentication")
    var timeout string
    fs.StringVar(&timeout, "api-timeout", "30s", "Set the time limit")
    zap.String("logger", "api")
    return fs
}
"""


def test_every_flag_of_the_walked_set_is_a_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module example.com/g\\n\\ngo 1.22\\n", "cmd/main.go": MAIN, "pkg/api/api.go": API},
    )
    assert found["API_PORT"].default == "3000"
    assert found["API_BIND_IP"].default is None
    assert found["CHROMIUM_DENY_LIST"].default == "^file:(?!//\\/tmp/).*"
    assert found["API_ENABLE_BASIC_AUTH"].default == "false"
    assert found["API_TIMEOUT"].default == "30s"
    assert found["API_PORT"].optional
    assert "LOGGER" not in found


def test_flags_without_a_walk_are_not_variables(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/g\\n\\ngo 1.22\\n", "pkg/api/api.go": API})
    assert "API_PORT" not in found


def test_python_helper_rebinding_its_parameter_after_the_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/default.py": """
                from os import environ


                def config_from_env(variable_name, *, default=None):
                    value_from_env = environ.get(variable_name)
                    if variable_name.endswith("_FILE"):
                        variable_name = variable_name.removesuffix("_FILE")
                    if value_from_env is None:
                        value_from_env = default
                    globals()[variable_name] = value_from_env
                    return value_from_env


                config_from_env("SPIFFWORKFLOW_BACKEND_LOG_LEVEL", default="info")
                config_from_env("FLASK_SESSION_SECRET_KEY")
            """,
        },
    )
    assert found["SPIFFWORKFLOW_BACKEND_LOG_LEVEL"].default == "info"
    assert found["FLASK_SESSION_SECRET_KEY"].secret
