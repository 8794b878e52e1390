"""Defaults of a JavaScript/TypeScript read that are not a literal right after it:

- chains, `process.env.X || args.x || "x"` (the literal at the end), `process.env.X ?? compute()` and
  `process.env.A || process.env.B || "x"` (computed: no single literal default; A falls back to B, also
  when B is read through an alias or converted: `env.A ?? toNumber(env.B) ?? 3`), and a conversion's
  fallback, `parseInt(process.env.X, 10) || 10`, `this.toOptionalNumber(env.X) ?? 10` (a call named as a
  conversion: `Number`, `parseX`, `toX`, `asX`...); not after a negation (`!!process.env.X || false`);
- statements, `if (!process.env.X) { x = 10 }`, `if (!process.env.X) process.env.X = "a"`, and on a local
  holding the read: `const port = process.env.PORT; if (!port) port = 3000`, `port ??= 3000`,
  `port = port || 3000`.
A branch that throws or exits makes no default: the variable is required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, OP, STR, Token, is_id, is_op, span_literal

_CONVERTERS = ("parseInt", "parseFloat", "Number", "Boolean", "String", "BigInt")
# An app's own conversion helpers: `toOptionalNumber`, `toBoolean`, `parseDuration`, `asInt`, `castToList`.
# `toBool`, `parseInt`, `asNumber`; `getEnvBoolean(value)`, `getBool(value)`: typed getters of a value
_CONVERTER_NAME = re.compile(
    r"^(?:(?:to|parse|as|cast|coerce|convert)(?:To)?(?:[A-Z_]|$)|get(?:Env)?(?:Bool|Boolean|Int|Integer|Number|Float)$)"
)
_STOPS = frozenset({";", ",", ")", "}", "]", "?", ":"})
_LOOKAHEAD = 600  # tokens after a local's binding searched for its fallback


@dataclass(frozen=True, slots=True)
class Fallback:
    default: str | None
    computed: bool  # an expression, not a literal: no single default
    named: str | None = None  # the name the chain ends with, when it is one (a constant of another module?)


def _nothing(tokens: list[Token], start: int, end: int) -> bool:
    return end - start == 1 and is_id(tokens, start, "undefined", "null")


def _env_read(tokens: list[Token], start: int, end: int, aliases: frozenset[str] = frozenset()) -> bool:
    """An operand reading another variable, not a default: `process.env.Y`, `process.env["Y"]`,
    `import.meta.env.Y`, a member of an alias of the environment (`env.Y`), also inside a conversion
    (`Number(process.env.Y)`)."""
    for k in range(start, end):
        if is_op(tokens, k - 1, ".") and k > start:
            continue
        if is_id(tokens, k, "process") and is_id(tokens, k + 2, "env"):
            return True
        if is_id(tokens, k, "import") and is_id(tokens, k + 2, "meta") and end - k >= 5:
            return True
        if tokens[k].text in aliases and tokens[k].kind != STR and is_op(tokens, k + 1, ".", "?.", "["):
            return True
    return False


def is_converter(name: str) -> bool:
    return name in _CONVERTERS or _CONVERTER_NAME.match(name) is not None


def operand_end(tokens: list[Token], match: dict[int, int], k: int) -> int:
    """The end of the operand starting at k: the next top-level `||`/`??`, or the expression's end."""
    start = k
    while k < len(tokens):
        tok = tokens[k]
        if k > start and tok.line > tokens[k - 1].line and tokens[k - 1].kind != OP and tok.kind != OP:
            return k  # a new statement (no semicolon)
        if tok.kind == OP:
            if tok.text in ("(", "[", "{") and k in match:
                k = match[k] + 1
                continue
            if tok.text in ("||", "??") or tok.text in _STOPS:
                return k
        k += 1
    return k


