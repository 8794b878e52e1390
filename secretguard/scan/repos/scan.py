"""Scan the repositories of one family after another, with one engine and one blob-verdict cache.

Each member lists only the commits no earlier member had (their tips are excluded from its walk, as an
incremental scan excludes the tips it saw last time) and reads only blobs no earlier repository had. The
earlier members' findings whose commits it also holds are listed as its own places (`inherited`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.repos.listing import RepoRef
from secretguard.scan.repos.merge import RepoScan
from secretguard.scan.runner import Runner
from secretguard.scan.sources.git.head import present_at_head
from secretguard.scan.sources.git.history import GitOptions, HistorySource
from secretguard.scan.sources.git.repo import Repo, existing_commits, ref_tips, run
from secretguard.scan.sources.git.verdicts import VerdictCache

Report = Callable[[str], None]


def scan_family(
    members: Sequence[RepoRef],
    runner: Runner,
    options: GitOptions,
    verdicts: VerdictCache,
    *,
    decode_depth: int,
    report: Report | None = None,
) -> list[RepoScan]:
    """One RepoScan per member, in order, all on `runner` (its engine and its pool)."""
    scans: list[RepoScan] = []
    earlier_tips: list[str] = []
    earlier: list[Finding] = []  # the earlier members' own findings (each with the commit that added it)
    head_answers: dict[str, set[str]] = {}  # HEAD tree -> identities of `earlier` present there
    for ref in members:
        started = time.monotonic()
        opened: list[Repo] = []
        source = HistorySource(
            ref.path,
            dataclasses.replace(options, known_tips=tuple(earlier_tips)),
            decode_depth=decode_depth,
            verdicts=verdicts,
            on_repo=opened.append,
        )
        result = runner.run(source, ScanResult())
        scan = RepoScan(ref.name, list(result.findings), stats=dict(result.stats))
        scan.skipped = [Skipped(_label(ref, s.path), s.reason) for s in result.skipped]
        if opened:
            repo = opened[0]
            if earlier:
                _inherit(repo, runner.engine, earlier, scan, head_answers, options.max_file_size)
            earlier_tips += ref_tips(repo, ScanResult())
            earlier += scan.findings
        scans.append(scan)
        if report is not None:
            report(_summary(ref, scan, time.monotonic() - started))
    return scans


def _label(ref: RepoRef, path: str) -> str:
    return path if path.startswith(ref.name) else f"{ref.name}: {path}"


def _inherit(
    repo: Repo,
    engine: Engine,
    earlier: list[Finding],
    scan: RepoScan,
    head_answers: dict[str, set[str]],
    max_file_size: int,
) -> None:
    """The earlier members' findings whose commit this repository holds become its places too."""
    candidates = sorted({str(f.extra.get("commit") or "") for f in earlier} - {""})
    present = set(existing_commits(repo, candidates))
    if not present:
        return
    # A commit object in the repository may still be unreachable (a dangling one): ask the walk.
    reachable = _all_commits(repo) & present
    held = [f for f in earlier if str(f.extra.get("commit") or "") in reachable]
    if not held:
        return
    scan.inherited = [(f.identity, f.file, str(f.extra.get("commit") or "")) for f in held]
    tree = _head_tree(repo)
    answer = head_answers.get(tree) if tree else None
    if answer is None:
        # Copies: present_at_head writes HEAD places into the findings it is given.
        copies = [dataclasses.replace(f, extra=dict(f.extra)) for f in held]
        answer = present_at_head(repo, engine, copies, max_file_size, ScanResult())
        if tree:
            head_answers[tree] = answer
    scan.inherited_at_head = {f.identity for f in held if f.identity in answer}


def _all_commits(repo: Repo) -> set[str]:
    proc = run(repo, "rev-list", "--all")
    if proc.returncode != 0:
        return set()
    return set(proc.stdout.decode("ascii", "replace").split())


def _head_tree(repo: Repo) -> str:
    proc = run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{tree}")
    return proc.stdout.decode("ascii", "replace").strip() if proc.returncode == 0 else ""


def _summary(ref: RepoRef, scan: RepoScan, seconds: float) -> str:
    stats = scan.stats
    parts = [
        f"{stats.get('commits', 0):,} new commit(s)",
        f"{stats.get('blobs', 0):,} blob(s) read",
        f"{len(scan.findings)} finding(s)",
    ]
    if scan.inherited:
        parts.append(f"{len(scan.inherited)} shared with an earlier fork")
    if scan.skipped:
        parts.append(f"{len(scan.skipped)} skipped")
    return f"{ref.name}: {', '.join(parts)} ({seconds:.2f} s)"
