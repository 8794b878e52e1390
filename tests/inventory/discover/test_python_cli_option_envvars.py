"""Command-line options the environment may set too: click's `envvar=` (one name or several) and typer's
`typer.Option(default, envvar=...)`, with the option's literal default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CLI = """
import click
import typer


@click.command()
@click.option("--port", envvar="APP_PORT", default=8000, show_default=True)
@click.option("--token", envvar=["APP_TOKEN", "LEGACY_TOKEN"], required=True)
@click.option("--debug/--no-debug", envvar="APP_DEBUG", default=False)
def main(port, token, debug):
    pass


def serve(
    host: str = typer.Option("0.0.0.0", envvar="SERVE_HOST"),
    workers: int = typer.Option(2, "--workers", envvar="SERVE_WORKERS"),
    key: str = typer.Option(..., envvar="SERVE_KEY"),
    name: str = typer.Option("--name", envvar="SERVE_NAME"),
):
    pass
"""


def test_click_and_typer_options(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/cli.py": CLI})
    assert found["APP_PORT"].default == "8000"
    assert found["APP_PORT"].optional
    assert not found["APP_TOKEN"].optional
    assert found["LEGACY_TOKEN"].secret
    assert found["APP_DEBUG"].default == "false"
    assert found["SERVE_HOST"].default == "0.0.0.0"
    assert found["SERVE_WORKERS"].default == "2"
    assert not found["SERVE_KEY"].optional
    assert found["SERVE_NAME"].default is None  # `"--name"` declares the option, it is no default
