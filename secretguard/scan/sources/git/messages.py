"""Commit and annotated tag messages, scanned whole: a long one in overlapping pieces, never cut.

A message of any length is scanned to its end. Past `PIECE` bytes it goes to the engine in pieces that
overlap by at least `OVERLAP` bytes, each starting at a line start where one is near: a secret (or a
multi-line key) that one piece cuts is whole in the next, and each finding is reported by one piece only.

Annotated tags are objects of their own, with a tagger and a message that no commit holds: they are read
with `git cat-file --batch` (a message over the size limit is scanned up to it, and the rest is named as not
scanned) and reported at `<tag message>`, with the tag's name in a `tag` field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from secretguard.scan.chunk import Chunk, Extra
from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.pathtext import printable_path
from secretguard.scan.sources.git.catfile import stream_blobs
from secretguard.scan.sources.git.repo import Repo, first_error, run

if TYPE_CHECKING:  # typing only: the engine is handed in
    from secretguard.scan.engine import Engine

MESSAGE_PATH = "<commit message>"
TAG_PATH = "<tag message>"
PIECE = 1 << 20
# More than any secret the engine keeps (8 KiB) and than a multi-line rule's window (16 KiB).
OVERLAP = 64 << 10


@dataclass(frozen=True, slots=True)
class Piece:
    text: bytes
    line: int  # the line number of its first line
    shift: int  # characters of that line before the piece (a piece starts mid-line in a long line)
    # The findings it reports: those starting in [own_from, own_to) of `text`. Neighbouring pieces own
    # adjacent spans that meet mid-overlap, so every finding is reported once, by a piece that holds it whole
    # with at least OVERLAP / 2 bytes of context on each side (never a key cut at a piece's end).
    own_from: int
    own_to: int


def pieces(message: bytes) -> Iterator[Piece]:
    """The pieces of `message` to scan; one when it is short."""
    size = len(message)
    start, line, shift, owned = 0, 1, 0, 0
    while True:
        end = min(size, start + PIECE + OVERLAP)
        if end < size:
            newline = message.rfind(b"\n", start + PIECE, end)
            end = newline + 1 if newline >= 0 else end
        if end >= size:
            yield Piece(message[start:end], line, shift, owned - start, end - start)
            return
        boundary = end - OVERLAP // 2
        yield Piece(message[start:end], line, shift, owned - start, boundary - start)
        # The next piece starts at the start of the line holding `end - OVERLAP`, unless that line is long
        # (then mid-line, and the overlap still holds any secret whole).
        floor = end - 2 * OVERLAP
        newline = message.rfind(b"\n", floor, end - OVERLAP)
        following = newline + 1 if newline >= 0 else floor
        line += message.count(b"\n", start, following)
        line_start = message.rfind(b"\n", 0, following) + 1
        shift = len(message[line_start:following].decode("utf-8", "replace"))
        start, owned = following, boundary


def scan_message(engine: Engine, message: bytes, path: str, extra: Extra, notes: list[str]) -> list[Finding]:
    """Findings in a whole message (with `extra` on each); what could not be examined goes to `notes`."""
    if not engine.could_find(message, path):
        return []  # most messages: not one pattern hits them
    found: list[Finding] = []
    for piece in pieces(message):
        for finding in engine.scan(Chunk(data=piece.text, path=path, first_line=piece.line), notes):
            if not piece.own_from <= finding.offset < piece.own_to:
                continue  # the neighbouring piece reports it
            if piece.shift and finding.line == piece.line:  # columns count from the line's start
                finding.column += piece.shift
                if finding.end_line == piece.line:
                    finding.end_column += piece.shift
            found.append(replace(finding, extra=dict(extra)))
    return found


@dataclass(frozen=True, slots=True)
class Tag:
    name: str  # refs/tags/ stripped; surrogate-escaped when not UTF-8
    oid: str  # the tag object
    target: str  # the object it peels to (a commit, usually)


def annotated_tags(repo: Repo, skipped: list[Skipped]) -> list[Tag]:
    """Every annotated tag under refs/tags (lightweight tags have no message)."""
    proc = run(
        repo, "for-each-ref", "--format=%(objecttype) %(objectname) %(*objectname) %(refname)", "refs/tags"
    )
    if proc.returncode != 0:
        skipped.append(Skipped("refs/tags", f"cannot list tags: {first_error(proc.stderr)}"))
        return []
    tags: list[Tag] = []
    for line in proc.stdout.split(b"\n"):
        fields = line.split(b" ", 3)
        if len(fields) == 4 and fields[0] == b"tag":
            name = fields[3].decode("utf-8", "surrogateescape").removeprefix("refs/tags/")
            tags.append(Tag(name, fields[1].decode("ascii", "replace"), fields[2].decode("ascii", "replace")))
    return tags


def _tagger(header: bytes) -> tuple[str, str, str, int]:
    """(name, email, ISO date, seconds) from a tag object's `tagger` line."""
    for line in header.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key != b"tagger":
            continue
        name, _, rest = value.decode("utf-8", "replace").partition(" <")
        email, _, when = rest.partition("> ")
        stamp, _, zone = when.partition(" ")
        seconds = int(stamp) if stamp.isdigit() else 0
        return name, email, _iso(seconds, zone), seconds
    return "", "", "", 0


def _iso(seconds: int, zone: str) -> str:
    try:
        sign = -1 if zone.startswith("-") else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        return datetime.fromtimestamp(seconds, timezone(offset)).isoformat()
    except (ValueError, OverflowError, OSError):
        return ""


def scan_tags(
    repo: Repo, engine: Engine, tags: Sequence[Tag], max_size: int, skipped: list[Skipped]
) -> list[tuple[int, Finding]]:
    """(tagger time, finding) for each finding in the messages of `tags`."""
    out: list[tuple[int, Finding]] = []
    for tag, obj in zip(tags, stream_blobs(repo, [t.oid for t in tags], max_size), strict=True):
        where = f"tag {printable_path(tag.name)}"
        if obj.kind != "tag":
            skipped.append(Skipped(where, f"cannot read the tag object {tag.oid}"))
            continue
        header, _, message = obj.data.partition(b"\n\n")
        if obj.cut:
            skipped.append(
                Skipped(where, f"tag larger than the size limit ({max_size} bytes); the rest was not scanned")
            )
        if not message.strip():
            continue
        name, email, date, seconds = _tagger(header)
        extra: dict[str, str | int | bool | None] = {
            "commit": tag.target,
            "author": name,
            "email": email,
            "date": date,
            "tag": printable_path(tag.name),
        }
        notes: list[str] = []
        out += [(seconds, f) for f in scan_message(engine, message, TAG_PATH, extra, notes)]
        skipped += [Skipped(f"{where}:{TAG_PATH}", note) for note in notes]
    return out
