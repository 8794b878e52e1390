"""`scan git`: every commit reachable from the refs, each new blob read once, deduplicated by fingerprint.

Design (three phases; see listing.py, blobscan.py and attribute.py):
1. The commit list comes from `git rev-list --topo-order` over the checked ref tips (repo.py), minus what the
   range options or the incremental state exclude. `git log --raw` lists what each commit changes as blob ids
   (no content is read); messages are scanned as they arrive, whole (messages.py), and so are the messages
   of annotated tags (by a worker beside the ranges); the entries go to a spool file on disk. Meanwhile git
   lists the repository's objects in pack order (blobscan.PackOrder).
2. Every distinct new blob is read once through `git cat-file --batch`, in chain order (blobscan.py), and
   scanned, by worker processes (forked, so the engine is built once), each with its own git; a modified
   file's new version in its changed lines only (changed.py): the scan is not bound by a single git stream,
   and no blob is inflated twice (kingfisher's insight; `git log -p` inflates both sides
   of every change and diffs them, which costs three times as much git CPU).
3. Findings are given to the commits that added them: a commit adds a secret to a file when the new content
   holds it and the content it replaced did not. Merges count only what is new against every parent (a
   secret typed into a conflict resolution is found; the merged branch's secrets are not counted twice); a
   pure rename or a move adds nothing; a deleted file adds nothing.
- Dedupe: one finding per (fingerprint, file), at the oldest commit that added that secret to that file
  (oldest by committer date, then by topology). `first_commit` and `commits` are per fingerprint (the secret),
  across all files: the commit that first introduced the secret anywhere, and how many distinct commits add
  it. `at_head` is per fingerprint too: the secret is in some file of HEAD's tree (head.py).

As a source (source.py): `HistorySource.items` yields phase one and phase two as stages of tasks for the
runner's pool (each task carries what it needs: the repository, its commits or blobs; the engine comes with
the pool), and does phase three, the tag messages and the HEAD check here, with the engine it is handed.
Progress and notes go to the `Progress` the caller gives (the CLI's terminal bar), never to the terminal.

Several repositories in one run (`scan repos`): one runner (one engine, one pool) runs a HistorySource per
repository; a `VerdictCache` (verdicts.py) owned by the caller and given to each of them is consulted before a
blob is read and filled with what every blob read held, so a blob met in several repositories (forks,
mirrors, vendored copies) is read and scanned once. `GitOptions.known_tips` leaves out the commits an earlier
repository of the run already listed. `scan_history` is the one-call form for one repository.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.source import (
    Counted,
    Detection,
    Item,
    Outcome,
    PathFilter,
    Progress,
    Silent,
    Tasks,
    drain,
)
from secretguard.scan.sources.git import state as incremental
from secretguard.scan.sources.git.attribute import Attribution, BlobKey
from secretguard.scan.sources.git.blobscan import (
    BlobOutput,
    BlobTask,
    PackOrder,
    chain_order,
    scan_blobs,
)
from secretguard.scan.sources.git.catfile import ObjectReader
from secretguard.scan.sources.git.dedupe import Dedupe
from secretguard.scan.sources.git.head import EarlyGrep, present_at_head
from secretguard.scan.sources.git.listing import Listing, RangeLister, RangeListing, ShaList, ShaWindow
from secretguard.scan.sources.git.messages import MESSAGE_PATH, Tag, annotated_tags, scan_message, scan_tags
from secretguard.scan.sources.git.patches import CommitHeader
from secretguard.scan.sources.git.prefetch import Prefetch
from secretguard.scan.sources.git.repo import (
    SHALLOW_HINT,
    Repo,
    RepoError,
    existing_commits,
    open_repo,
    range_args,
    ref_tips,
    rev_list,
    run,
)
from secretguard.scan.sources.git.reuse import remember, unread_only
from secretguard.scan.sources.git.verdicts import VerdictCache

if TYPE_CHECKING:  # typing only: the engine is handed in
    from secretguard.scan.engine import Engine

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
    messages: bool = True
    # Tips of histories an earlier repository of the same run listed: their commits are not listed again.
    known_tips: tuple[str, ...] = ()
    # The size of scan_history's own pool (a Runner's pool has its own size).
    workers: int = 1


@dataclass(frozen=True, slots=True)
class _ListTask:
    """Phase one, one range of commits: listed by a worker, into its own spool file."""

    repo: Repo
    commits: ShaWindow
    start: int
    end: int
    spool: str
    messages: bool


@dataclass(frozen=True, slots=True)
class _TagTask:
    """Phase one's other part: the annotated tags' messages (of the scanned commits when `commits` is given),
    read and scanned by a worker while the others list ranges of commits."""

    repo: Repo
    commits: ShaList | None
    max_file_size: int


@dataclass(frozen=True, slots=True)
class _BlobBatch:
    """Phase two, a run of blobs (in pack order) for a worker to read and scan; `start`: the first's index."""

    repo: Repo
    start: int
    blobs: list[BlobTask]
    max_file_size: int


