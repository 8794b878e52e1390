"""Prisma schemas (`schema.prisma`, any `*.prisma`): `env("DATABASE_URL")` in a `datasource` block (`url`,
`directUrl`, `shadowDatabaseUrl`) is read by Prisma Client when the app connects and by `prisma migrate
deploy`, both at run time. In a `generator` block (`output = env("PRISMA_OUT")`) it is read by `prisma
generate`, which runs while the app is built. The shadow database (`shadowDatabaseUrl`) is used only by
`prisma migrate dev` and `migrate diff`, development commands: `dev`. A datasource whose provider is
`"sqlite"` takes a file's URL (`file:./app.db`): no password, a path.
"""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import JAVASCRIPT, bracket_pairs, is_id, is_op, literal, tokenize

SOURCE = "prisma"
_BLOCKS = ("datasource", "generator")
_BUILD_BLOCKS = frozenset({"generator"})  # read by `prisma generate`; a datasource takes the place's scope
_DEV_FIELDS = ("shadowDatabaseUrl",)


def discover_prisma(text: str, file: str) -> list[Read]:
    if "env" not in text:
        return []
    tokens = tokenize(text, JAVASCRIPT)  # `//` comments and double-quoted strings, as in JavaScript
    match = bracket_pairs(tokens)
    reads: list[Read] = []
    for i in range(len(tokens) - 2):
        if not (is_id(tokens, i, *_BLOCKS) and is_id(tokens, i + 1) and is_op(tokens, i + 2, "{")):
            continue
        scope = "build" if tokens[i].text in _BUILD_BLOCKS else None
        end = match.get(i + 2, len(tokens))
        sqlite = any(
            is_id(tokens, k, "provider") and is_op(tokens, k + 1, "=") and literal(tokens, k + 2) == "sqlite"
            for k in range(i + 3, end - 2)
        )
        for k in range(i + 3, end):
            if not (is_id(tokens, k, "env") and is_op(tokens, k + 1, "(") and is_op(tokens, k - 1, "=")):
                continue
            name = literal(tokens, k + 2)
            if name is not None and is_env_name(name):
                dev = is_id(tokens, k - 2, *_DEV_FIELDS)
                scoped = "dev" if dev else scope
                reads.append(Read(name, file, tokens[k].line, False, SOURCE, scope=scoped, holds_path=sqlite))
    return reads
