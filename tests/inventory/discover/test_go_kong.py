"""alecthomas/kong command-line structs: `env` tags with `envprefix`, and the names `kong.DefaultEnvars`
derives from flag names (embedded structs' `prefix`, subcommands, opt-outs, defaults)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.go import discover_go
from secretguard.inventory.discover.go_kong import default_envar, kebab


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> set[tuple[str, int, bool, str | None]]:
    return {(r.name, r.line, r.optional, r.default) for r in reads}


def test_kebab_follows_kongs_word_split() -> None:
    assert kebab("TLSCertFile") == "tls-cert-file"
    assert kebab("DataAPIAddr") == "data-api-addr"
    assert kebab("OAuth2Token") == "o-auth-2-token"
    assert kebab("Addr") == "addr"
    assert kebab("MCPAddr") == "mcp-addr"
    assert default_envar("SHOP", "listen-tls.cert") == "SHOP_LISTEN_TLS_CERT"


def test_default_envars_name_every_flag_of_the_parsed_struct() -> None:
    code = src("""
        package main

        import "github.com/alecthomas/kong"

        var cli struct {
            Serve struct{} `cmd:"" default:"1"`

            Version bool   `default:"false" env:"-"`
            DBURL   string `name:"db-url" default:"postgres://127.0.0.1/shop" help:"Database."`
            DBURLFile []byte `name:"db-url-file" type:"filecontent"`

            Listen struct {
                Addr        string `default:"127.0.0.1:8080"`
                TLSCertFile string `default:""`
            } `embed:"" prefix:"listen-"`

            Mode      string `default:"${default_mode}" enum:"${modes}"`
            AdminKey  string `required:"" help:"Admin API key."`
            Region    string `env:"AWS_REGION,REGION" default:"eu-west-1"`
            Input     string `arg:"" optional:""`
            internal  string
        }

        func main() {
            ctx := kong.Parse(&cli, kong.Vars{"default_mode": "normal"}, kong.DefaultEnvars("SHOP"))
            _ = ctx
        }
    """)
    assert found(discover_go(code, "cmd/shop/main.go")) == {
        ("SHOP_DB_URL", 9, True, "postgres://127.0.0.1/shop"),
        ("SHOP_DB_URL_FILE", 10, True, None),
        ("SHOP_LISTEN_ADDR", 13, True, "127.0.0.1:8080"),
        ("SHOP_LISTEN_TLS_CERT_FILE", 14, True, ""),
        ("SHOP_MODE", 17, True, None),  # a kong variable: computed
        ("SHOP_ADMIN_KEY", 18, False, None),
        ("AWS_REGION", 19, True, "eu-west-1"),
        ("REGION", 19, True, "eu-west-1"),
    }


def test_without_default_envars_only_env_tags_count_with_their_envprefix(tmp_path: Path) -> None:
    (tmp_path / "cmd" / "agent").mkdir(parents=True)
    (tmp_path / "cmd" / "agent" / "main.go").write_text(
        src("""
            package main

            import "github.com/alecthomas/kong"

            type CLI struct {
                Run RunCmd `cmd:"" help:"Run the agent."`
                Debug bool `help:"Debug logs."`
            }

            func main() {
                var cli CLI
                kong.Parse(&cli)
            }
        """),
        encoding="utf-8",
    )
    (tmp_path / "cmd" / "agent" / "run.go").write_text(
        src("""
            package main

            type RunCmd struct {
                Server ServerFlags `embed:"" prefix:"server-" envprefix:"AGENT_SERVER_"`
                Token  string      `env:"AGENT_TOKEN" required:""`
            }

            type ServerFlags struct {
                URL string `env:"URL" default:"https://ci.example.org"`
                Insecure bool
            }
        """),
        encoding="utf-8",
    )
    result = discover(tmp_path)
    by_name = {v.name: v for v in result.variables}
    assert set(by_name) == {"AGENT_SERVER_URL", "AGENT_TOKEN"}
    assert by_name["AGENT_SERVER_URL"].default == "https://ci.example.org"
    assert not by_name["AGENT_TOKEN"].optional
