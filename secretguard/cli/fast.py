"""The fast path: `scan files` and `scan git` without click, pydantic or the rule YAML.

The pre-commit hook (`scan git --staged`) and a scan of a few files (`scan files PATH...`) usually answer
"clean", and a clean answer can be proven cheaply (scan/screen.py): no hit of the engine's own Hyperscan
databases means no finding. The pieces are the full path's own:

- the command line is read from the same option tables (cli/argv.py, cli/option_table.py);
- the settings come from the same loader (settings.load_settings_snapshot: the validated settings of the
  last full run with exactly these inputs, or nothing);
- the input is read by the sources' own readers (staged_chunks; list_files and FileReader), with their
  counters;
- the answer is written by the same `finish` (suppressions, the zero-findings report, the summary).

When the screen cannot prove the input clean (a hit, anything skipped or opened as an archive, more input
than SMALL_FILES/SMALL_BYTES, a format whose report lists the rules) but a screen exists for these settings,
the command runs here as the full path runs it (`_engine_files`, `_engine_staged`: the same runner, source
and `finish`) with the snapshot's settings (settings.SnapshotSettings) and the cached validated rules
(scan/rule_cache.py): it saves click, the command modules, pydantic and pydantic-settings, ~130 ms of the
pre-commit hook's answer on a near-miss or a real secret (benchmarks/hook_bench.py).

A history (`scan git` without `--staged` or `--range`) has no clean answer to prove: with a settings
snapshot it runs here as the full path runs it (`_history`: the same scan_runs function, then `finish`).

Without a snapshot or a screen (the first run after a change of configuration or rules) the path declines
(None) and the full path runs; it stores the screen for the next run (`remember`). So does any exception
here: the full path then runs from the start and reports the problem (nothing is written before `finish`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, cast

from secretguard.cli.argv import Parsed, parse
from secretguard.cli.option_table import ScanOptions, scan_options, snapshot_from
from secretguard.scan.finding import ScanResult

if TYPE_CHECKING:
    from secretguard.scan.chunk import Chunk
    from secretguard.scan.engine import Engine
    from secretguard.scan.sources.files import FileOptions
    from secretguard.settings import Settings, SettingsSnapshot

# Formats whose zero-findings report depends on nothing but the counters (SARIF lists the rules).
FAST_FORMATS = frozenset({"text", "json", "jsonl"})
# `scan files` on more than this is not screened (the engine runs): the screen would only add its cost.
SMALL_FILES = 64
SMALL_BYTES = 8 * 1024 * 1024


def try_fast(argv: Sequence[str]) -> int | None:
    """The exit code of a scan answered here (its report written), or None: run the full path."""
    parsed = parse(argv)
    if parsed is None:
        return None
    values = dict(parsed.values)
    common = scan_options(values)
    if parsed.command == ("scan", "git"):
        return _staged(parsed, values, common)
    if parsed.command == ("scan", "files"):
        return _files(parsed, values, common)
    return None


def _staged(parsed: Parsed, values: dict[str, object], common: ScanOptions) -> int | None:
    history = ("branch", "since_commit", "range_spec", "incremental", "trust_head_config")
    if len(parsed.arguments) > 1:
        return None
    if not values["staged"]:
        return _history(parsed, values, common)
    if any(values[name] for name in history):
        return None
    settings = snapshot_from(common, max_file_size=values["max_size"])
    if settings is None:
        return None
    from secretguard.scan.sources.git.staged import staged_chunks  # noqa: PLC0415

    repo = parsed.arguments[0] if parsed.arguments else "."
    cwd = None if repo == "." else repo
    result = ScanResult()
    chunks = staged_chunks(result, int(settings.max_file_size), cwd=cwd)
    answer = _answer(chunks, result, settings, common, "scan git --staged")
    if not isinstance(answer, _Engine):
        return answer
    return _engine_staged(cwd, settings, common)


def _files(parsed: Parsed, values: dict[str, object], common: ScanOptions) -> int | None:
    if not parsed.arguments:
        return None
    settings = snapshot_from(
        common,
        all_files=values["all_files"],
        max_file_size=values["max_size"],
        archives=False if values["no_archives"] else None,
    )
    if settings is None:
        return None
    from secretguard.scan.sources.files import FileOptions  # noqa: PLC0415

    options = FileOptions(
        max_size=int(settings.max_file_size),
        all_files=bool(settings.all_files),
        archives=bool(settings.archives),
        archive_depth=int(settings.archive_depth),
    )
    result = ScanResult()
    answer = _answer(_small(parsed.arguments, options, result), result, settings, common, "scan files")
    if not isinstance(answer, _Engine):
        return answer
    return _engine_files(parsed.arguments, options, settings, common)


class _TooLargeError(Exception):
    """More input than the fast path takes."""


def _small(paths: Sequence[str], options: FileOptions, result: ScanResult) -> Iterator[Chunk]:
    """The chunks of the files source, listed and read as the full path lists and reads them, while the
    input stays small."""
    from secretguard.scan.sources.files import FileReader, list_files  # noqa: PLC0415

    reader = FileReader(options, result)
    for count, name in enumerate(list_files(paths, options, result), start=1):
        if count > SMALL_FILES or result.stats.get("bytes", 0) > SMALL_BYTES:
            raise _TooLargeError
        yield from reader.read(name)


class _Engine:
    """`_answer`'s "the engine must decide" (a screen exists for these settings)."""


