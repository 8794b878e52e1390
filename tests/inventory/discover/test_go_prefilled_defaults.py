"""Go defaults held in a struct filled before the environment is read into it (caarlos0/env keeps a field's
value when its variable is unset; a reflective loader starting from a default struct does the same), and
`if os.Getenv("X") == "" { os.Setenv("X", "d") }`."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_constructor_literal_gives_caarlos0_env_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/svc\n",
            "internal/config/schema.go": """
                package config

                const (
                    ModeProduction = "production"
                    DefaultFeedURL = "https://downloads.example.org/feed.tar.gz"
                )

                type Schema struct {
                    Mode     string `env:"APP_MODE"`
                    Port     string `env:"PORT"`
                    Workers  int    `env:"WORKERS"`
                    Metrics  bool   `env:"METRICS_ENABLED"`
                    FeedURL  string `env:"FEED_URL"`
                    Name     string `env:"INSTANCE_NAME"`
                }
            """,
            "internal/config/load.go": """
                package config

                import "github.com/caarlos0/env/v11"

                var Current = defaults()

                func defaults() Schema {
                    return Schema{
                        Mode:     ModeProduction,
                        Port:     "8080",
                        Workers:  4,
                        Metrics:  true,
                        FeedURL:  DefaultFeedURL,
                        Name:     hostname(),
                    }
                }

                func Load() error {
                    return env.ParseWithOptions(&Current, env.Options{})
                }
            """,
        },
    )
    assert found["APP_MODE"].default == "production"
    assert found["PORT"].default == "8080"
    assert found["WORKERS"].default == "4"
    assert found["METRICS_ENABLED"].default == "true"
    assert found["FEED_URL"].default == "https://downloads.example.org/feed.tar.gz"
    assert found["INSTANCE_NAME"].default is None  # computed: no literal default
    assert found["PORT"].optional


def test_local_literal_before_parse(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "github.com/caarlos0/env/v11"

                type config struct {
                    Port int    `env:"HTTP_PORT"`
                    Host string `env:"HTTP_HOST"`
                }

                func main() {
                    cfg := config{Port: 80}
                    if err := env.Parse(&cfg); err != nil {
                        panic(err)
                    }
                }
            """,
        },
    )
    assert found["HTTP_PORT"].default == "80"
    assert found["HTTP_HOST"].default is None


