"""Parsing dotenv files: `KEY=value`, `export KEY=value`, single quotes (literal), double quotes (escapes,
may span lines), unquoted values with ` #` comments. No variable interpolation: values are taken as written,
which is what docker compose `env_file` and most loaders without expansion see.

A hand-written scanner in linear time (no regex), shared by discovery (names only) and the dotenv store (the
only place that keeps the values, and only long enough to hash them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# A dotenv file is a few KiB; readers cap it (a mistaken or hostile path must not fill memory).
MAX_DOTENV_BYTES = 16 * 1024 * 1024
_MAX_QUOTED = 256 * 1024  # a quoted value longer than this is taken as unterminated (keeps parsing linear)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    line: int
    value: str = field(repr=False)
    has_value: bool  # `KEY=` (empty) and `KEY` alone have none


def _key_ok(key: str) -> bool:
    return (
        bool(key) and not key[0].isdigit() and all(c.isalnum() or c in "_.-" for c in key) and key.isascii()
    )


def parse_dotenv(text: str) -> Iterator[Entry]:
    pos = 0
    line = 1
    size = len(text)
    if text.startswith("\ufeff"):
        pos = 1
    while pos < size:
        end = text.find("\n", pos)
        end = size if end < 0 else end
        raw = text[pos:end]
        stripped = raw.strip()
        start_line = line
        next_pos = end + 1
        next_line = line + 1
        if stripped and not stripped.startswith("#"):
            body = stripped.removeprefix("export ").lstrip() if stripped.startswith("export ") else stripped
            key, sep, rest = body.partition("=")
            key = key.strip()
            if not sep:
                if _key_ok(key):
                    yield Entry(key, start_line, "", False)
            elif _key_ok(key):
                rest = rest.lstrip(" \t")
                value_start = text.find("=", pos) + 1
                while value_start < size and text[value_start] in " \t":
                    value_start += 1
                if rest[:1] in ("'", '"'):
                    quote = rest[0]
                    quoted = _quoted(text, value_start + 1, quote)
                    if quoted is None:  # unterminated: the rest of this line, as python-dotenv would not
                        value = rest[1:].strip()
                    else:
                        value, stop, lines = quoted
                        next_line = line + lines + 1
                        nl = text.find("\n", stop)
                        next_pos = size if nl < 0 else nl + 1
                else:
                    value = rest
                    cut = next(
                        (
                            i
                            for i in range(len(value))
                            if value[i] == "#" and (i == 0 or value[i - 1] in " \t")
                        ),
                        -1,
                    )
                    if cut >= 0:
                        value = value[:cut]
                    value = value.strip()
                yield Entry(key, start_line, value, bool(value))
        pos = next_pos
        line = next_line


def _quoted(text: str, pos: int, quote: str) -> tuple[str, int, int] | None:
    """(value, index after the closing quote, newlines inside); None if the quote is never closed."""
    out: list[str] = []
    i = pos
    lines = 0
    stop = min(len(text), pos + _MAX_QUOTED)
    while i < stop:
        ch = text[i]
        if ch == quote:
            return "".join(out), i + 1, lines
        if ch == "\\" and quote == '"' and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            if nxt == "\n":
                lines += 1
            i += 2
            continue
        if ch == "\\" and quote == "'" and text.startswith("\\'", i):
            out.append("'")
            i += 2
            continue
        if ch == "\n":
            lines += 1
        out.append(ch)
        i += 1
    return None
