"""Assemble an engine from settings and run it over a source, in parallel, collecting one result."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from secretguard.errors import RuleError
from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.filters import ValueAllowlist
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.rules import (
    Rule,
    builtin_rules,
    check_unique,
    load_gitleaks_toml,
    load_yaml_rules,
    merge,
)
from secretguard.settings import Settings


def load_rules(settings: Settings) -> tuple[list[Rule], ValueAllowlist, list[str]]:
    """Every active rule, the global value allowlist, and the global path allowlist."""
    rules: list[Rule] = builtin_rules() if settings.builtin_rules else []
    check_unique(rules)
    regexes = list(settings.allowlist.regexes)
    stopwords = list(settings.allowlist.stopwords)
    paths = list(settings.allowlist.paths)
    if settings.gitleaks_config is not None:
        config = load_gitleaks_toml(settings.gitleaks_config)
        rules = merge(rules, config.rules)
        regexes += config.allow_regexes
        stopwords += config.allow_stopwords
        paths += config.allow_paths
    for rule_file in settings.rules:
        extra = load_yaml_rules(Path(rule_file))
        check_unique(extra)
        rules = merge(rules, extra)
    disabled = set(settings.disable_rules)
    unknown = disabled - {r.id for r in rules}
    if unknown:
        raise RuleError(f"disable_rules names unknown rule id(s): {', '.join(sorted(unknown))}")
    rules = [r for r in rules if r.id not in disabled]
    return rules, ValueAllowlist(regexes, stopwords), paths


def build_engine(settings: Settings) -> tuple[Engine, list[str]]:
    rules, allowlist, paths = load_rules(settings)
    return Engine(rules, allowlist=allowlist, decode_depth=settings.decode_depth), paths


def worker_count(settings: Settings) -> int:
    return settings.workers or max(1, min(8, os.cpu_count() or 1))


def scan_chunks(engine: Engine, chunks: Iterable[Chunk], result: ScanResult, workers: int) -> ScanResult:
    """Scan every chunk; Hyperscan releases the GIL, so threads use every core for the heavy part."""
    if workers <= 1:
        for chunk in chunks:
            result.findings.extend(engine.scan(chunk))
        return result
    window = workers * 4
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scan") as pool:
        pending: list[Future[list[Finding]]] = []
        for chunk in chunks:
            pending.append(pool.submit(engine.scan, chunk))
            if len(pending) >= window:
                result.findings.extend(pending.pop(0).result())
        for future in pending:
            result.findings.extend(future.result())
    return result


def iter_nonempty(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
    return (c for c in chunks if c.data)
