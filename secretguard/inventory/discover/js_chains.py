"""Default chains as helper functions in JavaScript/TypeScript: a function returning the first of its
arguments that is set (`const defaultChain = (...values) => values.filter(Boolean)[0]`, `values.find((v) =>
v !== undefined)`, `function pick(a, b, c) { return a ?? b ?? c }`). A read given to one, `defaultChain(
input, process.env.PG_PORT, "5432")`, falls back to the argument after it, as `?? "5432"` would."""

from __future__ import annotations

from secretguard.inventory.discover.js_defaults import Fallback, chain, member_chain
from secretguard.inventory.discover.js_wrappers import functions
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    Token,
    bracket_arguments,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    tokenize,
)

_PICKERS = frozenset({"find", "filter"})  # `values.find(...)`, `values.filter(...)[0]`
_MAX_BODY = 60  # tokens of a chain helper's body: a one-liner
_MAX_CONVERSION_BODY = 240  # tokens of a value-or-fallback helper's body: a few statements
_MAX_BACK = 200  # tokens back from a read to the `(` of the call it is given to


def chain_helpers(tokens: list[Token], match: dict[int, int]) -> dict[str, str | None]:
    """The functions of a file that return the first set argument (see the module's doc), each with the
    literal its fallback parameter defaults to (`defaultValue = false`: what a call without it gets)."""
    found: dict[str, str | None] = {}
    for fn in functions(tokens, match):
        close = match.get(fn.params_open) if is_op(tokens, fn.params_open, "(") else None
        if close is None:
            continue
        if _first_set(tokens, match, fn.params_open, close):
            found[fn.name] = None
        elif _value_or_fallback(tokens, match, fn.params_open, close):
            found[fn.name] = _param_default(tokens, match, fn.params_open, 1)
    return found


def _param_default(tokens: list[Token], match: dict[int, int], opener: int, index: int) -> str | None:
    """The literal the parameter at index defaults to (`defaultValue = false`), else None."""
    params = bracket_arguments(tokens, match, opener)
    if index >= len(params):
        return None
    start, end = params[index]
    eq = next((k for k in range(start, end) if is_op(tokens, k, "=")), None)
    return span_literal(tokens, eq + 1, end) if eq is not None else None


def _body(tokens: list[Token], match: dict[int, int], close: int) -> tuple[int, int] | None:
    """The returned expression after a parameter list's `)`: `=> expr`, `=> { return expr }`, `{ return
    expr }` (a return type skipped)."""
    k = close + 1
    if is_op(tokens, k, ":"):
        while k < len(tokens) and k < close + 20 and not is_op(tokens, k, "=>", "{"):
            k += 1
    if is_op(tokens, k, "=>"):
        k += 1
    if is_op(tokens, k, "{") and k in match:
        end = match[k]
        if not is_id(tokens, k + 1, "return") or end - k > _MAX_BODY:
            return None
        return k + 2, end
    end = k
    while end < len(tokens) and end - k < _MAX_BODY and not is_op(tokens, end, ";", "}"):
        end = match[end] + 1 if is_op(tokens, end, "(", "[") and end in match else end + 1
    return (k, end) if end > k else None


def _first_set(tokens: list[Token], match: dict[int, int], opener: int, close: int) -> bool:
    params = bracket_arguments(tokens, match, opener)
    body = _body(tokens, match, close)
    if body is None or not params:
        return False
    start, end = body
    while is_op(tokens, end - 1, ";"):
        end -= 1
    if len(params) == 1 and is_op(tokens, params[0][0], "...") and is_id(tokens, params[0][0] + 1):
        rest = tokens[params[0][0] + 1].text  # `values.find(...)`, `values.filter(Boolean)[0]`
        if not (
            is_id(tokens, start, rest)
            and is_op(tokens, start + 1, ".")
            and is_id(tokens, start + 2, *_PICKERS)
        ):
            return False
        call = match.get(start + 3) if is_op(tokens, start + 3, "(") else None
        if call is None:
            return False
        if tokens[start + 2].text == "find":
            return call + 1 == end
        return call + 4 == end and is_op(tokens, call + 1, "[") and tokens[call + 2].text == "0"
    names = {tokens[s].text for s, e in params if e == s + 1 or is_op(tokens, s + 1, ":", "?", "=")}
    operands = 0
    k = start
    while k < end:  # `a ?? b ?? c`: each operand a parameter
        if not (is_id(tokens, k) and tokens[k].text in names):
            return False
        operands += 1
        k += 1
        if k < end and not is_op(tokens, k, "??", "||"):
            return False
        k += 1
    return operands >= 2


