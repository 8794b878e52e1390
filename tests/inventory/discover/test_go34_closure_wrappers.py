"""Go helpers that return a closure reading their parameter (`func String(s string) func() string { return
func() string { return Var(s) } }`): their result type's `func (` is not a receiver, so package-level calls
(`Editor = String("OLLAMA_EDITOR")`) read the name."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_closure_returning_helpers_read_their_parameter(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/x\n\ngo 1.22\n",
            "envconfig/config.go": """
                package envconfig

                import (
                    "os"
                    "strconv"
                    "strings"
                )

                func Var(key string) string {
                    return strings.Trim(strings.TrimSpace(os.Getenv(key)), "\"'")
                }

                func String(s string) func() string {
                    return func() string {
                        return Var(s)
                    }
                }

                func Uint(key string, defaultValue uint) func() uint {
                    return func() uint {
                        if s := Var(key); s != "" {
                            if n, err := strconv.ParseUint(s, 10, 64); err == nil {
                                return uint(n)
                            }
                        }
                        return defaultValue
                    }
                }

                func BoolWithDefault(k string) func(defaultValue bool) bool {
                    return func(defaultValue bool) bool {
                        if s := Var(k); s != "" {
                            b, _ := strconv.ParseBool(s)
                            return b
                        }
                        return defaultValue
                    }
                }

                func Bool(k string) func() bool {
                    withDefault := BoolWithDefault(k)
                    return func() bool {
                        return withDefault(false)
                    }
                }

                var (
                    Editor     = String("OLLAMA_EDITOR")
                    NumParallel = Uint("OLLAMA_NUM_PARALLEL", 1)
                    NoPrune = Bool("OLLAMA_NOPRUNE")
                    Vulkan = BoolWithDefault("OLLAMA_VULKAN")
                    Host = Var("OLLAMA_HOST")
                )

            """,
        },
    )
    assert {"OLLAMA_EDITOR", "OLLAMA_NUM_PARALLEL", "OLLAMA_NOPRUNE", "OLLAMA_VULKAN", "OLLAMA_HOST"} <= set(
        found
    )
    assert found["OLLAMA_NUM_PARALLEL"].default == "1"
