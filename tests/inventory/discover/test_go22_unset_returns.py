"""Go helpers whose unset path returns a literal: `func enabled(k string) bool { ...; return false }` gives
every `enabled("X")` the default "false"; an unset path that is not followed exactly gives none."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

HELPERS = """
    package main

    import (
        "os"
        "strconv"
        "strings"
        "time"
    )

    const defaultWorkers = 4

    // isOn reads a switch: only "1", "true" or "yes" turn it on.
    func isOn(k string) bool {
        if len(os.Getenv(k)) > 0 {
            v := strings.ToLower(os.Getenv(k))
            return v == "1" || v == "true" || v == "yes"
        }

        return false
    }

    func isOff(k string) bool {
        return strings.TrimSpace(os.Getenv(k)) == "0"
    }

    func port(k string) int {
        n, err := strconv.Atoi(os.Getenv(k))
        if err != nil {
            return 8025
        }
        return n
    }

    func workers(k string) int {
        v, ok := os.LookupEnv(k)
        if !ok {
            return defaultWorkers
        }
        n, _ := strconv.Atoi(v)
        return n
    }

    func theme(k string) string {
        v := os.Getenv(k)
        if v == "" {
            v = "light"
        }
        return v
    }

    func timeout(k string) time.Duration {
        if v := os.Getenv(k); v != "" {
            d, _ := time.ParseDuration(v)
            return d
        }
        return 30 * time.Second
    }

    func raw(k string) string {
        v := os.Getenv(k)
        return v
    }

    func must(k string) string {
        v := os.Getenv(k)
        if v == "" {
            panic("missing " + k)
        }
        return v
    }

    func odd(k string) bool {
        if time.Now().Weekday() == time.Monday {
            return true
        }
        return os.Getenv(k) == "yes"
    }

    func main() {
        if isOn("MAILDROP_VERBOSE") {
            println("verbose")
        }
        _ = isOff("MAILDROP_COLOURS")
        _ = port("MAILDROP_PORT")
        _ = workers("MAILDROP_WORKERS")
        _ = theme("MAILDROP_THEME")
        _ = timeout("MAILDROP_TIMEOUT")
        _ = raw("MAILDROP_LABEL")
        _ = must("MAILDROP_DATABASE")
        _ = odd("MAILDROP_ODD")
    }
"""


def test_go_helper_returning_a_literal_when_unset_gives_callers_that_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"main.go": HELPERS})
    assert found["MAILDROP_VERBOSE"].default == "false"
    assert found["MAILDROP_COLOURS"].default == "false"  # "" == "0" is false
    assert found["MAILDROP_PORT"].default == "8025"  # strconv.Atoi("") fails
    assert found["MAILDROP_WORKERS"].default == "4"  # a constant of the package
    assert found["MAILDROP_THEME"].default == "light"  # the local set on the unset path


def test_go_helper_whose_unset_path_is_not_one_literal_gives_no_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"main.go": HELPERS})
    assert found["MAILDROP_TIMEOUT"].default is None  # `30 * time.Second` is computed
    assert found["MAILDROP_LABEL"].default is None  # the empty value itself
    assert found["MAILDROP_DATABASE"].default is None  # the program stops
    assert found["MAILDROP_ODD"].default is None  # an earlier return depends on the day


def test_go_helper_with_a_default_parameter_keeps_the_argument(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "os"

                func get(k, fallback string) string {
                    if v := os.Getenv(k); v != "" {
                        return v
                    }
                    return fallback
                }

                func main() { _ = get("MAILDROP_HOST", "0.0.0.0") }
            """
        },
    )
    assert found["MAILDROP_HOST"].default == "0.0.0.0"
