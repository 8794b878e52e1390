"""Source maps (v3): map a position in generated code back to its original file, line and column.

Maps are parsed lazily, only for files that have findings, and `mappings` is decoded only up to the line
asked for: the common case (a clean bundle) never pays for a map, and a finding on line 1 of a minified
file decodes just the segments before its column.
"""

from __future__ import annotations

import base64
import binascii
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import re2

from secretguard.safe_read import RefusedInput, StrPath, read_regular_file

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
# `//# sourceMappingURL=...` (JS) or `/*# sourceMappingURL=... */` (CSS), in the last lines of a file.
_URL_COMMENT = re2.compile(rb"[#@][ \t]*sourceMappingURL=([^\s'\"*]+)")


class SourceMapError(ValueError):
    """The map is malformed or truncated; positions it cannot resolve stay unmapped."""


@dataclass(frozen=True, slots=True)
class Original:
    file: str
    line: int  # 1-based
    column: int  # 1-based


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
    def parse(cls, raw: bytes, map_path: str = "") -> SourceMap:
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
            raise SourceMapError("indexed source maps (sections) are not supported")
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

    def original(self, line: int, column: int) -> Original | None:
        """Original position of generated (1-based) line and column, or None when unmapped."""
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
        return Original(self.sources[source], orig_line + 1, orig_col + (target - gen_col) + 1)


def _resolve_source(source: str, root: str, map_path: str) -> str:
    """A readable original path: webpack:// and similar schemes stripped, relative to the map's folder."""
    for prefix in ("webpack:///", "webpack://", "file://", "vite:///"):
        if source.startswith(prefix):
            source = source[len(prefix) :]
            break
    if root and not source.startswith("/"):
        source = posixpath.join(root, source)
    if map_path and map_path != "inline" and not source.startswith(("/", "webpack")) and "://" not in source:
        return posixpath.normpath(posixpath.join(posixpath.dirname(map_path), source))
    return source
