"""Go helpers that read the variable their parameter names (`getEnv(key, fallback)`, `parseInt(&c.Port,
EnvPort)` -> `lookup(env)` -> `os.LookupEnv(env)`), names given as package constants, `_FILE` variants, and
defaults given as an argument or as the struct literal's field the helper writes."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import DiscoveredVariable, discover


def write(root: Path, files: dict[str, str]) -> dict[str, DiscoveredVariable]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return {v.name: v for v in discover(root).variables}


NAMES = """
    package settings

    // Names of the variables, one per setting.
    const (
        EnvListen   = "KITE_LISTEN"
        EnvWorkers  Key = "KITE_WORKERS"
        EnvDebug        = "KITE_DEBUG"
        EnvDBURL        = "KITE_DB_URL"
        EnvAdminPass    = "KITE_ADMIN_PASSWORD"
    )

    const EnvTimeout = "KITE_TIMEOUT"

    type Key string
"""

HELPERS = """
    package settings

    import (
        "os"
        "strconv"
    )

    func lookup(env string) (string, bool) {
        if v, ok := os.LookupEnv(env); ok {
            return v, true
        }
        fileVar := env + "_FILE"
        if path, ok := os.LookupEnv(fileVar); ok {
            b, err := os.ReadFile(path)
            if err == nil {
                return string(b), true
            }
        }
        return "", false
    }

    func setString(dst *string, env string) {
        if v, ok := lookup(env); ok {
            *dst = v
        }
    }

    func setInt(dst *int, env string) {
        if v, ok := lookup(env); ok {
            if n, err := strconv.Atoi(v); err == nil {
                *dst = n
            }
        }
    }

    func setBool(dst *bool, env string) {
        if v, ok := lookup(env); ok {
            *dst = v == "true"
        }
    }
"""

LOAD = """
    package settings

    type Server struct {
        Listen  string
        Workers int
    }

    type Settings struct {
        Server  Server
        Debug   bool
        DBURL   string
        Admin   string
        Timeout int
    }

    func Load() Settings {
        s := Settings{
            Server: Server{
                Listen:  ":8080",
                Workers: 4,
            },
            Debug: false,
        }
        setString(&s.Server.Listen, EnvListen)
        setInt(&s.Server.Workers, EnvWorkers)
        setBool(&s.Debug, EnvDebug)
        setString(&s.DBURL, EnvDBURL)
        setString(&s.Admin, EnvAdminPass)
        setInt(&s.Timeout, EnvTimeout)
        return s
    }
