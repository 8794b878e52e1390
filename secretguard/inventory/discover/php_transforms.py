"""What PHP does to a read's value before the code uses it: functions handing back a changed copy
(`strtolower(getenv('X'))`, `intval(...)`, `trim(...)`, `filter_var(getenv('X'), FILTER_VALIDATE_BOOLEAN)`),
casts (`(int) getenv('X')`) and parentheses. A `?:` after the whole, or a comparison with it, is about the
read: `intval(getenv('LDAP_PORT')) ?: 389` gives 389 when LDAP_PORT is unset (getenv's false becomes 0),
`strtolower(getenv('DEBUG')) === 'true'` is a switch. `(bool) getenv('X')` keeps only whether X is set
and not empty."""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op

# Functions returning a changed copy of their first argument, never null (so a `??` after them is dead).
_COPIES = frozenset(
    """
    strtolower strtoupper mb_strtolower mb_strtoupper ucfirst lcfirst ucwords trim ltrim rtrim intval
    floatval boolval strval
    """.split()
)
# Of those, the ones taking more arguments after the value (`trim($v, '/')`, `intval($v, 8)`).
_MORE_ARGUMENTS = frozenset({"trim", "ltrim", "rtrim", "intval", "ucwords"})
_CASTS = frozenset({"int", "integer", "bool", "boolean", "float", "double", "string"})
_BOOLEAN_CASTS = frozenset({"bool", "boolean"})
_BOOLEAN_FILTERS = frozenset({"FILTER_VALIDATE_BOOLEAN", "FILTER_VALIDATE_BOOL"})


@dataclass(frozen=True, slots=True)
class Around:
    """The expression a read is the value of once its copies and casts are peeled off."""

    before: int  # the token before the outermost copy (the read's own when there is none)
    after: int  # the token after it
    changed: bool  # a function or cast changed the value (parentheses alone do not)
    boolean: bool  # parsed as a boolean (`FILTER_VALIDATE_BOOLEAN`: "false" and "off" are false)
    truth: bool  # only its truth is kept (`(bool)`, `boolval()`: "false" is true): a presence test
    nullable: bool  # the whole may be null, so a `??` after it applies


def _called(tokens: list[Token], open_: int) -> str | None:
    """The plain function called at the `(` at open_ (lower case), not a method."""
    if not is_id(tokens, open_ - 1) or is_op(tokens, open_ - 2, "->", "::", "?->"):
        return None
    return tokens[open_ - 1].text.lower()


def _closing(tokens: list[Token], open_: int, after: int) -> int | None:
    """The `)` closing the call at open_ whose first argument ends at after (more arguments allowed)."""
    if is_op(tokens, after, ")"):
        return after
    if not is_op(tokens, after, ","):
        return None
    depth = 0
    for j in range(after, len(tokens)):
        if is_op(tokens, j, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            if depth == 0:
                return j if tokens[j].text == ")" else None
            depth -= 1
        elif is_op(tokens, j, ";"):
            return None
    return None


def around(tokens: list[Token], start: int, end: int) -> Around:
    """The read tokens[start:end] with what wraps it: `intval(...)`, `(int) ...`, `(...)`, repeatedly."""
    before, after = start - 1, end
    changed = boolean = truth = False
    nullable = True
    while before >= 0:
        if is_op(tokens, before, ")") and is_id(tokens, before - 1) and is_op(tokens, before - 2, "("):
            cast = tokens[before - 1].text.lower()
            if cast not in _CASTS:
                break
            before -= 3
            changed, nullable = True, False
            truth = truth or cast in _BOOLEAN_CASTS
            continue
        if not is_op(tokens, before, "("):
            break
        function = _called(tokens, before)
        if function is None:
            if (
                is_id(tokens, before - 1)
                or is_op(tokens, before - 1, ")", "]")
                or not is_op(tokens, after, ")")
            ):
                break  # `if (...)`, `$f(...)`, `f()(...)`: not parentheses around a value
            before, after = before - 1, after + 1
            continue
        close = _closing(tokens, before, after)
        if close is None:
            break
        if function == "filter_var" and close != after:
            flags = {t.text for t in tokens[after:close] if t.kind == ID}
            boolean = boolean or bool(flags & _BOOLEAN_FILTERS)
            nullable = "FILTER_NULL_ON_FAILURE" in flags and not flags & _BOOLEAN_FILTERS
        elif function in _COPIES and (close == after or function in _MORE_ARGUMENTS):
            truth = truth or function == "boolval"
            nullable = False
        else:
            break
        changed = True
        before, after = before - 2, close + 1
        if is_op(tokens, before, "\\"):
            before -= 1  # `\strtolower(...)`: the global function
    return Around(before, after, changed, boolean, truth, nullable)
