"""The runner: one engine, one worker pool and one result per run, over any number of sources.

    runner = Runner.for_settings(settings)          # builds the engine; a rule that fails to load is a skip
    with runner:
        runner.run(FileSource(paths, options))       # or several: runner.run(a); runner.run(b)
    finish(runner.result, ...)

Sources (source.py) only say what to read and yield the work; the runner scans the chunks, runs the
stages of tasks on its pool (pool.py) and collects every outcome into the result. Nothing here knows a
concrete source.

For many sources in one run (`scan repos`, issue #20): one `Runner` (one engine, one pool, forked once on
the first stage that wants processes) and `run(source)` per source, each into the shared `runner.result`
or into a result of its own (`run(source, ScanResult())`). The git source (HistorySource) takes a
`VerdictCache` (sources/git/verdicts.py) owned by the caller, so a blob met in several repositories is read
and scanned once per run, and `GitOptions.known_tips` so that commits an earlier repository listed are not
listed again. A source that raises ends the run: leave the `with` block (the workers are stopped at once).
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from secretguard.errors import RuleError
from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.filters import ValueAllowlist, any_of
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.matcher import hyperscan_refusals
from secretguard.scan.pool import WorkerPool
from secretguard.scan.rule_cache import builtin_rules_cached as builtin_rules
from secretguard.scan.rule_set import check_unique, merge
from secretguard.scan.source import Counted, Detection, Item, PathFilter, Scanner, Source, Tasks

if TYPE_CHECKING:  # the fast path (cli/fast.py) runs this without pydantic: the cached rules are records
    from secretguard.scan.rules import Rule
    from secretguard.settings import Settings

__all__ = ["Combined", "Runner", "Scanner", "build_engine", "load_rules", "run", "worker_count"]


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
        from secretguard.scan.rules import load_gitleaks_toml  # noqa: PLC0415 - pydantic: only for user rules

        config = load_gitleaks_toml(settings.gitleaks_config, problems)
        user.update(r.id for r in config.rules)
        rules = merge(rules, config.rules)
        regexes += config.allow_regexes
        stopwords += config.allow_stopwords
        paths += config.allow_paths
    for rule_file in settings.rules:
        from secretguard.scan.rules import load_yaml_rules  # noqa: PLC0415 - pydantic: only for user rules

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


class Combined:
    """Several scanners over the same chunks (the engine plus a source's own detectors)."""

    def __init__(self, *scanners: Scanner) -> None:
        self.scanners = scanners

    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]:
        return [finding for scanner in self.scanners for finding in scanner.scan(chunk, notes)]


class Runner:
    """One run: `engine` (with `also`, detectors that run beside it), the path exclusion, a pool of
    `workers`, and `result`, which collects what every source run here finds and skips."""

    def __init__(
        self,
        engine: Engine,
        *,
        workers: int = 1,
        exclude: PathFilter | None = None,
        also: Sequence[Scanner] = (),
        result: ScanResult | None = None,
    ) -> None:
        self.engine = engine
        self.result = result if result is not None else ScanResult()
        scanner: Scanner = Combined(engine, *also) if also else engine
        self.detection = Detection(engine, scanner, exclude, complete=not self.result.skipped)
        self.pool = WorkerPool(self.detection, workers)

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        *,
        client_safe: bool | None = None,
        report_inline_allowed: bool = False,
        workers: int | None = None,
        also: Sequence[Scanner] = (),
    ) -> Runner:
        """The engine and path exclusion these settings describe; rule files that fail to load are skips in
        `result` (the scan is partial)."""
        result = ScanResult()
        engine, excluded = build_engine(
            settings, result, client_safe=client_safe, report_inline_allowed=report_inline_allowed
        )
        return cls(
            engine,
            workers=worker_count(settings) if workers is None else workers,
            exclude=any_of(excluded),
            also=also,
            result=result,
        )

    def run(self, source: Source, into: ScanResult | None = None) -> ScanResult:
        """Everything `source` yields, scanned and collected into `into` (by default the run's result)."""
        result = self.result if into is None else into
        items = source.items(self.detection, self.pool.workers)
        try:
            for item in items:
                self._take(item, result)
        finally:
            if isinstance(items, Generator):
                items.close()  # a source's clean-up (temporary files, git processes) runs now
        return result

    def _take(self, item: Item, result: ScanResult) -> None:
        if isinstance(item, Tasks):
            for out in self.pool.map(item.work, item.payloads, item.how):
                for outcome in item.done(out):
                    _record(outcome, result)
        elif isinstance(item, Chunk):
            self.detection.scan_into(item, result)
        else:
            _record(item, result)

    def close(self, *, failed: bool = False) -> None:
        self.pool.close(failed=failed)

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(failed=kind is not None)


def _record(outcome: Finding | Skipped | Counted, result: ScanResult) -> None:
    if isinstance(outcome, Finding):
        result.findings.append(outcome)
    elif isinstance(outcome, Skipped):
        result.skipped.append(outcome)
    else:
        result.count(outcome.key, outcome.n)


def run(
    source: Source, settings: Settings, *, client_safe: bool | None = None, workers: int | None = None
) -> tuple[ScanResult, Engine]:
    """One source with the engine, path exclusion and workers these settings describe."""
    with Runner.for_settings(settings, client_safe=client_safe, workers=workers) as runner:
        runner.run(source)
    return runner.result, runner.engine
