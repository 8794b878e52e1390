"""A `scan repos` run: find the repositories, group them into families, scan the families here or on a Ray
cluster, and merge everything into one result whose findings carry `repository` and `places`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.repos.families import group, root_commits
from secretguard.scan.repos.listing import RepoRef, collect
from secretguard.scan.repos.merge import RepoScan, merge
from secretguard.scan.repos.scan import scan_family
from secretguard.scan.runner import Runner
from secretguard.scan.sources.git import state
from secretguard.scan.sources.git.history import GitOptions
from secretguard.scan.sources.git.repo import RepoError, open_repo
from secretguard.scan.sources.git.verdicts import VerdictCache
from secretguard.settings import Settings


@dataclass(frozen=True, slots=True)
class ReposRequest:
    incremental: bool = False
    messages: bool = True
    ray_address: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"incremental": self.incremental, "messages": self.messages}


def scan_families_here(
    families: Sequence[Sequence[RepoRef]],
    settings: Settings,
    request: dict[str, Any],
    *,
    workers: int,
    runner: Runner | None = None,
    report: Callable[[str], None] | None = None,
) -> list[list[RepoScan]]:
    """Each family's RepoScans, scanned in this process with one runner (one engine, one worker pool) and
    one blob-verdict cache for all of them. `runner`: the run's own, when the caller made it."""
    own = runner is None
    if runner is None:
        runner = Runner.for_settings(settings, workers=workers)
    rules = runner.engine.rules
    verdicts = VerdictCache(state.rules_key(rules, settings.decode_depth), rules=rules)
    options = GitOptions(
        incremental=bool(request.get("incremental")),
        messages=bool(request.get("messages", True)),
        max_file_size=settings.max_file_size,
        workers=runner.pool.workers,
    )
    failed = True
    try:
        done = [
            scan_family(family, runner, options, verdicts, decode_depth=settings.decode_depth, report=report)
            for family in families
        ]
        failed = False
    finally:
        if own:
            runner.close(failed=failed)
    return done


def _roots_of(ref: RepoRef) -> frozenset[str] | str:
    """The repository's root commits, or why it cannot be opened."""
    try:
        return root_commits(open_repo(ref.path))
    except RepoError as exc:
        return str(exc)


def scan_repositories(
    arguments: Sequence[str],
    settings: Settings,
    request: ReposRequest,
    runner: Runner,
    result: ScanResult,
    *,
    workers: int,
    report: Callable[[str], None] | None = None,
) -> None:
    """Scan every repository `arguments` name into `result` (merged findings, skipped items, stats)."""
    refs = collect(arguments, result.skipped)
    usable: list[RepoRef] = []
    roots: list[frozenset[str]] = []
    # Opening and walking for root commits is git's work, in its own processes: a few at a time.
    with ThreadPoolExecutor(max_workers=max(2, workers * 2)) as threads:
        for ref, opened in zip(refs, threads.map(_roots_of, refs), strict=True):
            if isinstance(opened, str):
                result.skipped.append(Skipped(ref.name, opened))
                continue
            usable.append(ref)
            roots.append(opened)
    families = [[usable[i] for i in members] for members in group(usable, roots)]
    if request.ray_address is not None:
        from secretguard.scan.repos.cluster import scan_on_ray  # noqa: PLC0415

        done = scan_on_ray(request.ray_address, families, settings, request.as_dict())
    else:
        done = scan_families_here(
            families, settings, request.as_dict(), workers=workers, runner=runner, report=report
        )
    order = {ref.name: i for i, ref in enumerate(usable)}
    scans = sorted((scan for family in done for scan in family), key=lambda s: order[s.name])
    result.findings.extend(merge(scans))
    for scan in scans:
        result.skipped.extend(scan.skipped)
        for name, value in scan.stats.items():
            result.count(name, value)
    result.count("repositories", len(usable))
    result.count("repository_families", len(families))
