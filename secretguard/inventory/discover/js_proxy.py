"""A `Proxy` over the environment whose `get` trap also reads a name built from the property's:

    new Proxy(process.env, {
      get(target, prop) {
        const value = target[prop];
        if (value !== undefined) return value;
        const filePath = target[`${prop}_FILE`];   // docker secrets: NAME_FILE names a file holding NAME
        ...

Every variable read through such an object (`env.SECRET_KEY`) can then also be supplied as SECRET_KEY_FILE.
The trap is found in the handler given to `new Proxy(...)` (in place, or a name bound to an object literal):
a `get(target, prop)` method, or `get: (target, prop) => ...` / `get: function (target, prop) {...}`.
"""

from __future__ import annotations

from secretguard.inventory.discover.js_wrappers import function_body, index_template
from secretguard.inventory.discover.lexer import Token, bracket_arguments, is_id, is_op

# What the docker-secrets convention appends: only a name + this suffix is reported as a file variant.
FILE_SUFFIX = "_FILE"
_TRAP = "get"


def proxy_file_suffixes(tokens: list[Token], match: dict[int, int], open_: int) -> tuple[str, ...]:
    """The `_FILE`-style suffixes the get trap of `new Proxy(target, handler)` (its `(` at open_) appends
    to the property's name when it reads the target; () when it reads none."""
    args = bracket_arguments(tokens, match, open_)
    if len(args) < 2:
        return ()
    brace = _handler_object(tokens, match, *args[1])
    if brace is None:
        return ()
    for start, end in bracket_arguments(tokens, match, brace):
        trap = _trap(tokens, match, start, end)
        if trap is not None:
            return _suffixes(tokens, match, *trap)
    return ()


def _handler_object(tokens: list[Token], match: dict[int, int], start: int, end: int) -> int | None:
    """The `{` of the handler: given in place, or the object literal a name given here is bound to."""
    if is_op(tokens, start, "{") and start in match:
        return start
    if end - start != 1 or not is_id(tokens, start):
        return None
    name = tokens[start].text
    for k in range(len(tokens) - 2):
        if (
            is_id(tokens, k, name)
            and is_op(tokens, k + 1, "=")
            and is_op(tokens, k + 2, "{")
            and not is_op(tokens, k - 1, ".")
            and k + 2 in match
        ):
            return k + 2
    return None


def _trap(tokens: list[Token], match: dict[int, int], start: int, end: int) -> tuple[str, int, int] | None:
    """(the property parameter's name, body start, body end) of a `get` trap entry spanning start..end."""
    if not is_id(tokens, start, _TRAP):
        return None
    opener = start + 1
    if is_op(tokens, opener, ":"):  # `get: (target, prop) => ...`, `get: function (target, prop) {...}`
        opener += 1
        if is_id(tokens, opener, "async"):
            opener += 1
        if is_id(tokens, opener, "function"):
            opener += 1
            if is_id(tokens, opener):
                opener += 1
    if not is_op(tokens, opener, "(") or opener not in match:
        return None
    params = bracket_arguments(tokens, match, opener)
    if len(params) < 2 or not is_id(tokens, params[1][0]):
        return None
    body = function_body(tokens, match, opener)
    if body is None or body[1] > end:
        return None
    return tokens[params[1][0]].text, body[0], body[1]


def _suffixes(
    tokens: list[Token], match: dict[int, int], prop: str, first: int, last: int
) -> tuple[str, ...]:
    """Suffixes of the indexes `x[`${prop}_FILE`]`, `x[prop + "_FILE"]`, or a local holding one
    (`const fileVar = `${prop}_FILE`; target[fileVar]`), within the trap's body."""
    locals_: dict[str, tuple[int, str, str]] = {}
    found: list[str] = []
    for k in range(first, last):
        if is_id(tokens, k) and is_op(tokens, k + 1, "=") and is_id(tokens, k - 1, "const", "let", "var"):
            stop = k + 2
            while stop < last and not is_op(tokens, stop, ";") and tokens[stop].line == tokens[k].line:
                stop += 1
            held = index_template(tokens, k + 2, stop, [prop], {})
            if held is not None and held[2]:
                locals_[tokens[k].text] = held
        elif is_op(tokens, k, "[") and k in match and not is_op(tokens, k - 1, "(", ",", "=", "["):
            template = index_template(tokens, k + 1, match[k], [prop], locals_)
            if template is None:
                continue
            _, prefix, suffix = template
            if (
                not prefix
                and suffix.upper() == suffix
                and suffix.endswith(FILE_SUFFIX)
                and suffix not in found
            ):
                found.append(suffix)
    return tuple(found)