def _message_findings(engine: Engine, header: CommitHeader, skipped: list[Skipped]) -> list[Finding]:
    extra = {"commit": header.sha, "author": header.author, "email": header.email, "date": header.date}
    notes: list[str] = []
    found = scan_message(engine, header.message, MESSAGE_PATH, extra, notes)
    skipped += [Skipped(f"{header.sha[:12]}:{MESSAGE_PATH}", note) for note in notes]
    return found


def _list_part(detection: Detection, task: _ListTask | _TagTask) -> RangeListing:
    if isinstance(task, _TagTask):
        return _read_tags(detection, task)
    return _list_range(detection, task)


def _read_tags(detection: Detection, task: _TagTask) -> RangeListing:
    """The tag messages' findings, as a listing of no commits (no spool file: `spool` is empty)."""
    out = RangeListing(0, 0, "", array("q"), [])
    found = ScanResult()
    _scan_tag_messages(task.repo, detection.engine, task.commits, task.max_file_size, out.messages, found)
    out.skipped.extend(found.skipped)
    out.stats.update(found.stats)
    return out


def _list_range(detection: Detection, task: _ListTask) -> RangeListing:
    engine = detection.engine
    messages = functools.partial(_message_findings, engine) if task.messages else None
    lister = RangeLister(
        task.repo,
        task.commits,
        task.start,
        task.end,
        task.spool,
        detection.excluded,
        engine.path_profile,
        messages,
    )
    return lister.run()


def _scan_blob_batch(detection: Detection, batch: _BlobBatch) -> tuple[int, BlobOutput]:
    return batch.start, scan_blobs(batch.repo, detection.engine, batch.blobs, batch.max_file_size)


