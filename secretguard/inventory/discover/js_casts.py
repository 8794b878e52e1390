"""TypeScript casts around an object whose member is then read: `(env as any)["X"]`,
`(process.env as Record<string, string>).X`, `(<any>process.env).X`, `(env satisfies Env).X`, nested
`((env as any) as Env).X`. A cast changes nothing at run time, so the tokens are rewritten to the object
alone (`env["X"]`) and every reader of the file sees the plain member read."""

from __future__ import annotations

import re

from secretguard.inventory.discover.lexer import Token, bracket_pairs, is_id, is_op

_CAST_WORDS = ("as", "satisfies")
_MEMBER_OPS = (".", "?.", "[", "!")  # what may follow the cast: a member read (or a non-null assertion)
_MAX_ROUNDS = 4  # nested casts, innermost first
# What a file must say to hold one: `(name as`, `(name satisfies`, `(<T>name)`.
_CAST_TEXT = re.compile(r"\(\s*(?:[\w$.!?]+\s+(?:as|satisfies)\s|<[\w.<>, |\[\]]+>\s*[\w$.!]+\s*\))")
# Words after which `(` opens an expression, not a call's arguments.
_KEYWORDS = frozenset({"return", "typeof", "await", "yield", "void", "delete", "in", "of", "case", "else"})


def may_cast(text: str) -> bool:
    return _CAST_TEXT.search(text) is not None


def uncast(tokens: list[Token]) -> list[Token]:
    """The tokens with each parenthesised cast of a dotted name followed by a member read unwrapped."""
    for _ in range(_MAX_ROUNDS):
        match = bracket_pairs(tokens)
        drop: dict[int, int] = {}  # first dropped index -> index after the dropped run
        for open_, close in match.items():
            if not is_op(tokens, open_, "(") or not (
                is_op(tokens, close + 1, *_MEMBER_OPS) or is_id(tokens, close + 1, *_CAST_WORDS)
            ):
                continue  # not read from (a cast of a cast is unwrapped too: `((env as any) as T).X`)
            before = open_ - 1
            if is_op(tokens, before, ")", "]") or (
                is_id(tokens, before) and tokens[before].text not in _KEYWORDS
            ):
                continue  # a call's arguments: `f(env as any).x`
            found = _cast(tokens, open_, close)
            if found is not None:
                start, end = found
                drop[open_] = start  # `(` and an angle cast's `<T>`
                drop[end] = close + 1  # ` as T)`
        if not drop:
            return tokens
        out: list[Token] = []
        k = 0
        while k < len(tokens):
            if k in drop:
                k = drop[k]
                continue
            out.append(tokens[k])
            k += 1
        tokens = out
    return tokens


def _cast(tokens: list[Token], open_: int, close: int) -> tuple[int, int] | None:
    """For `( name.chain as T )` or `( <T> name.chain )` between open_ and close: the span of the dotted
    name kept; None for anything else (a call, arithmetic, a cast of an expression)."""
    if is_op(tokens, open_ + 1, "<"):
        start = _chain_start(tokens, close)
        if start is None or start <= open_ + 2 or not is_op(tokens, start - 1, ">", ">>"):
            return None
        return start, close
    end = _chain_end(tokens, open_ + 1)
    if end is None or not is_id(tokens, end, *_CAST_WORDS) or end + 1 >= close:
        return None
    return open_ + 1, end


def _chain_end(tokens: list[Token], k: int) -> int | None:
    """After `a.b.c` (maybe with `!`) starting at k: the index past it."""
    if not is_id(tokens, k):
        return None
    k += 1
    while True:
        if is_op(tokens, k, "!"):
            k += 1
        elif is_op(tokens, k, ".", "?.") and is_id(tokens, k + 1):
            k += 2
        else:
            return k


def _chain_start(tokens: list[Token], close: int) -> int | None:
    """The first token of the `a.b.c` ending just before close."""
    k = close - 1
    while is_op(tokens, k, "!"):
        k -= 1
    if not is_id(tokens, k):
        return None
    while is_op(tokens, k - 1, ".", "?.") and is_id(tokens, k - 2):
        k -= 2
    return k
