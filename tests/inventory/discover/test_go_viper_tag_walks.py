"""Go: viper keys bound by a reflective walk over a project's own tag (`cfg:"cookie_secret"`, read with
`field.Tag.Get("cfg")`) with `BindPFlag(cfgName, flag)`, the struct handed through a function parameter
(`options.Load(config, fs, opts)` with `opts := options.NewOptions()`), `AutomaticEnv` with a prefix
naming each key; a field's flag default is its default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_LOAD = """
package options

import (
    "reflect"

    "github.com/spf13/pflag"
    "github.com/spf13/viper"
)

func Load(configFileName string, flagSet *pflag.FlagSet, into interface{}) error {
    v := viper.New()
    v.SetEnvPrefix("OAUTH2_PROXY")
    v.AutomaticEnv()
    err := registerFlags(v, "", flagSet, into)
    if err != nil {
        return err
    }
    return v.Unmarshal(into)
}

func registerFlags(v *viper.Viper, prefix string, flagSet *pflag.FlagSet, options interface{}) error {
    val := reflect.ValueOf(options)
    typ := val.Elem().Type()
    for i := 0; i < typ.NumField(); i++ {
        field := typ.Field(i)
        cfgName := field.Tag.Get("cfg")
        if cfgName == ",internal" {
            continue
        }
        if field.Type.Kind() == reflect.Struct {
            registerFlags(v, prefix, flagSet, reflect.Indirect(val).Field(i).Interface())
            continue
        }
        f := flagSet.Lookup(field.Tag.Get("flag"))
        if err := v.BindPFlag(cfgName, f); err != nil {
            return err
        }
    }
    return nil
}
"""

_OPTIONS = """
package options

import "github.com/spf13/pflag"

type Cookie struct {
    Secret string `flag:"cookie-secret" cfg:"cookie_secret"`
    Name   string `flag:"cookie-name" cfg:"cookie_name"`
}

type Options struct {
    ProxyPrefix  string `flag:"proxy-prefix" cfg:"proxy_prefix"`
    ReverseProxy bool   `flag:"reverse-proxy" cfg:"reverse_proxy"`
    Cookie       Cookie `cfg:",squash"`
    Providers    []string `cfg:",internal"`
}

func NewOptions() *Options {
    return &Options{ProxyPrefix: "/oauth2"}
}

func NewFlagSet() *pflag.FlagSet {
    fs := pflag.NewFlagSet("oauth2-proxy", pflag.ExitOnError)
    fs.String("proxy-prefix", "/oauth2", "the url root path")
    fs.Bool("reverse-proxy", false, "behind a reverse proxy")
    fs.String("cookie-secret", "", "the seed string for secure cookies")
    fs.String("cookie-name", "_oauth2_proxy", "the name of the cookie")
    return fs
}
"""

_MAIN = """
package main

import "example.org/proxy/pkg/apis/options"

func main() {
    fs := options.NewFlagSet()
    opts := options.NewOptions()
    if err := options.Load("", fs, opts); err != nil {
        panic(err)
    }
}
"""


def test_a_tag_walk_binding_flags_under_a_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/proxy\n",
            "main.go": _MAIN,
            "pkg/apis/options/load.go": _LOAD,
            "pkg/apis/options/options.go": _OPTIONS,
        },
    )
    names = {n for n in found if n.startswith("OAUTH2_PROXY_")}
    assert names == {
        "OAUTH2_PROXY_PROXY_PREFIX",
        "OAUTH2_PROXY_REVERSE_PROXY",
        "OAUTH2_PROXY_COOKIE_SECRET",
        "OAUTH2_PROXY_COOKIE_NAME",
    }
    assert found["OAUTH2_PROXY_COOKIE_SECRET"].secret is True
    assert found["OAUTH2_PROXY_COOKIE_NAME"].default == "_oauth2_proxy"
    assert found["OAUTH2_PROXY_REVERSE_PROXY"].default == "false"
    assert found["OAUTH2_PROXY_PROXY_PREFIX"].default == "/oauth2"
