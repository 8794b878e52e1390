"""Where the original code reads a variable: the place a value inlined by a bundler's `define` came from.

A bundler that replaces `process.env.NEXT_PUBLIC_X` (Next.js), `import.meta.env.VITE_X` (Vite) or an import
from SvelteKit's `$env/static/public` with its build-time value often writes no source-map segment for the
literal: the position is unmapped, or the segment before it belongs to other code. The variable's name is
then the best clue to the original: the map's `sourcesContent` is searched for a read of it, and the
finding is mapped there, marked as inferred (`original_by: "variable-read"`).

Reads, by how surely they are where a value was inlined:

- inlining reads: `process.env.NAME`, `process.env["NAME"]`, `import.meta.env.NAME`, `NAME` (or its alias)
  in a file that imports it from `$env/static/public` or `$env/static/private`, and Nuxt's runtime config
  in a file that calls `useRuntimeConfig` (`NUXT_PUBLIC_API_SECRET` is `config.public.apiSecret`,
  `NUXT_API_SECRET` is `config.apiSecret` or `const { apiSecret } = useRuntimeConfig()`);
- other reads: `env.NAME` (SvelteKit's `$env/dynamic/public`, or any `env` object), used only when a map's
  sources hold no inlining read.

Sources under `node_modules/` are never searched: a library does not read the application's variables.
The texts searched come from the map (any content): the patterns are Python regular expressions without
nested quantifiers (linear), since names may hold lone surrogates that RE2 cannot take.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Protocol

VARIABLE_READ = "variable-read"

_NOT_IDENT_BEFORE = r"(?<![\w$.])"
_NOT_IDENT_AFTER = r"(?![\w$])"
# `import { A, B as b } from '$env/static/public'` (SvelteKit: replaced by the values at build time).
_STATIC_ENV_IMPORT = re.compile(
    r"""import\s*\{([^{}]{0,2000})\}\s*from\s*["']\$env/static/(?:public|private)["']"""
)
_NUXT_PUBLIC = "NUXT_PUBLIC_"
_NUXT = "NUXT_"


class _Contents(Protocol):
    """What a source map offers the search: its sources with their embedded text, flattened over sections,
    and which of them the segment nearest before a generated position belongs to."""

    @property
    def source_texts(self) -> list[tuple[str, str | None]]: ...

    def nearest_source(self, line: int, column: int) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Read:
    line: int  # 1-based
    column: int  # 1-based, in UTF-16 code units as source maps count them
    inlining: bool  # a read a bundler replaces by the value (not `env.NAME`)


@dataclass(frozen=True, slots=True)
class InferredRead:
    file: str
    line: int
    column: int
    reads: int  # how many read places were found where this one was (it is the first of them)


def camel_case(snake: str) -> str:
    """Nuxt's runtime-config key for the rest of an env name: `INTERNAL_API_SECRET` -> `internalApiSecret`."""
    words = [w for w in snake.lower().split("_") if w]
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if words else ""


def mentions(line: str, name: str) -> bool:
    """Whether a line of original code names the variable (its env name or its Nuxt runtime-config key)."""
    if name in line:
        return True
    key = nuxt_key(name)
    return bool(key) and re.search(rf"(?<![\w$]){re.escape(key)}{_NOT_IDENT_AFTER}", line) is not None


def nuxt_key(name: str) -> str:
    if name.startswith(_NUXT_PUBLIC):
        return camel_case(name[len(_NUXT_PUBLIC) :])
    if name.startswith(_NUXT):
        return camel_case(name[len(_NUXT) :])
    return ""


def find_reads(text: str, name: str) -> list[Read]:
    """Every place `text` reads the variable `name`, in order (line, then column)."""
    if not name:
        return []
    key = nuxt_key(name)
    if name not in text and not (key and key in text):
        return []  # the common case: a source that never names it
    found: dict[int, bool] = {}  # offset -> inlining
    quoted = re.escape(name)
    for pattern in (
        rf"(?<![\w$])process\s*\.\s*env\s*\.\s*{quoted}{_NOT_IDENT_AFTER}",
        rf"""(?<![\w$])process\s*\.\s*env\s*\[\s*(["'`]){quoted}\1\s*\]""",
        rf"{_NOT_IDENT_BEFORE}import\s*\.\s*meta\s*\.\s*env\s*\.\s*{quoted}{_NOT_IDENT_AFTER}",
        rf"""{_NOT_IDENT_BEFORE}import\s*\.\s*meta\s*\.\s*env\s*\[\s*(["'`]){quoted}\1\s*\]""",
    ):
        for match in re.finditer(pattern, text):
            found[match.start()] = True
    _static_imports(text, name, found)
    if key and "useRuntimeConfig" in text:
        _nuxt_reads(text, name, key, found)
    other = rf"""{_NOT_IDENT_BEFORE}env\s*(?:\.\s*{quoted}{_NOT_IDENT_AFTER}|\[\s*(["'`]){quoted}\1\s*\])"""
    for match in re.finditer(other, text):
        found.setdefault(match.start(), False)
    if not found:
        return []
    starts = _line_starts(text)
    out = []
    for offset, inlining in sorted(found.items()):
        index = bisect.bisect_right(starts, offset) - 1
        column = len(text[starts[index] : offset].encode("utf-16-le", "surrogatepass")) // 2 + 1
        out.append(Read(index + 1, column, inlining))
    return out


