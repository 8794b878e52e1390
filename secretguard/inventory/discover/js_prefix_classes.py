"""JavaScript/TypeScript classes reading variables named from a constructor parameter, one set of names per
instance the code creates:

    export default class UrlSet {
      readonly #port = Number(getEnv(this.envPrefix + 'PORT') || this.defaultPort);
      readonly #endpoint = getEnv(this.envPrefix + 'ENDPOINT');
      constructor(public readonly isHttpsEnabled: boolean, protected readonly defaultPort: number,
                  protected readonly envPrefix = '') {}
    }
    new UrlSet(isHttpsEnabled, 3001);              // PORT (default 3001), ENDPOINT
    new UrlSet(isHttpsEnabled, 3002, 'ADMIN_');    // ADMIN_PORT (default 3002), ADMIN_ENDPOINT

A read is `process.env[this.p + 'X']`, `` process.env[`${this.p}X`] `` or an env getter's call (a function
whose name says env: `getEnv(...)`, `readEnv(...)`) on such a name, where `p` is a constructor parameter
(`this.p = p` assignments count too). Each `new Class(...)` with a literal for the parameter (or none: its
literal default) gives the names; `|| this.q` / `?? this.q` after the read falls back to the instance's
literal argument for `q`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import text_brace_close

SOURCE = "javascript"
_CLASS = re.compile(r"\bclass\s+([A-Z][\w$]*)[^{]*\{")
_CONSTRUCTOR = re.compile(r"\bconstructor\s*\(")
_MODIFIERS = re.compile(r"^(?:(?:public|private|protected|readonly|override)\s+)+")
_READ = r"""(?:process\.env\[\s*|\b\w*[eE]nv\w*\(\s*)"""


@dataclass(frozen=True, slots=True)
class _PrefixRead:
    param: int  # the constructor parameter the name starts with
    suffix: str
    line: int
    fallback: int | None  # `|| this.q`: q's index


@dataclass(frozen=True, slots=True)
class _Class:
    name: str
    file: str
    params: tuple[str, ...]
    defaults: tuple[str | None, ...]
    reads: tuple[_PrefixRead, ...]


class PrefixClasses:
    def __init__(self) -> None:
        self._classes: dict[str, _Class] = {}
        self._files: list[tuple[str, str]] = []

    def add(self, text: str, rel: str) -> None:
        if "new " in text:
            self._files.append((rel, text))
        if "this." not in text or "constructor" not in text:
            return
        for found in _CLASS.finditer(text):
            close = text_brace_close(text, found.end() - 1)
            body = text[found.end() : close]
            parsed = _class(found.group(1), rel, text, found.end(), body)
            if parsed is not None:
                self._classes.setdefault(parsed.name, parsed)

    def finish(self) -> list[Read]:
        out: list[Read] = []
        if self._classes:
            pattern = re.compile(r"\bnew\s+(" + "|".join(map(re.escape, self._classes)) + r")\s*\(")
            for rel, text in self._files:
                for found in pattern.finditer(text):
                    out.extend(_instance_reads(self._classes[found.group(1)], text, found.end() - 1, rel))
        self._classes, self._files = {}, []
        return out


def _class(name: str, rel: str, text: str, start: int, body: str) -> _Class | None:
    constructor = _CONSTRUCTOR.search(body)
    if constructor is None:
        return None
    close = _paren_close(body, constructor.end() - 1)
    if close is None:
        return None
    params: list[str] = []
    defaults: list[str | None] = []
    for written in _split(body[constructor.end() : close]):
        part = _MODIFIERS.sub("", written.strip())
        found = re.match(r"([\w$]+)\s*\??\s*(?::[^=]*)?(?:=\s*(.+))?$", part, re.DOTALL)
        if found is None:
            return None
        params.append(found.group(1))
        defaults.append(_literal(found.group(2)) if found.group(2) else None)
    reads: list[_PrefixRead] = []
    for index, param in enumerate(params):
        this = rf"this\.#?{re.escape(param)}"
        shapes = (
            rf"""{_READ}{this}\s*\+\s*(["'])(?P<suffix>[A-Z0-9_]+)\1""",
            rf"""{_READ}`\$\{{\s*{this}\s*\}}(?P<suffix>[A-Z0-9_]+)`""",
        )
        for shape in shapes:
            for found in re.finditer(shape, body):
                suffix = found.group("suffix")
                tail = body[found.end() : found.end() + 80]
                fallback = re.match(r"""[^|?\n]*?\)?\s*(?:\|\||\?\?)\s*this\.#?([\w$]+)""", tail)
                line = text.count("\n", 0, start + found.start()) + 1
                at = params.index(fallback.group(1)) if fallback and fallback.group(1) in params else None
                reads.append(_PrefixRead(index, suffix, line, at))
    if not reads:
        return None
    return _Class(name, rel, tuple(params), tuple(defaults), tuple(reads))


def _instance_reads(cls: _Class, text: str, open_: int, rel: str) -> list[Read]:
    close = _paren_close(text, open_)
    if close is None:
        return []
    args = [a.strip() for a in _split(text[open_ + 1 : close])]
    out: list[Read] = []
    for read in cls.reads:
        given = args[read.param] if read.param < len(args) else None
        prefix = _literal(given) if given is not None else cls.defaults[read.param]
        if prefix is None:
            continue
        name = prefix + read.suffix
        if not is_env_name(name) or name.upper() != name:
            continue
        default = None
        if read.fallback is not None and read.fallback < len(args):
            default = _literal(args[read.fallback])
        out.append(Read(name, cls.file, read.line, default is not None, SOURCE, default=default))
    return out


def _literal(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    found = re.fullmatch(r"""(["'`])([^"'`$\\]*)\1|(-?\d+(?:\.\d+)?)|(true|false)""", text)
    if found is None:
        return None
    return found.group(2) if found.group(1) else found.group(3) or found.group(4)


def _unquoted(text: str, start: int, end: int, opening: str, closing: str) -> Iterator[tuple[int, str, int]]:
    """Each character of text[start:end] outside string literals, with the bracket depth after it."""
    depth = 0
    quote = ""
    for k in range(start, min(len(text), end)):
        char = text[k]
        if quote:
            if char == quote and text[k - 1] != "\\":
                quote = ""
            continue
        if char in "\"'`":
            quote = char
            continue
        if char in opening:
            depth += 1
        elif char in closing:
            depth -= 1
        yield k, char, depth


def _paren_close(text: str, open_: int) -> int | None:
    return next(
        (
            k
            for k, char, depth in _unquoted(text, open_, open_ + 4000, "([{", ")]}")
            if depth == 0 and char in ")]}"
        ),
        None,
    )


def _split(text: str) -> list[str]:
    """Top-level comma-separated parts (type arguments' `<...>` kept whole)."""
    cuts = [
        k for k, char, depth in _unquoted(text, 0, len(text), "([{<", ")]}>") if char == "," and depth == 0
    ]
    bounds = zip([-1, *cuts], [*cuts, len(text)], strict=True)
    return [part for a, b in bounds if (part := text[a + 1 : b]).strip()]