def chain(
    tokens: list[Token],
    match: dict[int, int],
    j: int,
    aliases: frozenset[str] = frozenset(),
    constants: Mapping[str, str] | None = None,
) -> Fallback | None:
    """With tokens[j] a `||`/`??` after a read: what the chain ends with. None when it ends with
    `undefined`/`null` (no default); computed when it falls back to another variable on the way
    (`process.env.APP_PORT || process.env.PORT || 3000`: APP_PORT's default is PORT, not 3000). A name
    among constants (`const DEFAULT_PORT = 3000` in the file) stands for its literal."""
    last = (j + 1, j + 1)
    k = j
    other = False
    while is_op(tokens, k, "||", "??"):
        end = operand_end(tokens, match, k + 1)
        last = (k + 1, end)
        other = other or _env_read(tokens, k + 1, end, aliases)
        k = end
        if _nothing(tokens, *last) and _group_continues(tokens, match, k):
            k += 1  # `(X?.trim() || undefined) ?? "d"`: the group is nullish when X is unset
    start, end = last
    if end <= start or _nothing(tokens, start, end):
        return None
    if other:
        return Fallback(None, True)
    value = span_literal(tokens, start, end)
    name = named_operand(tokens, start, end) if value is None else None
    if name is not None:
        value = constants.get(name) if constants else None
        if value is None:
            return Fallback(None, True, name)
    return Fallback(value, value is None)


def _group_continues(tokens: list[Token], match: dict[int, int], k: int) -> bool:
    """A plain parenthesised group closes at k (not a call's arguments) and a `??`/`||` follows it."""
    opener = match.get(k)
    if not is_op(tokens, k, ")") or opener is None or not is_op(tokens, k + 1, "??", "||"):
        return False
    called = is_id(tokens, opener - 1) and tokens[opener - 1].text not in _KEYWORDS
    return not (called or is_op(tokens, opener - 1, ")", "]", "?."))


_KEYWORDS = frozenset({"return", "await", "typeof", "void", "in", "of", "case", "yield"})
# String methods that keep an unset value unset through `?.` and a set one a string: `X?.trim() || "d"`.
_KEEPING = frozenset({"trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toString"})


def after_string_methods(tokens: list[Token], j: int) -> int:
    """The index past `?.trim()` / `.toLowerCase()` calls at j that keep the read a string (or unset)."""
    while (
        is_op(tokens, j, ".", "?.")
        and is_id(tokens, j + 1, *_KEEPING)
        and is_op(tokens, j + 2, "(")
        and is_op(tokens, j + 3, ")")
    ):
        j += 4
    return j


def member_chain(tokens: list[Token], start: int, end: int, dots: tuple[str, ...] = (".", "?.")) -> bool:
    """`file.host`, `config.upload.limitMB`: a member of an object, up to three deep, nothing computed."""
    span = end - start
    return (
        3 <= span <= 7
        and span % 2 == 1
        and all(is_op(tokens, k, *dots) if (k - start) % 2 else is_id(tokens, k) for k in range(start, end))
    )


def named_operand(tokens: list[Token], start: int, end: int) -> str | None:
    """The constant an operand is, as itself or as its text: `DEFAULT_PORT`, `defaults.port`,
    `DEFAULT_PORT.toString()`, `String(DEFAULT_PORT)`, `` `${DEFAULT_PORT}` `` (a constant's text is its
    literal's)."""
    span = end - start
    if span == 1 and is_id(tokens, start) and not _nothing(tokens, start, end):
        return tokens[start].text
    if member_chain(tokens, start, end, (".",)):
        return "".join(t.text for t in tokens[start:end])  # a member, `config.upload.limitMB`
    if not 4 <= span <= 5:
        return None
    shape = tuple(t.text if t.kind == OP else t.kind for t in tokens[start:end])
    if shape == (ID, ".", ID, "(", ")") and tokens[start + 2].text == "toString":
        return tokens[start].text
    if shape == (ID, "(", ID, ")") and tokens[start].text == "String":
        return tokens[start + 2].text
    # a template literal is lexed as its interpolations, then the string of its other text: `(X)` then ``
    if shape == ("(", ID, ")", STR) and tokens[start + 3].interpolated and not tokens[start + 3].text:
        return tokens[start + 1].text
    return None


