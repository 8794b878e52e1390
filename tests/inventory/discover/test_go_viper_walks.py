"""viper bound by a reflective walk over `mapstructure` tags (go_viper_walks.py): an explicit `BindEnv(key,
NAME)` walk (pomerium's shape: squashed structs add no prefix, a pointer is bound as one name, a struct with
no tagged field as one) and a key walk on an instance with a prefix and a replacer (flipt's shape: generic
structs, pointers followed, defaults from `setDefaults(v *viper.Viper)` methods)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_EXPLICIT = """
package config

import (
    "reflect"
    "strings"

    "github.com/spf13/viper"

    "example.org/app/config/otel"
)

type Options struct {
    LogLevel    string            `mapstructure:"log_level"`
    SharedKey   string            `mapstructure:"shared_secret"`
    Autocert    AutocertOptions   `mapstructure:",squash"`
    Tracing     otel.Config       `mapstructure:",squash"`
    MTLS        MTLSSettings      `mapstructure:"downstream_mtls"`
    Breaker     *BreakerSettings  `mapstructure:"circuit_breaker"`
    Timeout     Duration          `mapstructure:"timeout"`
    Internal    string
    Skipped     string            `mapstructure:"-"`
}

type AutocertOptions struct {
    Enable bool   `mapstructure:"autocert"`
    Email  string `mapstructure:"autocert_email"`
}

type MTLSSettings struct {
    CA   string `mapstructure:"ca"`
    Mode string `mapstructure:"enforcement"`
}

type BreakerSettings struct {
    MaxConnections int `mapstructure:"max_connections"`
}

type Duration struct {
    value int64
}

var defaultOptions = Options{
    LogLevel: "info",
    Autocert: AutocertOptions{Email: "admin@example.org"},
}

func bindEnvs(v *viper.Viper) error {
    if _, err := bindEnvsRecursive(reflect.TypeFor[Options](), v, "", ""); err != nil {
        return err
    }
    return v.BindEnv("HeadersEnv", "HEADERS")
}

func bindEnvsRecursive(t reflect.Type, v *viper.Viper, keyPrefix, envPrefix string) (bool, error) {
    any := false
    for field := range t.Fields() {
        tag, ok := field.Tag.Lookup("mapstructure")
        if !ok || tag == "-" {
            continue
        }
        any = true
        key, _, _ := strings.Cut(tag, ",")
        keyPath := keyPrefix + key
        envName := envPrefix + strings.ToUpper(key)
        if field.Type.Kind() == reflect.Struct {
            nested, err := bindEnvsRecursive(field.Type, v, keyPath+".", envName+"_")
            if err != nil {
                return false, err
            } else if nested {
                continue
            }
        }
        if key != "" {
            if err := v.BindEnv(keyPath, envName); err != nil {
                return false, err
            }
        }
    }
    return any, nil
}
"""

_OTEL = """
package otel

type Config struct {
    Endpoint string `mapstructure:"otel_exporter_otlp_endpoint"`
}
"""


def test_an_explicit_walk_binds_each_tag_path_squashed_structs_adding_none(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "config/options.go": _EXPLICIT,
            "config/otel/otel.go": _OTEL,
        },
    )
    for name in (
        "LOG_LEVEL",
        "SHARED_SECRET",
        "AUTOCERT",
        "AUTOCERT_EMAIL",
        "OTEL_EXPORTER_OTLP_ENDPOINT",  # a squashed struct of another package
        "DOWNSTREAM_MTLS_CA",
        "DOWNSTREAM_MTLS_ENFORCEMENT",
        "CIRCUIT_BREAKER",  # a pointer: this walk checks `Kind() == reflect.Struct`
        "TIMEOUT",  # a struct without tagged fields: one value
        "HEADERS",  # `BindEnv(key, NAME)` on the viper the function is handed
    ):
        assert name in found, name
    for name in (
        "CIRCUIT_BREAKER_MAX_CONNECTIONS",
        "INTERNAL",
        "SKIPPED",
        "DOWNSTREAM_MTLS",
        "TIMEOUT_VALUE",
    ):
        assert name not in found, name
    assert found["LOG_LEVEL"].default == "info"
    assert found["AUTOCERT_EMAIL"].default == "admin@example.org"
    assert found["SHARED_SECRET"].secret


_LOG = """
package config

