"""Parse the patch text of `git log -p -U0` and `git diff -U0` as a stream: the lines each commit adds.

Only what is needed is kept in memory: the added lines of the current file diff, cut into pieces of at most
`piece_size` bytes, and never more than `max_file_size` bytes of one file diff (the rest is reported as not
scanned). Lines longer than the read limit arrive in parts and are joined up to that same bound.

Events, in stream order:
- `CommitHeader` when a new commit starts (only with `commits=True`, i.e. the LOG_FORMAT header is present);
- `Added`: a piece of the lines one file diff adds, with the new-file line number of each line;
- `Binary`, `Gitlink`: a file diff that has no text to scan (a binary file, a submodule pointer);
- `TooLarge`: a file diff whose added lines went past `max_file_size`; what came after was not scanned.

Combined diffs of merge commits (`--cc`) are understood: a line counts as added only when it is new against
every parent (`++`), that is, text the merge itself introduced (a conflict resolution, an "evil merge"),
never text already scanned in the branch that was merged.

This module imports nothing heavy: the pre-commit path uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

# The header `git log --format` prints before each commit. NUL cannot occur in a text diff (git treats a file
# holding NUL as binary), so a line starting with NUL is always ours.
HEADER_MARK = b"\x00SG1 "
LOG_FORMAT = "%x00SG1 %H %ct %P%n%an%x00%ae%x00%aI%n%B%x00"
BLOCK = 1 << 20
PIECE_SIZE = 4 << 20

# Options for every patch-producing git command: a stable text format whatever the user's configuration.
DIFF_OPTIONS = (
    "-U0",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--no-relative",
    "--find-renames",
)
CONFIG_OPTIONS = (
    "-c",
    "core.quotePath=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "-c",
    "color.ui=never",
)


@dataclass(frozen=True, slots=True)
class CommitHeader:
    sha: str
    timestamp: int  # committer date, seconds since the epoch
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # author date, ISO 8601
    message: bytes


@dataclass(frozen=True, slots=True)
class Added:
    path: str
    data: bytes
    lines: list[int]  # new-file line number of each line of `data`


@dataclass(frozen=True, slots=True)
class Binary:
    path: str


@dataclass(frozen=True, slots=True)
class Gitlink:
    path: str


@dataclass(frozen=True, slots=True)
class TooLarge:
    path: str
    limit: int


Event = CommitHeader | Added | Binary | Gitlink | TooLarge

_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def unquote_path(raw: bytes) -> str:
    """A path as git prints it (C-quoted when it holds special characters), without the a/ or b/ prefix."""
    raw = raw.rstrip(b"\n").rstrip(b"\r")
    if raw.endswith(b"\t"):
        raw = raw[:-1]  # git ends a name holding a space with a tab on ---/+++ lines
    if raw.startswith(b'"') and raw.endswith(b'"') and len(raw) >= 2:
        out = bytearray()
        body = raw[1:-1]
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == 92 and i + 1 < len(body):  # backslash
                nxt = body[i + 1]
                if (
                    48 <= nxt <= 55
                    and i + 3 < len(body) + 0
                    and all(48 <= c <= 55 for c in body[i + 1 : i + 4])
                ):
                    out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
                    i += 4
                    continue
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            out.append(ch)
            i += 1
        raw = bytes(out)
    if raw.startswith((b"a/", b"b/")):
        raw = raw[2:]
    return raw.decode("utf-8", "surrogateescape")


def _path_from_diff_line(line: bytes) -> str:
    """Best effort path from `diff --git a/X b/Y` or `diff --cc X` (used when no +++ line follows)."""
    rest = line.rstrip(b"\n")
    if rest.startswith(b"diff --git "):
        rest = rest[len(b"diff --git ") :]
        if rest.endswith(b'"'):
            start = rest.rfind(b' "')
            return unquote_path(rest[start + 1 :]) if start >= 0 else unquote_path(rest)
        cut = rest.rfind(b" b/")
        return unquote_path(rest[cut + 1 :]) if cut >= 0 else unquote_path(rest)
    for prefix in (b"diff --cc ", b"diff --combined "):
        if rest.startswith(prefix):
            return unquote_path(rest[len(prefix) :])
    return unquote_path(rest)


def _counts(token: bytes) -> tuple[int, int]:
    """`-a,b` or `+c,d` (`,b` absent means 1) -> (start, count)."""
    start, _, count = token[1:].partition(b",")
    try:
        return int(start), int(count) if count else 1
    except ValueError:
        return 1, 0


class _Lines:
    """Lines (without their newline) read a block at a time; split and sliced at C speed.

    A line longer than `limit` is not kept: it is replaced by its first byte and a NUL (which no text diff
    line holds), and the rest of it is read past without being stored."""

    __slots__ = ("dropping", "eof", "limit", "lines", "pos", "stream", "tail", "tail_size")

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.lines: list[bytes] = []
        self.pos = 0
        self.tail: list[bytes] = []
        self.tail_size = 0
        self.eof = False
        self.dropping = False

    def _fill(self) -> bool:
        while not self.eof:
            data = self.stream.read(BLOCK)
            if not data:
                self.eof = True
                if self.tail and not self.dropping:
                    self.lines, self.pos = [b"".join(self.tail)], 0
                    self.tail, self.tail_size = [], 0
                    return True
                return False
            if self.dropping:
                cut = data.find(b"\n")
                if cut < 0:
                    continue
                data = data[cut + 1 :]
                self.dropping = False
            parts = data.split(b"\n")
            rest = parts.pop()
            if parts and self.tail:
                self.tail.append(parts[0])
                parts[0] = b"".join(self.tail)
                self.tail, self.tail_size = [], 0
            if rest:
                self.tail.append(rest)
                self.tail_size += len(rest)
                if self.tail_size > self.limit:
                    parts.append(self.tail[0][:1] + b"\0")
                    self.tail, self.tail_size = [], 0
                    self.dropping = True
            if parts:
                self.lines, self.pos = parts, 0
                return True
        return False

    def next(self) -> bytes | None:
        if self.pos >= len(self.lines) and not self._fill():
            return None
        line = self.lines[self.pos]
        self.pos += 1
        return line

    def peek(self) -> bytes | None:
        if self.pos >= len(self.lines) and not self._fill():
            return None
        return self.lines[self.pos]

    def take(self, count: int) -> list[bytes]:
        """Up to `count` lines, as few as the buffer holds (at least one unless at the end)."""
        if self.pos >= len(self.lines) and not self._fill():
            return []
        end = min(len(self.lines), self.pos + count)
        out = self.lines[self.pos : end]
        self.pos = end
        return out


class _File:
    """The file diff being read."""

    __slots__ = ("buf", "combined", "lines", "path", "size", "skipping", "total")

    def __init__(self, path: str, combined: int) -> None:
        self.path = path
        self.combined = combined  # parent columns of a combined diff; 0 for an ordinary diff
        self.buf: list[bytes] = []
        self.lines: list[int] = []
        self.size = 0
        self.total = 0
        self.skipping = False

    def add(self, body: bytes, numbers: range | list[int], max_file_size: int) -> TooLarge | None:
        """Keep added text (lines already joined, each ending in a newline); None, or the TooLarge event."""
        if self.skipping:
            return None
        self.total += len(body)
        if self.total > max_file_size or b"\0" in body:
            self.skipping = True
            self.buf, self.lines, self.size = [], [], 0
            return TooLarge(self.path, max_file_size)
        self.buf.append(body)
        self.lines.extend(numbers)
        self.size += len(body)
        return None

    def flush(self) -> Added | None:
        if not self.buf:
            return None
        event = Added(self.path, b"".join(self.buf), self.lines)
        self.buf, self.lines, self.size = [], [], 0
        return event


def _join_added(lines: list[bytes], width: int) -> bytes:
    """`+a`, `+b` -> b"a\nb\n" (the prefix columns dropped), at C speed for ordinary diffs."""
    if width == 1:
        return (b"\n" + b"\n".join(lines)).replace(b"\n+", b"\n")[1:] + b"\n"
    return b"".join(line[width:] + b"\n" for line in lines)


def parse(
    stream: IO[bytes],
    *,
    commits: bool,
    max_file_size: int,
    piece_size: int = PIECE_SIZE,
    parents: int = 1,
) -> Iterator[Event]:
    """Events for the patch text read from `stream` (see the module docstring). `parents` gives the column
    count of combined diffs when there are no commit headers (a merge diffed on its own).

    Ordinary diffs are read a hunk at a time: with -U0 a hunk `@@ -a,b +c,d @@` is b removed lines then d
    added ones, so the added lines are one slice and their numbers one range. Combined diffs go line by line.
    """
    reader = _Lines(stream, max_file_size)
    current: _File | None = None
    while True:
        line = reader.next()
        if line is None:
            break
        first = line[:1]
        if first == b"@" and current is not None:
            if current.combined:
                yield from _combined_hunk(reader, current, line, max_file_size, piece_size)
            else:
                yield from _hunk(reader, current, line, max_file_size, piece_size)
            continue
        if first in (b"-", b"+", b" ", b"\\", b"") and (current is None or not line.startswith(b"+++ ")):
            continue  # lines of a hunk already consumed, or blank separators
        if first == b"d" and line.startswith(b"diff "):
            if current is not None and (event := current.flush()) is not None:
                yield event
            combined = parents if line.startswith((b"diff --cc ", b"diff --combined ")) else 0
            current = _File(_path_from_diff_line(line), combined)
            continue
        if commits and line.startswith(HEADER_MARK):
            if current is not None and (event := current.flush()) is not None:
                yield event
            current = None
            header = _read_header(line, reader)
            parents = max(1, len(header.parents))
            yield header
            continue
        if current is None:
            continue
        if line.startswith(b"+++ "):
            target = line[4:]
            if target != b"/dev/null":
                current.path = unquote_path(target)
        elif line.startswith(b"rename to "):
            current.path = unquote_path(line[len(b"rename to ") :])
        elif line.startswith(b"Binary files "):
            if not line.endswith(b"/dev/null differ"):
                yield Binary(current.path)
            current.skipping = True
        elif line.endswith(b" 160000") and line.startswith((b"new file mode", b"index ", b"new mode")):
            yield Gitlink(current.path)
            current.skipping = True
    if current is not None and (event := current.flush()) is not None:
        yield event


def _hunk(reader: _Lines, file: _File, header: bytes, max_file_size: int, piece_size: int) -> Iterator[Event]:
    fields = header.split(b" ", 3)
    if len(fields) < 3 or not fields[2].startswith(b"+"):
        return
    _, removed = _counts(fields[1])
    start, added = _counts(fields[2])
    while removed > 0:
        skipped = len(reader.take(removed))
        if not skipped:
            return
        removed -= skipped
    nxt = reader.peek()
    if nxt is not None and nxt[:1] == b"\\":
        reader.next()  # "\ No newline at end of file" after the removed lines
    number = start
    while added > 0:
        lines = reader.take(min(added, 8192))
        if not lines:
            return
        added -= len(lines)
        if file.skipping:
            number += len(lines)
            continue
        if lines[0][:1] != b"+" or lines[-1][:1] != b"+":
            # Not the -U0 shape this reader expects: keep only what is surely added, line by line.
            lines = [ln for ln in lines if ln[:1] == b"+"]
            if not lines:
                continue  # nothing added: an empty piece would be one line of data with no line number
        too_large = file.add(_join_added(lines, 1), range(number, number + len(lines)), max_file_size)
        number += len(lines)
        if too_large is not None:
            yield too_large
        elif file.size >= piece_size and (event := file.flush()) is not None:
            yield event


def _combined_hunk(
    reader: _Lines, file: _File, header: bytes, max_file_size: int, piece_size: int
) -> Iterator[Event]:
    """A hunk of a merge's dense combined diff: only lines new against every parent (`++`) are added."""
    width = file.combined
    fields = header.split(b" ", width + 2)
    if len(fields) < width + 2:
        return
    number, total = _counts(fields[width + 1])
    seen = 0
    plus = b"+" * width
    while seen < total:
        line = reader.peek()
        if line is None or line[:1] not in (b"+", b"-", b" ", b"\\"):
            return
        reader.next()
        prefix = line[:width]
        if line[:1] == b"\\" or b"-" in prefix:
            continue
        seen += 1
        if prefix == plus:
            if file.size >= piece_size and (event := file.flush()) is not None:
                yield event
            too_large = file.add(line[width:] + b"\n", [number], max_file_size)
            if too_large is not None:
                yield too_large
        number += 1


def _read_header(first: bytes, reader: _Lines) -> CommitHeader:
    """Parse LOG_FORMAT: `\\0SG1 <sha> <ctime> <parents>`, `name\\0email\\0date`, the message up to NUL."""
    fields = first[len(HEADER_MARK) :].decode("ascii", "replace").split()
    sha = fields[0] if fields else ""
    try:
        timestamp = int(fields[1]) if len(fields) > 1 else 0
    except ValueError:
        timestamp = 0
    parents = tuple(fields[2:])
    meta = reader.next() or b""
    parts = meta.split(b"\x00")
    while len(parts) < 3:
        parts.append(b"")
    message: list[bytes] = []
    size = 0
    while True:
        line = reader.next()
        if line is None:
            break
        if line.endswith(b"\x00"):
            message.append(line[:-1])
            break
        if size < (1 << 20):  # a message longer than 1 MiB is cut: none is, outside of attacks
            message.append(line + b"\n")
            size += len(line) + 1
    return CommitHeader(
        sha=sha,
        timestamp=timestamp,
        parents=parents,
        author=parts[0].decode("utf-8", "replace"),
        email=parts[1].decode("utf-8", "replace"),
        date=parts[2].decode("utf-8", "replace"),
        message=b"".join(message),
    )
