"""Names a read builds from a loop variable: the keys of an object a loop walks (`for (const key in spec)`,
`for (const key of Object.keys(spec))`, `Object.keys(spec).forEach((key) => ...)`, `Object.entries(spec)
.forEach(([key, value]) => ...)`), or the elements of a literal array (js_lists.py), given to the read with
literal text around them: `process.env[key + "_FILE"]`, `` process.env[`${key}_FILE`] ``, or a local holding
that (`const fileKey = key + "_FILE"; process.env[fileKey]`). The docker-secrets convention reads each
variable of an envalid spec or zod schema as a file this way.

Which object a name holds (a literal, a schema) is the caller's: `keys_of` gives the keys of the object an
expression names."""

from __future__ import annotations

from collections.abc import Callable

from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal

# A loop over keys: (loop variable, first token of the loop, last token of its body, the keys).
Span = tuple[str, int, int, list[str]]
KeysOf = Callable[[int, int], list[str]]

_DECLARERS = ("const", "let", "var")
# Array methods whose callback's first parameter is each element of `Object.keys(...)`.
_CALLBACK_METHODS = frozenset({"forEach", "map", "filter", "some", "every", "find", "flatMap", "reduce"})
_MAX_LOCAL = 400  # tokens back from a read to the local holding its key


def key_loops(tokens: list[Token], match: dict[int, int], keys_of: KeysOf) -> list[Span]:
    """Every loop over the keys of an object whose keys `keys_of` knows."""
    out: list[Span] = []
    for i, tok in enumerate(tokens):
        if tok.text == "for" and is_op(tokens, i + 1, "("):
            found = _for_loop(tokens, match, i + 1, keys_of)
        elif tok.text in _CALLBACK_METHODS and is_op(tokens, i - 1, ".") and is_op(tokens, i + 1, "("):
            found = _callback(tokens, match, i, keys_of)
        else:
            continue
        if found is not None:
            out.append(found)
    return out


def _object_call(tokens: list[Token], match: dict[int, int], k: int) -> tuple[str, int, int] | None:
    """`Object.keys(X)` / `Object.entries(X)` starting at k: (method, X's start, X's end)."""
    if not (
        is_id(tokens, k, "Object") and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "keys", "entries")
    ):
        return None
    close = match.get(k + 3) if is_op(tokens, k + 3, "(") else None
    if close is None or close == k + 4:
        return None
    return tokens[k + 2].text, k + 4, close


def _for_loop(tokens: list[Token], match: dict[int, int], open_: int, keys_of: KeysOf) -> Span | None:
    """`for (const key in X)`, `for (const key of Object.keys(X))`, `for (const [key, v] of
    Object.entries(X))`."""
    close = match.get(open_)
    k = open_ + 1
    if close is None or not is_id(tokens, k, *_DECLARERS):
        return None
    k += 1
    if is_id(tokens, k) and is_id(tokens, k + 1, "in"):
        name, start, end = tokens[k].text, k + 2, close
    elif is_op(tokens, k, "[") and is_id(tokens, k + 1) and k in match and is_id(tokens, match[k] + 1, "of"):
        call = _object_call(tokens, match, match[k] + 2)
        if call is None or call[0] != "entries" or match.get(call[1] - 1) != close - 1:
            return None
        name, start, end = tokens[k + 1].text, call[1], call[2]
    elif is_id(tokens, k) and is_id(tokens, k + 1, "of"):
        call = _object_call(tokens, match, k + 2)
        guard = _includes_guard(tokens, close + 1, tokens[k].text) if call is None else None
        if guard is not None:  # `for (const k of envKeys) { if (KNOWN.includes(k)) ...`: k is one of KNOWN
            known = _array_literal(tokens, match, tokens[guard].text, open_)
            if not known:
                return None
            body = close + 1
            last = match.get(body, close) if is_op(tokens, body, "{") else close
            return tokens[k].text, open_, last, known
        if call is None or call[0] != "keys" or match.get(call[1] - 1) != close - 1:
            return None
        name, start, end = tokens[k].text, call[1], call[2]
    else:
        return None
    keys = keys_of(start, end)
    if not keys:
        return None
    body = close + 1
    if is_op(tokens, body, "{") and body in match:
        return name, open_, match[body], keys
    last = body
    while last < len(tokens) and not is_op(tokens, last, ";"):
        last = match[last] + 1 if is_op(tokens, last, "(", "[", "{") and last in match else last + 1
    return name, open_, last, keys


