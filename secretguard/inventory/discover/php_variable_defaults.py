"""Defaults handed over in a PHP variable the script set earlier from a literal, often in a file it
`require`s first (plain-PHP apps shipping a config file of defaults and a Docker variant overriding it):

    // config.dist.php
    $db['host'] = '127.0.0.1';
    $cookie_samesite = "Lax";

    // config.docker.php
    require('config.dist.php');
    $db['host'] = file_env('IPAM_DATABASE_HOST', $db['host']);
    $cookie_samesite = file_env('COOKIE_SAMESITE', $cookie_samesite);

The fallback `$db['host']` is the literal the variable last held before the call: the read's default.
Only top-level statements count (an assignment inside a function or a branch may not have run), and
only statements before the call, with the `require`d or `include`d files (a literal path, maybe after
`__DIR__ .`) read in at the point they are required.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from secretguard.inventory.discover.lexer import ID, NUM, STR, Token, is_id, is_op

_INCLUDES = frozenset({"require", "require_once", "include", "include_once"})
_WORDS = {"true": "true", "false": "false"}
_DEPTH = 3  # required files followed inside required files


class VariableDefaults:
    """Literal values of a project's top-level PHP variables, by the file and token they are read at."""

    def __init__(self, texts: dict[str, str], tokens_of: Callable[[str, str], list[Token]]) -> None:
        self._texts = texts
        self._tokens_of = tokens_of
        self._files: dict[str, dict[tuple[str, ...], str | None]] = {}  # what a required file leaves set

    def value(self, tokens: list[Token], rel: str, start: int, end: int) -> str | None:
        """The literal the variable written in tokens[start:end] (`$x`, `$x['key']`) held before `start`."""
        path = _variable_path(tokens, start, end)
        if path is None:
            return None
        held = self._held(tokens, rel, start, 0)
        return held.get(path)

    def _held(
        self, tokens: list[Token], rel: str, stop: int, depth: int
    ) -> dict[tuple[str, ...], str | None]:
        """What each variable path holds after the top-level statements ending before `stop`."""
        held: dict[tuple[str, ...], str | None] = {}
        level = 0
        begun: int | None = 0  # where the top-level statement under way began
        for i in range(min(stop, len(tokens))):
            tok = tokens[i]
            if begun is None and level == 0:
                begun = i
            if tok.kind != "op":
                continue
            if tok.text in "{([":
                level += 1
            elif tok.text in "})]":
                level = max(level - 1, 0)
                if tok.text == "}" and level == 0:
                    begun = None  # a block (a function, a branch) ends: what it set may not have run
            elif tok.text == ";" and level == 0 and begun is not None:
                self._statement(tokens, begun, rel, depth, held)
                begun = None
        return held

    def _statement(
        self, tokens: list[Token], at: int, rel: str, depth: int, held: dict[tuple[str, ...], str | None]
    ) -> None:
        tok = tokens[at]
        if tok.kind == ID and tok.text.lower() in _INCLUDES and depth < _DEPTH:
            included = self._included(tokens, at + 1, rel)
            if included is not None:
                if included not in self._files:
                    inner = self._tokens_of(self._texts[included], included)
                    self._files[included] = self._held(inner, included, len(inner), depth + 1)
                held.update(self._files[included])
        elif tok.kind == ID and tok.text.startswith("$"):
            _assignment(tokens, at, held)

    def _included(self, tokens: list[Token], i: int, rel: str) -> str | None:
        """The project file `require('x.php')` / `require __DIR__ . '/x.php'` names, if one."""
        k = i + 1 if is_op(tokens, i, "(") else i
        if is_id(tokens, k, "__DIR__") and is_op(tokens, k + 1, "."):
            k += 2
        if not (k < len(tokens) and tokens[k].kind == STR and not tokens[k].interpolated):
            return None
        if not is_op(tokens, k + 1, ";", ")"):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), tokens[k].text.lstrip("/")))
        return target if target in self._texts else None


def _variable_path(tokens: list[Token], start: int, end: int) -> tuple[str, ...] | None:
    """`$db['host']` as ('$db', 'host'); None for anything but a variable with literal keys."""
    if not (start < end and tokens[start].kind == ID and tokens[start].text.startswith("$")):
        return None
    path = [tokens[start].text]
    k = start + 1
    while k < end:
        if not (is_op(tokens, k, "[") and k + 2 < end and is_op(tokens, k + 2, "]")):
            return None
        key = tokens[k + 1]
        if key.kind not in (STR, NUM) or key.interpolated:
            return None
        path.append(key.text)
        k += 3
    return tuple(path)


def _assignment(tokens: list[Token], i: int, held: dict[tuple[str, ...], str | None]) -> None:
    """`$x = 'lit';` / `$x['k'] = 5;` at i: the path's literal; any other value forgets the path."""
    k = i + 1
    while is_op(tokens, k, "[") and k + 2 < len(tokens) and is_op(tokens, k + 2, "]"):
        k += 3
    if not is_op(tokens, k, "="):
        return
    path = _variable_path(tokens, i, k)
    if path is None:
        return
    value = tokens[k + 1] if k + 1 < len(tokens) else None
    literal: str | None = None
    if value is not None and is_op(tokens, k + 2, ";"):
        if (value.kind == STR and not value.interpolated) or value.kind == NUM:
            literal = value.text
        elif value.kind == ID and value.text.lower() in _WORDS:
            literal = _WORDS[value.text.lower()]
    held[path] = literal
    for key in [p for p in held if p[: len(path)] == path and len(p) > len(path)]:
        del held[key]  # `$db = [...]` replaces every `$db['...']` set before
