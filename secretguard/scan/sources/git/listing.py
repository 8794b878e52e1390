"""Phase one of a history scan: what each commit changes, as blob ids, from `git log --raw` (no content read).

For every commit: its metadata and message, and one entry per file it adds or modifies (path, new blob, the
blob(s) it replaced), written to a spool file on disk so that memory does not grow with the history. What is
kept in memory is the set of distinct new blobs to read (phase two) and a few facts per commit.

Merges are listed as combined raw diffs (`-c`): only paths that differ from every parent, with the blob of
each parent, so a file merged unchanged from a branch is not read again. Renames are not detected (it would
make git read and compare contents); a file moved within a commit shows as a deletion and an addition, and
phase three treats the blobs deleted in a commit as the previous content of the files it adds.

A commit git cannot list (a missing tree, a missing parent) is retried on its own, then listed as its whole
tree; only what cannot be read at all is skipped, and named.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, overload

from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.sources.git.patches import CONFIG_OPTIONS, HEADER_MARK, LOG_FORMAT, CommitHeader
from secretguard.scan.sources.git.repo import Repo, first_error, git_command, run

_BLOCK = 1 << 20
_SHA_IN_TEXT = re.compile(rb"\b[0-9a-f]{40}\b")
_MARK = HEADER_MARK[1:]  # the NUL that starts it is the token separator under -z
_GITLINK = b"160000"
# One `git log` per this many commits: a commit git refuses before printing anything costs at most one
# batch of one-by-one retries.
LIST_BATCH = 8000
RAW_OPTIONS = (
    "--raw",
    "-c",  # merges: paths that differ from every parent, with each parent's blob
    "--no-renames",
    "--no-abbrev",
    "-z",
    "--no-notes",
    "--no-mailmap",
    "--encoding=UTF-8",
)


class ShaList(Sequence[str]):
    """Commit ids packed as bytes (20 per commit instead of a ~100-byte string): a large history's list is
    held by the parent and every worker for the whole scan."""

    def __init__(self, shas: Sequence[str]) -> None:
        self.width = len(shas[0]) // 2 if shas else 20
        self.packed = bytes.fromhex("".join(shas))

    def __len__(self) -> int:
        return len(self.packed) // self.width

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.packed[index * self.width : (index + 1) * self.width].hex()

    def window(self, start: int, end: int) -> ShaWindow:
        """Commits [start, end), indexed as here: what one listing task carries to its worker."""
        return ShaWindow(self.packed[start * self.width : end * self.width], self.width, start)


class ShaWindow(Sequence[str]):
    """A slice of a ShaList that keeps the whole list's indices (a RangeLister works by index); the indices
    before `start` hold nothing."""

    def __init__(self, packed: bytes, width: int, start: int) -> None:
        self.packed = packed
        self.width = width
        self.start = start

    def __len__(self) -> int:
        return self.start + len(self.packed) // self.width

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        offset = index - self.start
        if not self.start <= index < len(self):
            raise IndexError(index)
        return self.packed[offset * self.width : (offset + 1) * self.width].hex()


@dataclass(slots=True)
class _Pending:
    """The commit being read: its header and what it changes (kept until the commit is complete)."""

    index: int
    header: CommitHeader
    entries: list[tuple[bytes, bytes, tuple[bytes, ...]]] = field(default_factory=list)  # path, new, olds
    deleted: list[bytes] = field(default_factory=list)
    submodules: int = 0


def _is_null(oid: bytes) -> bool:
    return not oid.strip(b"0")


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated tokens of a `-z` output, read a block at a time."""
    tail = b""
    while True:
        block = stream.read(_BLOCK)
        if not block:
            break
        parts = (tail + block).split(b"\0")
        tail = parts.pop()
        yield from parts
    if tail:
        yield tail


def _raw_entry(meta: bytes, path: bytes, pending: _Pending) -> None:
    """`:old new oldsha newsha S` (or `::m1 m2 m3 s1 s2 s3 SS` for a merge) and its path."""
    parents = len(meta) - len(meta.lstrip(b":"))
    fields = meta[parents:].split(b" ")
    if parents < 1 or len(fields) < 2 * parents + 2:
        return
    new_mode = fields[parents]
    new = fields[2 * parents + 1]
    olds = tuple(oid for oid in fields[parents + 1 : 2 * parents + 1] if not _is_null(oid))
    if _is_null(new):
        pending.deleted.extend(olds)
    elif new_mode == _GITLINK:
        pending.submodules += 1
    elif not new_mode.startswith(b"04"):  # a tree: only with a non-recursive diff
        pending.entries.append((path, new, olds))