class HistorySource:
    """The history of the repository at `path`, as `options` select. `verdicts`: a cache shared by the
    repositories of one run (see the module docstring); `on_repo` is told the repository once it is opened."""

    kind = "git"

    def __init__(
        self,
        path: str,
        options: GitOptions,
        *,
        decode_depth: int = 2,
        progress: Progress | None = None,
        verdicts: VerdictCache | None = None,
        on_repo: Callable[[Repo], None] | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        self.name = path
        self.prefetch = prefetch  # the commit selection, started earlier (prefetch.py)
        self.options = options
        self.decode_depth = decode_depth
        self.progress: Progress = progress if progress is not None else Silent()
        self.verdicts = verdicts
        self.on_repo = on_repo
        self._partial = False  # something was skipped: the incremental state is not saved
        # After items(): the ref tips walked, and the known tips this repository holds (left out).
        self.tips: list[str] = []
        self.known_present: list[str] = []

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        options = self.options
        if workers > 1:
            detection.engine.warm_up()  # beside the git commands below, before the workers fork
        ready = self._prefetched()
        try:
            if ready is not None and ready.error is not None:
                raise ready.error
            repo = ready.repo if ready is not None and ready.repo is not None else open_repo(self.name)
        except RepoError as exc:
            yield Skipped(self.name, str(exc))
            return
        if self.on_repo is not None:
            self.on_repo(repo)
        engine = detection.engine
        verdicts = self.verdicts
        if verdicts is not None and verdicts.rules is engine.rules:
            key = verdicts.rules_key
        elif verdicts is not None or options.incremental:
            key = incremental.rules_key(engine.rules, self.decode_depth)
        else:
            key = ""  # only an incremental scan or a verdict cache needs the rules' key (~12 ms to hash)
        if verdicts is not None and verdicts.rules_key != key:
            raise ValueError("the verdict cache was filled under other rules")
        record = ScanResult()  # what the steps below note (skipped items, counters), handed on as items
        if ready is not None:
            commits, tips = ready.commits, ready.tips
            record.skipped.extend(ready.record.skipped)
            for name, value in ready.record.stats.items():
                record.count(name, value)
        else:
            commits, tips = _select(repo, options, record, key, self.known_present)
        self.tips = tips
        if repo.shallow:
            note_shallow(repo, commits, record)
        yield Counted("commits", 0)
        yield from self._noted(record)
        shas = ShaList(commits)
        del commits
        dedupe = Dedupe()
        spool_dir = tempfile.mkdtemp(prefix="secretguard-history-")
        reader = ObjectReader(repo)
        # git lists the objects in pack order while phase one runs (a history this long has blobs enough).
        packs = PackOrder.for_history(repo, len(shas))
        early: EarlyGrep | None = None
        try:
            listing = Listing(shas, detection.excluded, engine.path_profile)
            stage, tags_read = self._listing(repo, shas, spool_dir, listing, dedupe, workers)
            yield stage
            listing.spools.sort()
            if options.messages and not tags_read:
                tagged: list[tuple[int, int, Finding]] = []
                limit = options.max_file_size
                _scan_tag_messages(repo, engine, self._tag_filter(shas), limit, tagged, record)
                for seconds, index, finding in tagged:
                    dedupe.add(seconds, index, finding)
            found: dict[BlobKey, list[Finding]] = {}
            problems: dict[bytes, list[str]] = {}
            yield from self._blobs(repo, listing, packs, found, problems, workers)
            if any(found.values()):  # the HEAD check's git grep runs beside the attribution
                early = EarlyGrep(repo, (f for findings in found.values() for f in findings))
            attribution = Attribution(listing, engine, reader, found, problems, options.max_file_size)
            attribution.run(dedupe)
            record.skipped.extend(attribution.skipped)
            if attribution.read_on_demand:
                record.count("blobs_read_for_comparison", attribution.read_on_demand)
        finally:
            self.progress.stop()
            reader.close()
            if packs is not None:
                packs.close()
            shutil.rmtree(spool_dir, ignore_errors=True)
        at_head = present_at_head(
            repo, engine, dedupe.representatives(), options.max_file_size, record, early
        )
        yield from dedupe.findings(at_head)
        yield from self._noted(record)
        if options.incremental and detection.complete and not self._partial:
            error = incremental.save(repo, tips, key)
            if error is not None:
                yield Counted("incremental_not_saved")
                self.progress.note(error)

    def _prefetched(self) -> Prefetch | None:
        """The prefetched selection when it is this scan's (this path, every ref) and succeeded."""
        options = self.options
        whole = not (
            options.branch
            or options.since_commit
            or options.range_spec
            or options.incremental
            or options.known_tips
        )
        if self.prefetch is None or self.prefetch.path != self.name or not whole:
            return None
        return self.prefetch.result()

    def _noted(self, record: ScanResult) -> Iterator[Outcome]:
        self._partial = self._partial or bool(record.skipped)
        return drain(record)

    def _tag_filter(self, shas: ShaList) -> ShaList | None:
        """The commits whose tags count: None (every tag) in a scan of all refs."""
        options = self.options
        whole = not (options.branch or options.since_commit or options.range_spec or options.incremental)
        return None if whole else shas

    def _listing(
        self, repo: Repo, shas: ShaList, spool_dir: str, listing: Listing, dedupe: Dedupe, workers: int
    ) -> tuple[Tasks[_ListTask | _TagTask, RangeListing], bool]:
        """Phase one, in ranges of commits listed in parallel; when they are, the tag messages are read by a
        worker beside them (the flag says so; else the caller reads them after the listing)."""
        total = len(shas)
        size = max(MIN_RANGE, -(-total // (workers * 3)))
        tasks = [
            _ListTask(
                repo,
                shas.window(start, min(total, start + size)),
                start,
                min(total, start + size),
                os.path.join(spool_dir, f"{start:010d}"),
                self.options.messages,
            )
            for start in range(0, total, size)
        ]
        payloads: list[_ListTask | _TagTask] = list(tasks)
        tags_read = self.options.messages and len(tasks) > 1
        if tags_read:
            payloads.insert(0, _TagTask(repo, self._tag_filter(shas), self.options.max_file_size))
        self.progress.stage("listing commits", total)

        def merged(part: RangeListing) -> list[Outcome]:
            if part.spool:  # a range of commits (the tags' part has no spool)
                listing.merge(part)
            for timestamp, index, finding in part.messages:
                dedupe.add(timestamp, index, finding)
            self.progress.advance(part.end - part.start)
            self._partial = self._partial or bool(part.skipped)
            return [*part.skipped, *(Counted(name, value) for name, value in part.stats.items())]

        return Tasks(_list_part, payloads, merged, "processes" if len(tasks) > 1 else "serial"), tags_read

    def _blobs(
        self,
        repo: Repo,
        listing: Listing,
        packs: PackOrder | None,
        found: dict[BlobKey, list[Finding]],
        problems: dict[bytes, list[str]],
        workers: int,
    ) -> Iterator[Item]:
        """Phase two: fills `found` (findings by blob and path profile) and `problems` (by blob)."""
        # What to read, in chain order (blobscan.chain_order): each blob once per path profile, as packed
        # ids and path ids (a list of tuples would cost four times the memory on a large history).
        ids = bytearray()
        path_ids = array("i")
        in_pack_order = packs.order(listing.blobs) if packs is not None else iter(listing.blobs)
        in_order = chain_order(in_pack_order, listing.blobs, listing.previous)
        if self.verdicts is None:
            for blob in in_order:
                ids += blob
                path_ids.append(listing.blobs[blob])
                for other in listing.more.get(blob, ()):
                    ids += blob
                    path_ids.append(other)
        else:
            known = unread_only(self.verdicts, in_order, listing, ids, path_ids, found, problems)
            if known:
                yield Counted("blobs_known", known)
        count = len(path_ids)
        width = len(ids) // count if count else 20
        parallel = workers > 1 and count >= PARALLEL_THRESHOLD
        spans = batch_spans(count, workers) if parallel else [(0, count)]
        lengths = dict(spans)
        paths = listing.paths
        profiles = listing.path_profiles
        previous = listing.previous
        max_file_size = self.options.max_file_size
        verdicts = self.verdicts

        def blob_at(i: int) -> bytes:
            return bytes(ids[i * width : (i + 1) * width])

        def batch(span: tuple[int, int]) -> _BlobBatch:
            start, length = span
            blobs = [
                BlobTask(blob_at(i).hex(), paths[path_ids[i]], previous.get(blob_at(i), b"").hex())
                for i in range(start, start + length)
            ]
            return _BlobBatch(repo, start, blobs, max_file_size)

        def scanned(done: tuple[int, BlobOutput]) -> list[Outcome]:
            start, out = done
            for position, findings in out.findings:
                i = start + position
                found[(blob_at(i), profiles[path_ids[i]])] = findings
            for position, why in out.problems:
                problems.setdefault(blob_at(start + position), []).append(why)
            if verdicts is not None:
                remember(verdicts, out, start, lengths[start], blob_at, profiles, path_ids)
            self.progress.advance(lengths[start], out.stats.get("bytes", 0))
            return [Counted(name, value) for name, value in out.stats.items()]

        self.progress.stage("reading blobs", count)
        yield Tasks(_scan_blob_batch, map(batch, spans), scanned, "processes" if len(spans) > 1 else "serial")


def batch_spans(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, length) of phase two's batches over `count` blobs: each a share of what is left (guided
    scheduling), so the first ones are large (each batch starts its own `git cat-file` and breaks a chain
    of versions) and the last ones small: the workers run out of work at about the same time instead of
    one waiting on the other's last large batch."""
    spans: list[tuple[int, int]] = []
    start = 0
    # No batch larger than a quarter of a worker's share: a batch's output is held whole until it is done.
    largest = max(MIN_BATCH, -(-count // (workers * 4)))
    while start < count:
        left = count - start
        length = min(left, largest, max(MIN_BATCH, -(-left // (workers * 2))))
        if left - length < MIN_BATCH // 2:  # no last batch of a few blobs: its git costs more than it saves
            length = left
        spans.append((start, length))
        start += length
    return spans


def scan_history(
    path: str,
    engine: Engine,
    exclude: PathFilter | None,
    options: GitOptions,
    result: ScanResult,
    *,
    decode_depth: int = 2,
    progress: Progress | None = None,
    verdicts: VerdictCache | None = None,
    on_repo: Callable[[Repo], None] | None = None,
    prefetch: Prefetch | None = None,
) -> list[Finding]:
    """One repository's history into `result`, on a pool of `options.workers` of its own; returns its
    findings (also added to `result`). Several repositories in one run share one Runner instead."""
    from secretguard.scan.runner import Runner  # noqa: PLC0415 - on use: sources do not depend on the runner

    source = HistorySource(
        path,
        options,
        decode_depth=decode_depth,
        progress=progress,
        verdicts=verdicts,
        on_repo=on_repo,
        prefetch=prefetch,
    )
    first = len(result.findings)
    with Runner(engine, workers=options.workers, exclude=exclude, result=result) as runner:
        runner.run(source)
    return result.findings[first:]


def _select(
    repo: Repo, options: GitOptions, result: ScanResult, key: str, present: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """(commits to scan, tips to remember for the next incremental scan). `present` gets the known tips
    (GitOptions.known_tips) this repository holds, which the walk left out."""
    if present is None:
        present = []
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
    if options.known_tips:
        known = existing_commits(repo, options.known_tips)
        present.extend(known)
        exclude += known
    if options.incremental:
        previous = incremental.load(repo)
        if previous is not None and previous.rules_key == key:
            exclude += existing_commits(repo, previous.tips)
        elif previous is not None:
            result.count("incremental_reset")  # the rules changed: everything is scanned again
    args = [*tips, *(f"^{sha}" for sha in exclude)]
    return rev_list(repo, result, revisions=args), tips


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


def _scan_tag_messages(
    repo: Repo,
    engine: Engine,
    commits: Sequence[str] | None,
    max_file_size: int,
    into: list[tuple[int, int, Finding]],
    record: ScanResult,
) -> None:
    """The messages of the annotated tags on `commits` (every one when None: a scan of all refs), as
    (tagger time, -1, finding) into `into`."""
    tags = annotated_tags(repo, record.skipped)
    if commits is not None:
        tags = _tags_on(tags, commits)
    if not tags:
        return
    record.count("tag_messages", len(tags))
    for seconds, finding in scan_tags(repo, engine, tags, max_file_size, record.skipped):
        into.append((seconds, -1, finding))


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
