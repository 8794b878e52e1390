"""`secretguard scan ...`: one subcommand per source."""

from __future__ import annotations

from collections.abc import Iterable

import click

from secretguard.cli.fast import remember
from secretguard.cli.option_table import SCAN_FILES_OPTIONS
from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from, table_options
from secretguard.cli.scan_runs import scan_files as scan_files_run
from secretguard.scan.engine import Engine
from secretguard.scan.finding import ScanResult
from secretguard.settings import Settings


@click.group()
def scan() -> None:
    """Scan for leaked secrets."""


@scan.command("files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@table_options(SCAN_FILES_OPTIONS)
@common_scan_options
def scan_files(
    paths: tuple[str, ...],
    all_files: bool | None,
    max_size: int | None,
    no_archives: bool,
    common: ScanOptions,
) -> int:
    """Scan files and folders (in a git work tree: files git tracks or would add)."""
    settings = settings_from(
        common, all_files=all_files, max_file_size=max_size, archives=False if no_archives else None
    )
    result, engine = scan_paths(paths, settings)
    remember(engine, settings, result)  # lets the next run answer a clean input from the fast path
    return finish(
        result,
        settings,
        engine.rules,
        common,
        command="scan files",
    )


def scan_paths(paths: Iterable[str], settings: Settings) -> tuple[ScanResult, Engine]:
    """`scan files` (and `baseline create`): every file under `paths`, as configured."""
    return scan_files_run(paths, settings)


def _register_sources() -> None:
    """Each source's command lives in its own module; importing them here keeps `scan files` lean."""
    from secretguard.cli.scan_bundle import scan_bundle  # noqa: PLC0415
    from secretguard.cli.scan_ci import scan_ci  # noqa: PLC0415
    from secretguard.cli.scan_git import scan_git  # noqa: PLC0415
    from secretguard.cli.scan_repos import scan_repos  # noqa: PLC0415

    for command in (scan_git, scan_bundle, scan_ci, scan_repos):
        scan.add_command(command)


_register_sources()