def parse_header(token: bytes, email: bytes, rest: bytes) -> CommitHeader:
    """LOG_FORMAT as three -z tokens: `SG1 <sha> <ctime> <parents>\\n<name>`, `<email>` and
    `<date>\\n<message>`."""
    first, _, name = token.partition(b"\n")
    fields = first[len(_MARK) :].decode("ascii", "replace").split()
    date, _, message = rest.partition(b"\n")
    try:
        timestamp = int(fields[1]) if len(fields) > 1 else 0
    except ValueError:
        timestamp = 0
    if not -(1 << 63) <= timestamp < 1 << 63:
        timestamp = 0  # kept in a signed 64-bit array; git's own timestamps are unsigned 64-bit
    return CommitHeader(
        sha=fields[0] if fields else "",
        timestamp=timestamp,
        parents=tuple(fields[2:]),
        author=name.decode("utf-8", "replace"),
        email=email.decode("utf-8", "replace"),
        date=date.decode("utf-8", "replace"),
        message=message,  # whole, however long: scanned in pieces (messages.py), never cut
    )


@dataclass(slots=True)
class RangeListing:
    """What listing one range of commits produced (in a worker): returned to the parent, which merges it."""

    start: int
    end: int
    spool: str  # the file holding the range's entries (see Listing)
    timestamps: array[int]
    authors: list[tuple[str, str, str] | None]
    # (binary blob id, raw path): each blob once per path profile met in the range.
    occurrences: list[tuple[bytes, bytes]] = field(default_factory=list)
    # Binary blob id -> a blob it replaced (none for an added file, a merge): see `note_previous`.
    previous: dict[bytes, bytes] = field(default_factory=dict)
    messages: list[tuple[int, int, Finding]] = field(default_factory=list)  # (timestamp, index, finding)
    stats: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n


ScanMessage = Callable[[CommitHeader, list[Skipped]], list[Finding]]


class RangeLister:
    """Lists commits [start, end) of `commits` into a RangeListing and its spool file (in a worker), going
    on past damaged commits.

    Spool records, in commit order (newest first), a commit's deletions before its entries:
    `D <index> <oid>,<oid>...\n` and `E <index> <new oid> <old oids or -> <path length>\n<path>\n`.
    """

    def __init__(
        self,
        repo: Repo,
        commits: Sequence[str],
        start: int,
        end: int,
        spool: str,
        excluded: Callable[[str], bool],
        profile: Callable[[str], object],
        scan_message: ScanMessage | None,
    ) -> None:
        self.repo = repo
        self.commits = commits
        self.out = RangeListing(
            start, end, spool, array("q", bytes(8 * (end - start))), [None] * (end - start)
        )
        self.file = open(spool, "wb")  # noqa: SIM115 - closed in run()
        self._excluded = excluded
        self._profile = profile
        self._scan_message = scan_message
        self._paths: dict[bytes, object] = {}  # raw path -> its profile, or None when excluded
        self._sent: set[tuple[bytes, object]] = set()  # (blob, profile) already in out.occurrences

    def run(self) -> RangeListing:
        try:
            start, end = self.out.start, self.out.end
            while start < end:
                start = _list_batch(self, start, end)
        finally:
            self.file.close()
        return self.out

    def _path_profile(self, raw: bytes) -> object:
        if raw in self._paths:
            return self._paths[raw]
        path = raw.decode("utf-8", "surrogateescape")
        known = None if self._excluded(path) else self._profile(path)
        self._paths[raw] = known
        return known

    def commit(self, pending: _Pending) -> None:
        """Record a complete commit."""
        index, header = pending.index, pending.header
        out = self.out
        out.count("commits")
        out.timestamps[index - out.start] = header.timestamp
        out.authors[index - out.start] = (sys.intern(header.author), sys.intern(header.email), header.date)
        if self._scan_message is not None and header.message.strip():
            for finding in self._scan_message(header, out.skipped):
                out.messages.append((header.timestamp, index, finding))
        if pending.submodules:
            out.count("submodules_skipped", pending.submodules)
        if not pending.entries:
            return
        write = self.file.write
        if pending.deleted:
            write(b"D %d %s\n" % (index, b",".join(pending.deleted)))
        for raw_path, new, olds in pending.entries:
            out.count("files")
            profile = self._path_profile(raw_path)
            if profile is None:
                out.count("excluded")
                continue
            try:
                blob = bytes.fromhex(new.decode("ascii"))
            except ValueError:  # not an object id: git never prints one, damaged output might
                out.count("unreadable_entries")
                continue
            note_previous(out.previous, blob, olds[0] if len(olds) == 1 else b"")
            if (blob, profile) not in self._sent:
                self._sent.add((blob, profile))
                out.occurrences.append((blob, raw_path))
            write(b"E %d %s %s %d\n%s\n" % (index, new, b",".join(olds) or b"-", len(raw_path), raw_path))


