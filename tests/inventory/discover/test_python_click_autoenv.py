"""click command trees run with `auto_envvar_prefix`: each option of the invoked group and its commands is
read from `<PREFIX>[_<COMMAND>...]_<PARAM>`."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CLI = """
import click

from .server import cli as server_commands


def standard_options():
    factory = click.option
    options = [
        factory("--basedir", "-b", type=click.Path()),
        factory("--config", "-c", "configfile", type=click.Path()),
        factory("--verbose", "-v", "verbosity", count=True),
    ]
    return bulk_options(options)


@click.group(cls=click.CommandCollection, sources=[server_commands])
@standard_options()
@click.version_option(version="1.0", allow_from_autoenv=False)
def octo(**kwargs):
    pass
"""

SERVER = """
import click

from . import standard_options

server_options = bulk_options(
    [
        click.option("--host", type=click.STRING),
        click.option("--port", type=click.INT, default=5000),
        click.option("--iknowwhatimdoing", "allow_root", is_flag=True),
        click.option("--no-color/--color"),
    ]
)


@click.group()
def cli():
    pass


@cli.command(name="serve")
@standard_options()
@server_options
def serve_command(**kwargs):
    pass


@cli.command()
@click.option("--pid", default="/tmp/app.pid")
def daemon_command(pid):
    pass
"""

MAIN = """
def main():
    from app.cli import octo

    octo(prog_name="octo", auto_envvar_prefix="OCTO")
"""


def test_options_of_the_tree_under_the_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"app/cli/__init__.py": CLI, "app/cli/server.py": SERVER, "app/__init__.py": MAIN},
    )
    assert found["OCTO_BASEDIR"].optional
    assert "OCTO_CONFIGFILE" in found
    assert found["OCTO_VERBOSITY"].default == "0"
    assert "OCTO_VERSION" not in found  # allow_from_autoenv=False
    assert found["OCTO_SERVE_PORT"].default == "5000"
    assert found["OCTO_SERVE_ALLOW_ROOT"].default == "false"
    assert found["OCTO_SERVE_NO_COLOR"].default == "false"
    assert "OCTO_SERVE_HOST" in found
    assert "OCTO_SERVE_BASEDIR" in found
    assert found["OCTO_DAEMON_PID"].default == "/tmp/app.pid"  # `daemon_command` is named `daemon`


def test_context_settings_give_the_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tool/cli.py": """
                import click

                @click.group(context_settings={"auto_envvar_prefix": "TOOL"})
                @click.option("--debug/--no-debug", default=False)
                def cli(debug):
                    pass

                @cli.command("sync-all")
                @click.option("--workers", default=4)
                def sync(workers):
                    pass
            """,
        },
    )
    assert found["TOOL_DEBUG"].default == "false"
    assert found["TOOL_SYNC_ALL_WORKERS"].default == "4"


def test_no_prefix_no_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tool/cli.py": """
                import click

                @click.command()
                @click.option("--workers", default=4)
                def cli(workers):
                    pass

                if __name__ == "__main__":
                    cli()
            """,
        },
    )
    assert not any(name.endswith("WORKERS") for name in found)
