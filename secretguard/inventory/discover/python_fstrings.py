"""Python 3.12's f-strings (PEP 701) in a module parsed by an older Python: `f"{x["key"]}"` (the string's
own quote inside a replacement field) and `f'{s.rstrip(b"\\n")}'` (a backslash in one) are syntax errors
before 3.12, so the whole module would be lost.

`without_new_fstrings` rewrites each such f-string on the line a syntax error points at into the tuple of
its replacement fields' expressions (`f'{ os.environ["X"]}-'` -> `( os.environ["X"],)`), on the same line,
and tries again: every read inside stays, the literal text around them goes (no default comes from it).
"""

from __future__ import annotations

import ast

_PREFIXES = frozenset({"f", "rf", "fr", "F", "Rf", "rF", "RF", "fR", "FR", "Fr", "fb"})
_MAX_ROUNDS = 200  # one round per f-string that older Pythons refuse


def without_new_fstrings(text: str, file: str) -> ast.Module | None:
    """The module's tree, with the f-strings only Python 3.12 reads rewritten; None when still no parse."""
    lines = text.splitlines(keepends=True)
    for _ in range(_MAX_ROUNDS):
        try:
            return ast.parse("".join(lines), filename=file)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            number = getattr(error, "lineno", None)
            if not isinstance(number, int) or not 1 <= number <= len(lines):
                return None
            rewritten = _rewrite_line(lines[number - 1])
            if rewritten is None or rewritten == lines[number - 1]:
                return None
            lines[number - 1] = rewritten
    return None


def _rewrite_line(line: str) -> str | None:
    """The line with each one-line f-string made the tuple of its fields' expressions."""
    out: list[str] = []
    i = 0
    changed = False
    while i < len(line):
        ch = line[i]
        if ch == "#":
            out.append(line[i:])
            break
        if ch in "\"'":
            end = _plain_string_end(line, i)
            if end is None:
                return None
            out.append(line[i:end])
            i = end
            continue
        prefix = _fstring_prefix(line, i)
        if prefix:
            found = _fstring(line, i + len(prefix))
            if found is None:
                return None
            fields, end = found
            fields = [_rewrite_line(field) or field for field in fields]  # an f-string inside a field
            out.append("(" + "".join(f"{field}," for field in fields) + ")")
            changed = True
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out) if changed else None


def _fstring_prefix(line: str, i: int) -> str:
    """`f`, `rf`... when an f-string's prefix starts at i (not the end of a longer name)."""
    if i > 0 and (line[i - 1].isalnum() or line[i - 1] == "_"):
        return ""
    for width in (2, 1):
        prefix = line[i : i + width]
        if prefix in _PREFIXES and "f" in prefix.lower() and line[i + width : i + width + 1] in ("'", '"'):
            return prefix
    return ""


def _plain_string_end(line: str, i: int) -> int | None:
    """The index after a one-line string literal (no f prefix) starting with its quote at i."""
    quote = line[i]
    if line.startswith(quote * 3, i):
        end = line.find(quote * 3, i + 3)
        return None if end < 0 else end + 3
    j = i + 1
    while j < len(line):
        if line[j] == "\\":
            j += 2
            continue
        if line[j] == quote:
            return j + 1
        j += 1
    return None


def _fstring(line: str, start: int) -> tuple[list[str], int] | None:
    """The replacement fields of the one-line f-string whose quote is at start, and the index after it."""
    quote = line[start]
    if line.startswith(quote * 3, start):
        return None  # a triple-quoted f-string may span lines: not rewritten
    fields: list[str] = []
    j = start + 1
    while j < len(line):
        ch = line[j]
        if ch == "\\":
            j += 2
        elif ch == quote:
            return fields, j + 1
        elif ch == "{" and line[j + 1 : j + 2] == "{":
            j += 2
        elif ch == "{":
            found = _field(line, j + 1)
            if found is None:
                return None
            expression, j = found
            fields.append(expression)
        else:
            j += 1
    return None


def _field(line: str, start: int) -> tuple[str, int] | None:
    """A replacement field's expression (without `=`, `!r` or `:spec`) and the index after its `}`."""
    depth = 0
    j = start
    end_of_expression: int | None = None
    while j < len(line):
        ch = line[j]
        prefix = _fstring_prefix(line, j)
        if prefix:  # an f-string inside the field: its own quotes and fields
            nested = _fstring(line, j + len(prefix))
            if nested is None:
                return None
            j = nested[1]
            continue
        if ch in "\"'":
            end = _plain_string_end(line, j)
            if end is None:
                return None
            j = end
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]" or (ch == "}" and depth > 0):
            depth -= 1
        elif ch == "}" and depth == 0:
            return line[start : end_of_expression or j], j + 1
        elif depth == 0 and end_of_expression is None:
            if (ch == "!" and line[j + 1 : j + 2] != "=") or ch == ":":
                end_of_expression = j
            elif ch == "=" and line[j + 1 : j + 2] == "}" and line[j - 1 : j] not in ("=", "!", "<", ">"):
                end_of_expression = j  # `f"{x=}"`: the self-documenting form
        j += 1
    return None
