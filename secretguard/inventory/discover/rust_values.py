"""Rust: the literal an expression is (`"data".to_owned()`, `String::from("x")`, `30_000`, `true`), and the
default a read's handling of absence gives (`.unwrap_or("x".into())`, `.unwrap_or_else(|| String::from("x"))`;
`.unwrap_or_default()` handles absence with an empty value: no default)."""

from __future__ import annotations

from secretguard.inventory.discover.lexer import Token, is_id, is_op, span_literal

# `"x".to_owned()`: a conversion that keeps the literal's text.
_CONVERSIONS = frozenset({"to_owned", "to_string", "into", "to_lowercase", "to_uppercase"})
# Steps between a read and its fallback that keep the value (`.ok()`, `.map(|v| v.parse().unwrap())`).
_PASSING = frozenset({"ok", "map", "and_then", "as_deref", "filter", "cloned", "as_ref", "parse"})
_FALLBACKS = frozenset({"unwrap_or", "unwrap_or_else"})


def span_value(tokens: list[Token], start: int, end: int) -> str | None:
    """The literal tokens[start:end] is, through a text-keeping conversion; None for an expression
    (`String::new()`, a closure, a call)."""
    plain = span_literal(tokens, start, end)
    if plain is not None:
        return plain
    size = end - start
    # "x".to_owned() / "x".into()
    if (
        size == 5
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2)
        and tokens[start + 2].text in _CONVERSIONS
        and is_op(tokens, start + 3, "(")
        and is_op(tokens, start + 4, ")")
        and tokens[start].kind != "id"
    ):
        return span_literal(tokens, start, start + 1)
    # String::from("x") / String::from(3)
    if (
        size == 6
        and is_id(tokens, start, "String", "PathBuf")
        and is_op(tokens, start + 1, "::")
        and is_id(tokens, start + 2, "from")
        and is_op(tokens, start + 3, "(")
        and is_op(tokens, start + 5, ")")
    ):
        return span_literal(tokens, start + 4, start + 5)
    return None


def fallback(tokens: list[Token], match: dict[int, int], after: int) -> tuple[bool, str | None]:
    """After a read's closing bracket at after-1: (absence handled, the literal default). Steps that keep the
    value (`.ok()`, `.map(...)`) are passed over up to the fallback."""
    i = after
    while is_op(tokens, i, ".") and is_id(tokens, i + 1):
        method = tokens[i + 1].text
        j = i + 2
        if is_op(tokens, j, "::") and is_op(tokens, j + 1, "<"):  # parse::<u64>()
            j += 2
            while j < len(tokens) and not is_op(tokens, j, ">", ">>"):
                j += 1
            j += 1
        if not is_op(tokens, j, "(") or j not in match:
            return False, None
        close = match[j]
        if method == "unwrap_or_default":
            return True, None
        if method in _FALLBACKS:
            start = j + 1
            if method == "unwrap_or_else" and is_op(tokens, start, "||"):
                start += 1
            elif method == "unwrap_or_else" and is_op(tokens, start, "|"):
                bar = start + 1
                while bar < close and not is_op(tokens, bar, "|"):
                    bar += 1
                start = bar + 1
            return True, span_value(tokens, start, close)
        if method not in _PASSING:
            return False, None
        i = close + 1
    return False, None
