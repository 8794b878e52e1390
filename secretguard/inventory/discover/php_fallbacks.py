"""PHP functions that hand back a fallback when the VALUE they are given is empty:
`function or_default($value, $default) { if (null === $value || '' === $value) { return $default; }
return $value; }` (also `return $value ?: $default;`, `return $value ?? $default;`,
`return empty($value) ? $default : $value;`). Called as `or_default(env('APP_ENV'), 'production')`, the
fallback argument is what the app uses when APP_ENV is unset: the read's default, and the variable is
optional.

Such a function is recognised by its body, never by its name: every `return` gives back one of two
parameters (or `$v ?? $d` / `$v ?: $d` / `cond ? $d : $v`), and only the value parameter is tested. The
reads passed to a call are held until every file has been seen (the helper is often defined after the
config files that call it), then given the call's fallback (`PhpProject.finish`). Also here: the function
declarations and parameter lists php_wrappers.py reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, split_arguments
from secretguard.inventory.discover.php import EnvDefault, close_bracket, default_value

MODIFIERS = frozenset({"public", "private", "protected", "static", "abstract", "final"})
# Words before `(` that are not calls of a function the project may define.
_NOT_CALLS = frozenset(
    """
    if elseif while for foreach switch match return echo print isset empty unset array list function fn new
    catch and or not
    """.split()
)
_LOOKBACK = 64  # tokens searched back for the `(` of a call whose later argument a read is


@dataclass(frozen=True, slots=True)
class Declaration:
    """A function (or method) with a body: its name (lower case: PHP names are case-insensitive), whether
    it is a method, and its parameter list's and body's bracket indexes."""

    name: str
    method: bool
    line: int
    params: tuple[int, int]
    body: tuple[int, int]


def declarations(tokens: list[Token]) -> Iterator[Declaration]:
    for i, tok in enumerate(tokens):
        if not (
            tok.kind == ID and tok.text == "function" and is_id(tokens, i + 1) and is_op(tokens, i + 2, "(")
        ):
            continue
        close = close_bracket(tokens, i + 2)
        body = next(
            (j for j in range(close + 1, min(close + 8, len(tokens))) if is_op(tokens, j, "{", ";")), -1
        )
        if body < 0 or not is_op(tokens, body, "{"):
            continue  # an abstract or interface method
        method = is_id(tokens, i - 1) and tokens[i - 1].text.lower() in MODIFIERS
        yield Declaration(
            tokens[i + 1].text.lower(), method, tok.line, (i + 2, close), (body, close_bracket(tokens, body))
        )


def parameters(tokens: list[Token], open_: int, close: int) -> tuple[list[str], list[str | None]]:
    """The parameters' names (`$key`; type hints, `&` and `...` skipped) and literal defaults."""
    names: list[str] = []
    defaults: list[str | None] = []
    for start, end in split_arguments(tokens, open_, close):
        eq = next((j for j in range(start, end) if is_op(tokens, j, "=")), end)
        name = next((t.text for t in tokens[start:eq] if t.kind == ID and t.text.startswith("$")), None)
        if name is None:
            return [], []
        names.append(name)
        default = default_value(tokens, eq + 1, end, "") if eq < end else EnvDefault()
        defaults.append(default.value if default.given and not default.computed else None)
    return names, defaults


@dataclass(frozen=True, slots=True)
class Fallback:
    """A function returning its `value` parameter, or its `fallback` parameter when the value is empty."""

    name: str
    method: bool
    value: int
    fallback: int
    signature_default: EnvDefault  # the fallback parameter's default in the signature


def _returned(tokens: list[Token], start: int, end: int, params: list[str]) -> tuple[str, str] | None:
    """What a `return` expression tokens[start:end] gives back: (`$v`, "") for a parameter alone,
    (`$v`, `$d`) for `$v ?? $d`, `$v ?: $d` or `c ? $d : $v` (the tested parameter first), else None."""

    def param(k: int) -> str | None:
        return tokens[k].text if is_id(tokens, k) and tokens[k].text in params else None

    if end - start == 1 and (p := param(start)) is not None:
        return p, ""
    if end - start == 3 and is_op(tokens, start + 1, "??"):
        left, right = param(start), param(start + 2)
        return (left, right) if left and right else None
    if end - start == 4 and is_op(tokens, start + 1, "?") and is_op(tokens, start + 2, ":"):
        left, right = param(start), param(start + 3)
        return (left, right) if left and right else None
    # `cond ? $a : $b`: the two branches are parameters; which is the value is told by the condition.
    if end - start >= 5 and is_op(tokens, end - 2, ":") and is_op(tokens, end - 4, "?"):
        a, b = param(end - 3), param(end - 1)
        cond = {t.text for t in tokens[start : end - 4] if t.kind == ID}
        if a and b and (a in cond) != (b in cond):
            return (a, b) if a in cond else (b, a)
    return None


