"""The scans behind `scan files` and `scan git --staged`, without click: the click commands and the fast
path (cli/fast.py) both call these, so the two paths cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from secretguard.scan.finding import ScanResult

if TYPE_CHECKING:
    from secretguard.scan.engine import Engine
    from secretguard.scan.sources.files import FileOptions
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
