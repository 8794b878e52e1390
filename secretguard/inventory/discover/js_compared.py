"""The string literal a JavaScript/TypeScript read without a default is compared with:
`process.env.MODE === "fast"`, `"csc" !== env("TRANSPORT")`. The value selects a mode (or a switch, when
the literal is `"true"`), which the labels use (base.py: `Read.compared_with`), as PHP's `env('X') ==
'verified'`.
"""

from __future__ import annotations

from secretguard.inventory.discover.lexer import STR, Token, is_op

_EQUALITY = ("===", "!==", "==", "!=")


def _literal(tokens: list[Token], k: int) -> str | None:
    if 0 <= k < len(tokens) and tokens[k].kind == STR and not tokens[k].interpolated:
        return tokens[k].text
    return None


def compared_with(tokens: list[Token], start: int, after: int) -> str | None:
    """The literal the read spanning start..after (its first token, the index after it) is compared with."""
    j = after
    while is_op(tokens, j, "!"):  # TypeScript non-null assertion
        j += 1
    if is_op(tokens, j, *_EQUALITY):
        return _literal(tokens, j + 1)
    if is_op(tokens, start - 1, *_EQUALITY):
        return _literal(tokens, start - 2)
    return None
