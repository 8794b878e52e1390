"""Go viper: an exported package variable holding an instance (`Params = viper.New()` with AutomaticEnv) is
read through from other packages (`utils.Params.GetString("X")`) and through a local name for it
(`p := utils.Params; p.GetString("Y")`), whichever file the walk meets first."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from tests.inventory.discover.projects import project


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


def test_a_helper_forwarding_to_bind_env_in_a_cmd_library_package(tmp_path: Path) -> None:
    files = {
        "go.mod": "module example.org/authz\n\ngo 1.22\n",
        "Dockerfile": "FROM golang\nRUN go build -o /bin/authz ./cmd/authz\n",
        "cmd/util/util.go": """
            package util

            import "github.com/spf13/viper"

            func MustBindEnv(input ...string) {
                if err := viper.BindEnv(input...); err != nil {
                    panic("failed to bind env key: " + err.Error())
                }
            }
        """,
        "cmd/run/flags.go": """
            package run

            import "example.org/authz/cmd/util"

            func bindRunFlags() {
                util.MustBindEnv("grpc.addr", "AUTHZ_GRPC_ADDR")
                util.MustBindEnv("db.conns", "AUTHZ_DATASTORE_MAX_OPEN_CONNS", "AUTHZ_DATASTORE_MAXOPENCONNS")
            }
        """,
        "cmd/authz/main.go": """
            package main

            import "example.org/authz/cmd/run"

            func main() { run.Execute() }
        """,
    }
    found = project(tmp_path, files)
    # `cmd/run` is the shipped program's package, not a developer's tool beside it
    assert found["AUTHZ_GRPC_ADDR"].scope == "runtime"
    assert found["AUTHZ_DATASTORE_MAX_OPEN_CONNS"].scope == "runtime"
    assert "AUTHZ_DATASTORE_MAXOPENCONNS" in found


def test_flag_defaults_from_a_default_configuration_built_in_another_package(tmp_path: Path) -> None:
    files = {
        "go.mod": "module example.org/perm\n\ngo 1.22\n",
        "internal/config/config.go": """
            package config

            const defaultPort = "3476"

            type HTTP struct {
                Enabled bool
                Port    string
            }

            type Config struct{ HTTP HTTP }

            func DefaultConfig() *Config {
                return &Config{
                    HTTP: HTTP{Enabled: true, Port: defaultPort},
                }
            }
        """,
        "pkg/cmd/serve.go": """
            package cmd

            import (
                "github.com/spf13/cobra"

                "example.org/perm/internal/config"
                "example.org/perm/pkg/cmd/flags"
            )

            func NewServeCommand() *cobra.Command {
                command := &cobra.Command{Use: "serve"}
                conf := config.DefaultConfig()
                f := command.Flags()
                f.Bool("http-enabled", conf.HTTP.Enabled, "switch option for HTTP server")
                f.String("http-port", conf.HTTP.Port, "HTTP port address")
                flags.RegisterServeFlags(f)
                return command
            }
        """,
        "pkg/cmd/flags/serve.go": """
            package flags

            import (
                "github.com/spf13/pflag"
                "github.com/spf13/viper"
            )

            func RegisterServeFlags(flags *pflag.FlagSet) {
                _ = viper.BindPFlag("server.http.enabled", flags.Lookup("http-enabled"))
                _ = viper.BindEnv("server.http.enabled", "PERM_HTTP_ENABLED")
                _ = viper.BindPFlag("server.http.port", flags.Lookup("http-port"))
                _ = viper.BindEnv("server.http.port", "PERM_HTTP_PORT")
            }
        """,
    }
    found = project(tmp_path, files)
    assert found["PERM_HTTP_ENABLED"].default == "true"
    assert found["PERM_HTTP_PORT"].default == "3476"  # a constant of the configuration's package
