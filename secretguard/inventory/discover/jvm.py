"""Java and Kotlin: `System.getenv("X")`; Kotlin's `?: default` is a default."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import JAVA, is_id, is_op, literal, tokenize

TRIGGERS = ("getenv",)


def discover_jvm(text: str, file: str) -> list[Read]:
    if "getenv" not in text:
        return []
    tokens = tokenize(text, JAVA)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if (
            is_id(tokens, i, "System")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2, "getenv")
            and is_op(tokens, i + 3, "(")
        ):
            name = literal(tokens, i + 4)
            if name is not None and is_env_name(name) and is_op(tokens, i + 5, ")"):
                optional = is_op(tokens, i + 6, "?:") or (
                    is_op(tokens, i + 6, "?") and is_op(tokens, i + 7, ":")
                )
                reads.append(Read(name, file, tok.line, optional, "jvm"))
    return reads
