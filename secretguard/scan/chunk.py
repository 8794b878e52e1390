"""The unit of text every source hands to the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Source-specific location facts carried onto findings: commit, author, job, step, original_file...
Extra = Mapping[str, str | int | bool | None]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Bytes to scan, and how to name a position inside them.

    `line_map` is for chunks whose lines are not contiguous in the origin (the added lines of a diff, a
    normalized CI log): `line_map[i]` is the origin line number of line i (0-based) of `data`.
    """

    data: bytes
    path: str
    first_line: int = 1
    line_map: Sequence[int] | None = None
    extra: Extra = field(default_factory=dict)
    # The path whose place (test, docs, vendored...) bears on confidence, when it is not `path`: a source
    # map's embedded file is judged by its original name; a CI log has no such place ("").
    place: str | None = None
    # Whether the file this chunk is a part of looks minified, when the chunk is only a part of it (judged
    # on the whole, not on the part).
    minified: bool | None = None

    @property
    def place_path(self) -> str:
        return self.path if self.place is None else self.place

    def origin_line(self, index: int) -> int:
        """Origin line number for the 0-based line `index` of `data`."""
        if self.line_map is not None:
            if 0 <= index < len(self.line_map):
                return self.line_map[index]
            return self.line_map[-1] if self.line_map else self.first_line
        return self.first_line + index