def test_struct_not_filled_before_parse_has_no_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "github.com/caarlos0/env/v11"

                type config struct {
                    Port int `env:"HTTP_PORT"`
                }

                func example() config { return config{Port: 9999} }

                var cfg = example() // shadowed below: main parses its own zero-valued cfg

                func main() {
                    var cfg config
                    _ = env.Parse(&cfg)
                }
            """,
        },
    )
    assert found["HTTP_PORT"].default is None


def test_reflective_loader_from_default_struct(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings/model.go": """
                package settings

                type Settings struct {
                    SiteName string `env:"SITE_NAME"`
                    Theme    string `env:"THEME"`
                }

                func defaultSettings() *Settings {
                    return &Settings{
                        SiteName: "My Site",
                        Theme:    "light",
                    }
                }
            """,
            "settings/load.go": """
                package settings

                import (
                    "os"
                    "reflect"
                )

                func FromEnv() *Settings {
                    dest := defaultSettings()
                    rv := reflect.ValueOf(dest).Elem()
                    rt := rv.Type()
                    for i := 0; i < rt.NumField(); i++ {
                        name := rt.Field(i).Tag.Get("env")
                        if value, ok := os.LookupEnv(name); ok {
                            rv.Field(i).SetString(value)
                        }
                    }
                    return dest
                }
            """,
        },
    )
    assert found["SITE_NAME"].default == "My Site"
    assert found["THEME"].default == "light"


def test_setenv_when_empty_is_a_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "main.go": """
                package main

                import "os"

                func main() {
                    if os.Getenv("TRACES_EXPORTER") == "" {
                        os.Setenv("TRACES_EXPORTER", "none")
                    }
                    if os.Getenv("OTHER") == "" {
                        os.Setenv("SOMETHING_ELSE", "x")
                    }
                    if len(os.Getenv("METRICS_EXPORTER")) == 0 {
                        os.Setenv("METRICS_EXPORTER", "prometheus")
                    }
                    if len(os.Getenv("LOGS_EXPORTER")) > 0 {
                        os.Setenv("LOGS_EXPORTER", "otlp")
                    }
                }
            """,
        },
    )
    assert found["TRACES_EXPORTER"].default == "none"
    assert found["TRACES_EXPORTER"].optional
    assert found["OTHER"].default is None
    assert found["METRICS_EXPORTER"].default == "prometheus"  # the length test is the same emptiness test
    assert found["LOGS_EXPORTER"].default is None  # set only when already set: no fallback


def test_file_variants_of_fields_tagged_sensitive(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings/load.go": """
                package settings

                import (
                    "os"
                    "reflect"
                )

                type Settings struct {
                    MailHost     string `env:"MAIL_HOST"`
                    MailPassword string `env:"MAIL_PASSWORD" sensitive:"true"`
                }

                func FromEnv(dest *Settings) {
                    rt := reflect.TypeOf(dest).Elem()
                    for i := 0; i < rt.NumField(); i++ {
                        field := rt.Field(i)
                        name := field.Tag.Get("env")
                        if field.Tag.Get("sensitive") == "true" {
                            if path := os.Getenv(name + "_FILE"); path != "" {
                                b, _ := os.ReadFile(path)
                                _ = b
                            }
                        }
                    }
                }
            """,
        },
    )
    assert found["MAIL_PASSWORD_FILE"].file_of == "MAIL_PASSWORD"
    assert found["MAIL_PASSWORD_FILE"].optional
    assert "MAIL_HOST_FILE" not in found


def test_file_variants_of_fields_with_a_file_option(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.go": """
                package config

                import (
                    "os"
                    "reflect"
                    "strings"

                    "github.com/caarlos0/env/v11"
                )

                type Config struct {
                    Token  string `env:"API_TOKEN" options:"file,trim"`
                    Region string `env:"REGION" options:"toLower"`
                }

                func Load() (*Config, error) {
                    var cfg Config
                    if err := env.Parse(&cfg); err != nil {
                        return nil, err
                    }
                    val := reflect.ValueOf(&cfg).Elem()
                    typ := val.Type()
                    for i := 0; i < typ.NumField(); i++ {
                        for _, option := range strings.Split(typ.Field(i).Tag.Get("options"), ",") {
                            switch option {
                            case "toLower":
                                val.Field(i).SetString(strings.ToLower(val.Field(i).String()))
                            case "file":
                                fromFile(val.Field(i), typ.Field(i))
                            }
                        }
                    }
                    return &cfg, nil
                }

                func fromFile(v reflect.Value, f reflect.StructField) {
                    envName := f.Tag.Get("env")
                    fileName := envName + "_FILE"
                    if path := os.Getenv(fileName); path != "" {
                        b, _ := os.ReadFile(path)
                        v.SetString(string(b))
                    }
                }
            """,
        },
    )
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"
    assert "REGION_FILE" not in found


def test_field_filled_when_empty_after_the_load(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.go": """
                package config

                import "github.com/caarlos0/env/v11"

                const defaultDataDir = "data/files"

                type Config struct {
                    DataDir string `env:"DATA_DIR"`
                    Cache   string `env:"CACHE_DIR"`
                }

                func Load() (*Config, error) {
                    var cfg Config
                    if err := env.Parse(&cfg); err != nil {
                        return nil, err
                    }
                    validate(&cfg)
                    return &cfg, nil
                }

                func validate(c *Config) {
                    if c.DataDir == "" {
                        c.DataDir = defaultDataDir
                    }
                    if c.Cache == "" {
                        c.Cache = c.DataDir + "/cache"
                    }
                }
            """,
        },
    )
    assert found["DATA_DIR"].default == "data/files"
    assert found["CACHE_DIR"].default is None  # computed from another setting


def test_pre_filled_and_filled_when_empty_together(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/config.go": """
                package config

                import "github.com/caarlos0/env/v11"

                type Config struct {
                    Port    string `env:"PORT"`
                    DataDir string `env:"DATA_DIR"`
                }

                var Current = defaults()

                func defaults() Config {
                    return Config{Port: "3000", DataDir: "/var/lib/app"}
                }

                func Load() error {
                    if err := env.Parse(&Current); err != nil {
                        return err
                    }
                    check(&Current)
                    return nil
                }

                func check(c *Config) {
                    if c.DataDir == "" {
                        c.DataDir = "data"
                    }
                }
            """,
        },
    )
    assert found["PORT"].default == "3000"
    assert found["DATA_DIR"].default == "/var/lib/app"  # the pre-filled value, kept when unset


_SETTINGS = """
    package settings

    const StoreDisk = "disk"

    type settings struct {
        Secret   string `env:"SVC_SECRET"`
        Level    string `env:"SVC_LEVEL"`
        Port     string `env:"SVC_PORT"`
        Store    string `env:"SVC_STORE"`
        Metrics  bool   `env:"SVC_METRICS"`
        Public   bool   `env:"SVC_PUBLIC"`
        Home     string `env:"SVC_HOME"`
        Debug    string `env:"SVC_DEBUG"`
    }
