"""Sixth blind round's classes: defaults of cobra flags bound to viper keys, prettier's trailing commas in
NestJS `configService.get(...)` and Joi `.default(...)`, a JS wrapper's `= undefined` parameter (no default,
not a computed one), `printenv "$var"` as POSIX sh's indirect read in `file_env`, DSN names as credentials
(not Sentry's), and Go test-helper packages (`testutil`) as tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from secretguard.inventory.discover.js_joi import joi_reads
from tests.inventory.discover.projects import project


def test_viper_keys_take_the_defaults_of_their_bound_flags(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "cmd/app/main.go": """
                package main

                import (
                    "strings"

                    "github.com/spf13/cobra"
                    "github.com/spf13/viper"
                )

                var rootCmd = &cobra.Command{Use: "app"}

                func init() {
                    viper.SetDefault("port", 8081)
                    rootCmd.Flags().Int("port", 9000, "port of server")
                    rootCmd.Flags().String("log-level", "info", "log verbosity")
                    rootCmd.Flags().Bool("allow-private", false, "allow private hosts")
                    rootCmd.Flags().String("addr", "", "address")
                    rootCmd.Flags().StringSlice("allowlist", nil, "hosts to allow")
                    for _, key := range []string{"port", "log-level", "allow-private", "addr", "allowlist"} {
                        if err := viper.BindPFlag(key, rootCmd.Flags().Lookup(key)); err != nil {
                            panic(err)
                        }
                    }
                    flags := rootCmd.PersistentFlags()
                    flags.StringP("data", "d", "/var/lib/app", "data directory")
                    viper.BindPFlag("data-dir", flags.Lookup("data"))
                    viper.SetEnvPrefix("app")
                    viper.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
                    viper.AutomaticEnv()
                }

                func run() {
                    _ = viper.GetInt("port")
                    _ = viper.GetString("log-level")
                    _ = viper.GetBool("allow-private")
                    _ = viper.GetString("addr")
                    _ = viper.GetStringSlice("allowlist")
                    _ = viper.GetString("data-dir")
                    _ = viper.GetString("unbound")
                }
            """,
        },
    )
    defaults = {name: (v.default, v.optional) for name, v in found.items() if name.startswith("APP_")}
    assert defaults == {
        "APP_PORT": ("8081", True),  # SetDefault comes before the flag's default, as in viper
        "APP_LOG_LEVEL": ("info", True),
        "APP_ALLOW_PRIVATE": ("false", True),
        "APP_ADDR": (None, False),  # "" is no default
        "APP_ALLOWLIST": (None, False),  # nil: not a literal
        "APP_DATA_DIR": ("/var/lib/app", True),  # bound by name: the flag "data" to the key "data-dir"
        "APP_UNBOUND": (None, False),
    }


def test_nest_config_get_with_a_trailing_comma_keeps_its_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "api", "dependencies": {"@nestjs/config": "^3"}}\n',
            "src/environment.service.ts": """
                import { Injectable } from '@nestjs/common';
                import { ConfigService } from '@nestjs/config';

                @Injectable()
                export class EnvironmentService {
                  constructor(private configService: ConfigService) {}

                  getOllamaUrl(): string {
                    return this.configService.get<string>(
                      'OLLAMA_API_URL',
                      'http://localhost:11434',
                    );
                  }

                  getRedisUrl(): string {
                    return this.configService.get<string>(
                      'REDIS_URL',
                    );
                  }

                  getPrefix(): string {
                    return this.configService.get<string>('NAMESPACE_PREFIX', 'docs');
                  }
                }
            """,
        },
    )
    ollama = found["OLLAMA_API_URL"]
    assert (ollama.default, ollama.optional) == ("http://localhost:11434", True)
    assert (found["REDIS_URL"].default, found["REDIS_URL"].optional) == (None, False)
    assert found["NAMESPACE_PREFIX"].default == "docs"


def test_a_wrapper_parameter_defaulting_to_undefined_gives_no_default(tmp_path: Path) -> None:
    # The server gives the default; the browser's wrapper, called without one, does not veto it.
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "app"}\n',
            "server/env.js": """
                const driver = process.env.VECTOR_DRIVER || 'pgvector';
                const trial = process.env.TRIAL_DAYS || '14';
                module.exports = { driver, trial };
            """,
            "client/config.ts": """
                function getConfigValue(key: string, defaultValue: string = undefined): string {
                  const rawValue = process?.env?.[key];
                  return rawValue ?? defaultValue;
                }

                export function getVectorDriver(): string {
                  return getConfigValue("VECTOR_DRIVER");
                }

                export function getTrialDays(): string {
                  return getConfigValue("TRIAL_DAYS");
                }

                export function getDrawUrl(): string {
                  return getConfigValue("DRAW_URL", "https://embed.example.net");
                }
            """,
        },
    )
    assert found["VECTOR_DRIVER"].default == "pgvector"
    assert found["TRIAL_DAYS"].default == "14"
    assert found["DRAW_URL"].default == "https://embed.example.net"


def test_file_env_in_posix_sh_reads_through_printenv(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": """
                FROM alpine:3.21
                COPY entrypoint.sh /usr/local/bin/entrypoint.sh
                ENTRYPOINT ["/usr/local/bin/entrypoint.sh", "/usr/local/bin/app"]
            """,
            "entrypoint.sh": """
                #!/usr/bin/env sh
                file_env() {
                   var="$1"
                   fileVar="${var}_FILE"

                   val_var="$(printenv "$var")"
                   val_fileVar="$(printenv "$fileVar")"

                   if [ -n "$val_var" ]; then
                      val="$val_var"
                   elif [ -n "$val_fileVar" ]; then
                      val="$(cat "$val_fileVar")"
                   fi
                   export "$var"="$val"
                   unset "$fileVar"
                }

                file_env "APP_DSN"
                file_env "APP_MAIL_PASSWORD"

                exec "$@"
            """,
        },
    )
    assert {"APP_DSN", "APP_DSN_FILE", "APP_MAIL_PASSWORD", "APP_MAIL_PASSWORD_FILE"} <= set(found)
    assert found["APP_DSN_FILE"].file_of == "APP_DSN"
    assert found["APP_MAIL_PASSWORD_FILE"].scope == "runtime"
    assert not found["APP_DSN_FILE"].secret


def test_dsn_names_are_credentials_but_not_sentrys() -> None:
    assert secret_by_name("MEMOS_DSN")
    assert secret_by_name("MAILER_DSN")
    assert secret_by_name("DATABASE_DSN")
    assert not secret_by_name("SENTRY_DSN")
    assert not secret_by_name("NEXT_PUBLIC_SENTRY_DSN")
    assert not secret_by_name("GLITCHTIP_DSN")
    assert not secret_by_name("PUBLIC_DSN")


def test_go_test_helper_packages_are_tests(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "internal/testutil/minio/server.go": """
                package minio

                import "os"

                func Skip() bool { return os.Getenv("SKIP_CONTAINER_TESTS") == "1" }
            """,
            "internal/server/server.go": """
                package server

                import "os"

                func Addr() string { return os.Getenv("APP_ADDR") }
            """,
        },
    )
    assert found["SKIP_CONTAINER_TESTS"].scope == "test"
    assert found["APP_ADDR"].scope == "runtime"


def test_a_joi_default_with_a_trailing_comma() -> None:
    code = textwrap.dedent("""
        const Joi = require('joi');

        const schema = Joi.object({
          STORAGE_DRIVER: Joi.string().default(
            'local',
          ),
          MAIL_FROM_NAME: Joi.string().default('Docs'),
        }).unknown();

        const { value } = schema.validate(process.env);
        module.exports = value;
    """)
    found = {r.name: (r.optional, r.default) for r in joi_reads(code, "src/config/env.js")}
    assert found == {"STORAGE_DRIVER": (True, "local"), "MAIL_FROM_NAME": (True, "Docs")}
