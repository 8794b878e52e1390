"""`secretguard scan ...`: one subcommand per source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import re2

from secretguard.cli.options import common_scan_options, finish, settings_from
from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult
from secretguard.scan.runner import build_engine, scan_chunks, worker_count
from secretguard.scan.sources.files import FileOptions, FileSource


@click.group()
def scan() -> None:
    """Scan for leaked secrets."""


def _exclude(chunks: Any, patterns: list[str], result: ScanResult) -> Any:
    if not patterns:
        return chunks
    regex = re2.compile("|".join(f"(?:{p})" for p in patterns))

    def keep(chunk: Chunk) -> bool:
        if regex.search(chunk.path):
            result.count("excluded")
            return False
        return True

    return (c for c in chunks if keep(c))


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
    fmt: str,
    output: Path | None,
    show_secrets: bool,
    baseline_file: Path | None,
    config_file: Path | None,
    rule_files: tuple[Path, ...],
    gitleaks_config: Path | None,
    workers: int | None,
    exit_zero: bool,
) -> int:
    """Scan files and folders (in a git work tree: files git tracks or would add)."""
    settings = settings_from(
        config_file,
        rule_files,
        gitleaks_config,
        all_files=all_files,
        max_file_size=max_size,
        workers=workers,
        archives=False if no_archives else None,
    )
    engine, excluded = build_engine(settings)
    result = ScanResult()
    options = FileOptions(
        max_size=settings.max_file_size,
        all_files=settings.all_files,
        archives=settings.archives,
        archive_depth=settings.archive_depth,
    )
    chunks = _exclude(iter(FileSource(paths, options, result)), excluded, result)
    scan_chunks(engine, chunks, result, worker_count(settings))
    return finish(
        result,
        settings,
        engine.rules,
        fmt=fmt,
        output=output,
        show_secrets=show_secrets,
        baseline_file=baseline_file,
        exit_zero=exit_zero,
        command="scan files",
    )
