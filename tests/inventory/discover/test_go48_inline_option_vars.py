"""go-flags options in a package variable of an anonymous struct (`var opts struct {...}`, parsed by a
fork's `flags.NewParser(&opts, ...)`): every tag, with its groups' env-namespaces; a description naming a
file's path marks a path, not a secret; an example program under Go's `_example/` folder is example scope,
and its tags quoted in the app's own struct tags are no mentions."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_MAIN = """
package main

import "github.com/umputun/go-flags"

var opts struct {
    Listen  string `short:"l" long:"listen" env:"LISTEN" description:"listen on host:port"`
    MaxSize string `short:"m" long:"max" env:"MAX_SIZE" default:"64K" description:"max request size"`
    Htpasswd string `long:"basic-htpasswd" env:"BASIC_HTPASSWD" description:"htpasswd file for basic auth"`

    SSL struct {
        Key string `long:"key" env:"KEY" description:"path to key.pem file"`
        DNS struct {
            Porkbun struct {
                APISecretKey string `long:"api-secret-key" env:"API_SECRET_KEY" description:"secret key"`
            } `group:"porkbun" namespace:"porkbun" env-namespace:"PORKBUN"`
        } `group:"dns" namespace:"dns" env-namespace:"DNS"`
    } `group:"ssl" namespace:"ssl" env-namespace:"SSL"`
}

func main() {
    p := flags.NewParser(&opts, flags.PrintErrors|flags.PassDoubleDash)
    _, _ = p.Parse()
}
"""

_EXAMPLE = """
package main

import "os"

func main() { _ = os.Getenv("AUTH_USER") }
"""


def test_an_anonymous_options_struct_is_read_with_its_namespaces(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module x\n", "app/main.go": _MAIN, "_example/memory_store/main.go": _EXAMPLE},
    )
    assert found["LISTEN"].scope == "runtime"
    assert found["MAX_SIZE"].default == "64K"
    assert found["SSL_DNS_PORKBUN_API_SECRET_KEY"].secret
    assert not found["SSL_KEY"].secret  # "path to key.pem file"
    assert not found["BASIC_HTPASSWD"].secret  # "htpasswd file for basic auth"
    assert found["AUTH_USER"].scope == "example"