def note_previous(previous: dict[bytes, bytes], blob: bytes, old: bytes) -> None:
    """Record a version `blob` replaced (hex `old`; b"" for none: an added file, a merge of several): the
    first one met is kept. Phase two reads a blob right after that version and scans only what changed."""
    if not old or blob in previous:
        return
    try:
        previous[blob] = bytes.fromhex(old.decode("ascii"))
    except ValueError:
        return


class Listing:
    """Phase one's product, merged from the ranges: commit facts by topological index, the distinct new blobs
    (each with a path for every path profile it was committed under), and the spool files."""

    def __init__(
        self, commits: Sequence[str], excluded: Callable[[str], bool], profile: Callable[[str], object]
    ) -> None:
        self.commits = commits
        self.timestamps = array("q", bytes(8 * len(commits)))
        self.authors: list[tuple[str, str, str] | None] = [None] * len(commits)
        # Distinct new blobs (binary id) -> the id of the first path they were seen at; `more` holds further
        # paths only when they have another profile (then the blob is scanned under each).
        self.blobs: dict[bytes, int] = {}
        self.more: dict[bytes, list[int]] = {}
        self.previous: dict[bytes, bytes] = {}  # blob -> a version it replaced (RangeListing)
        self.paths: list[str] = []
        self.path_profiles: list[object] = []
        self._path_ids: dict[bytes, int] = {}
        self._excluded = excluded
        self._profile = profile
        self.spools: list[tuple[int, str]] = []

    def path_id(self, raw: bytes) -> int:
        """The id of a path, or -1 when the path is excluded from the scan."""
        known = self._path_ids.get(raw)
        if known is None:
            path = raw.decode("utf-8", "surrogateescape")
            if self._excluded(path):
                known = -1
            else:
                known = len(self.paths)
                self.paths.append(path)
                self.path_profiles.append(self._profile(path))
            self._path_ids[raw] = known
        return known

    def merge(self, part: RangeListing) -> None:
        self.timestamps[part.start : part.end] = part.timestamps
        self.authors[part.start : part.end] = part.authors
        self.spools.append((part.start, part.spool))
        profiles = self.path_profiles
        previous = self.previous
        for blob, old in part.previous.items():
            previous.setdefault(blob, old)
        for blob, raw_path in part.occurrences:
            path_id = self.path_id(raw_path)
            first = self.blobs.setdefault(blob, path_id)
            if first == path_id or profiles[first] == profiles[path_id]:
                continue
            extra = self.more.setdefault(blob, [])
            if all(profiles[p] != profiles[path_id] for p in extra):
                extra.append(path_id)

    def scanned_under(self, blob: bytes, profile: object) -> bool:
        """Whether phase two reads `blob` under a path of this profile."""
        first = self.blobs.get(blob)
        if first is None:
            return False
        if self.path_profiles[first] == profile:
            return True
        return any(self.path_profiles[p] == profile for p in self.more.get(blob, ()))


