"""Go reads kept in package-level variables: a store skipped when the variable is unset leaves the package
variable's initial value (its default), found in another package through its name; a value that reaches
`filepath.Clean` / `os.ReadFile` / `tls.LoadX509KeyPair` (there or through a local) is a path, so a `*_KEY`
name holding one is not a secret."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SETTINGS = """
    // Package settings holds the relay's configuration.
    package settings

    import (
        "crypto/tls"
        "os"
        "path/filepath"
    )

    var (
        // Listen is the address the relay listens on.
        Listen = "0.0.0.0:2525"

        // Retries before a message is dropped.
        Retries = 5

        Banner string

        Spool = spoolDir()

        CertFile string
        KeyFile  string
        Token    string
    )

    func spoolDir() string { return os.TempDir() }

    // Check cleans the paths given.
    func Check() error {
        if KeyFile != "" {
            KeyFile = filepath.Clean(KeyFile)
        }
        _, err := tls.LoadX509KeyPair(CertFile, KeyFile)
        return err
    }
"""

LOADER = """
    package cmd

    import (
        "os"
        "strconv"

        "example.com/relay/settings"
    )

    func fromEnv() {
        if len(os.Getenv("RELAY_LISTEN")) > 0 {
            settings.Listen = os.Getenv("RELAY_LISTEN")
        }
        if v := os.Getenv("RELAY_RETRIES"); v != "" {
            settings.Retries, _ = strconv.Atoi(v)
        }
        if os.Getenv("RELAY_BANNER") != "" {
            settings.Banner = os.Getenv("RELAY_BANNER")
        }
        if len(os.Getenv("RELAY_SPOOL")) > 0 {
            settings.Spool = os.Getenv("RELAY_SPOOL")
        }
        settings.KeyFile = os.Getenv("RELAY_TLS_KEY")
        settings.Token = os.Getenv("RELAY_API_KEY")
    }
"""


def test_go_guarded_store_defaults_to_the_package_variable(tmp_path: Path) -> None:
    found = project(tmp_path, {"settings/settings.go": SETTINGS, "cmd/env.go": LOADER})
    assert found["RELAY_LISTEN"].default == "0.0.0.0:2525"
    assert found["RELAY_RETRIES"].default == "5"  # parsed, stored only when set
    assert found["RELAY_BANNER"].default is None  # the zero value
    assert found["RELAY_SPOOL"].default is None  # computed by a function


def test_go_store_in_the_same_package_and_locals(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "os"

                var addr = "localhost:2525"

                func main() {
                    if len(os.Getenv("RELAY_ADDR")) > 0 {
                        addr = os.Getenv("RELAY_ADDR")
                    }
                    from := "nobody"
                    if len(os.Getenv("RELAY_FROM")) > 0 {
                        from = os.Getenv("RELAY_FROM")
                    }
                    _ = from
                }

                func other() {
                    addr = "elsewhere"
                    if len(os.Getenv("RELAY_ALT")) > 0 {
                        addr = os.Getenv("RELAY_ALT")
                    }
                }
            """
        },
    )
    assert found["RELAY_ADDR"].default == "localhost:2525"
    assert found["RELAY_FROM"].default is None  # a local: not the package's `from`
    assert found["RELAY_ALT"].default is None  # set by the function before the test


def test_go_value_opened_as_a_file_is_a_path_not_a_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings/settings.go": SETTINGS,
            "cmd/env.go": LOADER,
            "cmd/ca.go": """
                package cmd

                import "os"

                func ca() []byte {
                    b, _ := os.ReadFile(os.Getenv("RELAY_CA_KEY"))
                    p := os.Getenv("RELAY_SIGNING_KEY")
                    c, _ := os.ReadFile(p)
                    return append(b, c...)
                }
            """,
        },
    )
    assert found["RELAY_TLS_KEY"].secret is False  # stored in KeyFile, which Check opens
    assert found["RELAY_CA_KEY"].secret is False
    assert found["RELAY_SIGNING_KEY"].secret is False  # through a local
    assert found["RELAY_API_KEY"].secret is True  # Token is never opened


def test_go_package_variable_set_by_init_gives_no_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "os"

                var spool = "/var/spool/relay"

                func init() {
                    spool = os.TempDir()
                }

                func main() {
                    if len(os.Getenv("RELAY_SPOOL_DIR")) > 0 {
                        spool = os.Getenv("RELAY_SPOOL_DIR")
                    }
                }
            """
        },
    )
    assert found["RELAY_SPOOL_DIR"].default is None


def test_go_store_made_by_init_itself_keeps_the_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "os"

                var relayHost = "smtp.example.org"

                func init() {
                    if len(os.Getenv("RELAY_HOST")) > 0 {
                        relayHost = os.Getenv("RELAY_HOST")
                    }
                }
            """
        },
    )
    assert found["RELAY_HOST"].default == "smtp.example.org"
