"""Ruby: `ENV["X"]`, `ENV.fetch("X")` (raises: required), `ENV.fetch("X", default)` or with a block, and
`ENV["X"] || default`."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import RUBY, is_id, is_op, literal, literal_default, tokenize

TRIGGERS = ("ENV",)


def discover_ruby(text: str, file: str) -> list[Read]:
    if "ENV" not in text:
        return []
    tokens = tokenize(text, RUBY)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if not is_id(tokens, i, "ENV") or is_op(tokens, i - 1, ".", "::"):
            continue
        if is_op(tokens, i + 1, "[") and literal(tokens, i + 2) is not None and is_op(tokens, i + 3, "]"):
            name = literal(tokens, i + 2)
            after = i + 4
            if is_op(tokens, after, "=", "||="):
                continue
            optional = is_op(tokens, after, "||") or is_id(tokens, after, "or")
            default = literal_default(tokens, after + 1) if optional else None
        elif is_op(tokens, i + 1, ".") and is_id(tokens, i + 2, "fetch", "key?", "has_key?", "include?"):
            paren = is_op(tokens, i + 3, "(")
            name = literal(tokens, i + 3 + paren)
            after = i + 4 + paren
            default = None
            if tokens[i + 2].text != "fetch":
                optional = True
            else:
                default = literal_default(tokens, after + 1) if is_op(tokens, after, ",") else None
                optional = (
                    is_op(tokens, after, ",")
                    or is_op(tokens, after + paren, "{")
                    or is_id(tokens, after + paren, "do")
                )
        else:
            continue
        if name is not None and is_env_name(name):
            reads.append(Read(name, file, tok.line, optional, "ruby", default=default))
    return reads
