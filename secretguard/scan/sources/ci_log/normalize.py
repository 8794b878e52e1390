"""Normalize a block of whole log lines: take away what the CI added around the output, keep the line count.

Detection runs on what a person reads in the CI's web view: no timestamps, no colour codes, no section
markers, only the last state of a line a progress bar rewrote with CR. Every step here works on a whole block
with C-speed regex passes and never removes a newline, so line i of the result is line i of the input and
chunks need no per-line map. The one exception, GitLab's `+` continuation lines (the runner split one long
line), is joined in a slower per-line path that returns a map of original line offsets.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from secretguard.scan.sources.ci_log.dialect import Dialect

# (0-based line index in the block, kind, value): group/endgroup, section_start/section_end, open/close
# (Jenkins pipeline blocks), mask (an ::add-mask:: value).
Event = tuple[int, str, str]

_TS = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
# Patterns start with the newline before the line (the block gets one prepended): Python's regex engine
# then jumps between newlines instead of trying a `^` at every byte.
_STAMP = re.compile(rb"\n\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? ?")
# GitLab runner (FF_TIMESTAMPS): stamp, stream id, O/E, and ' ' or '+' (continues the line before).
_GITLAB_STAMP = re.compile(rb"\n" + _TS + rb"\.\d{6}Z [0-9a-f]{2}[EO][ +]")
# Jenkins' timestamper plugin: `[2024-05-01T12:00:00.123Z] `.
_BRACKET_STAMP = re.compile(rb"\n\[" + _TS + rb"(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\] ?")
_GITLAB_HEADER = re.compile(_TS + rb"\.\d{6}Z [0-9a-f]{2}[EO]([ +])")
_GITLAB_CONTINUATION = re.compile(rb"\n" + _TS + rb"\.\d{6}Z [0-9a-f]{2}[EO]\+")
_SECTION = re.compile(rb"section_(start|end):\d+:([A-Za-z0-9_.-]+)(?:\[[^\]\n]*\])?\r?(?:\x1b\[0?K)?")
# CSI (colours, erase line), OSC (titles, links), and the two-byte escapes.
_ANSI = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|[()][0-9A-Za-z]|[@-Z\\-_])")
# Everything up to the last CR of a line: the terminal showed only what came after it.
_CR_OVERWRITE = re.compile(rb"\n[^\n]*\r")
_GROUP = re.compile(rb"\n(?:##\[group\]|::group::)([^\n]*)")
_ENDGROUP = re.compile(rb"\n(?:##\[endgroup\]|::endgroup::)")
_MASK = re.compile(rb"::add-mask::([^\n]*)")
_OPEN = re.compile(rb"\n\[Pipeline\] \{(?: \(([^\n]*)\))?[ \t]*(?=\n|$)")
_CLOSE = re.compile(rb"\n\[Pipeline\] \}[ \t]*(?=\n|$)")

# Control bytes that never occur in text output (tab, newline, CR, VT, FF and ESC do).
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_NOT_CONTROLS = bytes(b for b in range(256) if b not in _CONTROLS)
_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class Normalized:
    data: bytes
    # Offsets of each result line from the block's first original line; None when line i is line i.
    line_map: array[int] | None = None
    events: list[Event] = field(default_factory=list)
    # Lines blanked because they held binary data (0-based, in the block as read, before any joining).
    binary_lines: list[int] = field(default_factory=list)


def is_binary_line(line: bytes) -> bool:
    controls = len(line.translate(None, _NOT_CONTROLS))
    return b"\x00" in line or (controls >= 2 and controls * 10 >= len(line))


def binary_share(block: bytes) -> float:
    """Share of binary lines in a block (to tell a binary file from a log with some garbage in it)."""
    lines = block.split(b"\n")
    return sum(1 for line in lines if is_binary_line(line)) / max(1, len(lines))


def _blank_binary(block: bytes) -> tuple[bytes, list[int]]:
    if not block.translate(None, _NOT_CONTROLS):
        return block, []
    lines = block.split(b"\n")
    blanked = [i for i, line in enumerate(lines) if is_binary_line(line)]
    for i in blanked:
        lines[i] = b""
    return b"\n".join(lines), blanked


def _join_gitlab_continuations(block: bytes) -> tuple[bytes, array[int]]:
    """Strip GitLab's timestamp headers, appending each `+` (continuation) line to the line before it."""
    ends_with_newline = block.endswith(b"\n")
    lines = (block[:-1] if ends_with_newline else block).split(b"\n")
    out: list[bytes] = []
    offsets: array[int] = array("l")
    for index, line in enumerate(lines):
        header = _GITLAB_HEADER.match(line)
        body = line[header.end() :] if header else line
        if header and header.group(1) == b"+" and out:
            out[-1] += body
            continue
        out.append(body)
        offsets.append(index)
    return b"\n".join(out) + (b"\n" if ends_with_newline else b""), offsets


