"""Names an environment read looks up in a literal object map in JavaScript/TypeScript: `const flags = {
email: "DISABLE_EMAIL_SIGNUP", google: "DISABLE_GOOGLE_SIGNUP" } as const; env(flags[provider])` (or
`process.env[flags[provider]]`) reads one of the map's values, so it may read each of them. A map is known
from its declaration to the end of the block declaring it: two functions may each declare their own `flags`.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, NUM, OP, STR, Token, is_id, is_op, literal

_DECLARERS = ("const", "let", "var")
_OPENERS = frozenset({"(", "[", "{"})


@dataclass(frozen=True, slots=True)
class ObjectMap:
    name: str
    start: int  # the declaration
    end: int  # the end of the block that declares it
    values: tuple[str, ...]


def _values(tokens: list[Token], match: dict[int, int], i: int) -> tuple[str, ...] | None:
    """The values of a literal object of strings opening at i (`{ a: "X", "b": "Y" }`), else None."""
    close = match.get(i)
    if not is_op(tokens, i, "{") or close is None or close == i + 1:
        return None
    values: list[str] = []
    k = i + 1
    while k < close:
        if tokens[k].kind not in (ID, STR, NUM) or not is_op(tokens, k + 1, ":"):
            return None
        text = literal(tokens, k + 2)
        if text is None or tokens[k + 2].kind != STR:
            return None
        values.append(text)
        k += 3
        if is_op(tokens, k, ","):
            k += 1
        elif k != close:
            return None
    return tuple(values)


def block_end(tokens: list[Token], match: dict[int, int], i: int) -> int:
    """The index of the `}` closing the block around token i (the file's end at top level)."""
    k = i - 1
    while k >= 0:
        tok = tokens[k]
        if tok.kind == OP and tok.text in (")", "]", "}") and k in match:
            k = match[k] - 1  # a finished bracket before i: step over it
            continue
        if tok.kind == OP and tok.text in _OPENERS:
            return match.get(k, len(tokens))
        k -= 1
    return len(tokens)


def object_maps(tokens: list[Token], match: dict[int, int]) -> list[ObjectMap]:
    """Every `const NAME = { key: "VALUE", ... }` (`as const` or a type annotation allowed)."""
    found: list[ObjectMap] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text not in _DECLARERS or not is_id(tokens, i + 1):
            continue
        k = i + 2
        if is_op(tokens, k, ":"):  # `const flags: Record<Provider, string> = {...}`
            while k < len(tokens) and k < i + 40 and not is_op(tokens, k, "=", ";"):
                k += 1
        if not is_op(tokens, k, "="):
            continue
        values = _values(tokens, match, k + 1)
        if values is not None:
            found.append(ObjectMap(tokens[i + 1].text, i, block_end(tokens, match, i), values))
    return found


def looked_up(
    tokens: list[Token], match: dict[int, int], start: int, end: int, maps: list[ObjectMap]
) -> tuple[str, ...] | None:
    """The values `MAP[key]` between start and end may take, when MAP is a literal map declared there."""
    if not (is_id(tokens, start) and is_op(tokens, start + 1, "[") and match.get(start + 1) == end - 1):
        return None
    if is_op(tokens, start - 1, "."):
        return None
    name = tokens[start].text
    for found in reversed(maps):
        if found.name == name and found.start < start <= found.end:
            return found.values
    return None
