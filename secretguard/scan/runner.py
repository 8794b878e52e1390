"""Assemble an engine from settings and run it over a source, in parallel, collecting one result."""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from secretguard.errors import RuleError
from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.filters import ValueAllowlist, any_of
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.matcher import hyperscan_refusals
from secretguard.scan.names import redact_name
from secretguard.scan.rule_cache import builtin_rules_cached as builtin_rules
from secretguard.scan.rules import (
    Rule,
    check_unique,
    load_gitleaks_toml,
    load_yaml_rules,
    merge,
)
from secretguard.scan.sources.files import FileOptions, FileSource
from secretguard.settings import Settings


def load_rules(
    settings: Settings, problems: list[str] | None = None
) -> tuple[list[Rule], ValueAllowlist, list[str]]:
    """Every active rule, the global value allowlist, and the global path allowlist. Problems in the
    user's rule files are appended to `problems` (the scan goes on without them); built-ins are strict."""
    rules: list[Rule] = builtin_rules() if settings.builtin_rules else []
    check_unique(rules)
    regexes = list(settings.allowlist.regexes)
    stopwords = list(settings.allowlist.stopwords)
    paths = list(settings.allowlist.paths)
    user: set[str] = set()  # ids of the rules from the user's files
    if settings.gitleaks_config is not None:
        config = load_gitleaks_toml(settings.gitleaks_config, problems)
        user.update(r.id for r in config.rules)
        rules = merge(rules, config.rules)
        regexes += config.allow_regexes
        stopwords += config.allow_stopwords
        paths += config.allow_paths
    for rule_file in settings.rules:
        extra = load_yaml_rules(Path(rule_file), problems)
        user.update(r.id for r in extra)
        rules = merge(rules, extra)
    disabled = set(settings.disable_rules)
    unknown = disabled - {r.id for r in rules}
    if unknown:
        raise RuleError(f"disable_rules names unknown rule id(s): {', '.join(sorted(unknown))}")
    rules = [r for r in rules if r.id not in disabled]
    if problems is not None:
        rules = _drop_refused(rules, user, problems)
    return rules, ValueAllowlist(regexes, stopwords), paths


def _drop_refused(rules: list[Rule], user: set[str], problems: list[str]) -> list[Rule]:
    """A user's rule that Hyperscan cannot compile is skipped and named, like one RE2 rejects; otherwise
    it would stop the whole scan when the matcher compiles (built-in rules stay strict)."""
    refused = hyperscan_refusals([r for r in rules if r.id in user])
    problems += [f"{r.origin}: rule {r.id}: {refused[r.id]}" for r in rules if r.id in refused]
    return [r for r in rules if r.id not in refused]


def build_engine(
    settings: Settings,
    result: ScanResult | None = None,
    *,
    client_safe: bool | None = None,
    report_inline_allowed: bool = False,
) -> tuple[Engine, list[str]]:
    """The engine for these settings, and the path allowlist. A custom rule that fails to load is recorded
    in `result` as skipped (the scan is then partial) instead of stopping the scan."""
    problems: list[str] | None = [] if result is not None else None
    rules, allowlist, paths = load_rules(settings, problems)
    if result is not None and problems:
        result.skipped.extend(Skipped("rules", f"rule not loaded: {p}") for p in problems)
    engine = Engine(
        rules,
        allowlist=allowlist,
        decode_depth=settings.decode_depth,
        include_client_safe=settings.include_client_safe if client_safe is None else client_safe,
        min_confidence=settings.min_confidence,
        report_inline_allowed=report_inline_allowed,
    )
    return engine, paths


def worker_count(settings: Settings) -> int:
    return settings.workers or max(1, min(8, os.cpu_count() or 1))


class Scanner(Protocol):
    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]: ...


class Combined:
    """Several scanners over the same chunks (the engine plus a source's own detectors)."""

    def __init__(self, *scanners: Scanner) -> None:
        self.scanners = scanners

    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]:
        return [finding for scanner in self.scanners for finding in scanner.scan(chunk, notes)]


def scan_one(engine: Scanner, chunk: Chunk) -> tuple[list[Finding], list[Skipped]]:
    notes: list[str] = []
    findings = engine.scan(chunk, notes)
    return findings, [Skipped(chunk.path, note) for note in notes]


def scan_chunks(engine: Scanner, chunks: Iterable[Chunk], result: ScanResult, workers: int) -> ScanResult:
    """Scan every chunk; Hyperscan releases the GIL, so threads use every core for the heavy part."""
    _parallel(lambda chunk: scan_one(engine, chunk), chunks, result, workers)
    return result


T = TypeVar("T")
R = TypeVar("R")


