"""Which table `process.env[entry.P]` reads its names from in JavaScript/TypeScript, when the entry is bound
to the elements of something the same file names: `for (const entry of TABLE)`, `TABLE.forEach((entry) =>
...)`, or `const entry = TABLE[i]` in an index loop. A literal array `TABLE` gives the names its elements hold
under P: an object `{ P: "X" }`, or a call `helper("X", ...)` of a helper of the file returning `{ P, ... }`
/ `{ P: param }` (the argument at that parameter's place). A table that is not a literal (a parameter, a
query's result) holds names the code never spells: none. An entry bound no way seen here keeps the module's
literals under P (js_lists.property_values)."""

from __future__ import annotations

from secretguard.inventory.discover.js_maps import block_end as _block_end
from secretguard.inventory.discover.js_wrappers import functions
from secretguard.inventory.discover.lexer import Token, bracket_arguments, is_id, is_op, literal

_DECLARERS = ("const", "let", "var")
_CALLBACKS = frozenset({"forEach", "map", "filter", "some", "every", "find", "flatMap", "reduce"})
_MAX_BACK = 3000  # tokens back from a read to its entry's binding


def _binding(tokens: list[Token], match: dict[int, int], entry: str, at: int) -> str | None:
    """The name of what `entry` walks at token `at`: "" when bound to something that is no plain name,
    None when no binding is seen."""
    for k in range(at - 1, max(0, at - _MAX_BACK), -1):
        if not is_id(tokens, k, entry):
            continue
        if is_id(tokens, k - 1, *_DECLARERS) and is_id(tokens, k + 1, "of"):  # for (const entry of T)
            opener = k - 2
            close = match.get(opener)
            if close is None or (close < at and not _encloses(tokens, match, close, at)):
                continue
            return tokens[k + 2].text if is_id(tokens, k + 2) and close == k + 3 else ""
        if is_id(tokens, k - 1, *_DECLARERS) and is_op(tokens, k + 1, "="):  # const entry = T[i]
            if _block_end(tokens, match, k) < at:
                continue  # a local of a block already closed
            if is_id(tokens, k + 2) and is_op(tokens, k + 3, "[") and is_id(tokens, k + 4):
                return tokens[k + 2].text
            return ""
        callback = k - 1 if is_op(tokens, k - 1, "(") else k  # T.forEach((entry) => / (entry =>
        if (
            is_op(tokens, callback - 1, "(")
            and is_id(tokens, callback - 2, *_CALLBACKS)
            and is_op(tokens, callback - 3, ".")
            and is_id(tokens, callback - 4)
            and match.get(callback - 1, 0) > at
        ):
            return tokens[callback - 4].text
    return None


def _encloses(tokens: list[Token], match: dict[int, int], close: int, at: int) -> bool:
    """Whether the body after a loop's `)` at close reaches `at`."""
    body = close + 1
    return is_op(tokens, body, "{") and match.get(body, 0) >= at


def _literal_array(tokens: list[Token], match: dict[int, int], name: str) -> tuple[int, int] | bool | None:
    """The span of `const name = [...]` in the file; False when `name` is declared otherwise (a parameter,
    a computed local), None when it is not declared here."""
    declared = False
    for k, tok in enumerate(tokens):
        if tok.text != name or not is_id(tokens, k):
            continue
        if is_id(tokens, k - 1, *_DECLARERS):
            j = k + 1
            if is_op(tokens, j, ":"):  # `const T: Entry[] = [...]`
                while j < len(tokens) and j < k + 40 and not is_op(tokens, j, "=", ";"):
                    j += 1
            if is_op(tokens, j, "=") and is_op(tokens, j + 1, "[") and j + 1 in match:
                return j + 1, match[j + 1]
            declared = True
        elif is_op(tokens, k - 1, "(", ",") and is_op(tokens, k + 1, ":", ",", ")", "="):
            declared = True  # a parameter (or an argument: too rare to tell apart here)
    return False if declared else None


def _helpers(tokens: list[Token], match: dict[int, int], prop: str) -> dict[str, int]:
    """Functions of the file returning an object whose `prop` is one of their parameters: name -> the
    parameter's place: `function map(env, type) { return { env, type } }`, `const map = (env) =>
    ({ env })`."""
    found: dict[str, int] = {}
    for fn in functions(tokens, match):
        name, opener = fn.name, fn.params_open
        close = match.get(opener) if is_op(tokens, opener, "(") else None
        if close is None:
            continue
        params = [
            tokens[s].text if is_id(tokens, s) else "" for s, _ in bracket_arguments(tokens, match, opener)
        ]
        place = _returned_param(tokens, match, close, prop, params)
        if place is not None:
            found[name] = place
    return found


def _returned_param(
    tokens: list[Token], match: dict[int, int], close: int, prop: str, params: list[str]
) -> int | None:
    """The place of the parameter the body after a parameter list's `)` returns under `prop`."""
    k = close + 1
    if is_op(tokens, k, ":"):  # a return type
        while k < len(tokens) and k < close + 30 and not is_op(tokens, k, "{", "=>"):
            k += 1
    arrow = is_op(tokens, k, "=>") and is_op(tokens, k + 1, "(")  # `=> ({ ... })`
    block = is_op(tokens, k, "{") and is_id(tokens, k + 1, "return")  # `{ return { ... } }`
    if not (arrow or block) or not is_op(tokens, k + 2, "{"):
        return None
    for start, end in bracket_arguments(tokens, match, k + 2):
        if not is_id(tokens, start, prop):
            continue
        held = prop if end == start + 1 else None
        if end == start + 3 and is_op(tokens, start + 1, ":") and is_id(tokens, start + 2):
            held = tokens[start + 2].text
        if held in params:
            return params.index(held)
    return None


def table_names(
    tokens: list[Token], match: dict[int, int], entry: str, prop: str, at: int
) -> list[str] | None:
    """The names `process.env[entry.prop]` at `at` reads, when `entry` walks a table the file names (an
    empty list when that table is no literal); None when no such binding is seen."""
    table = _binding(tokens, match, entry, at)
    if table is None:
        return None
    span = _literal_array(tokens, match, table) if table else False
    if span is None:
        return None  # imported or global: the module's literals under prop may still be it
    if span is False or not isinstance(span, tuple):
        return []
    opener = span[0]
    helpers = _helpers(tokens, match, prop)
    names: list[str] = []
    for start, _ in bracket_arguments(tokens, match, opener):
        text: str | None = None
        if is_op(tokens, start, "{"):
            for s, e in bracket_arguments(tokens, match, start):
                if e == s + 3 and is_id(tokens, s, prop) and is_op(tokens, s + 1, ":"):
                    text = literal(tokens, s + 2)
        elif is_id(tokens, start) and tokens[start].text in helpers and is_op(tokens, start + 1, "("):
            args = bracket_arguments(tokens, match, start + 1)
            place = helpers[tokens[start].text]
            if place < len(args) and args[place][1] == args[place][0] + 1:
                text = literal(tokens, args[place][0])
        if text is not None and text not in names:
            names.append(text)
    return names
