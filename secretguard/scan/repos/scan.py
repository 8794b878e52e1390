"""Scan the repositories of one family after another, with one engine and one blob-verdict cache.

Each member lists only the commits no earlier member had (their tips are excluded from its walk, as an
incremental scan excludes the tips it saw last time) and reads only blobs no earlier repository had. The
earlier members' findings whose commits it also holds are listed as its own places (`inherited`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.repos.listing import RepoRef
from secretguard.scan.repos.merge import RepoScan
from secretguard.scan.runner import Runner
from secretguard.scan.sources.git.head import present_at_head
from secretguard.scan.sources.git.history import GitOptions, HistorySource
from secretguard.scan.sources.git.repo import Repo, run
from secretguard.scan.sources.git.verdicts import VerdictCache

Report = Callable[[str], None]


class _Family:
    """What the members scanned so far leave to the next: their tips (left out of its walk), their own
    findings (inherited where it holds their commits), and answers worth sharing between members."""

    def __init__(
        self, runner: Runner, options: GitOptions, verdicts: VerdictCache, decode_depth: int
    ) -> None:
        self.runner = runner
        self.options = options
        self.verdicts = verdicts
        self.decode_depth = decode_depth
        self.head_answers: dict[str, set[str]] = {}  # HEAD tree -> identities of `earlier` present there
        self.ancestry: dict[frozenset[str], set[str]] = {}  # known tips a repository holds -> commits behind

    def scan(
        self, ref: RepoRef, earlier_tips: Sequence[str], earlier: Sequence[Finding]
    ) -> tuple[RepoScan, list[str]]:
        """One member's RepoScan, and its ref tips."""
        opened: list[Repo] = []
        source = HistorySource(
            ref.path,
            dataclasses.replace(self.options, known_tips=tuple(earlier_tips)),
            decode_depth=self.decode_depth,
            verdicts=self.verdicts,
            on_repo=opened.append,
        )
        result = self.runner.run(source, ScanResult())
        scan = RepoScan(ref.name, list(result.findings), stats=dict(result.stats))
        scan.skipped = [Skipped(_label(ref, s.path), s.reason) for s in result.skipped]
        if opened and earlier and source.known_present:
            repo = opened[0]
            held_tips = frozenset(source.known_present)
            behind = self.ancestry.get(held_tips)
            if behind is None:
                behind = self.ancestry[held_tips] = _commits_behind(repo, held_tips)
            held = [f for f in earlier if str(f.extra.get("commit") or "") in behind]
            _inherit(repo, self.runner.engine, held, scan, self.head_answers, self.options.max_file_size)
        return scan, source.tips


def scan_family(
    members: Sequence[RepoRef],
    runner: Runner,
    options: GitOptions,
    verdicts: VerdictCache,
    *,
    decode_depth: int,
    report: Report | None = None,
) -> list[RepoScan]:
    """One RepoScan per member, in order, all on `runner` (its engine and its pool).

    The first member is scanned whole; the others leave out its commits. With more than one worker the
    others run side by side (a fork's scan is mostly waiting on git), each leaving out the first member's
    commits; one after another, each also leaves out every earlier fork's. Both report the same: a commit
    a fork shares with an earlier fork is either inherited or found again, and either way it becomes the
    place (fork, file, commit) of the same merged finding.
    """
    family = _Family(runner, options, verdicts, decode_depth)

    def scan_one(ref: RepoRef, tips: Sequence[str], earlier: Sequence[Finding]) -> tuple[RepoScan, list[str]]:
        started = time.monotonic()
        scan, own_tips = family.scan(ref, tips, earlier)
        if report is not None:
            report(_summary(ref, scan, time.monotonic() - started))
        return scan, own_tips

    first, first_tips = scan_one(members[0], (), ())
    scans = [first]
    rest = members[1:]
    if runner.pool.workers > 1 and len(rest) > 1:
        runner.pool.prepare()  # worker processes forked now, before any thread runs
        with ThreadPoolExecutor(max_workers=runner.pool.workers * 2, thread_name_prefix="fork") as threads:
            scans += [s for s, _ in threads.map(lambda ref: scan_one(ref, first_tips, first.findings), rest)]
        return scans
    tips, earlier = list(first_tips), list(first.findings)
    for ref in rest:
        scan, own_tips = scan_one(ref, tips, earlier)
        scans.append(scan)
        tips += own_tips
        earlier += scan.findings
    return scans


def _label(ref: RepoRef, path: str) -> str:
    return path if path.startswith(ref.name) else f"{ref.name}: {path}"


def _inherit(
    repo: Repo,
    engine: Engine,
    held: list[Finding],
    scan: RepoScan,
    head_answers: dict[str, set[str]],
    max_file_size: int,
) -> None:
    """The earlier members' findings whose commits this repository also holds become its places too."""
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


def _commits_behind(repo: Repo, tips: frozenset[str]) -> set[str]:
    """Every commit reachable from `tips` (which the repository holds): the history a fork shares with the
    earlier members. Forks holding the same earlier tips share the answer (one walk for a family)."""
    proc = run(repo, "rev-list", *sorted(tips))
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