def _static_imports(text: str, name: str, found: dict[int, bool]) -> None:
    """Uses of `name` (or its alias) in a file that imports it from `$env/static/*`: the import is where the
    module gets it, each use is a read of the value the bundler put there."""
    imports = list(_STATIC_ENV_IMPORT.finditer(text))
    local = None
    for match in imports:
        for item in match.group(1).split(","):
            parts = item.split()
            if parts and parts[0] == name:
                local = parts[2] if len(parts) == 3 and parts[1] == "as" else name
    if local is None or not re.fullmatch(r"[A-Za-z_$][\w$]*", local):
        return
    spans = [m.span() for m in imports]
    for match in re.finditer(rf"{_NOT_IDENT_BEFORE}{re.escape(local)}{_NOT_IDENT_AFTER}", text):
        if not any(start <= match.start() < end for start, end in spans):
            found[match.start()] = True


def _nuxt_reads(text: str, name: str, key: str, found: dict[int, bool]) -> None:
    """Nuxt's runtime config: `useRuntimeConfig().public.key` / `config.public.key` for NUXT_PUBLIC_*,
    `config.key` or `const { key } = useRuntimeConfig(event)` for the private NUXT_* keys."""
    quoted = re.escape(key)
    if name.startswith(_NUXT_PUBLIC):
        chain = rf"\??\.\s*public\s*\??\.\s*{quoted}{_NOT_IDENT_AFTER}"
    else:
        chain = rf"(?<!public)\??\.\s*{quoted}{_NOT_IDENT_AFTER}"
        for match in re.finditer(r"\{([^{}]{0,400})\}\s*=\s*useRuntimeConfig\s*\(", text):
            inner = re.search(rf"(?<![\w$.]){quoted}{_NOT_IDENT_AFTER}", match.group(1))
            if inner:
                found[match.start(1) + inner.start()] = True
    for match in re.finditer(chain, text):
        found[_expression_start(text, match.start())] = True


def _expression_start(text: str, end: int) -> int:
    """The start of the member chain ending at `end` (`config` in `config.public`, `useRuntimeConfig` in
    `useRuntimeConfig(event).public`): identifiers, dots, `?.` and one level of call parentheses."""
    at = end
    while at > 0:
        char = text[at - 1]
        if char.isalnum() or char in "_$.?":
            at -= 1
        elif char == ")":
            opening = text.rfind("(", max(0, at - 400), at - 1)
            if opening < 0 or ")" in text[opening + 1 : at - 1]:
                break
            at = opening
        else:
            break
    while at < end and text[at] in ".?":
        at += 1
    return at


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def project_source(path: str) -> bool:
    """A source of the application's own (not a dependency under node_modules/)."""
    return "node_modules" not in path.replace("\\", "/").split("/")


def infer_read(
    source_map: _Contents,
    name: str,
    line: int,
    column: int,
    searched: dict[int, list[Read]] | None = None,
) -> InferredRead | None:
    """Where the map's original sources read `name`, for a value found at generated (1-based) `line` and
    `column` that has no segment of its own. The source of the nearest segment before the position is
    searched first, then every source; inlining reads before other reads. None when nothing reads it.
    `searched` (reads per source index, for this map and name) carries the search over to later positions."""
    contents = source_map.source_texts
    nearest = source_map.nearest_source(line, column)
    if searched is None:
        searched = {}

    def reads_of(index: int) -> list[Read]:
        if index not in searched:
            path, text = contents[index]
            searched[index] = find_reads(text, name) if text and project_source(path) else []
        return searched[index]

    for inlining in (True, False):
        if nearest is not None and 0 <= nearest < len(contents):
            here = [r for r in reads_of(nearest) if r.inlining is inlining]
            if here:
                return _first(contents[nearest][0], here)
        everywhere = [(i, r) for i in range(len(contents)) for r in reads_of(i) if r.inlining is inlining]
        if everywhere:
            index, first = everywhere[0]
            return InferredRead(contents[index][0], first.line, first.column, len(everywhere))
    return None


def _first(path: str, reads: list[Read]) -> InferredRead:
    return InferredRead(path, reads[0].line, reads[0].column, len(reads))
