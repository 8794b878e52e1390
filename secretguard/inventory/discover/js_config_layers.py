"""A JavaScript/TypeScript config object as a merge sees it: each leaf of an object literal by its key path
(`{ minio: { port: 9000 } }` -> `minio.port`), a plain literal, an environment read that is undefined when
the variable is unset, or anything else. js_merged_defaults.py stacks these layers in merge order.

An environment leaf is `process.env.X` (`process.env["X"]`) as a whole, or one given to a conversion that
hands an unset value back untouched (`toIntegerConfig(process.env.X)` with `return configValue` on the path
that does not convert): a lodash merge skips undefined, so the layer under it keeps its value. A conversion
that turns undefined into something (`Number(...)` is NaN, `x === "true"` is false) covers what is under it.
A leaf that is `undefined` is no leaf: the merge skips it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.lexer import ID, NUM, OP, STR, Token, is_id, is_op, literal, span_literal

Path = tuple[str, ...]
# Whether a call `f(process.env.X, ...)` of `count` arguments gives undefined back when X is unset.
PassCheck = Callable[[str, int], bool]
_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class EnvLeaf:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Literal:
    value: str  # "" for an empty string: optional, with no default worth naming


OTHER = "other"  # a list, an expression, `null`, a nested object: defined, but no literal
Leaf = EnvLeaf | Literal | str


@dataclass(slots=True)
class Layer:
    """One object merged: its file and each defined key path's leaf (an object's own path is OTHER)."""

    file: str
    leaves: dict[Path, Leaf] = field(default_factory=dict)


def env_aliases(tokens: list[Token]) -> frozenset[str]:
    """Names the module binds to the environment: `const env = process.env`, `const { env } = process`."""
    out: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text not in ("const", "let", "var"):
            continue
        if is_id(tokens, i + 1) and is_op(tokens, i + 2, "=") and _is_process_env(tokens, i + 3):
            if not is_op(tokens, i + 6, ".", "["):
                out.add(tokens[i + 1].text)
        elif (
            is_op(tokens, i + 1, "{")
            and is_id(tokens, i + 2, "env")
            and is_op(tokens, i + 3, "}")
            and is_op(tokens, i + 4, "=")
            and is_id(tokens, i + 5, "process")
        ):
            out.add("env")
    return frozenset(out)


def _is_process_env(tokens: list[Token], k: int) -> bool:
    return is_id(tokens, k, "process") and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "env")


def env_read_name(
    tokens: list[Token], start: int, end: int, aliases: frozenset[str] = frozenset()
) -> str | None:
    """The name `tokens[start:end]` reads when it is exactly `process.env.X` or `process.env["X"]` (or the
    same on an alias of `process.env`)."""
    if _is_process_env(tokens, start):
        at = start + 3
    elif is_id(tokens, start) and tokens[start].text in aliases:
        at = start + 1
    else:
        return None
    if end - at == 2 and is_op(tokens, at, ".") and is_id(tokens, at + 1):
        return tokens[at + 1].text
    if end - at == 3 and is_op(tokens, at, "[") and is_op(tokens, at + 2, "]"):
        return literal(tokens, at + 1)
    return None


@dataclass(frozen=True, slots=True)
class LayerReader:
    """Reads the object literals of one module into layers."""

    tokens: list[Token]
    match: dict[int, int]
    file: str
    passes_unset: PassCheck
    aliases: frozenset[str] = frozenset()

    def layer(self, open_: int) -> Layer:
        layer = Layer(self.file)
        self._fill(open_, (), layer, 0)
        return layer

    def _fill(self, open_: int, prefix: Path, layer: Layer, depth: int) -> None:
        tokens, match = self.tokens, self.match
        close = match.get(open_)
        if close is None or depth > _MAX_DEPTH:
            return
        for start, end in _parts(tokens, match, open_, close):
            tok = tokens[start]
            if tok.kind not in (ID, STR, NUM) or not is_op(tokens, start + 1, ":") or end <= start + 2:
                continue  # a spread, a computed key, a method, a shorthand: not followed
            path, value = (*prefix, tok.text), start + 2
            if is_op(tokens, value, "{") and match.get(value) == end - 1:
                layer.leaves[path] = OTHER
                self._fill(value, path, layer, depth + 1)
                continue
            leaf = self._leaf(value, end)
            if leaf is not None:
                layer.leaves[path] = leaf

    def _leaf(self, start: int, end: int) -> Leaf | None:
        tokens = self.tokens
        if end - start == 1 and is_id(tokens, start, "undefined"):
            return None  # skipped by the merge: no leaf
        text = span_literal(tokens, start, end)
        if text is not None:
            return Literal(text)
        name = env_read_name(tokens, start, end, self.aliases)
        if name is not None:
            return EnvLeaf(name, tokens[start].line)
        # `convert(process.env.X, ...)` or `utils.convert(process.env.X)`
        callee = start + 2 if is_id(tokens, start) and is_op(tokens, start + 1, ".") else start
        if is_id(tokens, callee) and is_op(tokens, callee + 1, "(") and self.match.get(callee + 1) == end - 1:
            args = _parts(tokens, self.match, callee + 1, end - 1)
            name = env_read_name(tokens, *args[0], self.aliases) if args else None
            if name is not None and self.passes_unset(tokens[callee].text, len(args)):
                return EnvLeaf(name, tokens[args[0][0]].line)
        return OTHER


def _parts(tokens: list[Token], match: dict[int, int], open_: int, close: int) -> list[tuple[int, int]]:
    """The comma-separated parts between a bracket and its partner, nested brackets skipped whole."""
    out: list[tuple[int, int]] = []
    start = k = open_ + 1
    while k < close:
        if tokens[k].kind == OP and tokens[k].text in ("(", "[", "{") and k in match:
            k = match[k] + 1
            continue
        if is_op(tokens, k, ","):
            out.append((start, k))
            start = k + 1
        k += 1
    if start < close:
        out.append((start, close))
    return out


def exported_objects(tokens: list[Token], match: dict[int, int]) -> dict[str, int]:
    """Where the module's exported object literals open: `default` for `module.exports = {...}` and
    `export default {...}` (or a const holding one), a name for `export const NAME = {...}` and
    `exports.NAME = {...}`. The first assignment of each wins."""
    consts: dict[str, int] = {}
    out: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        if tok.text in ("const", "let", "var") and is_id(tokens, i + 1) and is_op(tokens, i + 2, "="):
            if is_op(tokens, i + 3, "{") and i + 3 in match:
                consts.setdefault(tokens[i + 1].text, i + 3)
                if is_id(tokens, i - 1, "export"):
                    out.setdefault(tokens[i + 1].text, i + 3)
            continue
        if is_op(tokens, i - 1, "."):
            continue
        value: int | None = None
        name = "default"
        if tok.text == "module" and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2, "exports"):
            if is_op(tokens, i + 3, "="):
                value = i + 4
            elif is_op(tokens, i + 3, ".") and is_id(tokens, i + 4) and is_op(tokens, i + 5, "="):
                value, name = i + 6, tokens[i + 4].text
        elif tok.text == "exports" and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2):
            if is_op(tokens, i + 3, "="):
                value, name = i + 4, tokens[i + 2].text
        elif tok.text == "export" and is_id(tokens, i + 1, "default"):
            value = i + 2
        if value is None or name in out:
            continue
        if is_op(tokens, value, "{") and value in match:
            out[name] = value
        elif is_id(tokens, value) and tokens[value].text in consts:
            out[name] = consts[tokens[value].text]
    return out


def passes_unset_value(tokens: list[Token], match: dict[int, int], function: str, count: int) -> bool | None:
    """Whether the function `function` this module defines returns a parameter untouched on its path for an
    unset value: `return value` (the first parameter), or a later one the call leaves out (`return fallback`,
    with no default of its own). None when the module defines no such function. A body that tests the value
    against `undefined`/`null` or negates it (`if (!value) return false`) turns unset into something."""
    for i, tok in enumerate(tokens):
        if tok.text != function or tok.kind != ID:
            continue
        params = _params_after(tokens, match, i)
        if params is None:
            continue
        open_, names, defaulted = params
        if not is_op(tokens, open_, "{") or open_ not in match:
            continue
        return _returns_param(tokens, open_, match[open_], names, defaulted, count)
    return None


def _params_after(
    tokens: list[Token], match: dict[int, int], i: int
) -> tuple[int, list[str], set[str]] | None:
    """For a function named at i (`function f (a, b = 1) {`, `f = function (a) {`, `f = (a) => {`): the body's
    `{`, the parameter names, and those with a default."""
    k = i + 1
    if is_op(tokens, k, "="):
        k += 1
        if is_id(tokens, k, "function"):
            k += 1
    elif not is_id(tokens, i - 1, "function"):
        return None
    if not is_op(tokens, k, "(") or k not in match:
        return None
    close = match[k]
    names: list[str] = []
    defaulted: set[str] = set()
    for start, end in _parts(tokens, match, k, close):
        if not is_id(tokens, start):
            return None
        names.append(tokens[start].text)
        if end - start > 1 and is_op(tokens, start + 1, "="):
            defaulted.add(tokens[start].text)
    body = close + 1
    if is_op(tokens, body, "=>"):
        body += 1
    return body, names, defaulted


def _returns_param(
    tokens: list[Token], open_: int, close: int, names: list[str], defaulted: set[str], count: int
) -> bool:
    if not names:
        return False
    first = names[0]
    passes = False
    for k in range(open_ + 1, close):
        tok = tokens[k]
        if (
            tok.kind == ID
            and tok.text in ("undefined", "null")
            and is_op(tokens, k - 1, "==", "===", "!=", "!==")
        ):
            return False
        if tok.text == first and tok.kind == ID and is_op(tokens, k - 1, "!"):
            return False
        if tok.kind == ID and tok.text == "return" and is_id(tokens, k + 1):
            ends = k + 2 >= close or is_op(tokens, k + 2, ";", "}") or tokens[k + 2].line > tokens[k + 1].line
            returned = tokens[k + 1].text
            if ends and returned in names:
                index = names.index(returned)
                passes = passes or index == 0 or (index >= count and returned not in defaulted)
    return passes
