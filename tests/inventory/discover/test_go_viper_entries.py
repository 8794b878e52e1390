"""viper keys held in config entry values built by the project's constructors (`asString("web.host", "x")`),
and Go developer tools under a top-level `tools/` folder."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
    package config

    import (
        "strings"

        "github.com/spf13/viper"
    )

    func init() {
        viper.SetEnvPrefix("SHOP")
        viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
        viper.AutomaticEnv()
    }
"""

_ENTRIES = """
    package config

    import "github.com/spf13/viper"

    var WebHost = asString("web.host", "0.0.0.0:8080")
    var DatabaseUrl = asString("panel.database.url", "")
    var RegistrationEnabled = asBool("panel.registrationEnabled", true)
    var ClientId = asString("daemon.auth.clientId", "")

    type entry[T ValueType] struct {
        key string
    }

    type StringEntry struct {
        entry[string]
    }

    type BoolEntry struct {
        entry[bool]
    }

    type ValueType interface {
        string | bool
    }

    func (se entry[T]) Key() string {
        return se.key
    }

    func (se entry[T]) get() interface{} {
        val := viper.Get(se.Key())
        if val == nil {
            val = defaults[se.Key()]
        }
        return val
    }

    func (se StringEntry) Value() string { return se.get().(string) }

    func (se BoolEntry) Value() bool { return se.get().(bool) }

    func asString(key string, def string) StringEntry {
        return StringEntry{entry: as[string](key, def)}
    }

    func asBool(key string, def bool) BoolEntry {
        return BoolEntry{entry: as[bool](key, def)}
    }

    func as[T ValueType](key string, def T) entry[T] {
        defaults[key] = def
        return entry[T]{key: key}
    }

    var defaults = make(map[string]interface{})
"""

_MAIN = """
    package main

    import "example.com/shop/config"

    func main() {
        serve(config.WebHost.Value(), config.DatabaseUrl.Value(), config.RegistrationEnabled.Value())
    }
"""

_TOOL = """
    package main

    import "os"

    func main() {
        println(os.Getenv("SHOP_TEMPLATE_PATH"))
    }
"""

_DOCKERFILE = """
    FROM golang:1.23 AS build
    COPY . /build
    RUN go build -o /shop/shop example.com/shop/cmd
    FROM alpine
    COPY --from=build /shop/shop /shop/shop
    CMD ["/shop/shop"]
"""


def test_constructor_calls_are_viper_reads_with_their_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.go": _CONFIG,
            "config/entries.go": _ENTRIES,
            "cmd/main.go": _MAIN,
            "tools/templatetester/main.go": _TOOL,
            "Dockerfile": _DOCKERFILE,
        },
    )
    assert found["SHOP_WEB_HOST"].default == "0.0.0.0:8080"
    assert found["SHOP_WEB_HOST"].scope == "runtime"
    assert found["SHOP_PANEL_DATABASE_URL"].secret is True
    assert found["SHOP_PANEL_REGISTRATIONENABLED"].default == "true"
    assert "SHOP_DAEMON_AUTH_CLIENTID" not in found  # declared, never read
    assert found["SHOP_TEMPLATE_PATH"].scope == "dev"  # a tool the image does not build