"""


def test_helper_chain_with_constants_file_variants_and_struct_defaults(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {"settings/names.go": NAMES, "settings/env.go": HELPERS, "settings/load.go": LOAD},
    )
    for name in (
        "KITE_LISTEN",
        "KITE_WORKERS",
        "KITE_DEBUG",
        "KITE_DB_URL",
        "KITE_ADMIN_PASSWORD",
        "KITE_TIMEOUT",
    ):
        assert name in found, name
        assert found[name].scope == "runtime"
        assert found[name].optional
        file_var = found[name + "_FILE"]
        assert file_var.file_of == name
        assert not file_var.secret
        assert "file-variant" in found[name].sources
    assert found["KITE_LISTEN"].default == ":8080"
    assert found["KITE_WORKERS"].default == "4"
    assert found["KITE_DEBUG"].default == "false"
    assert found["KITE_DB_URL"].default is None  # not in the literal
    assert found["KITE_TIMEOUT"].default is None
    assert found["KITE_ADMIN_PASSWORD"].secret
    assert found["KITE_ADMIN_PASSWORD"].default is None
    assert "EnvListen" not in found
    assert "env" not in found


def test_fallback_argument_literal_constant_and_number(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "main.go": """
                package main

                import (
                    "fmt"
                    "os"
                    "strconv"
                )

                const defaultRegion = "eu-west-1"
                const envQueue = "RELAY_QUEUE"

                func getEnv(key, fallback string) string {
                    if value := os.Getenv(key); value != "" {
                        return value
                    }
                    return fallback
                }

                func getInt(name string, def int) int {
                    n, err := strconv.Atoi(os.Getenv("RELAY_" + name))
                    if err != nil {
                        return def
                    }
                    return n
                }

                func main() {
                    region := getEnv("RELAY_REGION", defaultRegion)
                    queue := getEnv(envQueue, "jobs")
                    mode := getEnv("RELAY_MODE", fmt.Sprint(1))
                    retries := getInt("RETRIES", 5)
                    fmt.Println(region, queue, mode, retries, os.Getenv(envQueue))
                }
            """,
        },
    )
    assert found["RELAY_REGION"].default == "eu-west-1"
    assert found["RELAY_QUEUE"].default == "jobs"
    assert found["RELAY_MODE"].default is None  # an expression: no literal default
    assert found["RELAY_RETRIES"].default == "5"
    assert "RETRIES" not in found
    assert "RELAY_MODE_FILE" not in found


def test_exported_helper_and_constant_of_another_package(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "go.mod": "module example.com/ferry\n\ngo 1.22\n",
            "internal/envx/envx.go": """
                package envx

                import "syscall"

                const Token = "FERRY_API_TOKEN"

                // String reads a variable, or the fallback when it is unset.
                func String(name, fallback string) string {
                    if v, ok := syscall.Getenv(name); ok {
                        return v
                    }
                    return fallback
                }
            """,
            "cmd/ferry/main.go": """
                package main

                import (
                    "fmt"

                    "example.com/ferry/internal/envx"
                )

                func main() {
                    fmt.Println(envx.String("FERRY_HOME", "/var/lib/ferry"), envx.String(envx.Token, ""))
                }
            """,
            "cmd/other/main.go": """
                package main

                import "example.com/ferry/internal/cache"

                func main() { cache.String("not-a-variable", "x") }
            """,
        },
    )
    assert found["FERRY_HOME"].default == "/var/lib/ferry"
    assert found["FERRY_API_TOKEN"].secret
    assert "not-a-variable" not in found
    assert "FERRY_HOME_FILE" not in found


def test_unrelated_functions_are_not_readers(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "main.go": """
                package main

                import (
                    "fmt"
                    "os"
                )

                func greet(name string) string { return "hello " + name }

                func home() string { return os.Getenv("HOME_DIR") }

                func main() {
                    fmt.Println(greet("WORLD"), home())
                }
            """,
        },
    )
    assert set(found) == {"HOME_DIR"}


def test_function_literal_parameter_is_not_the_functions(tmp_path: Path) -> None:
    """`os.Expand(s, func(s string) string { return os.Getenv(s) })`: the literal's `s`, not Load's."""
    found = write(
        tmp_path,
        {
            "conf/load.go": """
                package conf

                import "os"

                func Load(s string) string {
                    return os.Expand(s, func(s string) string { return os.Getenv(s) })
                }
            """,
            "main.go": """
                package main

                import "example.com/x/conf"

                func main() { conf.Load("GREETING_TEXT") }
            """,
        },
    )
    assert "GREETING_TEXT" not in found


def test_method_helper_with_prefix_and_file_variant(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "cfg/reader.go": """
                package cfg

                import "os"

                type Reader struct{ prefix string }

                func (r *Reader) get(key string) string {
                    if v := os.Getenv("TIDE_" + key); v != "" {
                        return v
                    }
                    file := "TIDE_" + key + "_FILE"
                    if path := os.Getenv(file); path != "" {
                        b, _ := os.ReadFile(path)
                        return string(b)
                    }
                    return ""
                }

                func (r *Reader) Load() (string, string) {
                    return r.get("SMTP_PASSWORD"), r.get("SMTP_HOST")
                }
            """,
        },
    )
    assert found["TIDE_SMTP_PASSWORD"].secret
    assert found["TIDE_SMTP_PASSWORD_FILE"].file_of == "TIDE_SMTP_PASSWORD"
    assert found["TIDE_SMTP_HOST_FILE"].file_of == "TIDE_SMTP_HOST"
    assert not found["TIDE_SMTP_HOST"].optional  # Getenv with no fallback: required


def test_helper_prefixing_its_parameter_with_a_constant(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "pkg/command/options.go": """
                package command

                import (
                    "fmt"
                    "os"
                )

                const envVarPrefix = "DBWEB_"

                // prefixed returns the prefixed variable, or falls back to the bare one.
                func prefixed(name string) string {
                    val := os.Getenv(envVarPrefix + name)
                    if val == "" {
                        val = os.Getenv(name)
                        if val != "" {
                            fmt.Printf("deprecated: %s\\n", name)
                        }
                    }
                    return val
                }

                func Load() (string, string) {
                    return prefixed("AUTH_PASS"), prefixed("URL_PREFIX")
                }
            """,
        },
    )
    assert found["DBWEB_AUTH_PASS"].secret
    assert {"DBWEB_URL_PREFIX", "AUTH_PASS", "URL_PREFIX"} <= set(found)
    assert "envVarPrefix" not in " ".join(found)