def _array_literal(tokens: list[Token], match: dict[int, int], name: str, before: int) -> list[str]:
    """The strings of `const name = ["a", "b"]` declared before token `before` (every element a literal)."""
    for j in range(before - 1, max(0, before - _MAX_LOCAL * 4), -1):
        if not (is_id(tokens, j, name) and is_id(tokens, j - 1, *_DECLARERS) and is_op(tokens, j + 1, "=")):
            continue
        opener = j + 2
        close = match.get(opener) if is_op(tokens, opener, "[") else None
        if close is None:
            return []
        items = [literal(tokens, k) for k in range(opener + 1, close) if not is_op(tokens, k, ",")]
        return [i for i in items if i is not None] if all(i is not None for i in items) else []
    return []


def _includes_guard(tokens: list[Token], body: int, name: str) -> int | None:
    """Where `LIST` is in a loop body opening with `if (LIST.includes(name))`, else None."""
    j = body + 1 if is_op(tokens, body, "{") else body
    if (
        is_id(tokens, j, "if")
        and is_op(tokens, j + 1, "(")
        and is_id(tokens, j + 2)
        and is_op(tokens, j + 3, ".")
        and is_id(tokens, j + 4, "includes")
        and is_op(tokens, j + 5, "(")
        and is_id(tokens, j + 6, name)
        and is_op(tokens, j + 7, ")")
        and is_op(tokens, j + 8, ")")
    ):
        return j + 2
    return None


def _callback(tokens: list[Token], match: dict[int, int], i: int, keys_of: KeysOf) -> Span | None:
    """`Object.keys(X).forEach((key) => ...)`, `Object.entries(X).map(([key, v]) => ...)`, with the method
    name at i."""
    if not (is_op(tokens, i - 2, ")") and i - 2 in match):
        return None
    opener = match[i - 2]
    call = _object_call(tokens, match, opener - 3)
    close = match.get(i + 1)
    if call is None or close is None:
        return None
    method, start, end = call
    k = i + 2
    if is_id(tokens, k, "function"):
        k += 1 + (1 if is_id(tokens, k + 1) else 0)
    if is_op(tokens, k, "("):
        k += 1
    if method == "entries":
        if not (is_op(tokens, k, "[") and is_id(tokens, k + 1)):
            return None
        name = tokens[k + 1].text
    elif is_id(tokens, k) and not is_id(tokens, k, "function", "async"):
        name = tokens[k].text
    else:
        return None
    keys = keys_of(start, end)
    return (name, i + 1, close, keys) if keys else None


def affixed(
    tokens: list[Token],
    start: int,
    end: int,
    template: Callable[[int, int], tuple[str, str, str] | None],
) -> tuple[str, str, str] | None:
    """The key start..end as (prefix, loop variable, suffix): `key`, `key + "_FILE"`, `"APP_" + key`, or a
    template around it (`template` reads one: the lexer keeps no places for its parts)."""
    if end == start + 1 and is_id(tokens, start):
        return "", tokens[start].text, ""
    found = template(start, end)
    if found is not None:
        return found
    prefix, name, suffix = "", None, ""
    k = start
    while k < end:
        text = literal(tokens, k)
        if text is not None:
            if name is None:
                prefix += text
            else:
                suffix += text
        elif is_id(tokens, k) and name is None and not is_op(tokens, k + 1, ".", "(", "["):
            name = tokens[k].text
        else:
            return None
        k += 1
        if k < end and not is_op(tokens, k, "+"):
            return None
        k += 1
    return None if name is None else (prefix, name, suffix)


def local_value(tokens: list[Token], match: dict[int, int], name: str, before: int) -> tuple[int, int] | None:
    """The value of the nearest `const name = ...` before `before` (within a few hundred tokens): its range
    up to the end of the statement."""
    for k in range(before - 1, max(0, before - _MAX_LOCAL), -1):
        if is_id(tokens, k, name) and is_id(tokens, k - 1, *_DECLARERS) and is_op(tokens, k + 1, "="):
            start = end = k + 2
            while end < len(tokens) and not is_op(tokens, end, ";", ",", ")", "}", "]"):
                new_line = end > start and tokens[end].line > tokens[end - 1].line
                if new_line and not is_op(tokens, end, "+") and not is_op(tokens, end - 1, "+"):
                    break  # a statement without its `;`
                end = match[end] + 1 if is_op(tokens, end, "(", "[", "{") and end in match else end + 1
            return (start, end) if end > start else None
    return None