_ENGINE = _Engine()


def _answer(
    chunks: Iterable[Chunk], result: ScanResult, settings: SettingsSnapshot, common: ScanOptions, command: str
) -> int | _Engine | None:
    """Screen every chunk; all clean and nothing skipped: the full path's zero-findings answer. No screen:
    None. Anything the screen cannot answer: _ENGINE."""
    from secretguard.scan.screen import load_screen  # noqa: PLC0415

    screen = load_screen(settings)
    if screen is None:
        return None
    reading = iter(chunks)
    try:
        if common.fmt not in FAST_FORMATS:
            return _ENGINE
        if any(screen.hits(chunk.data) for chunk in reading):
            return _ENGINE
    except _TooLargeError:
        return _ENGINE
    finally:
        close = getattr(reading, "close", None)
        if close is not None:
            close()  # a source stopped early cleans up now (the staged diff's git process)
    if result.skipped or result.stats.get("archives"):
        return _ENGINE
    from secretguard.cli.finish import finish  # noqa: PLC0415

    return finish(result, settings, (), common, command=command)


def _typed(settings: SettingsSnapshot) -> Settings | None:
    """The snapshot as the runner takes settings: `SnapshotSettings` has every attribute of the model, with
    its types (tests/test_settings.py keeps them in step), so it stands in for it."""
    typed = settings.typed()
    return cast("Settings | None", typed)


def _engine_files(
    paths: Sequence[str], options: FileOptions, snapshot: SettingsSnapshot, common: ScanOptions
) -> int | None:
    """`scan files` as cli/scan.py runs it (the same scan, then finish), on the snapshot's settings."""
    settings = _typed(snapshot)
    if settings is None:
        return None
    from secretguard.cli.finish import finish  # noqa: PLC0415
    from secretguard.cli.scan_runs import scan_files  # noqa: PLC0415

    result, engine = scan_files(paths, settings, options)
    return finish(result, settings, engine.rules, common, command="scan files")


def _engine_staged(cwd: str | None, snapshot: SettingsSnapshot, common: ScanOptions) -> int | None:
    """`scan git --staged` as cli/scan_git.py runs it (the same scan, then finish), on the snapshot's
    settings."""
    settings = _typed(snapshot)
    if settings is None:
        return None
    from secretguard.cli.finish import finish  # noqa: PLC0415
    from secretguard.cli.scan_runs import scan_staged  # noqa: PLC0415

    result, engine = scan_staged(settings, cwd)
    return finish(result, settings, engine.rules, common, command="scan git --staged")


def _history(parsed: Parsed, values: dict[str, object], common: ScanOptions) -> int | None:
    """`scan git` over the history as cli/scan_git.py runs it, on the snapshot's settings. Not `--range`,
    whose configuration comes from the range's base (the full path reads it there)."""
    if values["range_spec"] or values["trust_head_config"]:
        return None
    if values["incremental"] and values["since_commit"]:
        return None  # a usage error: the full path says so
    snapshot = snapshot_from(common, max_file_size=values["max_size"])
    settings = _typed(snapshot) if snapshot is not None else None
    if settings is None:
        return None  # declined before any git work starts: the full path selects the commits itself
    repo = parsed.arguments[0] if parsed.arguments else "."
    prefetch = None
    if not (values["branch"] or values["since_commit"] or values["incremental"]):
        from secretguard.scan.sources.git.prefetch import Prefetch  # noqa: PLC0415

        prefetch = Prefetch(repo)  # git selects the commits while the engine is imported and built
    from secretguard.cli.finish import finish  # noqa: PLC0415
    from secretguard.cli.scan_runs import HistoryRequest, scan_git_history  # noqa: PLC0415

    request = HistoryRequest(
        branch=cast("str | None", values["branch"]),
        since_commit=cast("str | None", values["since_commit"]),
        incremental=bool(values["incremental"]),
        messages=not values["no_messages"],
    )
    result, engine = scan_git_history(repo, settings, request, prefetch)
    return finish(result, settings, engine.rules, common, command="scan git")


def remember(engine: Engine, settings: Settings, result: ScanResult) -> None:
    """Called by the full `scan files` and `scan git --staged` after their scan: store the screen the next
    run with these settings answers from. Not after a partial scan: with a rule left out, the screen would
    answer "clean" where the full path says "partial"."""
    if result.skipped:
        return
    from secretguard.scan.screen import store_screen  # noqa: PLC0415

    try:
        store_screen(engine, settings)
    except Exception:  # noqa: BLE001 - no screen only means the next run takes the full path too
        return
