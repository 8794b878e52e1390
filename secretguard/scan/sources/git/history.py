"""`scan git`: every commit reachable from the refs, each new blob read once, deduplicated by fingerprint.

Design (three phases; see listing.py, blobscan.py and attribute.py):
1. The commit list comes from `git rev-list --topo-order` over the checked ref tips (repo.py), minus what the
   range options or the incremental state exclude. `git log --raw` lists what each commit changes as blob ids
   (no content is read); messages are scanned as they arrive, whole (messages.py), and so are the messages
   of annotated tags; the entries go to a spool file on disk.
2. Every distinct new blob is read once through `git cat-file --batch`, in pack order, and scanned whole, by
   worker processes (forked, so the engine is built once), each with its own git: the scan is not bound by a
   single git stream, and no blob is inflated twice (kingfisher's insight; `git log -p` inflates both sides
   of every change and diffs them, which costs three times as much git CPU).
3. Findings are given to the commits that added them: a commit adds a secret to a file when the new content
   holds it and the content it replaced did not. Merges count only what is new against every parent (a
   secret typed into a conflict resolution is found; the merged branch's secrets are not counted twice); a
   pure rename or a move adds nothing; a deleted file adds nothing.
- Dedupe: one finding per (fingerprint, file), at the oldest commit that added that secret to that file
  (oldest by committer date, then by topology). `first_commit` and `commits` are per fingerprint (the secret),
  across all files: the commit that first introduced the secret anywhere, and how many distinct commits add
  it. `at_head` is per fingerprint too: the secret is in some file of HEAD's tree (head.py).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.sources.git import state as incremental
from secretguard.scan.sources.git.attribute import Attribution, BlobKey
from secretguard.scan.sources.git.blobscan import BlobOutput, BlobTask, pack_order, scan_blobs
from secretguard.scan.sources.git.catfile import ObjectReader
from secretguard.scan.sources.git.dedupe import Dedupe
from secretguard.scan.sources.git.head import present_at_head
from secretguard.scan.sources.git.listing import Listing, RangeLister, RangeListing, ShaList
from secretguard.scan.sources.git.messages import MESSAGE_PATH, Tag, annotated_tags, scan_message, scan_tags
from secretguard.scan.sources.git.patches import CommitHeader
from secretguard.scan.sources.git.repo import (
    SHALLOW_HINT,
    Repo,
    RepoError,
    existing_commits,
    range_args,
    ref_tips,
    rev_list,
    run,
)

# Fewest blobs per worker task: each task starts its own `git cat-file`.
MIN_BATCH = 256
# Fewest commits per listing task: each runs its own `git log`.
MIN_RANGE = 1000
# Below this many blobs, a pool costs more than it saves.
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


@dataclass(frozen=True, slots=True)
class _Context:
    """What every task needs; set before the workers fork, so they inherit it (the engine is built once)."""

    repo: Repo
    engine: Any
    exclude: Any  # compiled re2 pattern of excluded paths, or None
    max_file_size: int
    messages: bool
    commits: Sequence[str]
    spool_dir: str

    def excluded(self, path: str) -> bool:
        return self.exclude is not None and bool(self.exclude.search(path))

    def scan_message(self, header: CommitHeader, skipped: list[Skipped]) -> list[Finding]:
        extra = {"commit": header.sha, "author": header.author, "email": header.email, "date": header.date}
        notes: list[str] = []
        found = scan_message(self.engine, header.message, MESSAGE_PATH, extra, notes)
        skipped += [Skipped(f"{header.sha[:12]}:{MESSAGE_PATH}", note) for note in notes]
        return found


_CONTEXT: _Context | None = None


def _list_task(task: tuple[int, int]) -> RangeListing:
    ctx = _CONTEXT
    assert ctx is not None
    start, end = task
    spool = os.path.join(ctx.spool_dir, f"{start:010d}")
    scan_message = ctx.scan_message if ctx.messages else None
    profile = ctx.engine.path_profile
    return RangeLister(ctx.repo, ctx.commits, start, end, spool, ctx.excluded, profile, scan_message).run()


def _blob_task(task: tuple[int, list[BlobTask]]) -> tuple[int, BlobOutput]:
    ctx = _CONTEXT
    assert ctx is not None
    return task[0], scan_blobs(ctx.repo, ctx.engine, task[1], ctx.max_file_size)


T = TypeVar("T")
R = TypeVar("R")


class _Workers:
    """Runs tasks in forked worker processes (started on first need), or here when one task is all."""

    def __init__(self, ctx: _Context, workers: int) -> None:
        self.ctx = ctx
        self.workers = workers
        self.pool: Any = None
        self.threads: ThreadPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], count: int) -> Iterator[R]:
        """fn over `count` tasks (built as the workers take them), results in the order they finish."""
        global _CONTEXT  # noqa: PLW0603 - the fork hands it to the workers
        _CONTEXT = self.ctx
        if self.workers <= 1 or count <= 1:
            yield from map(fn, tasks)
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            # No fork (Windows, macOS defaults): threads. Hyperscan releases the GIL; git runs apart.
            if self.threads is None:
                self.threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="git-scan")
            yield from self.threads.map(fn, tasks)
            return
        if self.pool is None:
            # Workers never collect the parent's objects: frozen, the collector leaves their pages shared.
            gc.freeze()
            try:
                self.pool = multiprocessing.get_context("fork").Pool(processes=self.workers)
            finally:
                gc.unfreeze()
        yield from self.pool.imap_unordered(fn, tasks, chunksize=1)

    def close(self, *, failed: bool) -> None:
        global _CONTEXT  # noqa: PLW0603
        if self.pool is not None:
            if failed:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
        if self.threads is not None:
            self.threads.shutdown(cancel_futures=failed)
        _CONTEXT = None


class _Progress:
    """A rich progress bar on a terminal (commits/s while listing, MB/s while reading blobs); else nothing."""

    def __init__(self, enabled: bool) -> None:
        self.bar: Any = None
        self.enabled = enabled
        self.task: Any = None

    def stage(self, label: str, total: int) -> None:
        self.start = time.monotonic()
        self.done = 0
        self.bytes = 0
        self.label = label
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            from rich.console import Console  # noqa: PLC0415 - only on a terminal
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            self.bar.start()
        elif self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(label, total=total, rate="")

    def advance(self, count: int, size: int = 0) -> None:
        self.done += count
        self.bytes += size
        if self.bar is None or self.task is None:
            return
        elapsed = max(1e-6, time.monotonic() - self.start)
        rate = f"{self.done / elapsed:,.0f} {self.label.split()[-1]}/s"
        if self.bytes:
            rate += f"  {self.bytes / elapsed / 1e6:,.1f} MB/s"
        self.bar.update(self.task, advance=count, rate=rate)

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
    key = incremental.rules_key(engine.rules, decode_depth)
    commits, tips = _select(repo, options, result, key)
    if repo.shallow:
        note_shallow(repo, commits, result)
    result.stats.setdefault("commits", 0)
    dedupe = Dedupe()
    progress = _Progress(options.progress)
    spool_dir = tempfile.mkdtemp(prefix="secretguard-history-")
    shas = ShaList(commits)
    del commits
    ctx = _Context(repo, engine, exclude, options.max_file_size, options.messages, shas, spool_dir)
    workers = _Workers(ctx, max(1, min(options.workers, os.cpu_count() or 1, 64)))
    reader = ObjectReader(repo)
    failed = True
    try:
        listing = _list(ctx, workers, dedupe, result, progress)
        if options.messages:
            _scan_tag_messages(ctx, options, dedupe, result)
        found, problems = _scan_new_blobs(ctx, workers, listing, result, progress)
        attribution = Attribution(listing, engine, reader, found, problems, options.max_file_size)
        attribution.run(dedupe)
        result.skipped.extend(attribution.skipped)
        if attribution.read_on_demand:
            result.count("blobs_read_for_comparison", attribution.read_on_demand)
        failed = False
    finally:
        progress.stop()
        workers.close(failed=failed)
        reader.close()
        shutil.rmtree(spool_dir, ignore_errors=True)
    at_head = present_at_head(repo, engine, dedupe.representatives(), options.max_file_size, result)
    findings = dedupe.findings(at_head)
    result.findings.extend(findings)
    if options.incremental and not result.partial:
        error = incremental.save(repo, tips, key)
        if error is not None:
            result.count("incremental_not_saved")
            print(f"secretguard: {error}", file=sys.stderr)
    return findings


def note_shallow(repo: Repo, commits: Sequence[str], result: ScanResult) -> None:
    """A shallow clone is partial when the walk reaches its boundary: the commits behind it are missing and
    the boundary commit shows whole files as added. A range that stays above the boundary is complete."""
    try:
        with open(os.path.join(repo.common_dir, "shallow"), encoding="ascii", errors="replace") as handle:
            boundary = {line.strip() for line in handle if line.strip()}
    except OSError:
        boundary = set()
    reached = sum(1 for sha in commits if sha in boundary)
    if reached or not boundary:
        result.count("shallow")
        result.skipped.append(
            Skipped(
                "history",
                f"shallow clone: the history behind {reached or 'its'} boundary commit(s) is not in this "
                f"clone; {SHALLOW_HINT}",
            )
        )


def _list(
    ctx: _Context, workers: _Workers, dedupe: Dedupe, result: ScanResult, progress: _Progress
) -> Listing:
    """Phase one, in ranges of commits listed in parallel."""
    total = len(ctx.commits)
    listing = Listing(ctx.commits, ctx.excluded, ctx.engine.path_profile)
    size = max(MIN_RANGE, -(-total // (workers.workers * 3)))
    ranges = [(start, min(total, start + size)) for start in range(0, total, size)]
    progress.stage("listing commits", total)
    for part in workers.map(_list_task, ranges, len(ranges)):
        listing.merge(part)
        for timestamp, index, finding in part.messages:
            dedupe.add(timestamp, index, finding)
        for name, value in part.stats.items():
            result.count(name, value)
        result.skipped.extend(part.skipped)
        progress.advance(part.end - part.start)
    listing.spools.sort()
    return listing


def _scan_tag_messages(ctx: _Context, options: GitOptions, dedupe: Dedupe, result: ScanResult) -> None:
    """The messages of the annotated tags on the scanned commits (every one, in a scan of all refs)."""
    tags = annotated_tags(ctx.repo, result.skipped)
    whole = not (options.branch or options.since_commit or options.range_spec or options.incremental)
    if not whole:
        tags = _tags_on(tags, ctx.commits)
    if not tags:
        return
    result.count("tag_messages", len(tags))
    for seconds, finding in scan_tags(ctx.repo, ctx.engine, tags, ctx.max_file_size, result.skipped):
        dedupe.add(seconds, -1, finding)


def _tags_on(tags: list[Tag], commits: Sequence[str]) -> list[Tag]:
    """The tags whose commit is one of `commits` (packed ids: one pass, no set of a million strings)."""
    wanted: dict[bytes, list[Tag]] = {}
    for tag in tags:
        try:
            wanted.setdefault(bytes.fromhex(tag.target), []).append(tag)
        except ValueError:
            continue
    if not isinstance(commits, ShaList):
        return [tag for sha in commits for tag in wanted.get(bytes.fromhex(sha), ())]
    packed, width = commits.packed, commits.width
    return [tag for i in range(0, len(packed), width) for tag in wanted.get(packed[i : i + width], ())]


def _scan_new_blobs(
    ctx: _Context, workers: _Workers, listing: Listing, result: ScanResult, progress: _Progress
) -> tuple[dict[BlobKey, list[Finding]], dict[bytes, list[str]]]:
    """Phase two: (findings by blob and path profile, problems by blob)."""
    # What to read, in pack order: each blob once per path profile, as packed ids and path ids (a list of
    # tuples would cost four times the memory on a large history).
    ids = bytearray()
    path_ids = array("i")
    for blob in pack_order(ctx.repo, listing.blobs):
        ids += blob
        path_ids.append(listing.blobs[blob])
        for other in listing.more.get(blob, ()):
            ids += blob
            path_ids.append(other)
    count = len(path_ids)
    width = len(ids) // count if count else 20
    parallel = workers.workers > 1 and count >= PARALLEL_THRESHOLD
    size = max(MIN_BATCH, -(-count // (workers.workers * 4))) if parallel else max(1, count)
    paths = listing.paths

    def blob_at(i: int) -> bytes:
        return bytes(ids[i * width : (i + 1) * width])

    def task(start: int) -> tuple[int, list[BlobTask]]:
        span = range(start, min(count, start + size))
        return start, [BlobTask(blob_at(i).hex(), paths[path_ids[i]]) for i in span]

    found: dict[BlobKey, list[Finding]] = {}
    problems: dict[bytes, list[str]] = {}
    progress.stage("reading blobs", count)
    starts = range(0, count, size)
    for start, out in workers.map(_blob_task, map(task, starts), len(starts)):
        for position, findings in out.findings:
            i = start + position
            found[(blob_at(i), listing.path_profiles[path_ids[i]])] = findings
        for position, why in out.problems:
            problems.setdefault(blob_at(start + position), []).append(why)
        for name, value in out.stats.items():
            result.count(name, value)
        progress.advance(min(size, count - start), out.stats.get("bytes", 0))
    return found, problems


def _open(path: str) -> Repo:
    from secretguard.scan.sources.git.repo import open_repo  # noqa: PLC0415

    return open_repo(path)
