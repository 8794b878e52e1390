"""A project's own reflective loader (go_prefix_walks.py): a function reading the environment that walks a
struct's fields and calls itself with `prefix+"_"+strings.ToUpper(tag)` names each tagged field under the
literal prefix its entry point is given; nested structs add their tag, maps (named by the environment's own
keys) and types decoding themselves are not walked into; a defaulting method gives the defaults."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_LOADER = """
package env

import (
    "os"
    "reflect"
    "strings"
)

type Unmarshaler interface {
    UnmarshalEnv(prefix string, v string) error
}

func load(env map[string]string, prefix string, prv reflect.Value) error {
    rt := prv.Type().Elem()
    if i, ok := prv.Interface().(Unmarshaler); ok {
        return i.UnmarshalEnv(prefix, env[prefix])
    }
    switch rt.Kind() {
    case reflect.Struct:
        for i := range rt.NumField() {
            f := rt.Field(i)
            jsonTag := f.Tag.Get("json")
            if jsonTag == "-" {
                continue
            }
            key := strings.TrimSuffix(jsonTag, ",omitempty")
            err := load(env, prefix+"_"+strings.ToUpper(key), prv.Elem().Field(i))
            if err != nil {
                return err
            }
        }
    }
    return nil
}

func Load(prefix string, v any) error {
    env := make(map[string]string)
    for _, kv := range os.Environ() {
        k, val, _ := strings.Cut(kv, "=")
        env[k] = val
    }
    return load(env, prefix, reflect.ValueOf(v))
}
"""

_CONF = """
package conf

import "example.org/app/internal/conf/env"

type Credential struct {
    User string `json:"user"`
    Pass string `json:"pass"`
}

func (c *Credential) UnmarshalEnv(_ string, v string) error { return nil }

type Path struct {
    Record     bool   `json:"record"`
    RecordPath string `json:"recordPath"`
}

func (pconf *Path) setDefaults() {
    pconf.RecordPath = "./recordings/%path"
}

type Conf struct {
    LogLevel     string           `json:"logLevel"`
    APISecret    string           `json:"apiSecret"`
    Admin        Credential       `json:"admin"`
    PathDefaults Path             `json:"pathDefaults"`
    Paths        map[string]*Path `json:"paths"`
    internal     string           `json:"-"`
}

func (conf *Conf) setDefaults() {
    conf.LogLevel = "info"
}

func (conf *Conf) loadFromEnv() error {
    return env.Load("MTX", conf)
}
"""


def test_a_reflective_prefix_loader_names_each_tagged_field(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "internal/conf/env/env.go": _LOADER,
            "internal/conf/conf.go": _CONF,
        },
    )
    for name in (
        "MTX_LOGLEVEL",
        "MTX_APISECRET",
        "MTX_ADMIN",
        "MTX_PATHDEFAULTS_RECORD",
        "MTX_PATHDEFAULTS_RECORDPATH",
    ):
        assert name in found, name
    for name in ("MTX_PATHS", "MTX_ADMIN_USER", "MTX_INTERNAL"):
        assert name not in found, name
    assert found["MTX_LOGLEVEL"].default == "info"
    assert found["MTX_PATHDEFAULTS_RECORDPATH"].default == "./recordings/%path"
    assert found["MTX_APISECRET"].secret
