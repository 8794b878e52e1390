"""Literal members of a module's own object literals, which a fallback may name instead of writing the
literal: `process.env.HOST || config.hostname` with `const defaultConfig = { hostname: "::", upload: {
limitMB: 20 } }` and `config = { ...defaultConfig, ...userConfig }` in the file gives `config.hostname` ->
`::` and `config.upload.limitMB` -> `20`. An object wrapped in `Object.freeze({...})` is read the same way.

A spread of another object of the file brings its members in at that point (a later key wins); a spread of
anything else (a user's config file read at run time) brings none: what the app itself falls back to is the
literal. A key whose value is not a literal hides what an earlier spread gave it. A name assigned several
object literals keeps only the members they agree on (`if (test) config = {...} else config = {...}`).
"""

from __future__ import annotations

from secretguard.inventory.discover.lexer import (
    ID,
    NUM,
    OP,
    STR,
    Token,
    is_id,
    is_op,
    span_literal,
    split_arguments,
)

Members = dict[str, str | None]  # dotted path under the object -> its literal, None when not one
_MAX_DEPTH = 3  # nesting followed: `config.upload.limits.size`
_MAX_SPREADS = 8  # spreads of spreads followed


def object_members(tokens: list[Token], match: dict[int, int]) -> dict[str, str]:
    """`name.path` -> literal, for every object literal a name of the file is bound or assigned to."""
    bound: dict[str, list[int]] = {}
    for k in range(len(tokens) - 2):
        if not (is_id(tokens, k) and is_op(tokens, k + 1, "=")):
            continue
        open_ = k + 2
        if _frozen(tokens, open_):
            open_ += 4  # `const DEFAULTS = Object.freeze({ ... })`: the object it freezes
        if not is_op(tokens, open_, "{"):
            continue
        if open_ not in match or (k > 0 and tokens[k - 1].kind == OP and tokens[k - 1].text in (".", "?.")):
            continue  # `this.x = {` / `a.b = {`: a member, not a name of the file
        bound.setdefault(tokens[k].text, []).append(open_)
    if not bound:
        return {}
    reader = _Reader(tokens, match, bound)
    out: dict[str, str] = {}
    for name in bound:
        for path, value in reader.members(name, 0).items():
            if value is not None:
                out[f"{name}.{path}"] = value
    return out


def _frozen(tokens: list[Token], k: int) -> bool:
    """`Object.freeze(` at k."""
    return (
        is_id(tokens, k, "Object")
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2, "freeze")
        and is_op(tokens, k + 3, "(")
    )


class _Reader:
    def __init__(self, tokens: list[Token], match: dict[int, int], bound: dict[str, list[int]]) -> None:
        self.tokens = tokens
        self.match = match
        self.bound = bound
        self.done: dict[str, Members] = {}

    def members(self, name: str, spreads: int) -> Members:
        if name in self.done:
            return self.done[name]
        self.done[name] = {}  # a cycle (`a = {...b}`, `b = {...a}`) gives nothing
        agreed: Members | None = None
        for open_ in self.bound[name]:
            found: Members = {}
            self._fill(open_, "", found, 0, spreads)
            if agreed is None:
                agreed = found
            else:
                agreed = {p: v for p, v in agreed.items() if p in found and found[p] == v}
        self.done[name] = agreed or {}
        return self.done[name]

    def _fill(self, open_: int, prefix: str, found: Members, depth: int, spreads: int) -> None:
        tokens, match = self.tokens, self.match
        close = match.get(open_)
        if close is None or depth > _MAX_DEPTH:
            return
        for start, end in split_arguments(tokens, open_, close):
            if is_op(tokens, start, "...") and end == start + 2 and is_id(tokens, start + 1):
                spread = tokens[start + 1].text
                if spread in self.bound and spreads < _MAX_SPREADS:
                    for path, value in self.members(spread, spreads + 1).items():
                        found[prefix + path] = value
                continue  # a spread of something else brings no literal of the app's
            tok = tokens[start]
            if tok.kind not in (ID, STR, NUM) or not is_op(tokens, start + 1, ":") or end <= start + 2:
                if tok.kind == ID and end == start + 1:
                    found[prefix + tok.text] = None  # a shorthand `{ port }`: a value, not a literal
                continue
            key, at = prefix + tok.text, start + 2
            for old in [p for p in found if p == key or p.startswith(key + ".")]:
                del found[old]  # this key's value replaces what an earlier spread gave it
            if is_op(tokens, at, "{") and match.get(at) == end - 1:
                self._fill(at, key + ".", found, depth + 1, spreads)
                continue
            found[key] = span_literal(tokens, at, end)
