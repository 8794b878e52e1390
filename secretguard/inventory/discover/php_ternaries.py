"""PHP ternaries whose condition is whether a variable is set:
`getenv('X') ? strtolower(getenv('X')) === 'true' : true`, `!empty(getenv('X')) ? ... : 10`,
`getenv('X') !== false ? getenv('X') : 'a'`, `isset($_ENV['X']) ? $_ENV['X'] : 'a'` (and the negated forms,
`empty(...) ? 'a' : ...`). The branch taken when the variable is unset is its fallback: the variable's
default, the way `getenv('X') ?: 'a'` gives one."""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, OP, STR, Token, is_id, is_op

# What an unset variable reads as: getenv() gives false, env() and `$_ENV['X']` null; a loose comparison
# (`== null`, `!= ''`) takes any of false, null and '' for it, a strict one only the reader's own.
_LOOSE_UNSET = frozenset({"false", "null", "''"})
_EQUAL = ("==", "===")
_NOT_EQUAL = ("!=", "!==", "<>")
_STRICT = ("===", "!==")
# Tokens after which a condition starts (so the read is the whole condition, not `a && getenv('X')`).
_STARTS = ("(", ",", "=", "=>", "[", "{", "}", ";", ".=", "??=")
_START_WORDS = ("return", "echo", "print", "yield")
# Tokens ending a ternary's last branch.
_ENDS = (",", ";", "=>", "??")
_END_WORDS = ("and", "or", "xor", "as")


@dataclass(frozen=True, slots=True)
class Presence:
    fallback: tuple[int, int]  # the branch taken when the variable is unset (token span)
    kept: tuple[int, int]  # the branch taken when it is set


def _unset_word(tokens: list[Token], i: int, operator: str, unset: str) -> bool:
    """Whether the literal at i is what the read gives when unset (`unset`), as `operator` compares."""
    tok = tokens[i] if 0 <= i < len(tokens) else None
    if tok is None:
        return False
    if tok.kind == ID:
        word = tok.text.lower()
    elif tok.kind == STR and not tok.interpolated and tok.text == "":
        word = "''"
    else:
        return False
    return word == unset if operator in _STRICT else word in _LOOSE_UNSET


def _condition(tokens: list[Token], before: int, after: int, unset: str) -> tuple[int, int, bool] | None:
    """The whole condition around a read spanning (before, after) (`unset`: what the read gives when its
    variable is unset, "" when a function changed it), and whether it holds when the variable is set;
    None when the read is not tested for being set."""
    positive = True
    if (
        is_op(tokens, before, "(")
        and is_id(tokens, before - 1, "empty", "isset")
        and is_op(tokens, after, ")")
    ):
        positive = tokens[before - 1].text == "isset"
        before, after = before - 2, after + 1
    elif (
        unset
        and is_op(tokens, after, *_EQUAL, *_NOT_EQUAL)
        and _unset_word(tokens, after + 1, tokens[after].text, unset)
    ):
        positive = tokens[after].text in _NOT_EQUAL
        after += 2
    elif (
        unset
        and is_op(tokens, before, *_EQUAL, *_NOT_EQUAL)
        and _unset_word(tokens, before - 1, tokens[before].text, unset)
    ):
        positive = tokens[before].text in _NOT_EQUAL
        before -= 2
    while is_op(tokens, before, "!"):
        positive = not positive
        before -= 1
    if is_op(tokens, before, "(") and is_op(tokens, after, ")") and not is_id(tokens, before - 1):
        before, after = before - 1, after + 1  # `(getenv('X')) ? ...`
    started = before < 0 or is_op(tokens, before, *_STARTS) or is_id(tokens, before, *_START_WORDS)
    if not started or not is_op(tokens, after, "?") or is_op(tokens, after + 1, ":", "->"):
        return None
    return before, after, positive


def _colon(tokens: list[Token], start: int) -> int | None:
    """The `:` of the ternary whose `?` is just before start."""
    depth = nested = 0
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.kind != OP:
            continue
        if tok.text in ("(", "[", "{"):
            depth += 1
        elif tok.text in (")", "]", "}"):
            if depth == 0:
                return None
            depth -= 1
        elif depth:
            continue
        elif tok.text in (";", ","):
            return None
        elif tok.text == "?" and not is_op(tokens, j + 1, ":", "->"):
            nested += 1
        elif tok.text == ":" and not is_op(tokens, j - 1, "?"):
            if nested == 0:
                return j
            nested -= 1
    return None


def _branch_end(tokens: list[Token], start: int) -> int:
    """Where the ternary's last branch starting at start ends."""
    depth = 0
    for j in range(start, len(tokens)):
        if is_op(tokens, j, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and (is_op(tokens, j, *_ENDS, "?") or is_id(tokens, j, *_END_WORDS)):
            return j
    return len(tokens)


def presence_ternary(tokens: list[Token], before: int, after: int, unset: str) -> Presence | None:
    """The ternary a read spanning (before, after) is the presence test of, else None."""
    found = _condition(tokens, before, after, unset)
    if found is None:
        return None
    _, question, positive = found
    colon = _colon(tokens, question + 1)
    if colon is None:
        return None
    then, otherwise = (question + 1, colon), (colon + 1, _branch_end(tokens, colon + 1))
    if then[0] == then[1] or otherwise[0] == otherwise[1]:
        return None
    return Presence(otherwise, then) if positive else Presence(then, otherwise)


def passes_on(tokens: list[Token], presence: Presence, before: int, after: int) -> bool:
    """Whether the branch kept when the variable is set is its read spanning (before, after) (its copies and
    casts included: `(int) getenv('X')`), or, with a boolean fallback, that read compared with a string
    (`strtolower(getenv('X')) === 'true'`): the fallback then stands for the value. Another use
    (`explode(',', getenv('X'))`, `E_ALL`) makes the ternary map the variable to something else."""
    start, end = presence.kept
    if before + 1 == start and after == end:
        return True
    first, last = presence.fallback
    if last - first != 1 or not is_id(tokens, first) or tokens[first].text.lower() not in ("true", "false"):
        return False
    if before + 1 == start and after + 2 == end:
        return is_op(tokens, after, *_EQUAL, *_NOT_EQUAL) and _string(tokens, after + 1)
    if before - 1 == start and after == end:
        return is_op(tokens, before, *_EQUAL, *_NOT_EQUAL) and _string(tokens, before - 1)
    return False


def _string(tokens: list[Token], i: int) -> bool:
    return tokens[i].kind == STR and not tokens[i].interpolated