def converted(
    tokens: list[Token],
    match: dict[int, int],
    i: int,
    after: int,
    aliases: frozenset[str] = frozenset(),
    constants: Mapping[str, str] | None = None,
) -> Fallback | None:
    """`parseInt(process.env.X, 10) || 10`, `this.toOptionalNumber(env.X) ?? 10` with the read at
    i..after, the conversion's first argument: the chain after the conversion."""
    opener = i - 1
    if not (is_op(tokens, opener, "(") and is_id(tokens, opener - 1) and opener in match):
        return None
    while is_op(tokens, after, "!"):  # TypeScript's non-null assertion: `parseInt(process.env.X!, 10)`
        after += 1
    if not is_converter(tokens[opener - 1].text) or not is_op(tokens, after, ",", ")"):
        return None
    close = match[opener]
    if not is_op(tokens, close + 1, "||", "??"):
        return None
    if is_op(tokens, close + 1, "??") and tokens[opener - 1].text in _CONVERTERS:
        return None  # `Boolean(x) ?? true`: a built-in conversion is never nullish, the `??` never runs
    return chain(tokens, match, close + 1, aliases, constants)


def _branch(
    tokens: list[Token], match: dict[int, int], start: int, target: str | None, named: str | None = None
) -> Fallback | None:
    """The assignment of a branch run when the variable is unset (`{ x = 10 }` or one statement): its value,
    or None when the branch throws, exits or assigns nothing. Without a target, the assigned name must be the
    variable's (`process.env.X = "a"`) or named after it (`syncInterval` for SYNC_INTERVAL): `if
    (!env.API_KEY) { failed = true }` records a failure, not a fallback."""
    if is_op(tokens, start, "{") and start in match:
        first, last = start + 1, match[start]
    else:
        first, last = start, operand_end(tokens, match, start)
        while last < len(tokens) and is_op(tokens, last, "||", "??"):
            last = operand_end(tokens, match, last + 1)
    k = first
    while k < last:
        if is_id(tokens, k, "throw") or (is_id(tokens, k, "exit") and is_op(tokens, k - 1, ".")):
            return None
        if is_op(tokens, k, "=", "??=", "||=") and (
            _target_is(tokens, k, target) if target is not None else _named_after(tokens, k, named)
        ):
            end = operand_end(tokens, match, k + 1)
            while end < last and is_op(tokens, end, "||", "??"):
                end = operand_end(tokens, match, end + 1)
            value = span_literal(tokens, k + 1, end)
            return Fallback(value, value is None and not _nothing(tokens, k + 1, end))
        k += 1
    return None


def _target_is(tokens: list[Token], eq: int, target: str) -> bool:
    return is_id(tokens, eq - 1, target) and not is_op(tokens, eq - 2, ".")


_CAMEL_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(name: str) -> set[str]:
    return {w.lower() for w in _CAMEL_WORD.findall(name)}


def _named_after(tokens: list[Token], eq: int, variable: str | None) -> bool:
    """The name assigned at eq is the variable itself or one named after it (its words within the variable's,
    the variable's within its, or two words shared: `port` and `serverPort` for PORT, `syncInterval` for
    SYNC_INTERVAL, `maxPoolConnections` for APP_DB_POOL_MAX_CONNECTIONS)."""
    if variable is None:
        return True
    left = tokens[eq - 1] if eq > 0 else None
    if left is None or left.kind not in (ID, STR):
        return False
    if left.text == variable:
        return True
    assigned, read = _words(left.text), _words(variable)
    return bool(assigned) and (assigned <= read or read <= assigned or len(assigned & read) >= 2)


