"""The `rc` library: `rc("kuzzle", defaults)` lets the environment set any setting of the defaults object
as `<app>_<path>`, nested keys joined by `__` (`kuzzle_server__port`), and names the config file in
`<app>_config`.

    import rc from "rc";
    import defaultConfig from "./default.config";     // export default { server: { port: 7512 } }
    const config = rc("kuzzle", defaultConfig);          // kuzzle_server__port, default 7512

The defaults are an object literal in the call, a module constant holding one, or the default export of
the module it is imported from (`export default {...}`, `export default name` of a constant, or
`module.exports = {...}`). Each leaf (a value that is not an object literal) is one variable, its literal
the default; spreads and computed keys are skipped.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_imports import default_bindings
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "rc"
# Settings nested deeper than this are data the defaults ship (index mappings, role definitions), not a
# value an operator sets from the environment.
_MAX_DEPTH = 3
_EXTENSIONS = ("", ".ts", ".js", ".mjs", ".cjs", ".json", "/index.ts", "/index.js")

ReadFile = Callable[[str], str | None]


class RcProject:
    """`rc(...)` calls, read once every file is known (the defaults may sit in another module)."""

    def __init__(self, read_file: ReadFile) -> None:
        self._read_file = read_file
        self._calls: list[tuple[str, str, int, str, list[Token], dict[int, int], int | None]] = []

    def add(self, text: str, rel: str) -> None:
        if "rc" not in text:
            return
        bound = default_bindings(text, "rc")
        if not bound:
            return
        tokens = tokenize(text, JAVASCRIPT)
        match = bracket_pairs(tokens)
        for i, tok in enumerate(tokens):
            if tok.text not in bound or not is_op(tokens, i + 1, "(") or is_op(tokens, i - 1, "."):
                continue
            args = split_arguments(tokens, i + 1, match.get(i + 1, len(tokens) - 1))
            if not args or args[0][1] - args[0][0] != 1:
                continue
            app = literal(tokens, args[0][0])
            if not app:
                continue
            defaults = args[1][0] if len(args) > 1 else None
            self._calls.append((rel, app, tok.line, text, tokens, match, defaults))

    def finish(self) -> list[Read]:
        out: list[Read] = []
        for rel, app, line, text, tokens, match, defaults in self._calls:
            out.append(Read(f"{app}_config", rel, line, True, SOURCE))
            found = self._object(rel, text, tokens, match, defaults) if defaults is not None else None
            if found is None:
                continue
            file, obj_tokens, obj_match, open_ = found
            for path, value, at in _leaves(obj_tokens, obj_match, open_, [], 0):
                name = f"{app}_{'__'.join(path)}"
                if is_env_name(name):
                    out.append(Read(name, file, at, True, SOURCE, default=value))
        self._calls = []
        return out

    def _object(
        self, rel: str, text: str, tokens: list[Token], match: dict[int, int], at: int
    ) -> tuple[str, list[Token], dict[int, int], int] | None:
        """The object literal the defaults argument is: (file, tokens, brackets, index of its `{`)."""
        if is_op(tokens, at, "{"):
            return rel, tokens, match, at
        if not is_id(tokens, at):
            return None
        name = tokens[at].text
        local = _constant_object(tokens, name)
        if local is not None:
            return rel, tokens, match, local
        source = _import_source(text, name)
        if source is None or not source.startswith("."):
            return None
        for ext in _EXTENSIONS:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), source + ext))
            other = self._read_file(target) if not target.startswith("..") else None
            if other is None:
                continue
            other_tokens = tokenize(other, JAVASCRIPT)
            other_match = bracket_pairs(other_tokens)
            open_ = _default_export(other_tokens)
            return (target, other_tokens, other_match, open_) if open_ is not None else None
        return None


def _constant_object(tokens: list[Token], name: str) -> int | None:
    """`const name = {` (a type annotation allowed): the `{`."""
    for i in range(len(tokens) - 3):
        if is_id(tokens, i, "const", "let", "var") and is_id(tokens, i + 1, name):
            for k in range(i + 2, min(i + 40, len(tokens))):
                if is_op(tokens, k, "="):
                    return k + 1 if is_op(tokens, k + 1, "{") else None
    return None


def _default_export(tokens: list[Token]) -> int | None:
    for i in range(len(tokens) - 2):
        if is_id(tokens, i, "export") and is_id(tokens, i + 1, "default"):
            if is_op(tokens, i + 2, "{"):
                return i + 2
            if is_id(tokens, i + 2):
                return _constant_object(tokens, tokens[i + 2].text)
        if (
            is_id(tokens, i, "module")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2, "exports")
            and is_op(tokens, i + 3, "=")
            and is_op(tokens, i + 4, "{")
        ):
            return i + 4
    return None


def _import_source(text: str, name: str) -> str | None:
    found = re.search(
        rf"""\bimport\s+{re.escape(name)}\s+from\s+["']([^"']+)["']"""
        rf"""|\b(?:const|let|var)\s+{re.escape(name)}\s*=\s*require\(\s*["']([^"']+)["']\s*\)""",
        text,
    )
    if found is None:
        return None
    return found.group(1) or found.group(2)


def _leaves(
    tokens: list[Token], match: dict[int, int], open_: int, path: list[str], depth: int
) -> Iterator[tuple[list[str], str | None, int]]:
    if open_ not in match or depth > _MAX_DEPTH:
        return
    for start, end in split_arguments(tokens, open_, match[open_]):
        if not (is_id(tokens, start) or tokens[start].kind == STR) or not is_op(tokens, start + 1, ":"):
            continue  # a spread, a method, a computed key
        key = tokens[start].text
        if is_op(tokens, start + 2, "{") and match.get(start + 2) == end - 1:
            yield from _leaves(tokens, match, start + 2, [*path, key], depth + 1)
        else:
            yield [*path, key], span_literal(tokens, start + 2, end) or None, tokens[start].line
