"""alexflint/go-arg: the `env:` option inside an `arg` tag names the variable (a bare `env` names the field
in upper case), `default:` gives its default, `required` makes it required; subcommands' structs too."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.go import discover_go


def test_go_arg_env_options() -> None:
    code = textwrap.dedent("""
        package cli

        import "github.com/alexflint/go-arg"

        type Args struct {
            Addr     string   `arg:"env:SHOP_ADDR" default:":8080" help:"listen address"`
            Level    string   `arg:"--level,env:SHOP_LEVEL" default:"info"`
            Hosts    []string `arg:"env:SHOP_REMOTE_HOST,--remote-host,separate"`
            Token    string   `arg:"--token,env:SHOP_TOKEN,required"`
            Region   string   `arg:"env"`
            Filter   string   `arg:"-"`
            Verbose  bool     `arg:"-v,--verbose"`
            Agent    *AgentCmd `arg:"subcommand:agent"`
        }

        type AgentCmd struct {
            Addr string `arg:"--agent-addr,env:SHOP_AGENT_ADDR" default:":7007"`
        }

        func Parse() Args {
            var args Args
            arg.MustParse(&args)
            return args
        }
    """).lstrip("\n")
    found = {(r.name, r.optional, r.default) for r in discover_go(code, "internal/cli/args.go")}
    assert found == {
        ("SHOP_ADDR", True, ":8080"),
        ("SHOP_LEVEL", True, "info"),
        ("SHOP_REMOTE_HOST", True, None),
        ("SHOP_TOKEN", False, None),
        ("REGION", True, None),
        ("SHOP_AGENT_ADDR", True, ":7007"),
    }
