"""`scan git`: every commit reachable from the refs, in parallel batches, deduplicated by fingerprint.

Design:
- The commit list comes from `git rev-list --topo-order` over the checked ref tips (repo.py), minus what the
  range options or the incremental state exclude. It is cut into batches; each batch is one
  `git log -p -U0 --no-walk=unsorted --stdin` process whose output is parsed and scanned as it streams
  (commits.py). Batches run in worker processes (forked, so the engine is built once), each with its own git:
  the scan is not bound by a single git stream, and memory stays that of a few batches, whatever the history.
- Only added lines are scanned: a pure rename adds nothing, a deleted file adds nothing. Merge commits are
  read as dense combined diffs (`--cc`) and only lines new against every parent count, so a secret typed
  into a conflict resolution is found and the merged branch's lines are not counted twice.
- Dedupe: one finding per (fingerprint, file), at the oldest commit that added that secret to that file
  (oldest by committer date, then by topology). `first_commit` and `commits` are per fingerprint (the secret),
  across all files: the commit that first introduced the secret anywhere, and how many distinct commits add
  it. `at_head` is per fingerprint too: the secret is in some file of HEAD's tree (head.py).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.sources.git import state as incremental
from secretguard.scan.sources.git.commits import BatchOutput, ScanContext, scan_batch
from secretguard.scan.sources.git.head import present_at_head
from secretguard.scan.sources.git.repo import (
    Repo,
    RepoError,
    existing_commits,
    range_args,
    ref_tips,
    rev_list,
    run,
)

MIN_BATCH = 16
# Each batch is a new git process that starts with a cold delta-base cache: on deep delta chains, batches of
# 250 commits cost 1.6x the git CPU of batches of 2000. Few large batches (4 per worker) keep that cost low;
# git's memory does not grow with the batch (pack windows and delta cache are bounded).
MAX_BATCH = 4000
# Below this many commits, a pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True, slots=True)
class GitOptions:
    branch: str | None = None
    since_commit: str | None = None
    range_spec: str | None = None
    incremental: bool = False
    max_file_size: int = 25 * 1024 * 1024
    workers: int = 1
    messages: bool = True
    progress: bool = False


class Dedupe:
    """Keeps one finding per (fingerprint, file) and, per fingerprint, the first commit and the commit set."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], tuple[tuple[int, int], Finding]] = {}
        self.first: dict[str, tuple[tuple[int, int], str]] = {}
        self.commits: dict[str, set[str]] = {}

    def add(self, timestamp: int, position: int, finding: Finding) -> None:
        # Older first: smaller commit time, then larger topological index (further from the tips).
        key = (timestamp, -position)
        fp = finding.fingerprint
        group = (fp, finding.file)
        kept = self.groups.get(group)
        if kept is None or key < kept[0] or (key == kept[0] and finding.line < kept[1].line):
            self.groups[group] = (key, finding)
        commit = str(finding.extra.get("commit") or "")
        first = self.first.get(fp)
        if first is None or key < first[0]:
            self.first[fp] = (key, commit)
        self.commits.setdefault(fp, set()).add(commit)

    def representatives(self) -> list[Finding]:
        return [finding for _, finding in self.groups.values()]

    def findings(self, at_head: set[str]) -> list[Finding]:
        out: list[Finding] = []
        for _, finding in self.groups.values():
            fp = finding.fingerprint
            finding.extra["first_commit"] = self.first[fp][1]
            finding.extra["commits"] = len(self.commits[fp])
            finding.extra["at_head"] = fp in at_head
            out.append(finding)
        return out


# The context forked workers inherit (set in the parent just before the pool starts).
_CONTEXT: ScanContext | None = None


def _work(task: tuple[int, list[str]]) -> BatchOutput:
    assert _CONTEXT is not None
    return scan_batch(_CONTEXT, task[0], task[1])


