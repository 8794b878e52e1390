"""What a Go helper returns when the variable it reads is unset: its callers' default.

    func enabled(k string) bool {
        if len(os.Getenv(k)) > 0 {                   // false when unset: skipped
            v := strings.ToLower(os.Getenv(k))
            return v == "1" || v == "true"
        }
        return false                                 // the unset path: enabled("APP_DEBUG") defaults to false
    }

    func port(k string) int {
        v, err := strconv.Atoi(os.Getenv(k))         // strconv.Atoi("") fails: err != nil when unset
        if err != nil { return 8080 }
        return v
    }

The body is followed statement by statement with the value empty (`os.Getenv` gives "" and `LookupEnv`'s
ok is false): a condition is decided when it tests only that (`v == ""`, `len(v) > 0`, `ok`, `v == "yes"`,
a parse error), an `if` whose condition is not decided must not return, and the first `return` reached must
give one literal (or a constant holding one). Anything else gives no default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.lexer import ID, NUM, OP, STR, Token, is_id, is_op, span_literal

_READERS = ("Getenv", "LookupEnv")
# `strings.TrimSpace(v)` and the like leave an empty value empty.
_KEEP_EMPTY = frozenset({"TrimSpace", "ToLower", "ToUpper", "Trim", "TrimPrefix", "TrimSuffix", "TrimLeft"})
# Parsing an empty value fails: the error these give is non-nil when the variable is unset.
_PARSERS = frozenset(
    {"Atoi", "ParseBool", "ParseInt", "ParseUint", "ParseFloat", "ParseDuration", "Parse", "ParseRequestURI"}
)
_EXITS = frozenset({"panic", "Fatal", "Fatalf", "Fatalln", "Exit", "Panic", "Panicf"})
_STATEMENT_ENDS = frozenset({")", "]", "}", "++", "--"})
_MAX_DEPTH = 8


class _UnfollowedError(Exception):
    """The unset path cannot be followed exactly."""


@dataclass
class _State:
    empty: set[str] = field(default_factory=set)  # variables holding the (empty) value
    unset: set[str] = field(default_factory=set)  # LookupEnv's ok
    failed: set[str] = field(default_factory=set)  # a parse's error
    values: dict[str, str] = field(default_factory=dict)  # variables given a literal on the unset path


def unset_return(
    tokens: list[Token],
    match: dict[int, int],
    body: tuple[int, int],
    params: tuple[str, ...],
    constant: Callable[[str], str | None],
) -> str | None:
    """The literal the function whose body spans `body` returns when the variable it reads is unset."""
    a, b = body
    reads = _reads(tokens, match, a, b)
    if not reads or len({tuple(t.text for t in tokens[s + 4 : e]) for s, e in reads}) != 1:
        return None  # no read, or reads of different names: a condition may test another variable
    try:
        return _block(tokens, match, a, b, _State(), declared(tokens, a, b, params), constant, 0)
    except _UnfollowedError:
        return None


def _reads(tokens: list[Token], match: dict[int, int], a: int, b: int) -> list[tuple[int, int]]:
    """(`os` token, closing paren) of each `os.Getenv(...)` / `os.LookupEnv(...)` in the body."""
    return [(k, match[k + 3]) for k in range(a, b - 3) if _read_at(tokens, k) and k + 3 in match]


def _read_at(tokens: list[Token], k: int) -> bool:
    return (
        is_id(tokens, k, "os", "syscall")
        and not is_op(tokens, k - 1, ".")
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2, *_READERS)
        and is_op(tokens, k + 3, "(")
    )


def declared(tokens: list[Token], a: int, b: int, params: tuple[str, ...]) -> set[str]:
    """Names the function declares (parameters, `x :=`, `var x`): never a package constant."""
    out = set(params)
    for k in range(a, b):
        if is_op(tokens, k, ":="):
            j = k - 1
            while is_id(tokens, j):
                out.add(tokens[j].text)
                if not is_op(tokens, j - 1, ","):
                    break
                j -= 2
        elif is_id(tokens, k, "var") and is_id(tokens, k + 1):
            out.add(tokens[k + 1].text)
    return out


def statements(tokens: list[Token], match: dict[int, int], a: int, b: int) -> list[tuple[int, int]]:
    """The statements of the block between tokens a and b (exclusive), as token spans. Go ends a
    statement at a `;` or at a line's end after a word, a literal or a closing bracket; a bracketed group
    is one unit."""
    out: list[tuple[int, int]] = []
    start = k = a + 1
    while k < b:
        tok = tokens[k]
        if tok.kind == OP and tok.text == ";":
            if k > start:
                out.append((start, k))
            start = k = k + 1
            continue
        last = match[k] if tok.kind == OP and tok.text in ("(", "[", "{") and k in match else k
        nxt = last + 1
        ends = tokens[last].kind in (ID, STR, NUM) or (
            tokens[last].kind == OP and tokens[last].text in _STATEMENT_ENDS
        )
        if nxt >= b or (ends and tokens[nxt].line != tokens[last].line):
            out.append((start, nxt))
            start = nxt
        k = nxt
    return out


def _block(
    tokens: list[Token],
    match: dict[int, int],
    a: int,
    b: int,
    state: _State,
    local: set[str],
    constant: Callable[[str], str | None],
    depth: int,
) -> str | None:
    """The literal returned on the unset path through the block {a..b}; None when the block ends without
    returning (the caller goes on after it)."""
    if depth > _MAX_DEPTH:
        raise _UnfollowedError
    for start, end in statements(tokens, match, a, b):
        if is_id(tokens, start, "return"):
            return _returned(tokens, match, start + 1, end, state, local, constant)
        if is_id(tokens, start, "if"):
            found = _if(tokens, match, start, end, state, local, constant, depth)
            if found is not None:
                return found
        elif is_id(tokens, start, "for", "switch", "select", "go", "defer", "goto"):
            if _returns(tokens, start, end):
                raise _UnfollowedError
            _forget(tokens, start, end, state)
        elif any(tokens[k].kind == ID and tokens[k].text in _EXITS for k in range(start, end)):
            raise _UnfollowedError  # the program stops: no value
        else:
            _assign(tokens, match, start, end, state)
    return None


def _returns(tokens: list[Token], start: int, end: int) -> bool:
    return any(is_id(tokens, k, "return", "panic") for k in range(start, end))


def _forget(tokens: list[Token], start: int, end: int, state: _State) -> None:
    """A statement not followed may assign the variables followed: they are no longer known."""
    for k in range(start, end):
        if is_id(tokens, k) and is_op(tokens, k + 1, "=", ":=", ",", "+=") and not is_op(tokens, k - 1, "."):
            for known in (state.empty, state.unset, state.failed):
                known.discard(tokens[k].text)
            state.values.pop(tokens[k].text, None)


def _returned(
    tokens: list[Token],
    match: dict[int, int],
    start: int,
    end: int,
    state: _State,
    local: set[str],
    constant: Callable[[str], str | None],
) -> str:
    value = span_literal(tokens, start, end)
    if value is not None:
        return value
    if end - start == 1 and is_id(tokens, start):
        name = tokens[start].text
        if name in state.values:
            return state.values[name]
        if name not in local:
            found = constant(name)
            if found is not None:
                return found
    # `return v == "1" || v == "true"`: a test of the value alone, decided when it is empty.
    compares = any(is_op(tokens, k, *_COMPARE) for k in range(start, end))
    unset = any(is_id(tokens, k, *state.unset) for k in range(start, end)) if state.unset else False
    decided = _condition(tokens, match, start, end, state) if compares and not unset else None
    if decided is not None:
        return "true" if decided else "false"
    raise _UnfollowedError


def _if(
    tokens: list[Token],
    match: dict[int, int],
    start: int,
    end: int,
    state: _State,
    local: set[str],
    constant: Callable[[str], str | None],
    depth: int,
) -> str | None:
    """`if [init;] cond { ... } [else ...]` on the unset path."""
    opener = _opener(tokens, start + 1, end)
    if opener is None or opener not in match:
        raise _UnfollowedError
    cond = start + 1
    semi = next((k for k in range(start + 1, opener) if is_op(tokens, k, ";")), None)
    if semi is not None:
        _assign(tokens, match, start + 1, semi, state)
        cond = semi + 1
    close = match[opener]
    taken = _condition(tokens, match, cond, opener, state)
    if taken is None:
        if _returns(tokens, opener, end):
            raise _UnfollowedError
        _forget(tokens, opener, end, state)
        return None
    if taken:
        return _block(tokens, match, opener, close, state, local, constant, depth + 1)
    if is_id(tokens, close + 1, "else"):
        if is_id(tokens, close + 2, "if"):
            return _if(tokens, match, close + 2, end, state, local, constant, depth + 1)
        if is_op(tokens, close + 2, "{") and close + 2 in match:
            return _block(tokens, match, close + 2, match[close + 2], state, local, constant, depth + 1)
        raise _UnfollowedError
    return None


def _opener(tokens: list[Token], k: int, end: int) -> int | None:
    """The `{` opening an `if`'s body: the first outside brackets (Go allows no bare composite literal in a
    condition)."""
    depth = 0
    for m in range(k, end):
        if is_op(tokens, m, "(", "["):
            depth += 1
        elif is_op(tokens, m, ")", "]"):
            depth -= 1
        elif depth == 0 and is_op(tokens, m, "{"):
            return m
    return None


def _assign(tokens: list[Token], match: dict[int, int], start: int, end: int, state: _State) -> None:
    """`v := os.Getenv(k)`, `v, ok := os.LookupEnv(k)`, `n, err := strconv.Atoi(v)`, `v = "d"`: what the
    variables hold on the unset path. Any other assignment to a followed variable forgets it."""
    op = next((k for k in range(start, end) if is_op(tokens, k, ":=", "=")), None)
    if op is None:
        return
    names = [tokens[k].text for k in range(start, op) if is_id(tokens, k)]
    if any(not (is_id(tokens, k) or is_op(tokens, k, ",")) for k in range(start, op)) or not names:
        return  # `c.Port = ...`, `m[k] = ...`: nothing followed
    for name in names:
        state.empty.discard(name)
        state.unset.discard(name)
        state.failed.discard(name)
        state.values.pop(name, None)
    if _empty(tokens, match, op + 1, end, state):
        state.empty.add(names[0])
        if len(names) == 2 and _lookup(tokens, op + 1):
            state.unset.add(names[1])
        return
    if len(names) == 2 and _parse_fails(tokens, match, op + 1, end, state):
        state.failed.add(names[1])
        return
    value = span_literal(tokens, op + 1, end)
    if len(names) == 1 and value is not None:
        state.values[names[0]] = value


def _lookup(tokens: list[Token], k: int) -> bool:
    return is_id(tokens, k + 2, "LookupEnv")


def _empty(tokens: list[Token], match: dict[int, int], start: int, end: int, state: _State) -> bool:
    """Whether tokens[start:end] is the value read (empty when unset), maybe trimmed or case-folded."""
    if end - start == 1 and is_id(tokens, start):
        return tokens[start].text in state.empty
    if _read_at(tokens, start) and match.get(start + 3) == end - 1:
        return True
    if (
        is_id(tokens, start, "strings")
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, *_KEEP_EMPTY)
        and is_op(tokens, start + 3, "(")
        and match.get(start + 3) == end - 1
    ):
        inner = [k for k in range(start + 4, end - 1) if is_op(tokens, k, ",")]
        first_end = inner[0] if inner else end - 1
        return _empty(tokens, match, start + 4, first_end, state)
    return False


def _parse_fails(tokens: list[Token], match: dict[int, int], start: int, end: int, state: _State) -> bool:
    """`strconv.Atoi(v)`, `time.ParseDuration(v)`, `url.Parse(v)` of the empty value: an error."""
    if not (
        is_id(tokens, start, "strconv", "time", "url")
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, *_PARSERS)
        and is_op(tokens, start + 3, "(")
        and match.get(start + 3) == end - 1
    ):
        return False
    if tokens[start].text == "url" and tokens[start + 2].text == "Parse":
        return False  # url.Parse("") succeeds
    commas = [k for k in range(start + 4, end - 1) if is_op(tokens, k, ",")]
    return _empty(tokens, match, start + 4, commas[0] if commas else end - 1, state)


def _condition(tokens: list[Token], match: dict[int, int], a: int, b: int, state: _State) -> bool | None:
    """The condition tokens[a:b] with the value empty: True, False, or None when it depends on more."""
    terms = _split(tokens, a, b, "||")
    if len(terms) > 1:
        values = [_condition(tokens, match, s, e, state) for s, e in terms]
        return True if True in values else (False if all(v is False for v in values) else None)
    factors = _split(tokens, a, b, "&&")
    if len(factors) > 1:
        values = [_condition(tokens, match, s, e, state) for s, e in factors]
        return False if False in values else (True if all(v is True for v in values) else None)
    if is_op(tokens, a, "!"):
        inner = _condition(tokens, match, a + 1, b, state)
        return None if inner is None else not inner
    if is_op(tokens, a, "(") and match.get(a) == b - 1:
        return _condition(tokens, match, a + 1, b - 1, state)
    if b - a == 1 and is_id(tokens, a):
        return False if tokens[a].text in state.unset else None
    return _comparison(tokens, match, a, b, state)


def _split(tokens: list[Token], a: int, b: int, op: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    depth, start = 0, a
    for k in range(a, b):
        if is_op(tokens, k, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, k, ")", "]", "}"):
            depth -= 1
        elif depth == 0 and is_op(tokens, k, op):
            out.append((start, k))
            start = k + 1
    out.append((start, b))
    return out


_COMPARE = ("==", "!=", ">", ">=", "<", "<=")


def _comparison(tokens: list[Token], match: dict[int, int], a: int, b: int, state: _State) -> bool | None:
    """`v == ""`, `v != "x"`, `len(v) > 0`, `err != nil` with the value empty."""
    ops = [k for k in range(a, b) if is_op(tokens, k, *_COMPARE) and _top(tokens, a, k)]
    if len(ops) != 1:
        return None
    k = ops[0]
    op = tokens[k].text
    left, right = (a, k), (k + 1, b)
    if b - (k + 1) == 1 and is_id(tokens, k + 1, "nil") and k - a == 1 and tokens[a].text in state.failed:
        return {"!=": True, "==": False}.get(op)
    if span_literal(tokens, *left) is not None:
        left, right = right, left
        op = {">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(op, op)
    other = span_literal(tokens, *right)
    if other is None:
        return None
    if (
        is_id(tokens, left[0], "len")
        and is_op(tokens, left[0] + 1, "(")
        and match.get(left[0] + 1) == left[1] - 1
    ):
        if not _empty(tokens, match, left[0] + 2, left[1] - 1, state) or not other.isdigit():
            return None
        return _compare(0, op, int(other))
    if not _empty(tokens, match, *left, state) or tokens[right[0]].kind != STR:
        return None
    return {"==": other == "", "!=": other != ""}.get(op)


def _compare(x: int, op: str, y: int) -> bool:
    return {"==": x == y, "!=": x != y, ">": x > y, ">=": x >= y, "<": x < y, "<=": x <= y}[op]


def _top(tokens: list[Token], a: int, k: int) -> bool:
    depth = 0
    for m in range(a, k):
        if is_op(tokens, m, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, m, ")", "]", "}"):
            depth -= 1
    return depth == 0
