"""What a Go configuration field says about the variable its tag reads: a string field named as a
credential (`APIKey`, `Password`) holds a secret even where the variable's name stops short of saying so;
a field whose value reaches a file call, directly or through project functions that pass it on to
`path.Join` / `os.ReadFile`, holds a path (a `*_KEY` so used is not a secret)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONFIG = """
    package setup

    import (
        "path"

        "github.com/caarlos0/env/v11"
    )

    type settings struct {
        Sms struct {
            APIKey   string `env:"SMS_GATEWAY_API"`
            Sender   string `env:"SMS_GATEWAY_SENDER"`
            Password string `env:"SMS_GATEWAY_PASSWORD_FILE"`
            Token    string `env:"SMS_GATEWAY_AUTH,file"`
            Secret   bool   `env:"SMS_GATEWAY_SIGNED"`
        }
        Web struct {
            CertFile string `env:"WEB_TLS_CERT"`
            KeyFile  string `env:"WEB_TLS_KEY"`
            Ca       string `env:"WEB_TLS_CA_KEY"`
        }
        Hook struct {
            Key string `env:"HOOK_SIGNING_KEY"`
        }
    }

    var Settings settings

    func Load() error { return env.Parse(&Settings) }

    // Root is the folder the program's files live in.
    func Root(parts ...string) string {
        all := append([]string{"/srv/app"}, parts...)
        return path.Join(all...)
    }

    // Conf is a file under the conf folder.
    func Conf(name string) string {
        return Root("conf", name)
    }

    // Lookup picks a setting by key.
    func Lookup(table map[string]string, key string) string {
        return table[key]
    }
"""

SERVER = """
    package server

    import (
        "net/http"
        "os"

        "example.com/app/setup"
    )

    func send(req *http.Request) {
        req.SetBasicAuth("api", setup.Settings.Sms.APIKey)
    }

    func tls() ([]byte, error) {
        cert := setup.Conf(setup.Settings.Web.CertFile)
        key := setup.Conf(setup.Settings.Web.KeyFile)
        _, _ = os.ReadFile(cert)
        _ = setup.Lookup(nil, setup.Settings.Hook.Key)
        return os.ReadFile(key)
    }

    func ca() ([]byte, error) {
        return os.ReadFile(setup.Settings.Web.Ca)
    }
"""


def test_go_credential_field_marks_a_plainly_named_variable_secret(tmp_path: Path) -> None:
    found = project(tmp_path, {"setup/setup.go": CONFIG, "server/server.go": SERVER})
    assert found["SMS_GATEWAY_API"].secret
    assert not found["SMS_GATEWAY_SENDER"].secret
    assert not found["SMS_GATEWAY_PASSWORD_FILE"].secret  # the name says it locates the password
    assert not found["SMS_GATEWAY_SIGNED"].secret  # a switch, whatever the field is called


def test_go_field_passed_through_project_path_functions_holds_a_path(tmp_path: Path) -> None:
    found = project(tmp_path, {"setup/setup.go": CONFIG, "server/server.go": SERVER})
    assert not found["WEB_TLS_KEY"].secret  # setup.Conf -> setup.Root -> path.Join
    assert not found["WEB_TLS_CA_KEY"].secret  # os.ReadFile directly
    assert found["HOOK_SIGNING_KEY"].secret  # a map key, not a path


def test_go_field_used_only_in_tests_or_other_structs_stays_a_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "setup/setup.go": CONFIG,
            "server/server_test.go": """
                package server

                import (
                    "os"
                    "testing"

                    "example.com/app/setup"
                )

                func TestKey(t *testing.T) {
                    _, _ = os.ReadFile(setup.Settings.Hook.Key)
                }
            """,
            "server/other.go": """
                package server

                import "os"

                type pair struct{ Hook struct{ Secret string } }

                func open(p pair) { _, _ = os.ReadFile(p.Hook.Secret) }
            """,
        },
    )
    assert found["HOOK_SIGNING_KEY"].secret


def test_go_connection_string_joined_for_sqlite_stays_a_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "store/store.go": """
                package store

                import (
                    "path/filepath"
                    "strings"

                    "github.com/caarlos0/env/v11"
                )

                type Options struct {
                    Database struct {
                        Driver string `env:"STORE_DB_DRIVER"`
                        URI    string `env:"STORE_DB_URI"`
                    }
                    DataDir string `env:"STORE_DATA_DIR"`
                }

                func Open() (string, error) {
                    var o Options
                    if err := env.Parse(&o); err != nil {
                        return "", err
                    }
                    if strings.HasPrefix(o.Database.Driver, "sqlite") {
                        return filepath.Join(o.DataDir, o.Database.URI), nil
                    }
                    return o.Database.URI, nil
                }
            """,
        },
    )
    assert found["STORE_DB_URI"].secret
