"""One log as a stream of chunks: read blocks, sniff the dialect, normalize, follow steps, cut chunks."""

from __future__ import annotations

import itertools
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from secretguard.safe_read import RefusedInput
from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.names import unquoted
from secretguard.scan.sources.ci_log.chunker import CHUNK_BYTES, ChunkBuilder, Piece
from secretguard.scan.sources.ci_log.dialect import SNIFF_BYTES, Dialect, sniff
from secretguard.scan.sources.ci_log.inputs import Member
from secretguard.scan.sources.ci_log.masks import MaskSet
from secretguard.scan.sources.ci_log.normalize import Normalized, binary_share, normalize
from secretguard.scan.sources.ci_log.reader import read_blocks
from secretguard.scan.sources.ci_log.steps import StepTracker

# What a damaged input raises while it is read: truncated or corrupt gzip, bad zip member, unreadable file, a
# zip member whose local header holds a name that is not the UTF-8 its flags say (UnicodeDecodeError).
READ_ERRORS = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    RefusedInput,
    UnicodeDecodeError,
)
# A log whose first kilobytes are mostly binary lines is not a log (an image, an executable).
BINARY_FILE_SHARE = 0.3
# Binary line numbers kept for the skip note (the count is exact).
BINARY_LINES_KEPT = 5


@dataclass(frozen=True, slots=True)
class CiLogOptions:
    dialect: Dialect | None = None  # None: sniff each log
    unmasked: bool = True  # report `::add-mask::` values printed unmasked (log-unmasked-value)
    chunk_bytes: int = CHUNK_BYTES


def _pieces(norm: Normalized, first_line: int) -> Iterator[tuple[Piece | None, str, str]]:
    """The block cut at each marker: (piece before it, marker kind, value); a final (rest, "", "")."""
    data = norm.data

    def piece(start: int, end: int | None, data: bytes) -> Piece:
        if norm.line_map is None:
            return Piece(data, first_line + start)
        lines = array("l", (first_line + o for o in norm.line_map[start:end]))
        return Piece(data, lines[0] if lines else first_line, lines)

    cuts = [e for e in norm.events if e[1] != "mask" and e[0] > 0]
    masks = [e for e in norm.events if e[1] == "mask"]
    for _, kind, value in masks:
        yield None, kind, value
    for _, kind, value in (e for e in norm.events if e[1] != "mask" and e[0] == 0):
        yield None, kind, value
    if not cuts:
        yield piece(0, None, data), "", ""
        return
    lines = data.split(b"\n")
    start = 0
    for line, kind, value in cuts:
        if line > start:
            yield piece(start, line, b"\n".join(lines[start:line]) + b"\n"), kind, value
            start = line
        else:
            yield None, kind, value
    yield piece(start, None, b"\n".join(lines[start:])), "", ""


def member_chunks(
    member: Member, options: CiLogOptions, result: ScanResult, masks: MaskSet | None
) -> Iterator[Chunk]:
    """The normalized chunks of one log. Damage is recorded in `result`; what was readable is yielded."""
    builder = ChunkBuilder(member.path, options.chunk_bytes)
    line = 1
    binary: list[int] = []  # the first binary lines' numbers, for the skip note
    binary_count = 0
    try:
        with member.open() as stream:
            blocks = read_blocks(stream)
            head = next(blocks, b"")
            if binary_share(head[:SNIFF_BYTES]) > BINARY_FILE_SHARE:
                result.skipped.append(Skipped(member.path, "binary content, not a text log: not scanned"))
                return
            dialect = options.dialect or sniff(head)
            tracker = StepTracker(dialect, member.job, member.step)
            result.count("files")
            result.count(f"ci_log_{dialect}")
            for index, block in enumerate(itertools.chain((head,), blocks)):
                result.count("bytes", len(block))
                norm = normalize(block, dialect, first=index == 0)
                binary_count += len(norm.binary_lines)
                binary += [line + i for i in norm.binary_lines[: max(0, BINARY_LINES_KEPT - len(binary))]]
                for piece, kind, value in _pieces(norm, line):
                    if piece is not None:
                        yield from builder.add(piece, tracker.where)
                    if kind == "mask":
                        if masks is not None:
                            masks.add(value)
                    elif kind:
                        tracker.apply(kind, value)
                line += block.count(b"\n")
            yield from builder.finish()
    except READ_ERRORS as exc:
        yield from builder.finish()
        reason = _describe(exc)
        result.skipped.append(Skipped(member.path, f"{reason}: read up to line {line}, the rest not scanned"))
    if binary:
        shown = ", ".join(str(n) for n in binary[:5]) + (", ..." if binary_count > 5 else "")
        result.skipped.append(
            Skipped(
                member.path, f"binary data on {binary_count} line(s) not scanned (line {shown}); the rest was"
            )
        )


def _describe(exc: BaseException) -> str:
    # zipfile's messages quote the member's name, which can hold a secret: the skipped item names it.
    if isinstance(exc, EOFError):
        return "truncated compressed data"
    if isinstance(exc, RefusedInput):
        return exc.reason
    if isinstance(exc, zlib.error | zipfile.BadZipFile):
        return f"corrupt compressed data ({unquoted(exc)})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {unquoted(exc)}"