def _list_batch(lister: RangeLister, start: int, end: int) -> int:
    """List commits [start, end) with one git log; returns where to go on from (past a damaged commit)."""
    commits = lister.commits
    repo = lister.repo
    expected = start
    end = min(end, start + LIST_BATCH)
    pending: _Pending | None = None
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as ids:
        ids.write("".join(f"{sha}\n" for sha in commits[start:end]).encode())
        ids.seek(0)
        args = ["log", "--no-walk=unsorted", *RAW_OPTIONS, f"--format={LOG_FORMAT}", "--stdin"]
        try:
            proc = subprocess.Popen(
                git_command(repo, *CONFIG_OPTIONS, *args), stdin=ids, stdout=subprocess.PIPE, stderr=errors
            )
        except OSError as exc:
            lister.out.skipped.append(Skipped("history", f"cannot run git log: {exc}"))
            return end
        assert proc.stdout is not None
        try:
            tokens = _tokens(proc.stdout)
            for token in tokens:
                body = token.lstrip(b"\n")
                if not body:
                    continue
                if body.startswith(_MARK):
                    if pending is not None:
                        lister.commit(pending)
                        pending = None
                    header = parse_header(body, next(tokens, b""), next(tokens, b""))
                    index = _position(commits, header.sha, expected, end)
                    if index < 0:
                        continue  # not a commit we asked for: cannot happen with --no-walk
                    pending = _Pending(index, header)
                    expected = index + 1
                elif body[:1] == b":" and pending is not None:
                    _raw_entry(body, next(tokens, b""), pending)
        finally:
            proc.stdout.close()
            code = proc.wait()
        errors.seek(0)
        stderr = errors.read(64 << 10)
    if code == 0:
        if pending is not None:
            lister.commit(pending)
        return end
    # git stopped. The commit it was printing is listed on its own and a new git goes on after it.
    if pending is not None:
        culprit = pending.index
    elif expected > start:
        # The commits before `expected` were listed whole (then came a header cut short): go on after them.
        return expected
    else:
        # It stopped before printing anything: at the commit it names, or somewhere it does not say.
        named = [m.decode() for m in _SHA_IN_TEXT.findall(stderr)]
        positions = [p for p in (_position(commits, sha, start, end) for sha in named) if p >= 0]
        if positions and positions[0] > start:
            return _list_batch(lister, start, positions[0])  # the commits before it first
        if not positions and end - start > 1:
            return _list_batch(lister, start, start + (end - start) // 2)  # halve until it is found
        culprit = start
    _list_alone(lister, culprit, first_error(stderr))
    return culprit + 1


def _position(commits: Sequence[str], sha: str, expected: int, end: int) -> int:
    if expected < end and commits[expected] == sha:
        return expected
    for i in range(expected, end):
        if commits[i] == sha:
            return i
    return -1


def _list_alone(lister: RangeLister, index: int, error: str) -> None:
    """A commit `git log` could not list: its header from the object, then its changes against its parents,
    or, when a parent cannot be read, its whole tree as added (nothing is missed)."""
    repo, out = lister.repo, lister.out
    sha = lister.commits[index]
    header = read_commit(repo, sha)
    if header is None:
        out.skipped.append(Skipped(f"commit {sha}", f"cannot read the commit: {error}"))
        return
    pending = _Pending(index, header)
    diff = run(repo, *CONFIG_OPTIONS, "diff-tree", "-r", "--root", "--no-commit-id", *RAW_OPTIONS, sha)
    if diff.returncode == 0:
        tokens = iter(diff.stdout.split(b"\0"))
        for token in tokens:
            body = token.lstrip(b"\n")
            if body[:1] == b":":
                _raw_entry(body, next(tokens, b""), pending)
        lister.commit(pending)
        return
    tree = run(repo, *CONFIG_OPTIONS, "ls-tree", "-r", "-z", "--full-tree", sha)
    if tree.returncode != 0:
        out.skipped.append(
            Skipped(
                f"commit {sha}",
                f"cannot read its changes ({first_error(diff.stderr)}) "
                f"nor its tree: {first_error(tree.stderr)}",
            )
        )
        lister.commit(_Pending(index, header))  # its message is still scanned
        return
    for entry in tree.stdout.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 3:
            continue
        if fields[1] == b"commit":
            pending.submodules += 1
        elif fields[1] == b"blob":
            pending.entries.append((path, fields[2], ()))
    out.count("commits_scanned_whole")
    lister.commit(pending)


def read_commit(repo: Repo, sha: str) -> CommitHeader | None:
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
            # ASCII digits only (str.isdigit takes `²`, which int() refuses), and no more than a date has.
            seconds = int(stamp) if stamp.isascii() and stamp.isdigit() and len(stamp) <= 18 else 0
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
        offset = timezone(timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign)
    except ValueError:  # not a zone, or one of 24 hours or more
        offset = timezone(timedelta(0))
    try:
        return datetime.fromtimestamp(seconds, offset).isoformat()
    except (OverflowError, OSError, ValueError):  # a date past what the platform can represent
        return ""
