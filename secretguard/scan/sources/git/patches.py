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

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

# The header `git log --format` prints before each commit. NUL cannot occur in a text diff (git treats a file
# holding NUL as binary), so a line starting with NUL is always ours.
HEADER_MARK = b"\x00SG1 "
LOG_FORMAT = "%x00SG1 %H %ct %P%n%an%x00%ae%x00%aI%n%B%x00"
READ_LIMIT = 1 << 20
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


def _hunk_start(line: bytes, parents: int) -> int:
    """New-file line number where a hunk's added lines start: `@@ -a,b +c,d @@` -> c."""
    fields = line.split(b" ", parents + 2)
    if len(fields) < parents + 2:
        return 1
    token = fields[parents + 1]
    if not token.startswith(b"+"):
        return 1
    try:
        return int(token[1:].split(b",", 1)[0])
    except ValueError:
        return 1


class _File:
    """The file diff being read."""

    __slots__ = ("buf", "combined", "in_hunks", "line", "lines", "path", "size", "skipping", "total")

    def __init__(self, path: str, combined: int) -> None:
        self.path = path
        self.combined = combined  # parent columns of a combined diff; 0 for an ordinary diff
        self.in_hunks = False
        self.buf: list[bytes] = []
        self.lines: list[int] = []
        self.size = 0
        self.total = 0
        self.line = 1
        self.skipping = False


def parse(
    stream: BinaryIO,
    *,
    commits: bool,
    max_file_size: int,
    piece_size: int = PIECE_SIZE,
    parents: int = 1,
) -> Iterator[Event]:
    """Events for the patch text read from `stream` (see the module docstring). `parents` gives the column
    count of combined diffs when there are no commit headers (a merge diffed on its own)."""
    readline = stream.readline
    current: _File | None = None
    continuing = False  # the previous read ended inside a line longer than READ_LIMIT
    extending = False  # ... and that line was an added line being kept

    def flush(file: _File) -> Iterator[Event]:
        if file.buf:
            yield Added(file.path, b"".join(file.buf), file.lines)
            file.buf = []
            file.lines = []
            file.size = 0

    while True:
        line = readline(READ_LIMIT)
        if not line:
            break
        complete = line.endswith(b"\n")
        if continuing:
            continuing = not complete
            if extending and current is not None and not current.skipping:
                current.buf.append(line)
                current.size += len(line)
                current.total += len(line)
                if current.total > max_file_size:
                    current.skipping = True
                    current.buf, current.lines, current.size = [], [], 0
                    yield TooLarge(current.path, max_file_size)
            if not continuing:
                extending = False
            continue
        continuing = not complete
        extending = False
        first = line[:1]
        if current is not None and current.in_hunks:
            width = current.combined or 1
            if first == b"+" or (current.combined and first == b" "):
                prefix = line[:width]
                if b"-" in prefix:
                    continue
                number = current.line
                current.line += 1
                if prefix.count(b"+") != width or current.skipping:
                    continue
                body = line[width:]
                if current.size >= piece_size:
                    yield from flush(current)
                current.buf.append(body)
                current.lines.append(number)
                current.size += len(body)
                current.total += len(body)
                extending = continuing
                if current.total > max_file_size:
                    current.skipping = True
                    current.buf, current.lines, current.size = [], [], 0
                    extending = False
                    yield TooLarge(current.path, max_file_size)
                continue
            if first in (b"-", b"\\", b"\n"):
                continue
            if first == b"@":
                current.line = _hunk_start(line, width)
                continue
            # Anything else ends the file diff: a new one, or the next commit.
        if first == b"d" and line.startswith(b"diff "):
            if current is not None:
                yield from flush(current)
            combined = parents if line.startswith((b"diff --cc ", b"diff --combined ")) else 0
            current = _File(_path_from_diff_line(line), combined)
            continue
        if commits and line.startswith(HEADER_MARK):
            if current is not None:
                yield from flush(current)
                current = None
            header = _read_header(line, readline)
            parents = max(1, len(header.parents))
            yield header
            continue
        if current is None:
            continue
        if first == b"@":
            current.in_hunks = True
            current.line = _hunk_start(line, current.combined or 1)
        elif line.startswith(b"+++ "):
            target = line[4:]
            if target.rstrip(b"\n") != b"/dev/null":
                current.path = unquote_path(target)
        elif line.startswith(b"rename to "):
            current.path = unquote_path(line[len(b"rename to ") :])
        elif line.startswith(b"Binary files "):
            if not line.rstrip(b"\n").endswith(b"/dev/null differ"):
                yield Binary(current.path)
            current.skipping = True
        elif line.endswith(b" 160000\n") and line.startswith((b"new file mode", b"index ", b"new mode")):
            yield Gitlink(current.path)
            current.skipping = True
            current.in_hunks = True  # the `+Subproject commit ...` lines that follow are not text
    if current is not None:
        yield from flush(current)


def _read_header(first: bytes, readline: Callable[[int], bytes]) -> CommitHeader:
    """Parse LOG_FORMAT: `\\0SG1 <sha> <ctime> <parents>`, `name\\0email\\0date`, then the message up to NUL."""
    fields = first[len(HEADER_MARK) :].decode("ascii", "replace").split()
    sha = fields[0] if fields else ""
    try:
        timestamp = int(fields[1]) if len(fields) > 1 else 0
    except ValueError:
        timestamp = 0
    parents = tuple(fields[2:])
    meta = readline(READ_LIMIT)
    parts = meta.rstrip(b"\n").split(b"\x00")
    while len(parts) < 3:
        parts.append(b"")
    message: list[bytes] = []
    size = 0
    while True:
        line = readline(READ_LIMIT)
        if not line:
            break
        if line.endswith(b"\x00\n") or line == b"\x00":
            message.append(line[: line.rfind(b"\x00")])
            break
        if size < (1 << 20):  # a message longer than 1 MiB is cut: none is, outside of attacks
            message.append(line)
            size += len(line)
    return CommitHeader(
        sha=sha,
        timestamp=timestamp,
        parents=parents,
        author=parts[0].decode("utf-8", "replace"),
        email=parts[1].decode("utf-8", "replace"),
        date=parts[2].decode("utf-8", "replace"),
        message=b"".join(message),
    )