def _lines_of(data: bytes, positions: list[int]) -> list[int]:
    """0-based line index of each (sorted) byte position."""
    out: list[int] = []
    line = previous = 0
    for position in positions:
        line += data.count(b"\n", previous, position)
        previous = position
        out.append(line)
    return out


def _mask_value(data: bytes, start: int, value: bytes) -> str:
    value = value.strip()
    # `+ echo '::add-mask::VALUE'` under `set -x`: the closing quote is the shell's, not the value's.
    quote = data[start - 1 : start]
    if quote in (b"'", b'"') and value.endswith(quote):
        value = value[:-1]
    return value.decode("utf-8", "replace")


def _section_events(data: bytes) -> tuple[bytes, list[Event]]:
    matches = list(_SECTION.finditer(data))
    if not matches:
        return data, []
    lines = _lines_of(data, [m.start() for m in matches])
    events: list[Event] = [
        (line, f"section_{m.group(1).decode()}", m.group(2).decode("ascii", "replace"))
        for line, m in zip(lines, matches, strict=True)
    ]
    return _SECTION.sub(b"", data), events


def _marker_events(data: bytes, dialect: Dialect) -> list[Event]:
    """Step markers and mask commands in a normalized block, in order."""
    prefixed = b"\n" + data
    # (position in `data`, kind, value). A match of a newline-led pattern at p in `prefixed` is a line
    # that starts at p in `data`.
    found: list[tuple[int, str, str]] = []
    if dialect == "github" and b"group" in data:
        found += [(m.start(), "group", _text(m.group(1))) for m in _GROUP.finditer(prefixed)]
        found += [(m.start(), "endgroup", "") for m in _ENDGROUP.finditer(prefixed)]
    if dialect == "jenkins" and b"[Pipeline] " in data:
        found += [(m.start(), "open", _text(m.group(1) or b"")) for m in _OPEN.finditer(prefixed)]
        found += [(m.start(), "close", "") for m in _CLOSE.finditer(prefixed)]
    if b"::add-mask::" in data:
        found += [(m.start(), "mask", _mask_value(data, m.start(), m.group(1))) for m in _MASK.finditer(data)]
    if not found:
        return []
    found.sort(key=lambda item: item[0])
    lines = _lines_of(data, [position for position, _, _ in found])
    return [(line, kind, value) for line, (_, kind, value) in zip(lines, found, strict=True)]


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").strip()


def _strip(pattern: re.Pattern[bytes], block: bytes) -> bytes:
    """Remove `pattern` (which starts with the newline before a line) at every line start."""
    # split + join is faster than sub when nearly every line matches.
    return b"\n".join(pattern.split(b"\n" + block))[1:]


def normalize(block: bytes, dialect: Dialect, *, first: bool = False) -> Normalized:
    """Normalize whole lines (a block may end mid-line only where a line was too long to keep whole)."""
    if first and block.startswith(_BOM):
        block = block[len(_BOM) :]
    block, binary = _blank_binary(block)
    line_map: array[int] | None = None
    if dialect == "gitlab" and _GITLAB_CONTINUATION.search(b"\n" + block):
        block, line_map = _join_gitlab_continuations(block)
    data = _strip(_GITLAB_STAMP if dialect == "gitlab" else _STAMP, block)
    if dialect == "jenkins":
        data = _strip(_BRACKET_STAMP, data)
    events: list[Event] = []
    if dialect == "gitlab" and b"section_" in data:
        data, events = _section_events(data)
    if b"\x1b" in data:
        data = _ANSI.sub(b"", data)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            data = _CR_OVERWRITE.sub(b"\n", b"\n" + data)[1:]
    events += _marker_events(data, dialect)
    events.sort(key=lambda event: event[0])
    return Normalized(data, line_map, events, binary)
