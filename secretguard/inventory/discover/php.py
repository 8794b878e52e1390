"""PHP: `getenv('X')`, `$_ENV['X']`, Laravel's `env('X', default)`; `?:`/`??` after a read is a default."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import PHP, Token, is_id, is_op, literal, tokenize

TRIGGERS = ("getenv", "$_ENV", "env(")


def _defaulted(tokens: list[Token], i: int) -> bool:
    return is_op(tokens, i, "??") or (is_op(tokens, i, "?") and is_op(tokens, i + 1, ":"))


def discover_php(text: str, file: str) -> list[Read]:
    if not any(t in text for t in TRIGGERS):
        return []
    tokens = tokenize(text, PHP)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        name: str | None = None
        optional = False
        if (
            is_id(tokens, i, "getenv", "env")
            and is_op(tokens, i + 1, "(")
            and not is_op(tokens, i - 1, "->", "::")
        ):
            name = literal(tokens, i + 2)
            if name is None:
                continue
            if tok.text == "env":
                optional = is_op(tokens, i + 3, ",")
                depth = 0
                j = i + 1
                while j < len(tokens):
                    if is_op(tokens, j, "("):
                        depth += 1
                    elif is_op(tokens, j, ")"):
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                optional = optional or _defaulted(tokens, j + 1)
            else:
                optional = is_op(tokens, i + 3, ")") and _defaulted(tokens, i + 4)
        elif is_id(tokens, i, "$_ENV", "$_SERVER") and is_op(tokens, i + 1, "["):
            name = literal(tokens, i + 2)
            if name is None or not is_op(tokens, i + 3, "]") or is_op(tokens, i + 4, "="):
                continue
            if tok.text == "$_SERVER" and not name.isupper():
                continue
            optional = _defaulted(tokens, i + 4)
        if name is not None and is_env_name(name):
            reads.append(Read(name, file, tok.line, optional, "php"))
    return reads