def _parallel(
    work: Callable[[T], tuple[list[Finding], list[Skipped]]],
    items: Iterable[T],
    result: ScanResult,
    workers: int,
) -> None:
    """Run `work` over `items` on `workers` threads, a bounded number in flight, collecting in order."""
    if workers <= 1:
        for item in items:
            findings, skipped = work(item)
            result.findings.extend(findings)
            result.skipped.extend(skipped)
        return
    window = workers * 4
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scan") as pool:
        pending: deque[Future[tuple[list[Finding], list[Skipped]]]] = deque()

        def collect(future: Future[tuple[list[Finding], list[Skipped]]]) -> None:
            findings, skipped = future.result()
            result.findings.extend(findings)
            result.skipped.extend(skipped)

        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= window:
                collect(pending.popleft())
        for future in pending:
            collect(future)


def exclude_paths(chunks: Iterable[Chunk], patterns: list[str], result: ScanResult) -> Iterator[Chunk]:
    """Drop chunks whose path matches the configured path allowlist (counted, not reported)."""
    if not patterns:
        yield from chunks
        return
    regex = any_of(patterns)
    for chunk in chunks:
        if regex.search(chunk.path):
            result.count("excluded")
        else:
            yield chunk


def scan_paths(paths: Iterable[str], settings: Settings) -> tuple[ScanResult, Engine]:
    """`scan files`: every file under `paths`, as configured."""
    result = ScanResult()
    engine, excluded = build_engine(settings, result)
    options = FileOptions(
        max_size=settings.max_file_size,
        all_files=settings.all_files,
        archives=settings.archives,
        archive_depth=settings.archive_depth,
    )
    # Archive members are reported under their names with any secret in them redacted.
    shown = functools.partial(redact_name, engine)
    source = FileSource(paths, options, result, shown)
    exclude = any_of(excluded)
    workers = worker_count(settings)
    listing = source.names()
    names = list(itertools.islice(listing, PROCESS_THRESHOLD))
    if can_fork(workers, len(names)):

        def task(batch: list[str]) -> tuple[list[Finding], list[Skipped], dict[str, int]]:
            local = ScanResult()
            local_source = FileSource([], options, local, shown)
            found: list[Finding] = []
            notes: list[Skipped] = []
            for name in batch:
                more, skipped = _read_and_scan(engine, local_source, exclude, name, local)
                found += more
                notes += skipped
            return found, notes + local.skipped, local.stats

        # The rest of the tree is listed while the workers scan (the pool feeds tasks from a thread).
        batches = _batched(itertools.chain(names, listing), FILES_PER_TASK)
        for found, notes, stats in fork_map(task, batches, workers):
            merge_into(result, found, notes, stats)
        return result, engine

    def read_and_scan(name: str) -> tuple[list[Finding], list[Skipped]]:
        # Reading happens in the worker too: listing is cheap, reading and scanning are not.
        return _read_and_scan(engine, source, exclude, name, result)

    _parallel(read_and_scan, itertools.chain(names, listing), result, workers)
    return result, engine


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# Past this many files, scanning forks worker processes: the judging and bookkeeping around Hyperscan are
# Python and hold the GIL, so threads use barely more than one core on a large tree.
PROCESS_THRESHOLD = 2000
FILES_PER_TASK = 64


def _read_and_scan(
    engine: Scanner, source: FileSource, exclude: Any, name: str, result: ScanResult
) -> tuple[list[Finding], list[Skipped]]:
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    for chunk in source.read(name):
        if exclude is not None and exclude.search(chunk.path):
            result.count("excluded")
            continue
        found, notes = scan_one(engine, chunk)
        findings += found
        skipped += notes
    return findings, skipped


# The work function forked workers run (set in the parent just before the pool forks): only tasks and results
# cross the process boundary, the engine and everything else is inherited.
_TASK: Callable[[Any], Any] | None = None


def _run_task(task: Any) -> Any:
    assert _TASK is not None
    return _TASK(task)


def fork_map(work: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[R]:
    """`work` over `tasks` in forked worker processes, results in completion order."""
    global _TASK  # noqa: PLW0603 - handed to the forked workers
    _TASK = work
    pool = multiprocessing.get_context("fork").Pool(processes=workers)
    try:
        yield from pool.imap_unordered(_run_task, tasks)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _TASK = None


def can_fork(workers: int, items: int) -> bool:
    return workers > 1 and items >= PROCESS_THRESHOLD and "fork" in multiprocessing.get_all_start_methods()


def merge_into(
    result: ScanResult, findings: list[Finding], skipped: list[Skipped], stats: dict[str, int]
) -> None:
    result.findings.extend(findings)
    result.skipped.extend(skipped)
    for key, value in stats.items():
        result.count(key, value)
