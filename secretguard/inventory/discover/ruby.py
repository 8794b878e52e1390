"""Ruby: `ENV["X"]`, `ENV.fetch("X")` (raises: required), `ENV.fetch("X", default)` or with a block
(`ENV.fetch("X") { 3 }`), and `ENV["X"] || default`. `nil` is no default; `true`/`false` and numbers are."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, boolean_default, is_env_name
from secretguard.inventory.discover.lexer import (
    NUM,
    RUBY,
    STR,
    Token,
    is_id,
    is_op,
    literal,
    tokenize,
)

TRIGGERS = ("ENV",)
# What a default is: (given, its literal text, an expression rather than a literal).
_Default = tuple[bool, str | None, bool]
_NONE: _Default = (False, None, False)
_CONVERSIONS = frozenset({"to_i", "to_s", "to_f", "to_sym"})


def _value(tokens: list[Token], i: int, name: str) -> _Default:
    """The default starting at token i: a string, number, true/false (`nil` gives none)."""
    if is_id(tokens, i, "nil"):
        return True, None, False
    if is_id(tokens, i, "true", "false") and _ends(tokens, i + 1):
        return True, boolean_default(name, tokens[i].text == "true"), False
    plain = 0 <= i < len(tokens) and tokens[i].kind in (STR, NUM) and not tokens[i].interpolated
    # `"3000".to_i` is the literal too: a conversion after it changes the type, not the text
    value = tokens[i].text if plain and _ends(tokens, i + 1) else None
    return True, value, value is None


def _ends(tokens: list[Token], j: int) -> bool:
    if j >= len(tokens) or tokens[j].line != tokens[j - 1].line:
        return True
    if is_op(tokens, j, ".") and is_id(tokens, j + 1) and tokens[j + 1].text in _CONVERSIONS:
        return True
    return is_op(tokens, j, ")", "}", ",", "]")


def _block(tokens: list[Token], j: int, name: str) -> _Default:
    """`{ 3 }` / `do 3 end` / `{ |key| ... }` after a fetch's arguments."""
    body = j + 1
    if is_op(tokens, body, "|"):
        return True, None, True  # the block computes from the key
    end = "end" if is_id(tokens, j, "do") else "}"
    if (is_op(tokens, body + 1, end) or is_id(tokens, body + 1, end)) or _ends(tokens, body + 1):
        given, value, computed = _value(tokens, body, name)
        closes = is_op(tokens, body + 1, end) or is_id(tokens, body + 1, end)
        return (given, value, computed) if closes or value is None else (True, None, True)
    return True, None, True


def _index_read(tokens: list[Token], i: int) -> tuple[str, _Default] | None:
    """`ENV["X"]`, `ENV["X"] || default`; None for an assignment."""
    name = literal(tokens, i + 2)
    after = i + 4
    if name is None or not is_op(tokens, i + 3, "]") or is_op(tokens, after, "=", "||="):
        return None
    if is_op(tokens, after, "||") or is_id(tokens, after, "or"):
        return name, _value(tokens, after + 1, name)
    return name, _NONE


def _fetch_read(tokens: list[Token], i: int) -> tuple[str, _Default] | None:
    """`ENV.fetch("X", default)`, `ENV.fetch("X") { default }`, `ENV.key?("X")`."""
    paren = is_op(tokens, i + 3, "(")
    name = literal(tokens, i + 3 + paren)
    if name is None:
        return None
    after = i + 4 + paren
    if tokens[i + 2].text != "fetch":
        return name, (True, None, False)  # a presence check handles absence
    if is_op(tokens, after, ","):
        return name, _value(tokens, after + 1, name)
    if is_op(tokens, after + paren, "{") or is_id(tokens, after + paren, "do"):
        return name, _block(tokens, after + paren, name)
    return name, _NONE


def discover_ruby(text: str, file: str) -> list[Read]:
    if "ENV" not in text:
        return []
    tokens = tokenize(text, RUBY)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if not is_id(tokens, i, "ENV") or is_op(tokens, i - 1, ".", "::"):
            continue
        found = None
        if is_op(tokens, i + 1, "["):
            found = _index_read(tokens, i)
        elif is_op(tokens, i + 1, ".") and is_id(tokens, i + 2, "fetch", "key?", "has_key?", "include?"):
            found = _fetch_read(tokens, i)
        if found is None or not is_env_name(found[0]):
            continue
        name, (optional, default, computed) = found
        reads.append(Read(name, file, tok.line, optional, "ruby", default=default, computed_default=computed))
    return reads
