"""Go variable names computed from option names: a builder function, and the literal tables it is fed from.

    func envVarName(option string) string {
        return "APP_" + strings.ToUpper(strings.ReplaceAll(option, ".", "_"))   // a builder
    }
    var renamed = []struct{ old, new string }{ {"Log.Level", "LogLevel"}, ... }  // a table
    for _, o := range renamed { warnIfSet(o.old) }                         // each entry's `old` field
    func warnIfSet(name string) { if os.Getenv(envVarName(name)) != "" { ... } }

A builder's last `return` gives one parameter passed through `strings.ToUpper` / `ToLower` / `ReplaceAll` /
`Replace(..., -1)` (or as is), with string literals joined around it; a name read through it is built the
same way.
A call's argument that is a `range` variable (or its field) over a literal slice (`[]string{...}`, or a slice
of structs whose fields are given in order or by key, written in place or as a package-level variable)
stands for every entry's value.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretguard.inventory.discover.go_environ import GoFunction
from secretguard.inventory.discover.lexer import STR, Token, is_id, is_op, split_arguments

# (operation, old, new): ("upper", "", ""), ("lower", "", ""), ("replace", ".", "_")
Op = tuple[str, str, str]
_CASE = {"ToUpper": "upper", "ToLower": "lower"}


def apply(ops: tuple[Op, ...], name: str) -> str:
    for kind, old, new in ops:
        if kind == "upper":
            name = name.upper()
        elif kind == "lower":
            name = name.lower()
        elif old:
            name = name.replace(old, new)
    return name


@dataclass(frozen=True, slots=True)
class Built:
    """What a builder makes of its parameter `param`: prefix + ops(argument) + suffix."""

    param: int
    prefix: str
    suffix: str
    ops: tuple[Op, ...]


def transformed(
    tokens: list[Token], match: dict[int, int], start: int, end: int
) -> tuple[int, int, tuple[Op, ...]] | None:
    """`strings.ToUpper(strings.ReplaceAll(X, ".", "_"))` over tokens[start:end]: (X's span, the operations
    applied to it, innermost first); a span that is none of these is itself with no operations."""
    ops: list[Op] = []
    for _ in range(8):
        if not (
            end - start >= 6
            and is_id(tokens, start, "strings")
            and is_op(tokens, start + 1, ".")
            and is_id(tokens, start + 2)
            and is_op(tokens, start + 3, "(")
            and match.get(start + 3) == end - 1
        ):
            break
        method = tokens[start + 2].text
        args = split_arguments(tokens, start + 3, end - 1)
        if method in _CASE and len(args) == 1:
            ops.append((_CASE[method], "", ""))
        elif method in ("ReplaceAll", "Replace") and len(args) == (3 if method == "ReplaceAll" else 4):
            old, new = (_string(tokens, *span) for span in args[1:3])
            if old is None or new is None:
                return None
            if method == "Replace" and not (
                args[3][1] - args[3][0] == 2
                and is_op(tokens, args[3][0], "-")
                and tokens[args[3][0] + 1].text == "1"
            ):
                return None  # a bounded count: not every occurrence
            ops.append(("replace", old, new))
        else:
            return None
        start, end = args[0]
    return start, end, tuple(reversed(ops))


def builder(tokens: list[Token], match: dict[int, int], func: GoFunction) -> Built | None:
    """The function as a builder: its last `return` gives literals joined with one transformed parameter."""
    a, b = func.body
    last = None
    for k in range(a + 1, b):
        if is_id(tokens, k, "return"):
            last = k
    if last is None:
        return None
    end = last + 1
    while end < b and tokens[end].line == tokens[last].line and not is_op(tokens, end, ";"):
        end += 1
    parts = plus_parts(tokens, match, last + 1, min(end, b))
    if parts is None:
        return None
    found: Built | None = None
    prefix: list[str] = []
    suffix: list[str] = []
    for s, e in parts:
        text = _string(tokens, s, e)
        if text is not None:
            (suffix if found is not None else prefix).append(text)
            continue
        inner = transformed(tokens, match, s, e)
        if found is not None or inner is None:
            return None
        x, y, ops = inner
        if not (y - x == 1 and is_id(tokens, x) and tokens[x].text in func.params):
            return None
        found = Built(func.params.index(tokens[x].text), "", "", ops)
    if found is None or not (found.ops or prefix or suffix):
        return None  # `return name`: it builds nothing
    return Built(found.param, "".join(prefix), "".join(suffix), found.ops)


def plus_parts(
    tokens: list[Token], match: dict[int, int], start: int, end: int
) -> list[tuple[int, int]] | None:
    """tokens[start:end] split on top-level `+`."""
    parts: list[tuple[int, int]] = []
    k = first = start
    while k < end:
        if is_op(tokens, k, "(", "[", "{"):
            close = match.get(k)
            if close is None or close >= end:
                return None
            k = close + 1
            continue
        if is_op(tokens, k, "+"):
            if k == first:
                return None
            parts.append((first, k))
            first = k + 1
        k += 1
    if first >= end:
        return None
    parts.append((first, end))
    return parts


def _string(tokens: list[Token], start: int, end: int) -> str | None:
    if end - start == 1 and tokens[start].kind == STR and not tokens[start].interpolated:
        return tokens[start].text
    return None


# --- literal tables ----------------------------------------------------------------------------------------


def range_source(tokens: list[Token], match: dict[int, int], at: int, var: str) -> int | None:
    """Where X starts in the `for _, var := range X {` (or `for var := range X {`) whose body holds token
    `at`; None when `var` is no such range variable there."""
    for k in range(at - 1, -1, -1):
        if not is_id(tokens, k, "for"):
            continue
        j = k + 1
        if is_id(tokens, j, "_") and is_op(tokens, j + 1, ","):
            j += 2
        if not (is_id(tokens, j, var) and is_op(tokens, j + 1, ":=") and is_id(tokens, j + 2, "range")):
            continue
        body = _body(tokens, match, j + 3)
        if body is not None and body < at < match.get(body, -1):
            return j + 3
    return None


def _body(tokens: list[Token], match: dict[int, int], k: int) -> int | None:
    """The `{` of a for's body after its range expression at k: a name (`table`, `pkg.Table`) or a slice
    literal (`[]string{...}`, whose own braces come first)."""
    if is_op(tokens, k, "[") and k in match:
        k = match[k] + 1
        if is_id(tokens, k, "struct") and is_op(tokens, k + 1, "{"):
            k = match.get(k + 1, k) + 1
        else:
            while is_id(tokens, k) or is_op(tokens, k, ".", "*"):
                k += 1
        if not is_op(tokens, k, "{") or k not in match:
            return None
        k = match[k] + 1
        return k if is_op(tokens, k, "{") else None
    while is_id(tokens, k) or is_op(tokens, k, "."):
        k += 1
    return k if is_op(tokens, k, "{") else None


def literal_entries(
    tokens: list[Token], match: dict[int, int], start: int, field: str | None
) -> list[tuple[str, int]] | None:
    """The strings of a slice literal at start (`[]string{"a", "b"}`, `[]struct{ x, y string }{{"a", "b"}}`,
    `[]T{{X: "a"}}`): each entry's value, or its `field`'s (by key, or by position in an in-place struct
    type). With their lines."""
    if not (is_op(tokens, start, "[") and is_op(tokens, start + 1, "]")):
        return None
    k = start + 2
    fields: list[str] = []
    if is_id(tokens, k, "struct") and is_op(tokens, k + 1, "{") and k + 1 in match:
        fields = _struct_fields(tokens, k + 1, match[k + 1])
        k = match[k + 1] + 1
    else:
        while is_id(tokens, k) or is_op(tokens, k, ".", "*"):
            k += 1
    if not is_op(tokens, k, "{") or k not in match:
        return None
    out: list[tuple[str, int]] = []
    for s, e in split_arguments(tokens, k, match[k]):
        if field is None:
            value = _string(tokens, s, e)
            if value is not None:
                out.append((value, tokens[s].line))
            continue
        if not is_op(tokens, s, "{") or s not in match:
            continue
        items = split_arguments(tokens, s, match[s])
        for index, (x, y) in enumerate(items):
            keyed = is_id(tokens, x) and is_op(tokens, x + 1, ":")
            if (keyed and tokens[x].text == field) or (
                not keyed and index < len(fields) and fields[index] == field
            ):
                value = _string(tokens, x + 2 if keyed else x, y)
                if value is not None:
                    out.append((value, tokens[s].line))
    return out


def _struct_fields(tokens: list[Token], open_: int, close: int) -> list[str]:
    """Field names of `struct{ a, b string; c int }` in order."""
    names: list[str] = []
    k = open_ + 1
    expect = True
    line = tokens[k].line if k < close else 0
    while k < close:
        tok = tokens[k]
        if is_op(tokens, k, ";") or tok.line != line:
            expect = True
            line = tok.line
            if is_op(tokens, k, ";"):
                k += 1
                continue
        if expect and is_id(tokens, k):
            names.append(tok.text)
            if is_op(tokens, k + 1, ","):
                k += 2
                continue
            expect = False
        k += 1
    return names
