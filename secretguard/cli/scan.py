"""`secretguard scan ...`: one subcommand per source."""

from __future__ import annotations

import click

from secretguard.cli.options import ScanOptions, common_scan_options, finish, settings_from
from secretguard.scan.runner import scan_paths


@click.group()
def scan() -> None:
    """Scan for leaked secrets."""


@scan.command("files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--all-files", is_flag=True, default=None, help="in a git work tree, scan ignored files too")
@click.option(
    "--max-size", type=click.IntRange(min=1), default=None, help="skip files larger than this (bytes)"
)
@click.option("--no-archives", is_flag=True, help="do not open .zip/.tar archives")
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
    return finish(
        result,
        settings,
        engine.rules,
        common,
        command="scan files",
    )


def _register_sources() -> None:
    """Each source's command lives in its own module; importing them here keeps `scan files` lean."""
    from secretguard.cli.scan_bundle import scan_bundle  # noqa: PLC0415
    from secretguard.cli.scan_ci import scan_ci  # noqa: PLC0415
    from secretguard.cli.scan_git import scan_git  # noqa: PLC0415

    for command in (scan_git, scan_bundle, scan_ci):
        scan.add_command(command)


_register_sources()