import "github.com/spf13/viper"

func (c *LogConfig) setDefaults(v *viper.Viper) error {
    v.SetDefault("log.level", "INFO")
    v.SetDefault("log.encoding", "console")
    return nil
}
"""

_KEYED = """
package config

import (
    "reflect"
    "strings"

    "github.com/spf13/viper"
)

type Config struct {
    Log            LogConfig                   `mapstructure:"log"`
    Authentication AuthenticationConfig        `mapstructure:"authentication"`
    Cache          *CacheConfig                `mapstructure:"cache"`
    Experimental   ExperimentalConfig          `mapstructure:"experimental"`
}

type LogConfig struct {
    Level    string `mapstructure:"level"`
    Encoding string `mapstructure:"encoding"`
}

type AuthenticationConfig struct {
    Required bool                      `mapstructure:"required"`
    Token    Method[TokenConfig]       `mapstructure:"token"`
    Github   Method[GithubConfig]      `mapstructure:"github"`
}

type Method[C any] struct {
    Method  C    `mapstructure:",squash"`
    Enabled bool `mapstructure:"enabled"`
}

type TokenConfig struct {
    Bootstrap string `mapstructure:"bootstrap_token"`
}

type GithubConfig struct {
    ClientSecret string `mapstructure:"client_secret"`
}

type CacheConfig struct {
    TTL string `mapstructure:"ttl"`
}

type ExperimentalConfig struct{}

func Load() (*Config, error) {
    v := viper.New()
    v.SetEnvPrefix("FLIPT")
    v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
    v.AutomaticEnv()
    cfg := &Config{}
    val := reflect.ValueOf(cfg).Elem()
    for i := 0; i < val.NumField(); i++ {
        field := val.Type().Field(i)
        bindEnvVars(v, []string{fieldKey(field)}, field.Type)
    }
    return cfg, v.Unmarshal(cfg)
}

func fieldKey(field reflect.StructField) string {
    if tag := field.Tag.Get("mapstructure"); tag != "" {
        tag, _, _ := strings.Cut(tag, ",")
        return tag
    }
    return strings.ToLower(field.Name)
}

func bindEnvVars(v *viper.Viper, prefixes []string, typ reflect.Type) {
    if typ.Kind() == reflect.Pointer {
        typ = typ.Elem()
    }
    if typ.Kind() == reflect.Struct {
        for i := 0; i < typ.NumField(); i++ {
            structField := typ.Field(i)
            bindEnvVars(v, append(prefixes, fieldKey(structField)), structField.Type)
        }
        return
    }
    v.MustBindEnv(strings.Join(prefixes, "."))
}
"""


def test_a_key_walk_takes_the_instance_prefix_generic_structs_and_handed_viper_defaults(
    tmp_path: Path,
) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "internal/config/config.go": _KEYED,
            "internal/config/log.go": _LOG,
        },
    )
    for name in (
        "FLIPT_LOG_LEVEL",
        "FLIPT_LOG_ENCODING",
        "FLIPT_AUTHENTICATION_REQUIRED",
        "FLIPT_AUTHENTICATION_TOKEN_ENABLED",
        "FLIPT_AUTHENTICATION_TOKEN_BOOTSTRAP_TOKEN",  # the type argument's fields, squashed
        "FLIPT_AUTHENTICATION_GITHUB_CLIENT_SECRET",
        "FLIPT_CACHE_TTL",  # this walk follows pointers
    ):
        assert name in found, name
    for name in ("FLIPT_AUTHENTICATION_TOKEN", "FLIPT_EXPERIMENTAL", "FLIPT_CACHE"):
        assert name not in found, name
    assert found["FLIPT_LOG_LEVEL"].default == "INFO"
    assert found["FLIPT_LOG_ENCODING"].default == "console"
    assert found["FLIPT_AUTHENTICATION_GITHUB_CLIENT_SECRET"].secret


def test_a_walk_nobody_calls_binds_nothing(tmp_path: Path) -> None:
    orphan = _KEYED.replace("bindEnvVars(v, []string{fieldKey(field)}, field.Type)", "_ = field")
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "internal/config/config.go": orphan,
            "internal/config/log.go": _LOG,
        },
    )
    assert not any(name.startswith("FLIPT_") for name in found)