def guarded(tokens: list[Token], match: dict[int, int], i: int, after: int) -> Fallback | None:
    """`if (!process.env.X) <branch>` with the read at i..after."""
    if not (is_op(tokens, i - 1, "!") and is_op(tokens, i - 2, "(") and is_id(tokens, i - 3, "if")):
        return None
    if not is_op(tokens, after, ")") or match.get(i - 2) != after:
        return None
    named = next((t.text for t in reversed(tokens[i:after]) if t.kind in (ID, STR)), None)
    return _branch(tokens, match, after + 1, None, named)


def through_local(
    tokens: list[Token],
    match: dict[int, int],
    i: int,
    after: int,
    constants: Mapping[str, str] | None = None,
) -> Fallback | None:
    """`const port = process.env.PORT;` then `if (!port) port = 3000`, `port ??= 3000`, `port = port ||
    3000` or `port ? Number(port) : DEFAULT_PORT` (a constant of the file gives its literal)."""
    if not (
        is_op(tokens, i - 1, "=") and is_id(tokens, i - 2) and is_id(tokens, i - 3, "let", "var", "const")
    ):
        return None
    if after < len(tokens) and not is_op(tokens, after, ";") and tokens[after].line == tokens[after - 1].line:
        return None
    name = tokens[i - 2].text
    for k in range(after, min(len(tokens), after + _LOOKAHEAD)):
        if not is_id(tokens, k, name) or is_op(tokens, k - 1, "."):
            continue
        choice = ternary(tokens, match, k, k + 1, constants)  # `host ? host : "localhost"`
        if choice is not None:
            return choice.fallback
        if is_op(tokens, k + 1, "??=", "||="):
            end = operand_end(tokens, match, k + 2)
            value = span_literal(tokens, k + 2, end)
            return Fallback(value, value is None and not _nothing(tokens, k + 2, end))
        if is_op(tokens, k + 1, "=") and is_id(tokens, k + 2, name) and is_op(tokens, k + 3, "||", "??"):
            return chain(tokens, match, k + 3, constants=constants)
        if (
            is_op(tokens, k - 1, "!")
            and is_op(tokens, k - 2, "(")
            and is_id(tokens, k - 3, "if")
            and is_op(tokens, k + 1, ")")
        ):
            return _branch(tokens, match, k + 2, name)
    return None


# --- ternaries: `X ? X : "d"`, `X !== undefined ? X : 5`, `!X ? "d" : X`, `X === undefined ? 5 : Number(X)`

_EMPTY = ("undefined", "null")
_SET_TESTS = ("!==", "!=")
_UNSET_TESTS = ("===", "==")


@dataclass(frozen=True, slots=True)
class Ternary:
    fallback: Fallback
    value: tuple[int, int]  # the branch that uses the variable: a read there shares the fallback


def _unset_value(tokens: list[Token], k: int) -> bool:
    """`undefined`, `null` or `""` at k, alone."""
    return is_id(tokens, k, *_EMPTY) or (
        tokens[k].kind == STR and not tokens[k].interpolated and not tokens[k].text
    )


def _same(tokens: list[Token], match: dict[int, int], start: int, end: int, operand: list[str]) -> bool:
    """The branch start..end is the operand itself, or one conversion of it (`Number(X)`, `parseInt(X)`,
    `+X`, `X.toLowerCase()`)."""
    texts = [t.text for t in tokens[start:end]]
    if texts == operand or (texts[:1] == ["+"] and texts[1:] == operand):
        return True  # the operand, or `+X`: a number made of it
    if texts[: len(operand)] == operand and after_string_methods(tokens, start + len(operand)) == end > start:
        return True  # `X.toLowerCase()`: the same value
    # `Number.parseInt(X, 10)`: the same conversion reached through `Number`
    if (
        is_id(tokens, start, "Number")
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, *_CONVERTERS)
    ):
        start += 2
    # `parseInt(X)`, also an app's own conversion (`toBool(X)`, `asNumber(X)`)
    if (
        end - start > 2
        and is_id(tokens, start)
        and is_converter(tokens[start].text)
        and is_op(tokens, start + 1, "(")
    ):
        close = match.get(start + 1)
        if close != end - 1:
            return False
        inner = [t.text for t in tokens[start + 2 : close]]
        return inner[: len(operand)] == operand and (len(inner) == len(operand) or inner[len(operand)] == ",")
    return False


