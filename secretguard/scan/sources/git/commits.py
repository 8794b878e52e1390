"""Scan a batch of commits: one `git log -p` over the batch, streamed, parsed and scanned as it arrives.

A batch is the unit of parallel work (see history.py). When git stops on a damaged commit (a missing blob or
tree), what it printed so far is kept, the commit it stopped in is retried file by file so that only what
cannot be read is skipped (and named), and the rest of the batch is read by a new git process.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.sources.git.patches import (
    CONFIG_OPTIONS,
    DIFF_OPTIONS,
    LOG_FORMAT,
    Added,
    Binary,
    CommitHeader,
    Event,
    Gitlink,
    TooLarge,
    parse,
)
from secretguard.scan.sources.git.repo import Repo, first_error, git_command, run

MESSAGE_PATH = "<commit message>"
_SHA_IN_TEXT = re.compile(r"\b[0-9a-f]{40}\b")
LOG_OPTIONS = (
    "--no-walk=unsorted",
    "--full-history",
    "--cc",  # merges: only what the merge adds against every parent (conflict resolutions)
    # Deleted files add nothing: without them git neither inflates nor prints their old content (renames are
    # paired before the filter applies, so they stay renames).
    "--diff-filter=d",
    "--no-notes",
    "--no-mailmap",
    "--encoding=UTF-8",
    f"--format={LOG_FORMAT}",
)


@dataclass(slots=True)
class BatchOutput:
    """What one batch found: findings with the commit's (timestamp, topological index), counters, skips."""

    findings: list[tuple[int, int, Finding]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n


@dataclass(slots=True)
class ScanContext:
    """Everything a worker needs; built once in the parent and inherited by forked workers."""

    repo: Repo
    engine: Any  # secretguard.scan.engine.Engine (kept loose so workers can hold a light engine)
    exclude: Any  # compiled re2 pattern of excluded paths, or None
    max_file_size: int
    messages: bool = True


class _Batch:
    def __init__(self, ctx: ScanContext, base: int, commits: Sequence[str], out: BatchOutput) -> None:
        self.ctx = ctx
        self.out = out
        self.index = {sha: base + i for i, sha in enumerate(commits)}
        self.header: CommitHeader | None = None
        self.extra: dict[str, Any] = {}
        self.timestamp = 0
        self.position = 0

    def begin(self, header: CommitHeader, *, count: bool = True) -> None:
        self.header = header
        self.timestamp = header.timestamp
        self.position = self.index.get(header.sha, 0)
        self.extra = {
            "commit": header.sha,
            "author": header.author,
            "email": header.email,
            "date": header.date,
        }
        if count:
            self.out.count("commits")
            if self.ctx.messages and header.message.strip():
                self.scan(Chunk(data=header.message, path=MESSAGE_PATH, extra=self.extra))

    def scan(self, chunk: Chunk) -> None:
        exclude = self.ctx.exclude
        if exclude is not None and exclude.search(chunk.path):
            self.out.count("excluded")
            return
        notes: list[str] = []
        for finding in self.ctx.engine.scan(chunk, notes):
            self.out.findings.append((self.timestamp, self.position, finding))
        for note in notes:  # what the engine could not examine (capped matches): the scan is partial
            commit = str(self.extra.get("commit") or "")
            self.out.skipped.append(Skipped(f"{commit[:12]}:{chunk.path}" if commit else chunk.path, note))

    def handle(self, events: Iterable[Event], *, count_headers: bool = True) -> None:
        sha = ""
        for event in events:
            if isinstance(event, CommitHeader):
                sha = event.sha
                self.begin(event, count=count_headers)
            elif isinstance(event, Added):
                self.out.count("files")
                self.out.count("bytes", len(event.data))
                self.scan(Chunk(data=event.data, path=event.path, line_map=event.lines, extra=self.extra))
            elif isinstance(event, Binary):
                self.out.count("binary_skipped")
            elif isinstance(event, Gitlink):
                self.out.count("submodules_skipped")
            elif isinstance(event, TooLarge):
                where = f"{(sha or self.extra.get('commit') or '')[:12]}:{event.path}"
                self.out.skipped.append(
                    Skipped(
                        where,
                        f"diff adds more than the size limit ({event.limit} bytes); the rest was not scanned",
                    )
                )


def _stream(
    ctx: ScanContext,
    args: Sequence[str],
    stdin: bytes | None,
    batch: _Batch,
    *,
    commits: bool,
    parents: int = 1,
    count_headers: bool = True,
) -> tuple[int, bytes]:
    """Run a patch-producing git command and feed its events to `batch`. Returns (exit code, stderr)."""
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                git_command(ctx.repo, *CONFIG_OPTIONS, *args),
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except OSError as exc:
            return 255, str(exc).encode()
        assert proc.stdout is not None
        try:
            if stdin is not None:
                assert proc.stdin is not None
                try:
                    # git reads all of --stdin before it writes anything, so this cannot deadlock.
                    proc.stdin.write(stdin)
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
            events = parse(proc.stdout, commits=commits, max_file_size=ctx.max_file_size, parents=parents)
            batch.handle(events, count_headers=count_headers)
        finally:
            proc.stdout.close()
            code = proc.wait()
        errors.seek(0)
        return code, errors.read(64 << 10)


def scan_batch(ctx: ScanContext, base: int, commits: Sequence[str]) -> BatchOutput:
    """Scan `commits` (their topological indexes start at `base`), going on past damaged ones."""
    out = BatchOutput()
    batch = _Batch(ctx, base, commits, out)
    remaining = list(commits)
    while remaining:
        batch.header = None
        stdin = "".join(f"{sha}\n" for sha in remaining).encode()
        code, stderr = _stream(
            ctx, ["log", "-p", *DIFF_OPTIONS, *LOG_OPTIONS, "--stdin"], stdin, batch, commits=True
        )
        if code == 0:
            break
        if batch.header is not None and batch.header.sha in remaining:
            culprit = batch.header.sha
            # Its header was counted already; the retry must not count it twice.
            out.count("commits", -1)
        else:
            named = [s for s in _SHA_IN_TEXT.findall(stderr.decode("ascii", "replace")) if s in batch.index]
            culprit = named[0] if named and named[0] in remaining else remaining[0]
        _scan_commit_by_file(ctx, batch, culprit, first_error(stderr))
        remaining = remaining[remaining.index(culprit) + 1 :] if culprit in remaining else remaining[1:]
    return out


def _scan_commit_by_file(ctx: ScanContext, batch: _Batch, sha: str, error: str) -> None:
    """Retry one commit that made `git log` fail: its header, then each changed file on its own. When even
    its parent cannot be read, the whole tree of the commit is scanned as added (nothing is missed)."""
    out = batch.out
    header = _read_commit(ctx.repo, sha)
    if header is None:
        out.skipped.append(Skipped(f"commit {sha}", f"cannot read the commit: {error}"))
        return
    batch.begin(header)
    parents = max(1, len(header.parents))
    listing = run(
        ctx.repo,
        "diff-tree",
        "-r",
        "-z",
        "--no-commit-id",
        "--root",
        "--cc",
        "--find-renames",
        "--name-only",
        sha,
    )
    if listing.returncode != 0:
        _scan_whole_tree(ctx, batch, sha, first_error(listing.stderr))
        return
    paths = [p for p in listing.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    for path in paths:
        args = ["diff-tree", "-r", "-p", *DIFF_OPTIONS, "--root", "--cc", "--no-commit-id", sha, "--", path]
        code, stderr = _stream(ctx, args, None, batch, commits=False, parents=parents, count_headers=False)
        if code != 0:
            out.skipped.append(Skipped(f"{sha[:12]}:{path}", f"cannot read: {first_error(stderr)}"))


def _scan_whole_tree(ctx: ScanContext, batch: _Batch, sha: str, why: str) -> None:
    empty = run(ctx.repo, "hash-object", "-t", "tree", "/dev/null").stdout.decode("ascii", "replace").strip()
    args = ["diff-tree", "-r", "-p", *DIFF_OPTIONS, empty, f"{sha}^{{tree}}"]
    code, stderr = _stream(ctx, args, None, batch, commits=False, count_headers=False)
    batch.out.count("commits_scanned_whole")
    if code != 0:
        batch.out.skipped.append(
            Skipped(f"commit {sha}", f"cannot read its changes ({why}) nor its tree: {first_error(stderr)}")
        )


def _read_commit(repo: Repo, sha: str) -> CommitHeader | None:
    """The commit's metadata straight from its object (git log refuses a commit whose parent is missing)."""
    proc = run(repo, "cat-file", "commit", sha)
    if proc.returncode != 0:
        return None
    head, _, message = proc.stdout.partition(b"\n\n")
    parents: list[str] = []
    author, email, date, timestamp = "", "", "", 0
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"parent":
            parents.append(value.decode("ascii", "replace"))
        elif key in (b"author", b"committer"):
            name, _, rest = value.decode("utf-8", "replace").partition(" <")
            mail, _, when = rest.partition("> ")
            stamp, _, zone = when.partition(" ")
            seconds = int(stamp) if stamp.isdigit() else 0
            if key == b"author":
                author, email, date = name, mail, _iso(seconds, zone)
            else:
                timestamp = seconds
    return CommitHeader(
        sha=sha,
        timestamp=timestamp,
        parents=tuple(parents),
        author=author,
        email=email,
        date=date,
        message=message,
    )


def _iso(seconds: int, zone: str) -> str:
    from datetime import datetime, timedelta, timezone  # noqa: PLC0415 - only for damaged commits

    try:
        sign = -1 if zone.startswith("-") else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    except ValueError:
        offset = timedelta(0)
    return datetime.fromtimestamp(seconds, timezone(offset)).isoformat()
