"""The shapes a Ruby read takes before its fallback, as Rails code writes them (ruby.py reads the fallback):

- `ENV["X"].presence || "a"`: `presence` is nil for an unset or empty value; `ENV["X"]&.to_i || 587`: a
  nil-safe call on nil is nil. Both reach the `||` with nil when X is unset. (`ENV["X"].to_i || 5` does not:
  `to_i` of nil is 0, so the `5` is never taken.)
- `Utils.if_present(ENV["X"], :to_i) || 8`: a call taking the read as its first argument, whose result the
  `||` falls back from.
- `ENV["X"].present? ? ENV["X"].to_i : 200` (and `ENV["X"] ? ... : 200`, `ENV["X"].blank? ? 200 : ...`): the
  branch taken when X is unset is the default, when the other branch gives X's value (`ENV["X"].present? ?
  "https" : "http"` derives a mode from X: no default).
- `|| LIMIT` where the file sets `LIMIT = 100` once: the constant's literal.
"""

from __future__ import annotations

from secretguard.inventory.discover.lexer import ID, NUM, OP, STR, Token, is_id, is_op

# Tests true when the value is set (`present?`), and when it is not (`blank?`, `nil?`).
_SET_TESTS = frozenset({"present?"})
_UNSET_TESTS = frozenset({"blank?", "nil?"})
_KEYWORDS = frozenset({"if", "unless", "while", "until", "return", "and", "or", "not", "defined?", "when"})
_OPEN = frozenset({"(", "[", "{"})
_CLOSE = frozenset({")", "]", "}"})


def nil_safe_end(tokens: list[Token], j: int) -> int:
    """Past `.presence` and `&.method` / `&.method(args)` calls starting at j (where the `||` may follow)."""
    while True:
        if is_op(tokens, j, ".") and is_id(tokens, j + 1, "presence"):
            j += 2
        elif is_op(tokens, j, "&") and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2):
            j += 3
            if is_op(tokens, j, "(") and tokens[j].line == tokens[j - 1].line:
                j = _closing(tokens, j) + 1
        else:
            return j


def _closing(tokens: list[Token], open_: int) -> int:
    """The bracket closing the one at open_ (the end of the tokens when none does)."""
    depth = 0
    for k in range(open_, len(tokens)):
        tok = tokens[k]
        if tok.kind != OP:
            continue
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
            if depth == 0:
                return k
    return len(tokens) - 1


def wrapping_call_end(tokens: list[Token], i: int, after: int) -> int:
    """`helper(ENV["X"], ...)`, the read at i its first argument: the token after the call's `)`; else -1."""
    if not (is_op(tokens, i - 1, "(") and is_id(tokens, i - 2)) or tokens[i - 2].text in _KEYWORDS:
        return -1
    if not is_op(tokens, after, ",", ")"):
        return -1  # the read is part of a larger first argument
    close = _closing(tokens, i - 1)
    return close + 1 if is_op(tokens, close, ")") else -1


def presence_ternary(tokens: list[Token], j: int) -> int | None:
    """The literal branch of `ENV["X"].present? ? a : LIT` / `ENV["X"] ? a : LIT` / `ENV["X"].blank? ? LIT
    : a`, the read ending before j: the index of the branch taken when X is unset; else None."""
    unset_first = False
    if is_op(tokens, j, ".", "&") and not is_op(tokens, j, "&"):
        if not is_id(tokens, j + 1):
            return None
        word = tokens[j + 1].text
        if word not in _SET_TESTS and word not in _UNSET_TESTS:
            return None
        unset_first = word in _UNSET_TESTS
        j += 2
    if not is_op(tokens, j, "?") or tokens[j].line != tokens[j - 1].line:
        return None
    colon = _ternary_colon(tokens, j)
    if colon is None:
        return None
    if unset_first:
        if colon != j + 2 or not _uses_env(tokens, colon + 1):
            return None  # one literal token before the `:`, and the value itself after it
        return j + 1
    if not any(is_id(tokens, k, "ENV") for k in range(j + 1, colon)):
        return None  # `ENV["X"].present? ? "https" : "http"`: both branches derive another value from X
    return colon + 1


def _uses_env(tokens: list[Token], k: int) -> bool:
    """The rest of k's line reads ENV: the branch gives the variable's value (converted or not)."""
    line = tokens[k].line if k < len(tokens) else -1
    while k < len(tokens) and tokens[k].line == line:
        if is_id(tokens, k, "ENV"):
            return True
        k += 1
    return False


def _ternary_colon(tokens: list[Token], question: int) -> int | None:
    """The `:` of the ternary whose `?` is at question, on its line, outside brackets."""
    depth = 0
    line = tokens[question].line
    for k in range(question + 1, len(tokens)):
        tok = tokens[k]
        if tok.line != line:
            return None
        if tok.kind != OP:
            continue
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
            if depth < 0:
                return None
        elif tok.text == ":" and depth == 0 and k > question + 1:
            return k
    return None


def constants(tokens: list[Token]) -> dict[str, str]:
    """The file's constants set once to a literal (`LIMIT = 100`, `MODE = "fast".freeze`): name -> text."""
    found: dict[str, str | None] = {}
    for k, tok in enumerate(tokens):
        if not (tok.kind == ID and tok.text[:1].isupper() and is_op(tokens, k + 1, "=")):
            continue
        if k > 0 and tokens[k - 1].line == tok.line and not is_op(tokens, k - 1, ";"):
            continue  # not a statement of its own (`Foo::LIMIT = ...`, `x = LIMIT = 1`)
        value = tokens[k + 2] if k + 2 < len(tokens) else None
        plain = value is not None and value.kind in (STR, NUM) and not value.interpolated
        ends = k + 3 >= len(tokens) or tokens[k + 3].line != tok.line or is_op(tokens, k + 3, ";")
        frozen = is_op(tokens, k + 3, ".") and is_id(tokens, k + 4, "freeze")
        text = value.text if value is not None and plain and (ends or frozen) else None
        found[tok.text] = None if tok.text in found else text  # set twice: no one value
    return {name: text for name, text in found.items() if text is not None}