def _batches(commits: Sequence[str], workers: int) -> list[tuple[int, list[str]]]:
    size = max(MIN_BATCH, min(MAX_BATCH, len(commits) // max(1, workers * 4) or 1))
    return [(i, list(commits[i : i + size])) for i in range(0, len(commits), size)]


def _run_batches(
    ctx: ScanContext, tasks: list[tuple[int, list[str]]], workers: int, total: int
) -> Iterator[BatchOutput]:
    global _CONTEXT  # noqa: PLW0603 - the fork hands it to the workers
    if workers <= 1 or total < PARALLEL_THRESHOLD or len(tasks) <= 1:
        for base, commits in tasks:
            yield scan_batch(ctx, base, commits)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        _CONTEXT = ctx
        pool = multiprocessing.get_context("fork").Pool(processes=workers)
        try:
            yield from pool.imap_unordered(_work, tasks, chunksize=1)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
            _CONTEXT = None
        return
    # No fork (Windows, macOS defaults): threads. Hyperscan releases the GIL; git runs in its own processes.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="git-scan") as executor:
        yield from executor.map(lambda t: scan_batch(ctx, t[0], t[1]), tasks)


class _Progress:
    """A rich progress bar on a terminal (commits/s, MB/s of added lines); nothing otherwise."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.bar: Any = None
        self.start = time.monotonic()
        self.commits = 0
        self.bytes = 0
        if not enabled or total == 0:
            return
        from rich.console import Console  # noqa: PLC0415 - only on a terminal
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

        self.bar = Progress(
            TextColumn("scanning history"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self.task = self.bar.add_task("history", total=total, rate="")
        self.bar.start()

    def advance(self, commits: int, size: int) -> None:
        self.commits += commits
        self.bytes += size
        if self.bar is None:
            return
        elapsed = max(1e-6, time.monotonic() - self.start)
        rate = f"{self.commits / elapsed:,.0f} commits/s  {self.bytes / elapsed / 1e6:,.1f} MB/s"
        self.bar.update(self.task, advance=commits, rate=rate)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _select(repo: Repo, options: GitOptions, result: ScanResult, key: str) -> tuple[list[str], list[str]]:
    """(commits to scan, tips to remember for the next incremental scan)."""
    if options.range_spec is not None:
        return rev_list(repo, result, words=range_args(options.range_spec)), []
    tips = ref_tips(repo, result, options.branch)
    if not tips:
        return [], []
    exclude: list[str] = []
    if options.since_commit is not None:
        proc = run(
            repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{options.since_commit}^{{commit}}"
        )
        since = proc.stdout.decode("ascii", "replace").strip()
        if proc.returncode != 0 or not since:
            raise RepoError(f"--since-commit {options.since_commit}: no such commit in the repository")
        exclude.append(since)
    if options.incremental:
        previous = incremental.load(repo)
        if previous is not None and previous.rules_key == key:
            exclude += existing_commits(repo, previous.tips)
        elif previous is not None:
            result.count("incremental_reset")  # the rules changed: everything is scanned again
    args = [*tips, *(f"^{sha}" for sha in exclude)]
    return rev_list(repo, result, revisions=args), tips


def scan_history(
    path: str,
    engine: Any,
    exclude: Any,
    options: GitOptions,
    result: ScanResult,
    *,
    decode_depth: int = 2,
    on_repo: Callable[[Repo], None] | None = None,
) -> list[Finding]:
    """Scan a repository's history into `result`; returns the deduplicated findings (also added to result)."""
    try:
        repo = _open(path)
    except RepoError as exc:
        result.skipped.append(Skipped(path, str(exc)))
        return []
    if on_repo is not None:
        on_repo(repo)
    if repo.shallow:
        result.count("shallow")  # history stops at the shallow boundary, whose commits show whole files
    key = incremental.rules_key(engine.rules, decode_depth)
    commits, tips = _select(repo, options, result, key)
    result.stats.setdefault("commits", 0)
    ctx = ScanContext(
        repo=repo,
        engine=engine,
        exclude=exclude,
        max_file_size=options.max_file_size,
        messages=options.messages,
    )
    dedupe = Dedupe()
    workers = max(1, min(options.workers, os.cpu_count() or 1, 64))
    tasks = _batches(commits, workers)
    progress = _Progress(options.progress, len(commits))
    try:
        for out in _run_batches(ctx, tasks, workers, len(commits)):
            for key_ts, position, finding in out.findings:
                dedupe.add(key_ts, position, finding)
            for name, value in out.stats.items():
                result.count(name, value)
            result.skipped.extend(out.skipped)
            progress.advance(out.stats.get("commits", 0), out.stats.get("bytes", 0))
    finally:
        progress.stop()
    at_head = present_at_head(repo, engine, dedupe.representatives(), options.max_file_size, result)
    findings = dedupe.findings(at_head)
    result.findings.extend(findings)
    if options.incremental and not result.partial:
        error = incremental.save(repo, tips, key)
        if error is not None:
            result.count("incremental_not_saved")
            print(f"secretguard: {error}", file=sys.stderr)
    return findings


def _open(path: str) -> Repo:
    from secretguard.scan.sources.git.repo import open_repo  # noqa: PLC0415

    return open_repo(path)
