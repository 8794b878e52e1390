"""Command-line libraries whose flags the environment sets: kingpin's `.Envar("X")` (Go) with the chain's
`.Default(...)` and `.Required()`, and yargs' `.env("PREFIX")` (JavaScript) over the file's options."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

KINGPIN = """
package main

import "github.com/alecthomas/kingpin/v2"

var (
	app    = kingpin.New("exporter", "An exporter.")
	listen = app.Flag("web.listen-address", "Address.").Default(":9100").Envar("EXPORTER_LISTEN").String()
	token  = app.Flag("token", "API token.").Envar("EXPORTER_TOKEN").Required().String()
	hosts  = kingpin.Flag("host", "Hosts.").Envar("EXPORTER_HOSTS").Default("a", "b").Strings()
)

func main() { kingpin.MustParse(app.Parse(nil)) }
"""

YARGS = """
const yargs = require("yargs");
const argv = yargs(process.argv.slice(2))
  .env("MYAPP")
  .option("port", { type: "number", default: 3000 })
  .options({ "log-level": { default: "info" }, token: { demandOption: true } })
  .argv;
"""


def test_kingpin_flags(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/exporter\n", "main.go": KINGPIN})
    assert found["EXPORTER_LISTEN"].default == ":9100"
    assert found["EXPORTER_LISTEN"].optional
    assert not found["EXPORTER_TOKEN"].optional
    assert found["EXPORTER_TOKEN"].secret
    assert found["EXPORTER_HOSTS"].default == "a,b"


def test_yargs_env_prefix(tmp_path: Path) -> None:
    found = project(tmp_path, {"bin/server.js": YARGS})
    assert found["MYAPP_PORT"].default == "3000"
    assert found["MYAPP_LOG_LEVEL"].default == "info"
    assert not found["MYAPP_TOKEN"].optional


def test_yargs_without_env_reads_no_option(tmp_path: Path) -> None:
    found = project(tmp_path, {"bin/server.js": YARGS.replace('  .env("MYAPP")\n', "")})
    assert not any(name.startswith("MYAPP") for name in found)


def test_kingpin_envar_through_the_apps_helper_and_constant_defaults(tmp_path: Path) -> None:
    code = """package cli

const defaultServerControlUsername = "server-control"

func (c *commandServerStart) setup(svc appServices, cmd *kingpin.CmdClause) {
	cmd.Flag("server-control-username", "User").
		Default(defaultServerControlUsername).
		Envar(svc.EnvName("KOPIA_SERVER_CONTROL_USER")).
		StringVar(&c.user)
	cmd.Flag("password", "Password").Envar(svc.EnvName("KOPIA_PASSWORD")).StringVar(&c.password)
}
"""
    found = project(
        tmp_path, {"go.mod": "module github.com/kopia/kopia\n", "cli/command_server_start.go": code}
    )
    assert found["KOPIA_SERVER_CONTROL_USER"].default == "server-control"
    assert found["KOPIA_PASSWORD"].secret
