"""Go: sethvargo/go-envconfig loading a struct through a `PrefixLookuper` (every tag under the prefix, the
`default=` option with commas in it), and the `if v == "" { v = "d" }` fallback after a plain read."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.go import discover_go


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> set[tuple[str, bool, str | None]]:
    return {(r.name, r.optional, r.default) for r in reads}


_STRUCTS = """
    type HTTPConfig struct {
        Port       int      `env:"HTTP_PORT,default=8080"`
        Address    string   `env:"HTTP_ADDRESS,default=:"`
        Trusted    []string `env:"TRUSTED_PROXIES,default=10.0.0.0/8, 172.16.0.0/12"`
        SessionKey []byte   `env:"HTTP_SECRET_KEY"`
    }

    type Config struct {
        Hostname string `env:"HOSTNAME,required"`
        Debug    bool   `env:"DEBUG,default=False"`
        Http     *HTTPConfig
    }
"""


def test_a_prefix_lookuper_prefixes_every_tag_of_the_target() -> None:
    code = src(
        """
        package config

        import (
            "context"
            "os"

            "github.com/sethvargo/go-envconfig"
        )
        """
        + _STRUCTS
        + """
        func Load(ctx context.Context) (*Config, error) {
            var cfg Config
            lookuper := envconfig.MultiLookuper(
                envconfig.MapLookuper(map[string]string{"HOSTNAME": os.Getenv("HOSTNAME")}),
                envconfig.PrefixLookuper("BOOKMARKS_", envconfig.OsLookuper()),
            )
            err := envconfig.ProcessWith(ctx, &envconfig.Config{Target: &cfg, Lookuper: lookuper})
            return &cfg, err
        }
        """
    )
    assert found(discover_go(code, "internal/config/config.go")) == {
        ("HOSTNAME", False, None),  # the raw os.Getenv
        ("BOOKMARKS_HOSTNAME", False, None),
        ("BOOKMARKS_DEBUG", True, "False"),
        ("BOOKMARKS_HTTP_PORT", True, "8080"),
        ("BOOKMARKS_HTTP_ADDRESS", True, ":"),
        ("BOOKMARKS_TRUSTED_PROXIES", True, "10.0.0.0/8, 172.16.0.0/12"),  # the rest of the tag, commas too
        ("BOOKMARKS_HTTP_SECRET_KEY", True, None),
    }


def test_the_older_process_with_signature_and_no_prefix() -> None:
    older = src(
        """
        package config

        import (
            "context"

            "github.com/sethvargo/go-envconfig"
        )
        """
        + _STRUCTS
        + """
        func Load(ctx context.Context) (*Config, error) {
            var cfg Config
            err := envconfig.ProcessWith(ctx, &cfg, envconfig.PrefixLookuper("APP_", envconfig.OsLookuper()))
            return &cfg, err
        }
        """
    )
    names = {r.name for r in discover_go(older, "config.go")}
    assert {"APP_HOSTNAME", "APP_DEBUG", "APP_HTTP_PORT", "APP_TRUSTED_PROXIES"} <= names
    assert "HTTP_PORT" not in names
    plain = older.replace(
        'envconfig.PrefixLookuper("APP_", envconfig.OsLookuper())', "envconfig.OsLookuper()"
    )
    names = {r.name for r in discover_go(plain, "config.go")}
    assert {"HOSTNAME", "DEBUG", "HTTP_PORT", "TRUSTED_PROXIES"} <= names  # no lookuper prefix: as written
    assert not any(n.startswith("APP_") for n in names)


def test_an_empty_check_after_the_read_gives_the_default() -> None:
    code = src("""
        package main

        import (
            "fmt"
            "os"
        )

        func dsn() string {
            host, _ := os.LookupEnv("PG_HOST")
            sslmode, _ := os.LookupEnv("PG_SSLMODE")
            if sslmode == "" {
                sslmode = "disable"
            }
            port := os.Getenv("PORT")
            if port == "" { port = "8080" }
            user := os.Getenv("PG_USER")
            if user == "" {
                user = defaultUser()
            }
            return fmt.Sprintf("host=%s port=%s sslmode=%s user=%s", host, port, sslmode, user)
        }
    """)
    assert found(discover_go(code, "cmd/app/main.go")) == {
        ("PG_HOST", True, None),
        ("PG_SSLMODE", True, "disable"),
        ("PORT", True, "8080"),
        ("PG_USER", False, None),  # a call is no literal default
    }


def test_a_value_the_read_overrides_is_the_default() -> None:
    code = src("""
        package config

        import (
            "os"
            "strconv"
            "time"
        )

        const (
            DefaultPort    = 3200
            DefaultTimeout = 15 * time.Second
        )

        type Config struct {
            Port    int
            Root    string
            Timeout time.Duration
        }

        func Load() *Config {
            cfg := &Config{Port: DefaultPort, Root: "/srv", Timeout: DefaultTimeout}
            if s := os.Getenv("WEB_PORT"); s != "" {
                if port, err := strconv.Atoi(s); err == nil {
                    cfg.Port = port
                }
            }
            if root, ok := os.LookupEnv("WEB_ROOT"); ok {
                cfg.Root = root
            }
            if t := os.Getenv("WEB_TIMEOUT"); t != "" {
                cfg.Timeout, _ = time.ParseDuration(t)
            }
            listen := ":8080"
            if v := os.Getenv("LISTEN"); v != "" {
                listen = v
            }
            mode := os.Getenv("MODE_FALLBACK")
            name := computeName()
            if v := os.Getenv("APP_NAME"); v != "" {
                name = v
            }
            if v := os.Getenv("UNSET_ONLY"); v == "" {
                listen = "x"
            }
            _ = mode
            _ = name
            return cfg
        }
    """)
    assert found(discover_go(code, "internal/config/config.go")) == {
        ("WEB_PORT", True, "3200"),  # the field's constant
        ("WEB_ROOT", True, "/srv"),
        ("WEB_TIMEOUT", False, None),  # `15 * time.Second`: computed
        ("LISTEN", True, ":8080"),
        ("MODE_FALLBACK", False, None),
        ("APP_NAME", False, None),  # computed before: no literal
        ("UNSET_ONLY", False, None),  # the body runs when unset: not an override
    }


def test_a_length_check_after_the_read_is_the_same_fallback() -> None:
    code = src("""
        package jobs

        import "os"

        func schedules() (string, string, string, string, string) {
            nightly := os.Getenv("BACKUP_SCHEDULE")
            if len(nightly) == 0 {
                nightly = "0 3 * * *"
            }
            region := os.Getenv("STORAGE_REGION")
            if len(region) < 1 { region = "eu-west-1" }
            mode := os.Getenv("SYNC_MODE")
            if len(mode) == 0 || mode == "auto" {
                mode = "incremental"
            }
            tier := os.Getenv("STORAGE_TIER")
            if len(tier) == 0 && region != "" {
                tier = "cold"
            }
            limit := os.Getenv("SYNC_LIMIT")
            if len(limit) > 3 { limit = "999" }
            return nightly, region, mode, tier, limit
        }
    """)
    assert found(discover_go(code, "jobs/schedule.go")) == {
        ("BACKUP_SCHEDULE", True, "0 3 * * *"),
        ("STORAGE_REGION", True, "eu-west-1"),
        ("SYNC_MODE", True, "incremental"),  # `||`: the body runs whenever the variable is unset
        ("STORAGE_TIER", False, None),  # `&&`: unset alone does not run the body
        ("SYNC_LIMIT", False, None),  # a length test that holds only when set
    }
