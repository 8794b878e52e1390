"""Assemble normalized pieces of a log into chunks of bounded size, each naming its original lines."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from secretguard.scan.chunk import Chunk
from secretguard.scan.sources.ci_log.steps import Where

CHUNK_BYTES = 2 << 20
# Each size cut repeats this much of the chunk's end at the start of the next, so a multi-line secret (a PEM
# key) cut by it is still seen whole once; findings in the repeated part are reported twice and deduplicated.
OVERLAP_BYTES = 16 << 10
# Extra key of a chunk that spans several steps (removed from findings once resolved).
STEPS_KEY = "_steps"


@dataclass(slots=True)
class Piece:
    """Normalized text of consecutive lines of one log, all in one job and step."""

    data: bytes
    first_line: int
    # Original line number of each line when some were joined; None: consecutive from first_line.
    lines: array[int] | None = None

    @property
    def newlines(self) -> int:
        return self.data.count(b"\n")

    def line_count(self) -> int:
        return self.newlines + (0 if self.data.endswith(b"\n") else 1)


def _line_map(pieces: list[Piece]) -> array[int] | None:
    """None when the pieces are consecutive lines of the original; else the original line of every line."""
    expected = pieces[0].first_line
    for piece in pieces:
        newlines = piece.newlines
        if piece.lines is not None or piece.first_line != expected:
            break
        expected = piece.first_line + newlines
    else:
        return None
    out: array[int] = array("l")
    mid_line = False  # the previous piece ended inside a line (an overlong line was cut): this one goes on
    for piece in pieces:
        origin = (
            piece.lines
            if piece.lines is not None
            else range(piece.first_line, piece.first_line + piece.line_count())
        )
        out.extend(origin[1:] if mid_line else origin)
        mid_line = bool(piece.data) and not piece.data.endswith(b"\n")
    return out


class ChunkBuilder:
    """Collects pieces of one log and yields a chunk whenever they reach the target size.

    A chunk may span several steps: cutting at every step change would make a log with a group every few
    lines into thousands of tiny chunks, each paying the engine's fixed cost. The chunk's `job` and `step`
    are those of its first line; when it spans more, STEPS_KEY in its extra holds the table (JSON:
    `[[first original line, job, step], ...]`) that `findings.assign_steps` resolves on each finding.
    """

    def __init__(self, path: str, target: int = CHUNK_BYTES, overlap: int = OVERLAP_BYTES) -> None:
        self.path = path
        self.target = target
        self.overlap = overlap
        self._pieces: list[tuple[Piece, Where]] = []
        self._size = 0
        self._carry: Piece | None = None
        self._carry_where: Where = (None, None)

    def add(self, piece: Piece, where: Where) -> Iterator[Chunk]:
        if not piece.data:
            return
        if not self._pieces:
            if self._carry is not None and self._carry_where == where:
                self._pieces.append((self._carry, where))
                self._size = len(self._carry.data)
            self._carry = None
        self._pieces.append((piece, where))
        self._size += len(piece.data)
        if self._size >= self.target:
            yield self._emit(carry=True)

    def finish(self) -> Iterator[Chunk]:
        if self._pieces:
            yield self._emit(carry=False)
        self._carry = None

    def _emit(self, *, carry: bool) -> Chunk:
        entries = self._pieces
        pieces = [piece for piece, _ in entries]
        data = pieces[0].data if len(pieces) == 1 else b"".join(p.data for p in pieces)
        steps: list[tuple[int, str | None, str | None]] = []
        last_start = 0  # offset of the last step's first piece: the overlap stays inside one step
        offset = 0
        for piece, where in entries:
            if not steps or (steps[-1][1], steps[-1][2]) != where:
                steps.append((piece.first_line, *where))
                last_start = offset
            offset += len(piece.data)
        _, job, step = steps[0]
        extra: dict[str, str | None] = {"job": job, "step": step}
        if len(steps) > 1:
            extra[STEPS_KEY] = json.dumps(steps)
        chunk = Chunk(
            data=data,
            path=self.path,
            first_line=pieces[0].first_line,
            line_map=_line_map(pieces),
            extra=extra,
            place="",  # a log prints what ran: a test step's secret is as live as any other
        )
        self._pieces = []
        self._size = 0
        self._carry = self._tail(chunk, last_start) if carry else None
        self._carry_where = entries[-1][1]
        return chunk

    def _tail(self, chunk: Chunk, floor: int) -> Piece | None:
        data = chunk.data
        newline = data.find(b"\n", max(floor, len(data) - self.overlap))
        if newline < 0 or newline + 1 >= len(data):
            return None
        cut = newline + 1
        index = data.count(b"\n", 0, cut)
        lines = None
        if chunk.line_map is not None:
            lines = array("l", chunk.line_map[index:])
        return Piece(data[cut:], chunk.origin_line(index), lines)