"""


def _reflective_loader(read: str) -> str:
    return f"""
        package settings

        import (
            "os"
            "reflect"
            "strings"
        )

        func newSettings() (*settings, error) {{
            s := &settings{{Level: "info"}}
            s.Secret = ""
            s.Level = "warn"
            s.Port = "8000"
            s.Store = StoreDisk
            s.Metrics = false
            if os.Getenv("CI") != "" {{
                s.Debug = "on"
            }}
            return s, nil
        }}

        func Load() (*settings, error) {{
            s, err := newSettings()
            if err != nil {{
                return nil, err
            }}
            return s, fromEnv(s)
        }}

        func fromEnv(s *settings) error {{
            v := reflect.ValueOf(s).Elem()
            for i := 0; i < v.NumField(); i++ {{
                name := strings.ToUpper(v.Type().Field(i).Tag.Get("env"))
                {read}
            }}
            return nil
        }}
    """


def test_field_assignments_in_a_constructor_give_a_reflective_loaders_defaults(tmp_path: Path) -> None:
    read = """value := os.Getenv(name)
                if value == "" {
                    continue
                }
                v.Field(i).SetString(value)"""
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/svc\n",
            "settings/types.go": _SETTINGS,
            "settings/load.go": _reflective_loader(read),
        },
    )
    assert found["SVC_LEVEL"].default == "warn"  # the last assignment wins over the literal's
    assert found["SVC_PORT"].default == "8000"
    assert found["SVC_STORE"].default == "disk"  # a constant's literal
    assert found["SVC_METRICS"].default == "false"
    assert found["SVC_SECRET"].default is None  # "" is the zero value: nothing set
    assert found["SVC_DEBUG"].default is None  # set only under a condition
    assert found["SVC_HOME"].default is None
    assert found["SVC_PUBLIC"].default is None


def test_a_loader_overwriting_every_field_keeps_no_constructor_default(tmp_path: Path) -> None:
    read = "v.Field(i).SetString(os.Getenv(name))"
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/svc\n",
            "settings/types.go": _SETTINGS,
            "settings/load.go": _reflective_loader(read),
        },
    )
    assert found["SVC_PORT"].default is None
    assert found["SVC_LEVEL"].default is None


def test_field_assignments_before_caarlos0_env_parse(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/svc\n",
            "main.go": """
                package main

                import "github.com/caarlos0/env/v11"

                type Config struct {
                    Addr    string `env:"LISTEN_ADDR"`
                    Timeout int    `env:"TIMEOUT_SECONDS"`
                }

                func defaults() (Config, error) {
                    var c Config
                    c.Addr = ":8080"
                    c.Timeout = 30
                    return c, nil
                }

                func main() {
                    cfg, err := defaults()
                    if err != nil {
                        panic(err)
                    }
                    if err := env.Parse(&cfg); err != nil {
                        panic(err)
                    }
                }
            """,
        },
    )
    assert found["LISTEN_ADDR"].default == ":8080"
    assert found["TIMEOUT_SECONDS"].default == "30"
