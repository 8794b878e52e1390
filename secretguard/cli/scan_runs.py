"""The scans behind `scan files`, `scan git --staged` and `scan git` (history), without click: the click
commands and the fast path (cli/fast.py) both call these, so the two paths cannot drift apart."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secretguard.scan.finding import ScanResult

if TYPE_CHECKING:
    from secretguard.scan.engine import Engine
    from secretguard.scan.source import PathFilter
    from secretguard.scan.sources.files import FileOptions
    from secretguard.scan.sources.git.prefetch import Prefetch
    from secretguard.settings import Settings


def file_options(settings: Settings) -> FileOptions:
    from secretguard.scan.sources.files import FileOptions  # noqa: PLC0415 - the hook path loads it late

    return FileOptions(
        max_size=settings.max_file_size,
        all_files=settings.all_files,
        archives=settings.archives,
        archive_depth=settings.archive_depth,
    )


def scan_files(
    paths: Iterable[str], settings: Settings, options: FileOptions | None = None
) -> tuple[ScanResult, Engine]:
    """Every file under `paths`, as configured (`options`: as the settings say, unless given)."""
    from secretguard.scan.runner import run  # noqa: PLC0415
    from secretguard.scan.sources.files import FileSource  # noqa: PLC0415

    return run(FileSource(paths, options or file_options(settings)), settings)


def scan_staged(
    settings: Settings, cwd: str | None, *, built: Callable[[Engine, ScanResult], None] | None = None
) -> tuple[ScanResult, Engine]:
    """The staged change, in this process (a small diff: no pool). `built` sees the engine before the
    scan (the click path stores the fast path's screen there, unless a rule was left out)."""
    from secretguard.scan.filters import any_of  # noqa: PLC0415
    from secretguard.scan.runner import Runner, build_engine  # noqa: PLC0415
    from secretguard.scan.sources.git.staged import StagedSource  # noqa: PLC0415

    result = ScanResult()
    # A custom rule that cannot be loaded is a named skip (the scan is partial), as in every other scan.
    engine, excluded = build_engine(settings, result)
    if built is not None:
        built(engine, result)
    with Runner(engine, exclude=any_of(excluded), result=result) as runner:
        runner.run(StagedSource(settings.max_file_size, cwd=cwd))
    return result, engine


@dataclass(frozen=True, slots=True)
class HistoryRequest:
    """Which commits of a history to scan (every ref by default)."""

    branch: str | None = None
    since_commit: str | None = None
    range_spec: str | None = None
    incremental: bool = False
    messages: bool = True


def scan_git_history(
    repo: str, settings: Settings, request: HistoryRequest, prefetch: Prefetch | None = None
) -> tuple[ScanResult, Engine]:
    """`scan git` without `--staged`: the engine these settings describe, over the history of `repo`
    (`prefetch`: its commits, selected on a thread since the command started)."""
    from secretguard.scan.runner import build_engine  # noqa: PLC0415

    result = ScanResult()
    # A custom rule that cannot be loaded is a named skip (the scan is partial), as in every other scan.
    engine, excluded = build_engine(settings, result)
    scan_repo_history(repo, engine, exclude_regex(excluded), settings, request, result, prefetch)
    return result, engine


def scan_repo_history(
    repo: str,
    engine: Engine,
    exclude: PathFilter | None,
    settings: Settings,
    request: HistoryRequest,
    result: ScanResult,
    prefetch: Prefetch | None = None,
) -> None:
    """Scan the history of `repo` as `request` says, into `result` (scan git, ci, baseline create --git);
    a progress bar on a terminal."""
    from secretguard.cli.scan_progress import TerminalProgress  # noqa: PLC0415
    from secretguard.errors import InputError  # noqa: PLC0415
    from secretguard.scan.runner import Runner, worker_count  # noqa: PLC0415
    from secretguard.scan.sources.git.history import GitOptions, HistorySource  # noqa: PLC0415
    from secretguard.scan.sources.git.repo import RepoError  # noqa: PLC0415

    options = GitOptions(
        branch=request.branch,
        since_commit=request.since_commit,
        range_spec=request.range_spec,
        incremental=request.incremental,
        max_file_size=settings.max_file_size,
        messages=request.messages,
    )
    progress = TerminalProgress(bar=sys.stderr.isatty())
    source = HistorySource(
        repo, options, decode_depth=settings.decode_depth, progress=progress, prefetch=prefetch
    )
    try:
        with Runner(engine, workers=worker_count(settings), exclude=exclude, result=result) as runner:
            runner.run(source)
    except RepoError as exc:
        raise InputError(str(exc)) from exc


def exclude_regex(patterns: list[str]) -> PathFilter | None:
    """The compiled path allowlist (None when there is none)."""
    if not patterns:
        return None
    from secretguard.scan.filters import any_of  # noqa: PLC0415

    compiled: PathFilter = any_of(patterns)
    return compiled