def fallback_of(
    tokens: list[Token], decl: Declaration, params: list[str], defaults: list[str | None]
) -> Fallback | None:
    open_, close = decl.body
    tested: set[str] = set()  # parameters named outside `return` statements (the tests)
    returned: set[str] = set()
    paired: tuple[str, str] | None = None
    j = open_ + 1
    while j < close:
        tok = tokens[j]
        if tok.kind == ID and tok.text in ("function", "fn"):
            return None  # a closure: its returns are not the function's
        if is_id(tokens, j, "return"):
            end = next((e for e in range(j + 1, close) if is_op(tokens, e, ";")), close)
            got = _returned(tokens, j + 1, end, params)
            if got is None:
                return None
            if got[1]:
                paired = got
            returned.update(p for p in got if p)
            j = end + 1
            continue
        if tok.kind == ID and tok.text in params:
            tested.add(tok.text)
            if is_op(tokens, j + 1, "=", ".=", "??=") and not is_op(tokens, j - 1, "=="):
                return None  # the parameter is reassigned: what comes back is no longer the argument
        j += 1
    if len(returned) != 2:
        return None
    if paired is not None:
        value, fallback = paired
    else:
        untested = returned - tested
        if len(untested) != 1:
            return None
        (fallback,) = untested
        (value,) = returned - untested
    if fallback in tested:
        return None
    index = params.index(fallback)
    signature = defaults[index] if index < len(defaults) else None
    return Fallback(
        decl.name, decl.method, params.index(value), index, EnvDefault(signature is not None, signature)
    )


def find_fallbacks(tokens: list[Token]) -> list[Fallback]:
    found: list[Fallback] = []
    for decl in declarations(tokens):
        params, defaults = parameters(tokens, *decl.params)
        if len(params) >= 2:
            fallback = fallback_of(tokens, decl, params, defaults)
            if fallback is not None:
                found.append(fallback)
    return found


@dataclass(frozen=True, slots=True)
class HeldRead:
    """A read that is an argument of a call (`f(env('X'), 'y')`), held until `f` is known."""

    read: Read
    callee: str  # lower case
    method: bool  # `$x->f(...)` / `X::f(...)`
    position: int  # which argument the read is
    arguments: tuple[EnvDefault, ...]  # each argument as a default would be read


def call_around(tokens: list[Token], start: int, end: int) -> tuple[str, bool, int, int] | None:
    """(callee, is a method call, open paren, argument position) when tokens[start:end] is one whole
    argument of a named call, else None."""
    if not (is_op(tokens, start - 1, "(", ",") and is_op(tokens, end, ",", ")")):
        return None
    k, position = start - 1, 0
    while k >= max(0, start - _LOOKBACK) and not is_op(tokens, k, "("):
        if is_op(tokens, k, ")", "]", "}"):
            return None  # keep the look-back simple: a nested group before the read is not followed
        if is_op(tokens, k, "[", "{", ";"):
            return None
        position += is_op(tokens, k, ",")
        k -= 1
    if not is_op(tokens, k, "(") or not is_id(tokens, k - 1):
        return None
    callee = tokens[k - 1].text
    method = is_op(tokens, k - 2, "->", "::", "?->")  # a method may be named like a keyword (`Env::or`)
    if (not method and callee.lower() in _NOT_CALLS) or callee.startswith("$") or is_id(tokens, k - 2, "new"):
        return None
    return callee.lower(), method, k, position


def hold(tokens: list[Token], read: Read, start: int, end: int) -> HeldRead | None:
    """The read at tokens[start:end] as an argument of a call it may be the value of, else None."""
    found = call_around(tokens, start, end)
    if found is None:
        return None
    callee, method, open_, position = found
    args = split_arguments(tokens, open_, close_bracket(tokens, open_))
    return HeldRead(
        read, callee, method, position, tuple(default_value(tokens, s, e, read.name) for s, e in args)
    )


def resolve(held: HeldRead, fallbacks: dict[str, Fallback]) -> Read:
    """The read with the fallback the call gives it (unchanged when the callee is no fallback function,
    the read is not its value argument, or the read has a default of its own)."""
    fallback = fallbacks.get(held.callee)
    read = held.read
    if fallback is None or fallback.method != held.method or held.position != fallback.value:
        return read
    if read.optional:
        return read  # `f(env('X', 'a'), 'b')`: unset gives 'a'; the fallback only covers an empty value
    if fallback.fallback < len(held.arguments):
        given = held.arguments[fallback.fallback]
    else:
        given = fallback.signature_default
    if not given.given:
        return read
    return replace(read, optional=True, default=given.value, computed_default=given.computed)