def _value_or_fallback(tokens: list[Token], match: dict[int, int], opener: int, close: int) -> bool:
    """`(val, fallback = 0) => { if (isNaN(val)) return fallback; return Number(val) }`: two parameters, a
    body returning the second bare and otherwise something of the first."""
    params = bracket_arguments(tokens, match, opener)
    if len(params) < 2 or not all(is_id(tokens, s) for s, _ in params[:2]):
        return False
    value, fallback = tokens[params[0][0]].text, tokens[params[1][0]].text
    returned = _body(tokens, match, close)
    if returned is not None and _ternary_on(tokens, match, *returned, value, fallback):
        return True
    k = close + 1
    if is_op(tokens, k, ":"):  # a return type
        while k < len(tokens) and k < close + 20 and not is_op(tokens, k, "=>", "{"):
            k += 1
    if is_op(tokens, k, "=>"):
        k += 1
    if not is_op(tokens, k, "{") or k not in match or match[k] - k > _MAX_CONVERSION_BODY:
        return False
    end = match[k]
    returns_fallback = returns_value = False
    derived = {value}  # the value, and locals computed from it (`const parsed = Number.parseInt(envVar, 10)`)
    for j in range(k + 1, end):
        if is_id(tokens, j, "const", "let", "var") and is_id(tokens, j + 1) and is_op(tokens, j + 2, "="):
            m = j + 3
            while m < end and not is_op(tokens, m, ";") and tokens[m].line == tokens[j].line:
                if is_id(tokens, m) and tokens[m].text in derived:
                    derived.add(tokens[j + 1].text)
                    break
                m += 1
        if not is_id(tokens, j, "return"):
            continue
        after = j + 2
        zero = is_op(tokens, after, "||", "??") and span_literal(tokens, after + 1, after + 2) is not None
        if is_id(tokens, j + 1, fallback) and zero:
            after += 2  # `return defaults || false`: the fallback, or the type's zero when none is given
        if is_id(tokens, j + 1, fallback) and (
            after >= len(tokens) or is_op(tokens, after, ";", "}") or tokens[after].line > tokens[j].line
        ):
            returns_fallback = True
            continue
        m = j + 1
        while m < end and not is_op(tokens, m, ";") and tokens[m].line == tokens[j].line:
            returns_value = returns_value or (is_id(tokens, m) and tokens[m].text in derived)
            m += 1
    # `if (value === undefined) return defaultValue; if (...) return true; ...`: it tests the value, and gives
    # the fallback bare where the value is unusable
    tests_value = any(is_id(tokens, j, value) for j in range(k + 1, end))
    return returns_fallback and (returns_value or tests_value)


def _ternary_on(
    tokens: list[Token], match: dict[int, int], start: int, end: int, value: str, fallback: str
) -> bool:
    """`value ? value.toLowerCase() === 'true' : fallback` (or `value === undefined ? fallback : f(value)`):
    the returned expression gives the second parameter when the first is unset."""
    while is_op(tokens, end - 1, ";"):
        end -= 1
    if not is_id(tokens, start, value):
        return False
    k = start + 1
    unset_first = is_op(tokens, k, "===", "==") and is_id(tokens, k + 1, "undefined", "null")
    if unset_first:
        k += 2
    if not is_op(tokens, k, "?"):
        return False
    colon = next((j for j in range(k + 1, end) if is_op(tokens, j, ":")), None)
    if colon is None:
        return False
    if unset_first:
        return colon == k + 2 and is_id(tokens, k + 1, fallback)
    return end == colon + 2 and is_id(tokens, colon + 1, fallback)


def _dotted(tokens: list[Token], start: int, end: int) -> str | None:
    """`NAME` or `NAME.member.member` over tokens[start:end], as written; None for anything else."""
    if (end - start) % 2 == 0 or not all(
        is_id(tokens, k) if (k - start) % 2 == 0 else is_op(tokens, k, ".") for k in range(start, end)
    ):
        return None
    return "".join(t.text for t in tokens[start:end])


def chained(
    tokens: list[Token], match: dict[int, int], i: int, after: int
) -> tuple[str, Fallback | None] | None:
    """With the read at i..after a whole argument of a call `F(..., read, next, ...)`: F's name and what
    the argument after the read gives (None when no argument follows: a chain ending with the read)."""
    k = i - 1
    opener = None
    while k >= 0 and k > i - _MAX_BACK:
        if is_op(tokens, k, ")", "]", "}") and k in match:
            k = match[k] - 1
            continue
        if is_op(tokens, k, "("):
            opener = k
            break
        if is_op(tokens, k, "[", "{", ";"):
            return None
        k -= 1
    if opener is None or not is_id(tokens, opener - 1) or is_op(tokens, opener - 2, "."):
        return None
    args = bracket_arguments(tokens, match, opener)
    place = next((n for n, (s, e) in enumerate(args) if s == i and e == after), None)
    if place is None:
        return None
    if place + 1 >= len(args):
        return tokens[opener - 1].text, None
    start, end = args[place + 1]
    if end == start + 1 and is_id(tokens, start, "undefined", "null"):
        return tokens[opener - 1].text, None
    value = span_literal(tokens, start, end)
    named = _dotted(tokens, start, end) if value is None else None  # `DEFAULT_DAYS`, `DEFAULTS.days`
    close = match.get(opener)
    if (
        value is None
        and close is not None
        and is_op(tokens, close + 1, "||", "??")
        and all(member_chain(tokens, a, b) for a, b in args[place + 1 :])
    ):
        # `firstDefined(flags.host, env.HOST, file.host) ?? DEFAULTS.host`: what the rest hold is read from a
        # user's file, maybe absent; the app's own default is the one after the call
        tail = chain(tokens, match, close + 1)
        if tail is not None:
            return tokens[opener - 1].text, tail
    return tokens[opener - 1].text, Fallback(value, value is None, named)


def file_chain_helpers(text: str) -> dict[str, str | None]:
    """`chain_helpers` of a file's text (a module another imports a helper from)."""
    if "=>" not in text and "function" not in text:
        return {}
    tokens = tokenize(text, JAVASCRIPT)
    return chain_helpers(tokens, bracket_pairs(tokens))
