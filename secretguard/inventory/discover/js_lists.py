"""Names an environment read takes from data in JavaScript/TypeScript: each name of a literal array whose
element a callback or loop binds (`const NAMES = ["A", "B"] as const; NAMES.filter((name) =>
process.env[name])`, `for (const name of NAMES)`, `["A", "B"].forEach(...)`), and a key built by joining
literals (`process.env["AWS" + "_REGION"]`).

A property can hold names as data too: in a table of literal objects (`{ id: "x", flagEnvs: ["X_ENABLED"],
customNameEnv: "X_NAME" }`) read through an entry (`entry.flagEnvs.some((f) => process.env[f])`,
`process.env[entry.customNameEnv]`), every string literal under that key in the module's literal objects is
a name the read may take."""

from __future__ import annotations

from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal

# Array methods whose callback's first parameter is each element.
_ELEMENT_METHODS = frozenset({"filter", "map", "forEach", "some", "every", "find", "findIndex", "flatMap"})
_DECLARERS = ("const", "let", "var")


def joined_key(tokens: list[Token], k: int) -> tuple[str, int] | None:
    """`"AWS" + "_REGION"` from k: the joined text and the index after its last literal."""
    text = literal(tokens, k)
    if text is None:
        return None
    end = k + 1
    while is_op(tokens, end, "+") and (more := literal(tokens, end + 1)) is not None:
        text, end = text + more, end + 2
    return text, end


def _array_at(tokens: list[Token], match: dict[int, int], i: int) -> tuple[list[str], int] | None:
    """A literal array of strings opening at i: its items and the index after its `]`."""
    if not is_op(tokens, i, "["):
        return None
    close = match.get(i)
    if close is None or close == i + 1:
        return None
    items: list[str] = []
    k = i + 1
    while k < close:
        text = literal(tokens, k)
        if text is None:
            return None
        items.append(text)
        k += 1
        if is_op(tokens, k, ","):
            k += 1
        elif k != close:
            return None
    return items, close + 1


def property_values(tokens: list[Token], match: dict[int, int], prop: str) -> list[str]:
    """Every string literal under the key `prop` in the module's object literals (`prop: "X"`,
    `prop: ["X", "Y"]`), in order, once each."""
    found: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.text != prop or (literal(tokens, i) is None and not is_id(tokens, i)):
            continue
        if not (is_op(tokens, i + 1, ":") and is_op(tokens, i - 1, "{", ",")):
            continue
        text = literal(tokens, i + 2)
        if text is not None and is_op(tokens, i + 3, ",", "}"):
            items = [text]
        else:
            array = _array_at(tokens, match, i + 2)
            items = array[0] if array is not None else []
        found.extend(item for item in items if item not in found)
    return found


def _literal_arrays(tokens: list[Token], match: dict[int, int]) -> dict[str, list[str]]:
    """`const NAMES = ["A", "B"] as const`: names assigned a literal array of strings (once)."""
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for i in range(len(tokens)):
        if not (is_id(tokens, i, *_DECLARERS) and is_id(tokens, i + 1)):
            continue
        name = tokens[i + 1].text
        k = i + 2
        if is_op(tokens, k, ":"):  # `const NAMES: readonly string[] = [...]`
            while k < len(tokens) and not is_op(tokens, k, "=", ";"):
                k += 1
        if not is_op(tokens, k, "="):
            continue
        array = _array_at(tokens, match, k + 1)
        if array is None:
            continue
        if name in seen:
            found.pop(name, None)
        else:
            seen.add(name)
            found[name] = array[0]
    return found


def _callback_param(tokens: list[Token], match: dict[int, int], open_: int) -> tuple[str, int, int] | None:
    """`((name) => ...)`, `(name => ...)`, `(function (name) {...})` at the call's `(`: the first parameter
    and the callback's span (the call's arguments)."""
    close = match.get(open_)
    if close is None:
        return None
    k = open_ + 1
    if is_id(tokens, k, "function"):
        k += 1
        if is_id(tokens, k) and not is_op(tokens, k, "("):
            k += 1
    if is_op(tokens, k, "(") and is_id(tokens, k + 1) and is_op(tokens, k + 2, ")", ","):
        return tokens[k + 1].text, open_, close
    if is_id(tokens, k) and is_op(tokens, k + 1, "=>"):
        return tokens[k].text, open_, close
    return None


def element_spans(tokens: list[Token], match: dict[int, int]) -> list[tuple[str, int, int, list[str]]]:
    """Where a name is bound to each element of a literal array: (name, start, end, elements)."""
    if not any(t.text in _ELEMENT_METHODS or t.text == "of" for t in tokens):
        return []
    arrays = _literal_arrays(tokens, match)
    props: dict[str, list[str]] = {}
    spans: list[tuple[str, int, int, list[str]]] = []
    for i, tok in enumerate(tokens):
        if tok.text in _ELEMENT_METHODS and is_op(tokens, i - 1, ".") and is_op(tokens, i + 1, "("):
            items = _elements_before(tokens, match, i - 2, arrays, props)
            found = _callback_param(tokens, match, i + 1) if items else None
            if found is not None and items:
                spans.append((found[0], found[1], found[2], items))
        elif is_id(tokens, i, "for") and is_op(tokens, i + 1, "("):
            loop = _for_of(tokens, match, i + 1, arrays, props)
            if loop is not None:
                spans.append(loop)
    return spans


def _elements_before(
    tokens: list[Token],
    match: dict[int, int],
    end: int,
    arrays: dict[str, list[str]],
    props: dict[str, list[str]],
) -> list[str] | None:
    """The literal array ending at `end` (a name holding one, an array literal itself, or `entry.P` with P
    a key holding names in the module's object literals)."""
    if is_id(tokens, end) and is_op(tokens, end - 1, ".", "?.") and is_id(tokens, end - 2):
        prop = tokens[end].text
        if prop not in props:
            props[prop] = property_values(tokens, match, prop)
        return props[prop] or None
    if is_id(tokens, end) and not is_op(tokens, end - 1, "."):
        return arrays.get(tokens[end].text)
    if is_op(tokens, end, "]"):
        start = match.get(end)  # both ways: the `[` of this `]`
        found = _array_at(tokens, match, start) if start is not None else None
        return found[0] if found is not None else None
    return None


def _for_of(
    tokens: list[Token],
    match: dict[int, int],
    open_: int,
    arrays: dict[str, list[str]],
    props: dict[str, list[str]],
) -> tuple[str, int, int, list[str]] | None:
    """`for (const name of NAMES) ...`: the loop variable, the loop's span and the names."""
    close = match.get(open_)
    k = open_ + 1
    if close is None or not is_id(tokens, k, *_DECLARERS) or not is_id(tokens, k + 1):
        return None
    if not is_id(tokens, k + 2, "of"):
        return None
    items = _elements_before(tokens, match, close - 1, arrays, props)
    iterable = close - 1 - (k + 3)  # tokens after the first of `NAMES` / `entry.P` / `[...]`
    if items is None or (iterable not in (0, 2) and not is_op(tokens, close - 1, "]")):
        return None
    body = close + 1
    end = match.get(body, body) if is_op(tokens, body, "{") else body
    while not is_op(tokens, body, "{") and end < len(tokens) and not is_op(tokens, end, ";"):
        end += 1
    return tokens[k + 1].text, close, end, items


def bound_elements(spans: list[tuple[str, int, int, list[str]]], name: str, at: int) -> list[str] | None:
    """The elements `name` stands for at token `at`, when a span binding it encloses that place."""
    for bound, start, end, items in reversed(spans):
        if bound == name and start < at <= end:
            return items
    return None