def _compared(tokens: list[Token], match: dict[int, int], start: int, end: int, operand: list[str]) -> bool:
    """The branch start..end compares the operand (maybe through method calls: `X.trim().toLowerCase()`)
    with a string literal: `X === "true"`, `X.toLowerCase() !== "false"`."""
    k = start + len(operand)
    if [t.text for t in tokens[start:k]] != operand:
        return False
    while (
        is_op(tokens, k, ".", "?.") and is_id(tokens, k + 1) and is_op(tokens, k + 2, "(") and k + 2 in match
    ):
        k = match[k + 2] + 1
    return (
        is_op(tokens, k, *_SET_TESTS, *_UNSET_TESTS, "===", "!==")
        and k + 2 == end
        and tokens[k + 1].kind == STR
    )


def _colon(tokens: list[Token], match: dict[int, int], question: int) -> int | None:
    """The `:` answering the `?` at question (nested ternaries and brackets skipped)."""
    depth = 0
    k = question + 1
    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == OP:
            if tok.text in ("(", "[", "{") and k in match:
                k = match[k] + 1
                continue
            if tok.text in (";", ")", "]", "}"):
                return None
            if tok.text == "?":
                depth += 1
            elif tok.text == ":":
                if depth == 0:
                    return k
                depth -= 1
        k += 1
    return None


def _branch_end(tokens: list[Token], match: dict[int, int], k: int) -> int:
    end = operand_end(tokens, match, k)
    while is_op(tokens, end, "||", "??"):
        end = operand_end(tokens, match, end + 1)
    return end


def ternary(
    tokens: list[Token],
    match: dict[int, int],
    start: int,
    end: int,
    constants: Mapping[str, str] | None = None,
) -> Ternary | None:
    """With start..end an operand (a read, or a local holding one) that a ternary tests: the default given by
    its other branch, when the branch taken while it is set is the operand itself (or a conversion of it).
    `X ? "on" : "off"` is a switch, not a default: None. A branch naming a constant (`: DEFAULT_SIZE`) gives
    its literal, as chain's."""
    negated = is_op(tokens, start - 1, "!") and not is_op(tokens, start - 2, "!")
    question = end
    unset_first = negated
    if is_op(tokens, end, *_SET_TESTS, *_UNSET_TESTS) and not negated:
        if end + 1 >= len(tokens) or not _unset_value(tokens, end + 1):
            return None
        unset_first = is_op(tokens, end, *_UNSET_TESTS)
        question = end + 2
    if not is_op(tokens, question, "?"):
        return None
    colon = _colon(tokens, match, question)
    if colon is None:
        return None
    first = (question + 1, colon)
    second = (colon + 1, _branch_end(tokens, match, colon + 1))
    value, other = (second, first) if unset_first else (first, second)
    operand = [t.text for t in tokens[start:end]]
    a, b = other
    if b <= a:
        return None
    # `X ? X === "true" : true`: a set branch reading X as a flag makes a boolean other branch X's default
    flag = is_id(tokens, a, "true", "false") and b == a + 1 and _compared(tokens, match, *value, operand)
    if not flag and not _same(tokens, match, value[0], value[1], operand):
        return None
    if _nothing(tokens, a, b):
        return Ternary(Fallback(None, False), value)
    literal = span_literal(tokens, a, b)
    name = named_operand(tokens, a, b) if literal is None else None
    if name is not None:
        literal = constants.get(name) if constants else None
        if literal is None:
            return Ternary(Fallback(None, True, name), value)
    return Ternary(Fallback(literal, literal is None), value)


