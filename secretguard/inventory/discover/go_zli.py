"""zli flags (arp242/zli) set from the environment.

    f := zli.NewFlags(os.Args)
    listen := f.String(":8080", "listen")
    port := f.Int(0, "public-port", "port")
    if err := f.Parse(zli.FromEnv("GOATCOUNTER")); err != nil { ... }

`f.Parse(zli.FromEnv("P"))` also takes each flag of `f` from `P_` + the flag's name in upper case with `-`
as `_` (`GOATCOUNTER_LISTEN`, `GOATCOUNTER_PUBLIC_PORT`, the alias `GOATCOUNTER_PORT`). A flag's first
argument is its default (an empty string or `nil` gives none; a call computes one). The flags counted are
those the file defines on a receiver it parses that way.
"""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    STR,
    Token,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
)

SOURCE = "go-zli"
TRIGGER = "zli.FromEnv("
_FLAG_TYPES = frozenset({"String", "Int", "Int64", "Float64", "Bool", "StringList", "IntList"})


def zli_reads(tokens: list[Token], match: dict[int, int], file: str) -> list[Read]:
    prefixes: dict[str, set[str]] = {}  # receiver -> prefixes its Parse calls take
    for i, tok in enumerate(tokens):
        if (
            tok.kind == ID
            and tok.text == "Parse"
            and is_op(tokens, i - 1, ".")
            and is_id(tokens, i - 2)
            and is_op(tokens, i + 1, "(")
            and is_id(tokens, i + 2, "zli")
            and is_op(tokens, i + 3, ".")
            and is_id(tokens, i + 4, "FromEnv")
            and is_op(tokens, i + 5, "(")
        ):
            prefix = literal(tokens, i + 6)
            if prefix is not None:
                prefixes.setdefault(tokens[i - 2].text, set()).add(prefix)
    if not prefixes:
        return []
    out: list[Read] = []
    for i, tok in enumerate(tokens):
        if not (
            tok.kind == ID
            and tok.text in _FLAG_TYPES
            and is_op(tokens, i - 1, ".")
            and is_id(tokens, i - 2)
            and tokens[i - 2].text in prefixes
            and is_op(tokens, i + 1, "(")
        ):
            continue
        close = match.get(i + 1)
        if close is None:
            continue
        args = split_arguments(tokens, i + 1, close)
        if len(args) < 2:
            continue
        default, computed = _default(tokens, *args[0])
        for a, b in args[1:]:
            flag = literal(tokens, a) if b == a + 1 and tokens[a].kind == STR else None
            if not flag:
                continue
            for prefix in sorted(prefixes[tokens[i - 2].text]):
                name = f"{prefix}_{flag.replace('-', '_').replace('.', '_').upper()}"
                if is_env_name(name):
                    out.append(
                        Read(name, file, tok.line, True, SOURCE, default=default, computed_default=computed)
                    )
    return out


def _default(tokens: list[Token], a: int, b: int) -> tuple[str | None, bool]:
    """(the literal a flag's first argument gives, whether it is computed instead)."""
    if b == a + 1 and is_id(tokens, a, "nil"):
        return None, False
    value = span_literal(tokens, a, b)
    return (value or None), value is None
