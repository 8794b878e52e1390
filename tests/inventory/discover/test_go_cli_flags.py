"""urfave/cli flags (v1 `EnvVar: "A,B"`, v2 `EnvVars: []string{...}`, v3 `Sources: cli.EnvVars(...)` and
`cli.EnvVar("X")` in a value source chain): every name is a variable, `Value:` its default (literals,
literal constants of the project, lists comma-joined), `Required: true` makes it required. And a variadic
helper ranging over its names (`firstEnv("A", "B")`) reads each argument."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

GO_MOD = "module code.example.org/ferry/v2\n\ngo 1.22\n"

DEFAULTS = """
    package defaults

    const Image = "registry.example.org/ferry/runner:1.4"

    // Mirrors tried in order.
    var Mirrors = []string{
        Image,
        "mirror.example.org/ferry/runner",
    }

    var Slow = []string{computeMirror()}
"""

V3_FLAGS = """
    package main

    import (
        "os"
        "time"

        "github.com/urfave/cli/v3"

        "code.example.org/ferry/v2/shared/defaults"
    )

    const defaultZone = "zone-a"

    var serverFlags = append([]cli.Flag{
        &cli.StringFlag{
            Sources: cli.EnvVars("FERRY_LISTEN_ADDR", "FERRY_ADDR"),
            Name:    "listen",
            Value:   ":7000",
        },
        &cli.IntFlag{
            Sources: cli.EnvVars("FERRY_WORKERS"),
            Name:    "workers",
            Value:   4,
        },
        &cli.BoolFlag{
            Sources: cli.EnvVars("FERRY_OPEN"),
            Name:    "open",
        },
        &cli.BoolFlag{
            Sources: cli.EnvVars("FERRY_METRICS"),
            Value:   true,
        },
        &cli.DurationFlag{
            Sources: cli.EnvVars("FERRY_IDLE_TIMEOUT"),
            Value:   30 * time.Second,
        },
        &cli.StringFlag{
            Sources: cli.NewValueSourceChain(
                cli.File(os.Getenv("FERRY_SHARED_SECRET_FILE")),
                cli.EnvVar("FERRY_SHARED_SECRET"),
            ),
            Name:     "shared-secret",
            Value:    "",
            Required: true,
        },
        &cli.StringFlag{Sources: cli.EnvVars("FERRY_ZONE"), Value: defaultZone},
        &cli.StringFlag{Sources: cli.EnvVars("FERRY_RUNNER_IMAGE"), Value: defaults.Image},
        &cli.StringSliceFlag{Sources: cli.EnvVars("FERRY_MIRRORS"), Value: defaults.Mirrors},
        &cli.StringSliceFlag{Sources: cli.EnvVars("FERRY_SLOW_MIRRORS"), Value: defaults.Slow},
        &cli.StringSliceFlag{
            Sources: cli.EnvVars("FERRY_EVENTS"),
            Value:   []string{"push", "tag"},
        },
    }, sharedFlags...)