def preset(
    tokens: list[Token], match: dict[int, int], i: int, after: int, constants: Mapping[str, str]
) -> Fallback | None:
    """`let message = 'Too many requests'; if (process.env.X) { message = process.env.X }`: the read at
    i..after (or a conversion of it, `max = parseInt(process.env.X)`) replaces a local's preset value only
    when a condition testing the same variable holds: the preset is the default. A preset naming a constant
    of the file (`RateLimiter.DEFAULT_MAX`, `static DEFAULT_MAX = 40`) is that constant's literal."""
    start = i
    if is_op(tokens, i - 1, "(") and is_id(tokens, i - 2) and is_converter(tokens[i - 2].text):
        if match.get(i - 1) != after:
            return None
        start, after = i - 2, after + 1
    if not (is_op(tokens, start - 1, "=") and is_id(tokens, start - 2)) or is_op(tokens, start - 3, "."):
        return None
    if is_id(tokens, start - 3, "const", "let", "var") or not _statement_ends(tokens, after):
        return None
    target = tokens[start - 2].text
    condition = _enclosing_if(tokens, match, start - 2)
    if condition is None or not _mentions(tokens, condition, tokens[i:after]):
        return None
    for k in range(condition[0] - 2, max(condition[0] - _LOOKAHEAD, 0), -1):
        if is_op(tokens, k, "=") and is_id(tokens, k - 1, target) and not is_op(tokens, k - 2, "."):
            end = operand_end(tokens, match, k + 1)
            value = span_literal(tokens, k + 1, end)
            if value is None:
                value = _constant(tokens, k + 1, end, constants)
            return None if value is None else Fallback(value, False)
    return None


def _statement_ends(tokens: list[Token], k: int) -> bool:
    return k >= len(tokens) or is_op(tokens, k, ";", "}") or tokens[k].line > tokens[k - 1].line


def _enclosing_if(tokens: list[Token], match: dict[int, int], k: int) -> tuple[int, int] | None:
    """The condition's span (inside its brackets) of the `if (...)` whose branch holds the statement at k:
    `if (c) { ...; x = v }` or `if (c) x = v`."""
    if is_op(tokens, k - 1, ")"):
        opener = next((o for o, c in match.items() if c == k - 1), None)
        if opener is not None and is_id(tokens, opener - 1, "if"):
            return opener + 1, k - 1
    j = k - 1
    depth = 0
    while j >= 0:
        if is_op(tokens, j, "}"):
            depth += 1
        elif is_op(tokens, j, "{"):
            if depth == 0:
                break
            depth -= 1
        j -= 1
    if j < 1 or not is_op(tokens, j - 1, ")"):
        return None
    opener = next((o for o, c in match.items() if c == j - 1), None)
    if opener is None or not is_id(tokens, opener - 1, "if"):
        return None
    return opener + 1, j - 1


def _mentions(tokens: list[Token], span: tuple[int, int], read: list[Token]) -> bool:
    texts = [t.text for t in read]
    size = len(texts)
    return any([t.text for t in tokens[k : k + size]] == texts for k in range(span[0], span[1] - size + 1))


def _constant(tokens: list[Token], start: int, end: int, constants: Mapping[str, str]) -> str | None:
    """A preset naming a constant of the file: `DEFAULT_MAX`, or a class's `static DEFAULT_MAX = 40`."""
    if end == start + 1 and is_id(tokens, start):
        return constants.get(tokens[start].text)
    if end != start + 3 or not (
        is_id(tokens, start) and is_op(tokens, start + 1, ".") and is_id(tokens, start + 2)
    ):
        return None
    member = tokens[start + 2].text
    for k in range(len(tokens) - 3):
        if is_id(tokens, k, "static") and is_id(tokens, k + 1, member) and is_op(tokens, k + 2, "="):
            value = span_literal(tokens, k + 3, k + 4)
            if value is not None and _statement_ends(tokens, k + 4):
                return value
    return None
