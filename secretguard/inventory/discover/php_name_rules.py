"""How a loop over a class's properties builds a variable's name from the property's: a constant table
consulted first (`self::MAP[$p] ?? ...`), then literals around the property's name changed by case functions,
Laravel's `Str` helpers or a `Stringable`'s methods (`'APP_'.Str::of($p)->snake()->upper()`)."""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.php import close_bracket
from secretguard.inventory.discover.php_properties import PhpClass, snake

# What a case function, Laravel's Str helper or a Stringable method does to the name.
_FUNCTIONS = {
    "strtoupper": "upper",
    "mb_strtoupper": "upper",
    "strtolower": "lower",
    "mb_strtolower": "lower",
    "str::upper": "upper",
    "str::lower": "lower",
    "str::snake": "snake",
    "str::of": "",
    "str": "",
}
_METHODS = {
    "snake": "snake",
    "upper": "upper",
    "lower": "lower",
    "tostring": "",
    "value": "",
    "__tostring": "",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """How a property's name becomes the variable's: `table[p]` if listed, else prefix + ops(p) + suffix."""

    table: dict[str, str]
    prefix: str
    ops: tuple[str, ...]
    suffix: str

    def name(self, prop: str) -> str:
        if prop in self.table:  # PHP array keys are case-sensitive
            return self.table[prop]
        text = prop
        for op in self.ops:
            text = _apply(op, text)
        return self.prefix + text + self.suffix


def _apply(op: str, text: str) -> str:
    """One step: snake/upper/lower, or a Stringable's `prepend:X` / `append:X`."""
    if op.startswith("prepend:"):
        return op[len("prepend:") :] + text
    if op.startswith("append:"):
        return text + op[len("append:") :]
    return snake(text) if op == "snake" else text.upper() if op == "upper" else text.lower()


def wrapped(rule: Rule, prefix: str, suffix: str, case: str) -> Rule:
    """The rule once a wrapper read `prefix . case(name) . suffix` (`env('APP_' . strtoupper($key))`)."""
    if not (prefix or suffix or case):
        return rule

    def cased(text: str) -> str:
        return text.upper() if case == "upper" else text.lower() if case == "lower" else text

    table = {key: prefix + cased(value) + suffix for key, value in rule.table.items()}
    ops = (*rule.ops, case) if case else rule.ops
    return Rule(table, prefix + cased(rule.prefix), ops, cased(rule.suffix) + suffix)


def name_rule(
    tokens: list[Token],
    span: tuple[int, int],
    var: tuple[str, ...],
    own: list[PhpClass],
    scope: PhpClass | None,
) -> Rule | None:
    start, end = span
    table: dict[str, str] = {}
    coalesce = _top_level(tokens, start, end, "??")
    if coalesce:
        listed = _table(tokens, start, coalesce[0], var, own, scope)
        if listed is None or len(coalesce) != 1:
            return None
        table, start = listed, coalesce[0] + 1
    prefix, suffix = "", ""
    ops: tuple[str, ...] | None = None
    begin = start
    for cut in [*_top_level(tokens, start, end, "."), end]:
        text = literal(tokens, begin) if cut - begin == 1 else None
        if text is not None:
            if ops is None:
                prefix += text
            else:
                suffix += text
        elif ops is None:
            ops = _transform(tokens, begin, cut, var)
            if ops is None:
                return None
        else:
            return None
        begin = cut + 1
    return None if ops is None else Rule(table, prefix, ops, suffix)


def _step_with_argument(tokens: list[Token], start: int, end: int) -> str | None:
    """The step `->method('literal')` ending tokens[start:end] makes (None when it is not one)."""
    if end - start < 6 or not (
        is_op(tokens, end - 1, ")") and is_op(tokens, end - 3, "(") and is_op(tokens, end - 5, "->")
    ):
        return None
    text = literal(tokens, end - 2)
    return _with_argument(tokens[end - 4].text.lower(), text) if tokens[end - 4].kind == ID else None


def _with_argument(method: str, text: str | None) -> str | None:
    """The step a Stringable method taking one literal makes (None when unknown)."""
    if text is None:
        return None
    if method == "snake":
        return "snake" if text == "_" else None  # another delimiter builds no variable name
    return f"{method}:{text}" if method in ("prepend", "append") else None


def _top_level(tokens: list[Token], start: int, end: int, op: str) -> list[int]:
    cuts: list[int] = []
    depth = 0
    for j in range(start, end):
        if is_op(tokens, j, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            depth -= 1
        elif depth == 0 and is_op(tokens, j, op):
            cuts.append(j)
    return cuts


def _table(
    tokens: list[Token],
    start: int,
    end: int,
    var: tuple[str, ...],
    own: list[PhpClass],
    scope: PhpClass | None,
) -> dict[str, str] | None:
    """`self::MAP[$p]`: the constant table's literal entries (`'key' => 'NAME'`)."""
    texts = [t.text for t in tokens[start:end]]
    if len(texts) < 3 or texts[1] != "::" or texts[3:] != ["[", *var, "]"]:
        return None
    owner, const = texts[0], texts[2]
    classes = [scope] if owner in ("self", "static") and scope is not None else own
    for cls in classes:
        if owner not in ("self", "static") and cls.name.lower() != owner.lower():
            continue
        for j in range(cls.body[0], cls.body[1]):
            if is_id(tokens, j, "const") and is_id(tokens, j + 1, const) and is_op(tokens, j + 2, "="):
                if not is_op(tokens, j + 3, "["):
                    return None
                entries: dict[str, str] = {}
                for a, b in split_arguments(tokens, j + 3, close_bracket(tokens, j + 3)):
                    if b - a == 3 and is_op(tokens, a + 1, "=>"):
                        key, value = literal(tokens, a), literal(tokens, a + 2)
                        if key is not None and value is not None:
                            entries[key] = value
                return entries
    return None


def _transform(tokens: list[Token], start: int, end: int, var: tuple[str, ...]) -> tuple[str, ...] | None:
    """What is done to the property's name in tokens[start:end] (`Str::of($p)->snake()->upper()`:
    snake, upper), or None when it is not the name so changed."""
    texts = tuple(t.text for t in tokens[start:end])
    if texts == var or (len(var) == 3 and texts == (var[0], "->", "getName", "(", ")")):
        return ()
    if end - start < 2:
        return None
    if is_op(tokens, start, "(") and close_bracket(tokens, start) == end - 1:
        return _transform(tokens, start + 1, end - 1, var)
    if is_op(tokens, start, "(") and is_id(tokens, start + 1, "string") and is_op(tokens, start + 2, ")"):
        return _transform(tokens, start + 3, end, var)  # `(string) $p`
    if is_op(tokens, end - 1, ")") and is_op(tokens, end - 2, "(") and is_op(tokens, end - 4, "->"):
        method = _METHODS.get(tokens[end - 3].text.lower()) if tokens[end - 3].kind == ID else None
        inner = None if method is None else _transform(tokens, start, end - 4, var)
        return None if inner is None or method is None else (*inner, *([method] if method else []))
    # `->snake('_')`, `->prepend('APP_')`, `->append('_FILE')`: one literal argument
    step = _step_with_argument(tokens, start, end)
    if step is not None:
        inner = _transform(tokens, start, end - 5, var)
        return None if inner is None else (*inner, step)
    open_ = next((j for j in range(start, end) if is_op(tokens, j, "(")), -1)
    if open_ <= start or not is_op(tokens, end - 1, ")") or close_bracket(tokens, open_) != end - 1:
        return None
    words = [t.text.lower() for t in tokens[start:open_] if t.kind == ID]
    key = "::".join(words[-2:]) if is_op(tokens, open_ - 2, "::") else (words[-1] if words else "")
    op = _FUNCTIONS.get(key)
    args = split_arguments(tokens, open_, end - 1)
    if op is None or len(args) != 1:
        return None
    inner = _transform(tokens, *args[0], var)
    return None if inner is None else (*inner, *([op] if op else []))
