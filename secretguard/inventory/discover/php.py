"""PHP: `getenv('X')`, `$_ENV['X']`, Laravel's `env('X', default)`; `?:`/`??` after a read is a default."""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.base import Read, boolean_default, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    NUM,
    PHP,
    STR,
    Token,
    is_id,
    is_op,
    literal,
    literal_default,
    tokenize,
)

TRIGGERS = ("getenv", "$_ENV", "env(")
_CONSTANTS = frozenset({"true", "false"})
_NO_VALUE = frozenset({"null"})


@dataclass(frozen=True, slots=True)
class _Default:
    given: bool = False  # a default follows the read
    value: str | None = None  # ... as one literal
    computed: bool = False  # ... as an expression (another env(), a function call, a concatenation)


def _close(tokens: list[Token], open_: int) -> int:
    """The index of the `)` matching the `(` at open_ (the last token when unbalanced)."""
    depth = 0
    for j in range(open_, len(tokens)):
        if is_op(tokens, j, "(", "[") or (tokens[j].kind == "op" and tokens[j].text == "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _value(tokens: list[Token], start: int, end: int, name: str) -> _Default:
    """The default written in tokens[start:end]: a string, a number (also negative), true/false; `null`
    gives none; anything else is an expression."""
    part = tokens[start:end]
    if len(part) == 2 and part[0].kind == "op" and part[0].text == "-" and part[1].kind == NUM:
        return _Default(True, "-" + part[1].text)
    if len(part) != 1:
        return _Default(True, computed=True)
    tok = part[0]
    if tok.kind == STR and not tok.interpolated:
        return _Default(True, tok.text)
    if tok.kind == NUM:
        return _Default(True, tok.text)
    if tok.kind == ID and tok.text.lower() in _CONSTANTS:
        return _Default(True, boolean_default(name, tok.text.lower() == "true"))
    if tok.kind == ID and tok.text.lower() in _NO_VALUE:
        return _Default(True)
    return _Default(True, computed=True)


def _after(tokens: list[Token], i: int, name: str) -> _Default:
    """`?? 'x'` / `?: 'x'` after a read at i-1."""
    if is_op(tokens, i, "??"):
        start = i + 1
    elif is_op(tokens, i, "?") and is_op(tokens, i + 1, ":"):
        start = i + 2
    else:
        return _Default()
    value = literal_default(tokens, start)
    word = tokens[start].text.lower() if is_id(tokens, start) else ""
    if value is None and word in _CONSTANTS:
        return _Default(True, boolean_default(name, word == "true"))
    return _Default(True, value, computed=value is None and word not in _NO_VALUE)


def _env_call(tokens: list[Token], i: int, name: str) -> _Default:
    """Laravel's `env('X', default)` at i (`env`), with a default in the call or after it."""
    close = _close(tokens, i + 1)
    if is_op(tokens, i + 3, ","):
        return _value(tokens, i + 4, close, name)
    return _after(tokens, close + 1, name)


def _read_at(tokens: list[Token], i: int) -> tuple[str, _Default] | None:
    tok = tokens[i]
    if (
        is_id(tokens, i, "getenv", "env")
        and is_op(tokens, i + 1, "(")
        and not is_op(tokens, i - 1, "->", "::")
    ):
        name = literal(tokens, i + 2)
        if name is None:
            return None
        if tok.text == "env":
            return name, _env_call(tokens, i, name)
        return name, _after(tokens, i + 4, name) if is_op(tokens, i + 3, ")") else _Default()
    if is_id(tokens, i, "$_ENV", "$_SERVER") and is_op(tokens, i + 1, "["):
        name = literal(tokens, i + 2)
        if name is None or not is_op(tokens, i + 3, "]") or is_op(tokens, i + 4, "="):
            return None
        if tok.text == "$_SERVER" and not name.isupper():
            return None
        return name, _after(tokens, i + 4, name)
    return None


def discover_php(text: str, file: str) -> list[Read]:
    if not any(t in text for t in TRIGGERS):
        return []
    tokens = tokenize(text, PHP)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        found = _read_at(tokens, i)
        if found is None or not is_env_name(found[0]):
            continue
        name, default = found
        reads.append(
            Read(
                name,
                file,
                tok.line,
                default.given,
                "php",
                default=default.value,
                computed_default=default.computed,
            )
        )
    return reads