"""


def test_v3_sources_every_name_with_the_flag_value_as_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "shared/defaults/defaults.go": DEFAULTS,
            "cmd/server/flags.go": V3_FLAGS,
        },
    )
    assert found["FERRY_LISTEN_ADDR"].default == ":7000"
    assert found["FERRY_ADDR"].default == ":7000"  # an alias is read too, with the same default
    assert found["FERRY_WORKERS"].default == "4"
    assert found["FERRY_METRICS"].default == "true"
    assert found["FERRY_OPEN"].optional
    assert found["FERRY_OPEN"].default is None  # the zero value: none
    assert found["FERRY_IDLE_TIMEOUT"].default is None  # a duration is an expression
    assert found["FERRY_ZONE"].default == "zone-a"
    assert found["FERRY_RUNNER_IMAGE"].default == "registry.example.org/ferry/runner:1.4"
    assert found["FERRY_MIRRORS"].default == (
        "registry.example.org/ferry/runner:1.4,mirror.example.org/ferry/runner"
    )
    assert found["FERRY_SLOW_MIRRORS"].default is None
    assert found["FERRY_EVENTS"].default == "push,tag"
    secret = found["FERRY_SHARED_SECRET"]
    assert secret.secret
    assert not secret.optional
    assert secret.default is None
    assert found["FERRY_SHARED_SECRET_FILE"].scope == "runtime"
    assert {v.scope for v in found.values()} == {"runtime"}


def test_v1_comma_separated_and_v2_lists_and_altsrc(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/legacy/main.go": """
                package main

                import "gopkg.in/urfave/cli.v1"

                var flags = []cli.Flag{
                    cli.StringFlag{Name: "db", EnvVar: "LEGACY_DB_HOST,DB_HOST", Value: "localhost"},
                    cli.BoolTFlag{Name: "color", EnvVar: "LEGACY_COLOR"},
                }
            """,
            "cmd/relay/main.go": """
                package main

                import (
                    "github.com/urfave/cli/v2"
                    "github.com/urfave/cli/v2/altsrc"
                )

                func flags() []cli.Flag {
                    return []cli.Flag{
                        altsrc.NewStringFlag(&cli.StringFlag{
                            Name:    "region",
                            EnvVars: []string{"RELAY_REGION", "AWS_REGION"},
                            Value:   "eu-west-1",
                        }),
                        &cli.StringSliceFlag{
                            Name:    "peers",
                            EnvVars: []string{"RELAY_PEERS"},
                            Value:   cli.NewStringSlice("a.example.org", "b.example.org"),
                        },
                        &cli.StringFlag{
                            Name: "api-token", EnvVars: []string{"RELAY_API_TOKEN"}, Required: true,
                        },
                    }
                }
            """,
        },
    )
    assert found["LEGACY_DB_HOST"].default == "localhost"
    assert found["DB_HOST"].default == "localhost"
    assert "LEGACY_COLOR" in found
    assert found["RELAY_REGION"].default == "eu-west-1"
    assert found["AWS_REGION"].default == "eu-west-1"
    assert found["RELAY_PEERS"].default == "a.example.org,b.example.org"
    token = found["RELAY_API_TOKEN"]
    assert token.secret
    assert not token.optional


def test_flags_only_in_a_test_file_or_without_urfave_are_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/server/flags_test.go": """
                package main

                import "github.com/urfave/cli/v3"

                var testFlags = []cli.Flag{&cli.StringFlag{Sources: cli.EnvVars("FERRY_TEST_ONLY")}}
            """,
            "internal/opts/opts.go": """
                package opts

                type StringFlag struct{ EnvVar string }

                var x = opts.StringFlag{EnvVar: "NOT_URFAVE"}
            """,
        },
    )
    assert "FERRY_TEST_ONLY" not in found
    assert "NOT_URFAVE" not in found


def test_variadic_helper_ranging_over_its_names_reads_each_argument(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/server/env.go": """
                package main

                import "os"

                // firstSet returns the value of the first variable that is set.
                func firstSet(names ...string) string {
                    for _, name := range names {
                        if v := os.Getenv(name); v != "" {
                            return v
                        }
                    }
                    return ""
                }

                func clientFile() string {
                    return firstSet("FERRY_CLIENT_FILE", "FERRY_GITEA_CLIENT_FILE",
                        "FERRY_GITHUB_CLIENT_FILE")
                }

                // Only the last parameter is variadic: the prefix argument names nothing.
                func prefixed(prefix string, keys ...string) string {
                    for _, k := range keys {
                        if v := os.Getenv(prefix + k); v != "" {
                            return v
                        }
                    }
                    return ""
                }

                func notVariadic(keys []string) {
                    for _, k := range keys {
                        _ = os.Getenv(k)
                    }
                }

                var _ = prefixed("FERRY_", "SMTP_HOST", "MAIL_HOST")
            """,
        },
    )
    for name in ("FERRY_CLIENT_FILE", "FERRY_GITEA_CLIENT_FILE", "FERRY_GITHUB_CLIENT_FILE"):
        assert found[name].scope == "runtime"
    assert "FERRY_" not in found
    assert "SMTP_HOST" not in found  # `prefix + k`: the prefix is a parameter, not a literal


def test_v1_env_var_built_by_a_project_helper(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "internal/conf/env.go": """
                package conf

                import "strings"

                // EnvName returns the variable a flag is read from.
                func EnvName(flag string) string {
                    return "FERRY_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
                }
            """,
            "internal/conf/flags.go": """
                package conf

                import (
                    "github.com/urfave/cli"

                    "code.example.org/ferry/v2/internal/limits"
                )

                var Flags = []cli.Flag{
                    cli.StringFlag{Name: "log-level", EnvVar: EnvName("log-level"), Value: "info"},
                    cli.StringFlag{
                        Name:   "admin-user",
                        EnvVar: EnvName("ADMIN_USER") + "," + EnvName("admin-username"),
                        Value:  "admin",
                    },
                    cli.StringFlag{Name: "legacy", EnvVar: EnvName("LEGACY") + ",OLD_LEGACY"},
                    cli.StringSliceFlag{
                        Name:   "trusted-proxy",
                        Value:  &cli.StringSlice{limits.LocalNet, "10.0.0.0/8"},
                        EnvVar: EnvName("trusted-proxy"),
                    },
                    cli.Float64Flag{Name: "min-score", Value: limits.MinScore, EnvVar: EnvName("min-score")},
                }
            """,
            "internal/limits/limits.go": """
                package limits

                const LocalNet = "172.16.0.0/12"

                var MinScore = 9.0 // overridden by the configuration at start
            """,
            "internal/conf/connect.go": """
                package conf

                import "os"

                func connectToken() string { return os.Getenv(EnvName("connect-token")) }
            """,
            "cmd/ferry/main.go": """
                package main

                import (
                    "github.com/urfave/cli"

                    "code.example.org/ferry/v2/internal/conf"
                )

                var startFlags = []cli.Flag{
                    cli.BoolFlag{Name: "detach", EnvVar: conf.EnvName("detach-server")},
                    cli.StringFlag{Name: "mode", EnvVar: unknown("mode"), Value: "x"},
                }
            """,
        },
    )
    assert found["FERRY_LOG_LEVEL"].default == "info"
    assert found["FERRY_ADMIN_USER"].default == "admin"
    assert found["FERRY_ADMIN_USERNAME"].default == "admin"
    assert "FERRY_LEGACY" in found
    assert "OLD_LEGACY" in found
    assert found["FERRY_TRUSTED_PROXY"].default == "172.16.0.0/12,10.0.0.0/8"
    assert found["FERRY_MIN_SCORE"].default == "9.0"
    assert "FERRY_CONNECT_TOKEN" in found
    assert "FERRY_DETACH_SERVER" in found
    assert not any(name.endswith("MODE") for name in found)


def test_a_usage_naming_another_flags_file_or_the_files_contents_is_no_path(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/tunnel/flags.go": """
                package main

                import "github.com/urfave/cli/v2"

                var flags = []cli.Flag{
                    &cli.StringFlag{
                        Name:    "token",
                        Usage:   "The tunnel token. Takes precedence over token-file",
                        EnvVars: []string{"FERRY_TOKEN"},
                    },
                    &cli.StringFlag{
                        Name:    "cred-contents",
                        Usage:   "Contents of the tunnel credentials JSON file to use.",
                        EnvVars: []string{"FERRY_CRED_CONTENTS"},
                    },
                    &cli.StringFlag{
                        Name:    "token-file",
                        Usage:   "Filepath at which to read the tunnel token.",
                        EnvVars: []string{"FERRY_TOKEN_FILE"},
                    },
                }
            """,
        },
    )
    assert found["FERRY_TOKEN"].secret
    assert found["FERRY_CRED_CONTENTS"].secret
    assert not found["FERRY_TOKEN_FILE"].secret


def test_minio_cli_flags_with_a_prefix_constant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/flags.go": """
                package cmd

                import "github.com/minio/cli"

                const envPrefix = "MC_"

                var globalDisablePagerEnv = "DISABLE_PAGER"

                var globalFlags = []cli.Flag{
                    cli.BoolFlag{
                        Name:   "quiet, q",
                        Usage:  "disable progress bar display",
                        EnvVar: envPrefix + "QUIET",
                    },
                    cli.StringFlag{
                        Name:   "subnet-api-key",
                        EnvVar: "_MC_SUBNET_API_KEY",
                    },
                    cli.BoolFlag{
                        Name:   "disable-pager, dp",
                        EnvVar: envPrefix + globalDisablePagerEnv,
                    },
                }
            """,
        },
    )
    assert found["MC_QUIET"].scope == "runtime"
    assert found["_MC_SUBNET_API_KEY"].secret
    assert "MC_DISABLE_PAGER" in found
