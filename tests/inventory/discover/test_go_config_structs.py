"""Go configuration structs: the names their libraries read, with the prefixes nesting adds (types resolved
across the files of a package), and viper's prefix, key replacer and bindings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.go import discover_go
from secretguard.inventory.discover.go_structs import split_words


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> set[tuple[str, int, bool, str | None]]:
    return {(r.name, r.line, r.optional, r.default) for r in reads}


def test_go_flags_env_namespaces_nest() -> None:
    code = src("""
        package main

        import "github.com/jessevdk/go-flags"

        type Options struct {
            Listen string   `long:"listen" env:"LISTEN" default:"0.0.0.0:8080"`
            Hosts  []string `long:"host" env:"ALLOWED_HOSTS" env-delim:","`
            Auth   struct {
                Google OAuthProvider `group:"google" namespace:"google" env-namespace:"GOOGLE"`
                Secret string        `long:"secret" env:"SECRET" required:"true"`
            } `group:"auth" namespace:"auth" env-namespace:"AUTH"`
        }

        type OAuthProvider struct {
            CID  string `long:"cid" env:"CID" description:"client id"`
            CSEC string `long:"csec" env:"CSEC" required:"true"`
        }

        func main() {
            var opts Options
            if _, err := flags.Parse(&opts); err != nil {
                panic(err)
            }
        }
    """)
    assert found(discover_go(code, "cmd/server/main.go")) == {
        ("LISTEN", 6, True, "0.0.0.0:8080"),
        ("ALLOWED_HOSTS", 7, True, None),  # env-delim splits the value, it is no part of the name
        ("AUTH_SECRET", 10, False, None),
        ("AUTH_GOOGLE_CID", 15, True, None),
        ("AUTH_GOOGLE_CSEC", 16, False, None),
    }


def test_caarlos0_env_prefixes_defaults_required_and_file() -> None:
    code = src("""
        package config

        import "github.com/caarlos0/env/v11"

        type Config struct {
            Port     int           `env:"PORT" envDefault:"3000"`
            Primary  Database      `envPrefix:"DB_"`
            Replica  *Database     `envPrefix:"REPLICA_DB_"`
            Cache    struct {
                URL string `env:"URL,required"`
            } `envPrefix:"REDIS_"`
            TLSKey   string        `env:"TLS_KEY,file" envDefault:"/run/secrets/tls.key"`
            Token    string        `env:"API_TOKEN,required,notEmpty"`
        }

        type Database struct {
            Host     string `env:"HOST" envDefault:"localhost"`
            Password string `env:"PASSWORD,required"`
        }

        func Load() (Config, error) {
            return env.ParseAs[Config]()
        }
    """)
    reads = discover_go(code, "internal/config/config.go")
    assert found(reads) == {
        ("PORT", 6, True, "3000"),
        ("REDIS_URL", 10, False, None),
        ("TLS_KEY", 12, True, "/run/secrets/tls.key"),
        ("API_TOKEN", 13, False, None),
        ("DB_HOST", 17, True, "localhost"),
        ("DB_PASSWORD", 18, False, None),
        ("REPLICA_DB_HOST", 17, True, "localhost"),
        ("REPLICA_DB_PASSWORD", 18, False, None),
    }
    assert {r.name for r in reads if r.source == "go-env-file"} == {"TLS_KEY"}  # it holds a path


def test_caarlos0_parse_with_options_prefix() -> None:
    code = src("""
        package main

        type config struct {
            Home string `env:"HOME_DIR"`
        }

        func main() {
            cfg := config{}
            if err := env.ParseWithOptions(&cfg, env.Options{Prefix: "MYAPP_"}); err != nil {
                log.Fatal(err)
            }
        }
    """)
    assert found(discover_go(code, "main.go")) == {("MYAPP_HOME_DIR", 4, True, None)}


def test_kelseyhightower_envconfig_process() -> None:
    code = src("""
        package main

        import "github.com/kelseyhightower/envconfig"

        type Specification struct {
            Debug        bool
            Port         int           `default:"8080"`
            User         string        `required:"true"`
            MaxConns     int           `split_words:"true" default:"10"`
            APIKey       string        `envconfig:"API_TOKEN"`
            Timeout      time.Duration `default:"30s"`
            Skipped      string        `ignored:"true"`
            internal     string
            Database     DatabaseSpec  `envconfig:"DB"`
            Common
        }

        type DatabaseSpec struct {
            DatabaseURL string `split_words:"true" required:"true"`
        }

        type Common struct {
            Region string `default:"eu-west-1"`
        }

        func main() {
            var s Specification
            if err := envconfig.Process("myapp", &s); err != nil {
                log.Fatal(err.Error())
            }
        }
    """)
    reads = discover_go(code, "main.go")
    assert found(reads) == {
        ("MYAPP_DEBUG", 6, True, None),
        ("MYAPP_PORT", 7, True, "8080"),
        ("MYAPP_USER", 8, False, None),
        ("MYAPP_MAX_CONNS", 9, True, "10"),
        ("MYAPP_API_TOKEN", 10, True, None),
        ("MYAPP_TIMEOUT", 11, True, "30s"),
        ("MYAPP_DB_DATABASE_URL", 19, False, None),  # the nested field's key is a prefix
        ("MYAPP_REGION", 23, True, "eu-west-1"),  # an embedded struct adds none
    }
    assert {r.source for r in reads} == {"go-envconfig"}


def test_envconfig_without_a_prefix_reads_the_bare_tags(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config/config.go").write_text(
        src("""
            package config

            import "github.com/kelseyhightower/envconfig"

            type Config struct {
                Database struct {
                    Driver     string `envconfig:"KITE_DATABASE_DRIVER" default:"sqlite3"`
                    Datasource string `envconfig:"KITE_DATABASE_DATASOURCE"`
                }
                Server struct {
                    Addr       string `envconfig:"-"`
                    Host       string `envconfig:"KITE_SERVER_HOST" default:"localhost:8080"`
                    AlwaysAuth bool   `envconfig:"KITE_GIT_ALWAYS_AUTH"`
                }
                Users struct {
                    Create UserCreate `envconfig:"KITE_USER_CREATE"`
                }
            }

            type UserCreate struct {
                Username string
                Token    string
            }

            func (u *UserCreate) Decode(value string) error { return nil }

            func Load() (Config, error) {
                cfg := Config{}
                err := envconfig.Process("", &cfg)
                return cfg, err
            }
        """)
    )
    names = {v.name: v for v in discover(tmp_path).variables}
    assert names["KITE_DATABASE_DRIVER"].default == "sqlite3"
    assert names["KITE_DATABASE_DATASOURCE"].secret  # a database's connection string
    assert names["KITE_SERVER_HOST"].default == "localhost:8080"
    assert not names["KITE_GIT_ALWAYS_AUTH"].secret  # a bool field: a switch
    assert "KITE_USER_CREATE" in names  # a type decoding itself: one variable
    assert not [n for n in names if n.startswith(("DATABASE_", "SERVER_", "USERS_"))]


def test_split_words_like_envconfig() -> None:
    assert [split_words(n) for n in ("DatabaseURL", "APIKey", "MaxConns", "HTTPPort", "ID", "Port2")] == [
        "Database_URL",
        "API_Key",
        "Max_Conns",
        "HTTP_Port",
        "ID",
        "Port2",
    ]


def test_viper_prefix_bind_env_automatic_env_and_key_replacer() -> None:
    code = src("""
        package cmd

        import (
            "strings"

            "github.com/spf13/viper"
        )

        const envPrefix = "app"

        func initConfig() {
            viper.SetEnvPrefix(envPrefix)
            viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
            viper.AutomaticEnv()
            viper.SetDefault("log.level", "info")
            _ = viper.BindEnv("token")
            _ = viper.BindEnv("aws.region", "AWS_REGION", "AWS_DEFAULT_REGION")
        }

        func run() {
            host := viper.GetString("db.host")
            level := viper.GetString("log.level")
            workers := viper.GetInt("worker-count")
            notAKey := viper.GetViper()
        }
    """)
    reads = discover_go(code, "cmd/root.go")
    assert found(reads) == {
        ("APP_TOKEN", 16, False, None),
        ("AWS_REGION", 17, False, None),
        ("AWS_DEFAULT_REGION", 17, False, None),
        ("APP_LOG_LEVEL", 15, True, "info"),  # AutomaticEnv: every key viper knows, SetDefault's included
        ("APP_DB_HOST", 21, False, None),
        ("APP_LOG_LEVEL", 22, True, "info"),
        ("APP_WORKER_COUNT", 23, False, None),
    }
    assert {r.source for r in reads} == {"viper"}


def test_viper_without_automatic_env_reads_only_bound_keys() -> None:
    code = src("""
        package main

        func main() {
            v := viper.New()
            v.BindEnv("port")
            port := v.GetInt("port")
            name := v.GetString("name")
        }
    """)
    assert found(discover_go(code, "main.go")) == {("PORT", 5, False, None), ("PORT", 6, False, None)}


def test_struct_nesting_and_the_loading_call_resolved_across_a_package(tmp_path: Path) -> None:
    config = tmp_path / "internal" / "config"
    config.mkdir(parents=True)
    (config / "config.go").write_text(
        src("""
            package config

            type Config struct {
                DB   Postgres `envPrefix:"PG_"`
                Auth Auth     `env-namespace:"AUTH"`
            }
        """),
        encoding="utf-8",
    )
    (config / "postgres.go").write_text(
        src("""
            package config

            type Postgres struct {
                Host     string `env:"HOST" envDefault:"localhost"`
                Password string `env:"PASSWORD,required"`
            }

            type Auth struct {
                Secret string `env:"SECRET"`
            }
        """),
        encoding="utf-8",
    )
    # envconfig's structs need no tags: the type is found in a file that mentions no library at all
    worker = tmp_path / "cmd" / "worker"
    worker.mkdir(parents=True)
    (worker / "spec.go").write_text(
        'package main\n\ntype spec struct {\n\tQueueURL string `split_words:"true"`\n}\n', encoding="utf-8"
    )
    (worker / "main.go").write_text(
        src("""
            package main

            func main() {
                var s spec
                envconfig.MustProcess("worker", &s)
            }
        """),
        encoding="utf-8",
    )
    reads = {(r.name, r.file, r.line) for r in discover(tmp_path).reads}
    assert reads == {
        ("PG_HOST", "internal/config/postgres.go", 4),
        ("PG_PASSWORD", "internal/config/postgres.go", 5),
        ("AUTH_SECRET", "internal/config/postgres.go", 9),
        ("WORKER_QUEUE_URL", "cmd/worker/spec.go", 4),
    }


def test_cleanenv_and_sethvargo_tags() -> None:
    code = src("""
        package config

        type Config struct {
            Port  int    `env:"PORT,HTTP_PORT" env-default:"8080"`
            Token string `env:"TOKEN" env-required:"true"`
            DB    DB     `env-prefix:"DB_"`
            Cache *Cache `env:", prefix=CACHE_"`
        }

        type DB struct {
            Name string `env:"NAME" env-default:"app"`
        }

        type Cache struct {
            URL  string `env:"URL, required"`
            Size int    `env:"SIZE, default=128"`
        }
    """)
    assert found(discover_go(code, "config/config.go")) == {
        ("PORT", 4, True, "8080"),
        ("HTTP_PORT", 4, True, "8080"),  # cleanenv: either name
        ("TOKEN", 5, False, None),
        ("DB_NAME", 11, True, "app"),
        ("CACHE_URL", 15, False, None),
        ("CACHE_SIZE", 16, True, "128"),
    }
