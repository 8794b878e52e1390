"""spf13/pflag (cobra's flags) definitions and their defaults, for viper keys bound to flags.

`viper.BindPFlag("port", cmd.Flags().Lookup("port"))` makes the flag's default the key's fallback when no
flag, variable or `SetDefault` gives one: `cmd.Flags().Int("port", 8081, "...")`, `StringP("level", "l",
"info", "...")`, `BoolVar(&demo, "demo", false, "...")`, `StringVarP(&p, "data", "d", "", "...")`.
"""

from __future__ import annotations

from collections.abc import Iterator

from secretguard.inventory.discover.lexer import (
    STR,
    Token,
    bracket_arguments,
    is_id,
    is_op,
    span_literal,
)

# pflag's value types: `<Type>`, `<Type>P`, `<Type>Var`, `<Type>VarP`.
_TYPES = frozenset(
    """
    Bool String Int Int8 Int16 Int32 Int64 Uint Uint8 Uint16 Uint32 Uint64 Float32 Float64 Duration Count
    StringSlice StringArray IntSlice Int32Slice Int64Slice UintSlice BoolSlice Float64Slice DurationSlice
    IP IPSlice IPMask IPNet StringToString StringToInt StringToInt64 BytesHex BytesBase64
    """.split()
)
_FLAG_SETS = ("Flags", "PersistentFlags", "LocalFlags", "InheritedFlags")
_ASSIGN_SPAN = 8  # tokens after `x :=` where `cmd.Flags()` / `pflag.NewFlagSet(` is looked for


def _layout(method: str) -> tuple[int, int] | None:
    """(argument index of the name, of the default) for a definition method, None for another method."""
    for suffix, name_at, value_at in (("VarP", 1, 3), ("Var", 1, 2), ("P", 0, 2), ("", 0, 1)):
        base = method[: len(method) - len(suffix)] if suffix else method
        if method.endswith(suffix) and base in _TYPES:
            return name_at, value_at
    return None


def _flag_set_names(tokens: list[Token]) -> set[str]:
    """Names holding a flag set: `flags := cmd.Flags()`, `fs := pflag.NewFlagSet("x", ...)`."""
    names = {"pflag"}
    for i in range(len(tokens) - 2):
        if not (is_id(tokens, i) and is_op(tokens, i + 1, ":=", "=")) or is_op(tokens, i - 1, "."):
            continue
        for k in range(i + 2, min(i + 2 + _ASSIGN_SPAN, len(tokens) - 1)):
            if is_id(tokens, k, *_FLAG_SETS, "NewFlagSet") and is_op(tokens, k + 1, "("):
                names.add(tokens[i].text)
                break
            if is_op(tokens, k, ";", "{", "}"):
                break
    return names


def _receiver(tokens: list[Token], dot: int, sets: set[str]) -> bool:
    """Whether the `.` at dot follows a flag set: `cmd.Flags().`, `flags.`, `pflag.`."""
    if is_id(tokens, dot - 1, *sets) and not is_op(tokens, dot - 2, "."):
        return True
    return is_op(tokens, dot - 1, ")") and is_op(tokens, dot - 2, "(") and is_id(tokens, dot - 3, *_FLAG_SETS)


def flag_defaults(tokens: list[Token], match: dict[int, int]) -> dict[str, str | None]:
    """Flag name -> its default as text ("" when the default is the empty string), None when the default
    is not one literal (`nil`, a constant, an expression)."""
    return {name: span_literal(tokens, *span) for name, span in flag_default_spans(tokens, match).items()}


def _definitions(
    tokens: list[Token], match: dict[int, int]
) -> Iterator[tuple[int, tuple[int, int], tuple[int, int]]]:
    """Each flag definition call (`.String(name, default, usage)` on a flag set): the method's token, the
    spans of its name and of its default argument."""
    sets = _flag_set_names(tokens)
    for i in range(1, len(tokens) - 2):
        if not (is_op(tokens, i, ".") and is_id(tokens, i + 1) and is_op(tokens, i + 2, "(")):
            continue
        layout = _layout(tokens[i + 1].text)
        if layout is None or not _receiver(tokens, i, sets):
            continue
        args = bracket_arguments(tokens, match, i + 2)
        name_at, value_at = layout
        if len(args) > value_at:
            yield i + 1, args[name_at], args[value_at]


def flag_default_spans(tokens: list[Token], match: dict[int, int]) -> dict[str, tuple[int, int]]:
    """Flag name -> the token span of its default argument (`conf.Server.Port`, `8080`)."""
    out: dict[str, tuple[int, int]] = {}
    for _, (start, end), value in _definitions(tokens, match):
        name = span_literal(tokens, start, end)
        if name is not None and tokens[start].kind == STR:
            out.setdefault(name, value)
    return out


def flag_names(
    tokens: list[Token], match: dict[int, int], constants: dict[str, str]
) -> list[tuple[str, int]]:
    """Every flag the file defines, named by a literal or a constant of the file (`String(logLevel, ...)`
    with `const logLevel = "log-level"`), with its line."""
    out: list[tuple[str, int]] = []
    for method, (start, end), _ in _definitions(tokens, match):
        name = span_literal(tokens, start, end) if tokens[start].kind == STR else None
        if name is None and end - start == 1 and is_id(tokens, start):
            name = constants.get(tokens[start].text)
        if name:
            out.append((name, tokens[method].line))
    return out
