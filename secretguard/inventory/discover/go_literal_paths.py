"""A default given as a field path into a configuration built by a composite literal:

    globalConf = globalConfig{
        Common: common.Configuration{
            IdleTimeout: 15,
            DefenderConfig: common.DefenderConfig{Driver: common.DefenderDriverMemory},
        },
    }
    viper.SetDefault("common.idle_timeout", globalConf.Common.IdleTimeout)   // 15

`path_ref` recognises the value (`var.Field.Field...`, at least one field); `path_value` finds the variable's
composite literal in the file that sets the default (`name = T{...}`, `name := T{...}`, `var name = T{...}`,
`&T{...}`) and follows the fields down to a literal, or a constant the caller resolves."""

from __future__ import annotations

from collections.abc import Callable

from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, span_literal, split_arguments

# (package qualifier or None, constant name) -> its literal
ConstantValue = Callable[[str | None, str], str | None]
_MAX_TYPE_TOKENS = 8  # `&pkg.Type{`, `map[string]T{` before a literal's brace


def path_ref(tokens: list[Token], start: int, end: int) -> tuple[str, list[str]] | None:
    """`globalConf.Common.IdleTimeout` in tokens[start:end]: (variable, [fields])."""
    if end - start < 3 or (end - start) % 2 == 0 or not is_id(tokens, start):
        return None
    fields: list[str] = []
    for k in range(start + 1, end, 2):
        if not (is_op(tokens, k, ".") and is_id(tokens, k + 1)):
            return None
        fields.append(tokens[k + 1].text)
    return tokens[start].text, fields


def path_value(
    tokens: list[Token], match: dict[int, int], variable: str, fields: list[str], constant: ConstantValue
) -> str | None:
    """The literal at the fields of the variable's composite literal in the file, if one holds it."""
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text != variable or is_op(tokens, i - 1, "."):
            continue
        if not is_op(tokens, i + 1, "=", ":="):
            continue
        brace = literal_brace(tokens, i + 2)
        if brace is None or brace not in match:
            continue
        found = descend(tokens, match, brace, fields, constant)
        if found is not None:
            return found
    return None


def literal_brace(tokens: list[Token], start: int) -> int | None:
    """The `{` of a composite literal starting at start (`T{`, `pkg.T{`, `&T{`), else None."""
    for k in range(start, min(start + _MAX_TYPE_TOKENS, len(tokens))):
        if is_op(tokens, k, "{"):
            return k if k > start else None
        if not (is_id(tokens, k) or is_op(tokens, k, ".", "&", "*")):
            return None
    return None


def descend(
    tokens: list[Token], match: dict[int, int], brace: int, fields: list[str], constant: ConstantValue
) -> str | None:
    for start, end in split_arguments(tokens, brace, match[brace]):
        if not (is_id(tokens, start, fields[0]) and is_op(tokens, start + 1, ":")):
            continue
        value = start + 2
        if len(fields) > 1:
            inner = literal_brace(tokens, value)
            return (
                None
                if inner is None or inner not in match
                else descend(tokens, match, inner, fields[1:], constant)
            )
        found = span_literal(tokens, value, end)
        if found is not None:
            return found
        if end - value == 1 and is_id(tokens, value):
            return constant(None, tokens[value].text)
        if (
            end - value == 3
            and is_id(tokens, value)
            and is_op(tokens, value + 1, ".")
            and is_id(tokens, value + 2)
        ):
            return constant(tokens[value].text, tokens[value + 2].text)
        return None
    return None
