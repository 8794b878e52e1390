"""Go struct tags read as their library parses them: joeshaw/envdecode splits `env:"X,default=5s,strict"`
at every comma (the default is `5s`, `strict` an option), sethvargo/go-envconfig takes the rest of the tag
as the default (commas included), and the separate default tags (caarlos0's `envDefault`, envconfig's and
go-flags' `default`, cleanenv's `env-default`) are whole values."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_go_envdecode_default_ends_at_the_next_comma(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "internal/conf/conf.go": """
                package conf

                import (
                    "time"

                    "github.com/joeshaw/envdecode"
                )

                type settings struct {
                    Queue struct {
                        Workers int           `env:"QUEUE_WORKERS,default=8,strict"`
                        Wait    time.Duration `env:"QUEUE_WAIT,strict,default=30s"`
                    }
                    Hosts   string `env:"ALLOWED_HOSTS,default=a.example"`
                    Secret  string `env:"SIGNING_SECRET,required"`
                    Region  string `env:"STORE_REGION,default="`
                }

                var Settings settings

                func Load() error { return envdecode.Decode(&Settings) }
            """,
        },
    )
    assert found["QUEUE_WORKERS"].default == "8"
    assert found["QUEUE_WAIT"].default == "30s"
    assert found["ALLOWED_HOSTS"].default == "a.example"
    assert not found["SIGNING_SECRET"].optional
    assert found["STORE_REGION"].optional


def test_go_envdecode_struct_loaded_from_another_package(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "conf/types.go": """
                package conf

                type Mail struct {
                    Retries int `env:"MAIL_RETRIES,default=3,strict"`
                }
            """,
            "cmd/main.go": """
                package main

                import (
                    "github.com/joeshaw/envdecode"

                    "example.com/app/conf"
                )

                func main() {
                    var m conf.Mail
                    _ = envdecode.Decode(&m)
                }
            """,
        },
    )
    assert found["MAIL_RETRIES"].default == "3"


def test_go_envconfig_default_keeps_its_commas_and_other_tags_are_whole(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.go": """
                package config

                import (
                    "context"

                    "github.com/sethvargo/go-envconfig"
                )

                type Config struct {
                    Origins []string `env:"CORS_ORIGINS,default=https://a.example, https://b.example"`
                }

                func Load(ctx context.Context) (Config, error) {
                    var c Config
                    err := envconfig.Process(ctx, &c)
                    return c, err
                }
            """,
            "flags/flags.go": """
                package flags

                import "github.com/caarlos0/env/v11"

                type Options struct {
                    Langs   string `env:"UI_LANGS" envDefault:"en,de,fr"`
                    Verbose bool   `env:"UI_VERBOSE,required"`
                }

                func Parse() (Options, error) {
                    var o Options
                    return o, env.Parse(&o)
                }
            """,
        },
    )
    assert found["CORS_ORIGINS"].default == "https://a.example, https://b.example"
    assert found["UI_LANGS"].default == "en,de,fr"
    assert not found["UI_VERBOSE"].optional


def test_go_netflix_env_tag_names_default_and_required(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/env.go": """
                package app

                import env "github.com/Netflix/go-env"

                type Environment struct {
                    Home    string `env:"APP_HOME,HOME,default=/srv/app,required=false"`
                    Workers int    `env:"APP_WORKERS,default=4"`
                    Region  string `env:"APP_REGION,required=true"`
                }

                func Load() (Environment, error) {
                    var e Environment
                    _, err := env.UnmarshalFromEnviron(&e)
                    return e, err
                }
            """,
        },
    )
    assert found["APP_HOME"].default == "/srv/app"
    assert found["HOME"].default == "/srv/app"
    assert found["APP_WORKERS"].default == "4"
    assert not found["APP_REGION"].optional
