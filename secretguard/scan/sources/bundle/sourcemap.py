"""Source maps (v3): map a position in generated code back to its original file, line and column.

Maps are parsed lazily, only for files that have findings, and `mappings` is decoded only up to the line
asked for: the common case (a clean bundle) never pays for a map, and a finding on line 1 of a minified
file decodes just the segments before its column.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import re2

from secretguard.safe_read import RefusedInput, StrPath, read_regular_file

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
# Values are 32-bit (sign bit included): 7 digits of 5 bits each are enough.
_VLQ_MAX_SHIFT = 30
# `//# sourceMappingURL=...` (JS) or `/*# sourceMappingURL=... */` (CSS), in the last lines of a file.
_URL_COMMENT = re2.compile(rb"[#@][ \t]*sourceMappingURL=([^\s'\"*]+)")


class SourceMapError(ValueError):
    """The map is malformed or truncated; positions it cannot resolve stay unmapped."""


@dataclass(frozen=True, slots=True)
class Original:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    # The original line when the map embeds its file (sourcesContent), else None: what a caller checks the
    # position against (a value inlined by `define` is not on the line its segment names).
    line_text: str | None = field(default=None, compare=False, repr=False)


def decode_vlq(segment: str) -> list[int]:
    """Base64 VLQ: 5 data bits per digit, bit 6 continues, the lowest bit of a value is its sign."""
    values: list[int] = []
    shift = value = 0
    for char in segment:
        digit = _B64.get(char)
        if digit is None:
            raise SourceMapError(f"invalid VLQ digit {char!r}")
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            if shift > _VLQ_MAX_SHIFT:
                # A run of continuation digits would build an ever wider integer (quadratic time).
                raise SourceMapError("VLQ value too large (more than 7 digits)")
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        shift = value = 0
    if shift:
        raise SourceMapError("truncated VLQ segment")
    return values


def source_mapping_url(data: bytes) -> tuple[str | None, int]:
    """The sourceMappingURL a generated file names (the last one wins) and where its comment starts."""
    at = data.rfind(b"sourceMappingURL=")
    if at < 0 or (at < len(data) - (1 << 20) and b"data:" not in data[at : at + 40]):
        return None, len(data)
    match = _URL_COMMENT.search(data, max(0, at - 4))
    if match is None:
        return None, len(data)
    start = data.rfind(b"\n", 0, match.start()) + 1
    return match.group(1).decode("utf-8", "replace"), start


def load_map_text(
    url: str, generated_path: str, *, roots: Sequence[StrPath], max_bytes: int
) -> tuple[str, bytes] | None:
    """(map path or 'inline', JSON bytes) for a sourceMappingURL; None for remote URLs and missing files.
    A map file is read only if it is a regular file inside `roots` and within `max_bytes`: anything else
    raises RefusedInput (a FIFO would hang the scan, /dev/zero exhaust memory, ../../etc/passwd leak)."""
    if url.startswith("data:"):
        header, _, payload = url.partition(",")
        try:
            raw = base64.b64decode(payload) if header.endswith(";base64") else payload.encode()
        except (ValueError, binascii.Error):
            return None
        return "inline", raw
    if "://" in url:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(generated_path), url.split("?", 1)[0]))
    try:
        return path, read_regular_file(path, roots=roots, max_bytes=max_bytes)
    except (FileNotFoundError, NotADirectoryError):
        return None  # a map that is not deployed is the common, good case
    except OSError as exc:
        raise RefusedInput(path, f"cannot read: {exc.strerror or type(exc).__name__}") from None


@dataclass
class SourceMap:
    sources: list[str]
    mappings: str
    sources_content: list[str | None] = field(default_factory=list)
    # Decoded so far, per generated line: (generated col, source index, original line, original col).
    _lines: list[list[tuple[int, int, int, int]]] = field(default_factory=list)
    _cursor: int = 0  # offset in `mappings` of the next undecoded line
    _state: tuple[int, int, int] = (0, 0, 0)  # running source index, original line, original column
    _partial_hits: int = 0  # lookups answered by decoding the current line only up to their column

    @classmethod
    def parse(cls, raw: bytes, map_path: str = "") -> SourceMap | IndexedMap:
        """A map from its JSON: a plain map, or an indexed map (`sections`: Turbopack, some esbuild and
        webpack modes) whose sections are plain maps at given offsets of the generated file."""
        try:
            doc: Any = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SourceMapError(f"not valid JSON: {exc}") from exc
        except RecursionError:
            # Arrays nested thousands deep: the decoder recurses per level. Malformed for our purpose.
            raise SourceMapError("not valid JSON: nested too deeply") from None
        if not isinstance(doc, dict):
            raise SourceMapError("not a source map object")
        if "sections" in doc:
            return IndexedMap.from_doc(doc, map_path)
        return cls.from_doc(doc, map_path)

    @classmethod
    def from_doc(cls, doc: dict[str, Any], map_path: str) -> SourceMap:
        mappings = doc.get("mappings")
        sources = doc.get("sources")
        if not isinstance(mappings, str) or not isinstance(sources, list):
            raise SourceMapError("missing 'mappings' or 'sources'")
        root = doc.get("sourceRoot")
        root = root if isinstance(root, str) else ""
        # Only strings are names: str() of a deeply nested list would recurse as deep as the JSON did.
        resolved = [
            _resolve_source(s, root, map_path) if isinstance(s, str) else f"sources[{i}]"
            for i, s in enumerate(sources)
        ]
        content = doc.get("sourcesContent")
        contents = [c if isinstance(c, str) else None for c in content] if isinstance(content, list) else []
        return cls(sources=resolved, mappings=mappings, sources_content=contents)

    def _decode_line(
        self, text: str, state: tuple[int, int, int], stop_after: int | None = None
    ) -> tuple[list[tuple[int, int, int, int]], tuple[int, int, int]]:
        """Segments of one generated line and the running state after it. With `stop_after`, decoding ends
        at the first segment past that column (a minified bundle is one line with every segment on it)."""
        source, orig_line, orig_col = state
        segments: list[tuple[int, int, int, int]] = []
        gen_col = 0
        for segment in text.split(",") if text else ():
            values = decode_vlq(segment)
            if not values:
                continue
            gen_col += values[0]
            if stop_after is not None and gen_col > stop_after:
                break
            if len(values) >= 4:
                source += values[1]
                orig_line += values[2]
                orig_col += values[3]
                segments.append((gen_col, source, orig_line, orig_col))
        return segments, (source, orig_line, orig_col)

    def _line_text(self) -> str:
        end = self.mappings.find(";", self._cursor)
        return self.mappings[self._cursor : end if end >= 0 else len(self.mappings)]

    def _decode_until(self, line: int) -> None:
        """Decode (and keep) generated lines before `line` (0-based): their state carries into `line`."""
        while len(self._lines) < line and self._cursor <= len(self.mappings):
            text = self._line_text()
            segments, self._state = self._decode_line(text, self._state)
            self._lines.append(segments)
            self._cursor += len(text) + 1

    def original(self, line: int, column: int, value: str | None = None) -> Original | None:
        """Original position of generated (1-based) line and column, or None when unmapped.

        A position inside a segment is the segment's original position moved by the same offset when the
        token was copied verbatim (a string literal: the value's own column). With `value` (what was found
        there) and the original file embedded, that is checked: the value must be at the moved position,
        else the token is not a copy (a `define`d `process.env.X` replaced by its value) and the segment's
        own position is the answer, as every source-map consumer gives it."""
        target = column - 1
        self._decode_until(line - 1)
        if line - 1 < len(self._lines):
            segments = self._lines[line - 1]
        elif line - 1 == len(self._lines) and self._cursor <= len(self.mappings):
            text = self._line_text()
            if self._partial_hits:
                # Asked about this line before: decode it fully once, for every later lookup.
                segments, self._state = self._decode_line(text, self._state)
                self._lines.append(segments)
                self._cursor += len(text) + 1
            else:
                self._partial_hits += 1
                segments, _ = self._decode_line(text, self._state, stop_after=target)
        else:
            return None
        best = None
        low, high = 0, len(segments)
        while low < high:  # last segment starting at or before the target column
            mid = (low + high) // 2
            if segments[mid][0] <= target:
                best = segments[mid]
                low = mid + 1
            else:
                high = mid
        if best is None:
            return None
        gen_col, source, orig_line, orig_col = best
        if not 0 <= source < len(self.sources):
            return None
        # Tokens such as string literals are copied verbatim, so the offset inside the token carries over.
        column = orig_col + (target - gen_col) + 1
        if orig_line < 0 or orig_col < 0 or column < 1:
            return None  # negative deltas ran past the start of the original file
        embedded, line_text = self._original_line(source, orig_line)
        if embedded and (line_text is None or column > len(line_text) + 1):
            # A value the bundler inlined (a `define`d env variable) has no segment of its own: the last one
            # before it belongs to other code, often another file. No position beats a wrong one.
            return None
        if value is not None and column != orig_col + 1 and not _holds(line_text, column, value):
            column = orig_col + 1  # not a verbatim copy: the segment's own position
        return Original(self.sources[source], orig_line + 1, column, line_text)

    def nearest_source(self, line: int, column: int) -> int | None:
        """The source index of the last segment at or before generated (1-based) line and column, looking
        back over earlier lines when this one has none before the column; None when no segment precedes."""
        target = column - 1
        self._decode_until(line - 1)
        if line - 1 < len(self._lines):
            segments = self._lines[line - 1]
        elif line - 1 == len(self._lines) and self._cursor <= len(self.mappings):
            segments, _ = self._decode_line(self._line_text(), self._state, stop_after=target)
        else:
            segments = []
        before = [s for s in segments if s[0] <= target]
        if before:
            return before[-1][1]
        for earlier in reversed(self._lines[: line - 1]):
            if earlier:
                return earlier[-1][1]
        return None

    def _original_line(self, source: int, line: int) -> tuple[bool, str | None]:
        """Whether the map embeds the original file, and its line `line` (0-based; None past its end)."""
        content = self.sources_content[source] if source < len(self.sources_content) else None
        if content is None:
            return False, None
        lines = content.split("\n", line + 1)
        return True, lines[line] if line < len(lines) else None

    @property
    def all_sources(self) -> list[str]:
        return self.sources

    @property
    def all_contents(self) -> list[tuple[str, str | None]]:
        return [
            (self.sources[i] if i < len(self.sources) else f"sources[{i}]", content)
            for i, content in enumerate(self.sources_content)
        ]

    @property
    def source_texts(self) -> list[tuple[str, str | None]]:
        """Every source with its embedded text (None when the map does not embed it), index for index."""
        contents = self.sources_content
        return [(source, contents[i] if i < len(contents) else None) for i, source in enumerate(self.sources)]


@dataclass
class IndexedMap:
    """An indexed source map: plain maps at (line, column) offsets of the generated file, in order."""

    sections: list[tuple[int, int, SourceMap]]

    @classmethod
    def from_doc(cls, doc: dict[str, Any], map_path: str) -> IndexedMap:
        raw = doc.get("sections")
        if not isinstance(raw, list):
            raise SourceMapError("'sections' is not a list")
        sections: list[tuple[int, int, SourceMap]] = []
        for number, section in enumerate(raw):
            offset = section.get("offset") if isinstance(section, dict) else None
            line = offset.get("line") if isinstance(offset, dict) else None
            column = offset.get("column") if isinstance(offset, dict) else None
            inner = section.get("map") if isinstance(section, dict) else None
            if not isinstance(line, int) or not isinstance(column, int) or line < 0 or column < 0:
                raise SourceMapError(f"section {number}: no valid offset")
            if not isinstance(inner, dict):
                # `url` sections (a map fetched from elsewhere) are allowed by the spec, written by no tool.
                raise SourceMapError(f"section {number}: no embedded map")
            if "sections" in inner:
                raise SourceMapError(f"section {number}: nested indexed map")
            if sections and (line, column) < sections[-1][:2]:
                raise SourceMapError(f"section {number}: offsets out of order")
            sections.append((line, column, SourceMap.from_doc(inner, map_path)))
        return cls(sections)

    def original(self, line: int, column: int, value: str | None = None) -> Original | None:
        """Original position of generated (1-based) line and column: the section it falls in decides."""
        at = (line - 1, column - 1)
        index = bisect.bisect_right([(s[0], s[1]) for s in self.sections], at) - 1
        if index < 0:
            return None
        start_line, start_column, inner = self.sections[index]
        inner_line = at[0] - start_line
        inner_column = at[1] - (start_column if inner_line == 0 else 0)
        return inner.original(inner_line + 1, inner_column + 1, value)

    def nearest_source(self, line: int, column: int) -> int | None:
        """Like SourceMap.nearest_source, as an index into `source_texts` (the sections' sources in order)."""
        at = (line - 1, column - 1)
        index = bisect.bisect_right([(s[0], s[1]) for s in self.sections], at) - 1
        if index < 0:
            return None
        start_line, start_column, inner = self.sections[index]
        inner_line = at[0] - start_line
        inner_column = at[1] - (start_column if inner_line == 0 else 0)
        found = inner.nearest_source(inner_line + 1, inner_column + 1)
        if found is None:
            return None
        return sum(len(s[2].sources) for s in self.sections[:index]) + found

    @property
    def all_sources(self) -> list[str]:
        return [source for _, _, inner in self.sections for source in inner.sources]

    @property
    def all_contents(self) -> list[tuple[str, str | None]]:
        return [pair for _, _, inner in self.sections for pair in inner.all_contents]

    @property
    def source_texts(self) -> list[tuple[str, str | None]]:
        return [pair for _, _, inner in self.sections for pair in inner.source_texts]


def _holds(text: str | None, column: int, value: str) -> bool:
    """Whether `value` starts at (1-based) `column` of the original line `text` (unknown text: no)."""
    return text is not None and text.startswith(value, column - 1)


# Virtual prefixes bundlers put before project paths: `webpack://_N_E/./app/page.tsx` (webpack, with its
# library name), `turbopack:///[project]/app/page.tsx` (Turbopack), `vite:///`, `file://`.
# (Python's re: names may hold lone surrogates, which RE2 cannot take; the pattern is anchored and linear.)
_VIRTUAL = re.compile(r"^(?:webpack://[^/]*/|webpack:///|turbopack:///(?:\[project\]/)?|vite:///|file://)")


def _resolve_source(source: str, root: str, map_path: str) -> str:
    """A readable original path. Behind a bundler's virtual prefix the path is the project's own
    (`app/page.tsx`); otherwise it is relative to `sourceRoot` and to the map's folder."""
    stripped = _VIRTUAL.sub("", source, count=1)
    if stripped != source:
        return posixpath.normpath(stripped) if stripped else source
    if root and not source.startswith("/"):
        source = posixpath.join(root, source)
    if map_path and map_path != "inline" and not source.startswith("/") and "://" not in source:
        return posixpath.normpath(posixpath.join(posixpath.dirname(map_path), source))
    return source
