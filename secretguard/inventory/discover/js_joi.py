"""Joi schemas of the environment: `Joi.object({ PORT: Joi.number().default(3000), DB_URL:
Joi.string().required() })` checked against `process.env` (`schema.validate(process.env)`,
`Joi.attempt(process.env, schema)`) or handed to NestJS as `ConfigModule.forRoot({ validationSchema })`.
Each key is a variable; a Joi key is optional unless `.required()`, and `.default(v)` gives its default.
Only keys written as variable names (`DATABASE_URL`, not a nested `host`) are taken.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    OP,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    tokenize,
)

SOURCE = "joi"
# The schema is the environment's: validated against process.env, or NestJS's validationSchema.
_ENV_SCHEMA = re.compile(r"validationSchema|(?:validate|attempt|assert)\s*\(\s*process\.env\b")
_OPENERS = ("(", "[", "{")


def _entries(tokens: list[Token], match: dict[int, int], opener: int) -> list[tuple[str, int, int]]:
    """(key, value start, value end) of each `key: value` at the top of the object literal at opener."""
    out: list[tuple[str, int, int]] = []
    end = match.get(opener)
    if end is None:
        return out
    k = opener + 1
    while k < end:
        start = k
        while k < end and not is_op(tokens, k, ","):
            if tokens[k].kind == OP and tokens[k].text in _OPENERS and k in match:
                k = match[k]
            k += 1
        if tokens[start].kind in (ID, STR) and is_op(tokens, start + 1, ":") and start + 2 < k:
            out.append((tokens[start].text, start + 2, k))
        k += 1
    return out


def _options(tokens: list[Token], match: dict[int, int], start: int, end: int) -> tuple[bool, str | None]:
    """(optional, default) of a key's Joi chain, from its own calls (not those nested in `when(...)`)."""
    optional, default = True, None
    k = start
    while k < end:
        if is_op(tokens, k, ".") and is_id(tokens, k + 1) and is_op(tokens, k + 2, "(") and k + 2 in match:
            method, close = tokens[k + 1].text, match[k + 2]
            if method == "required":
                optional = False
            elif method == "default":
                # `.default(\n  'x',\n)`: prettier's trailing comma is not part of the value
                default = span_literal(tokens, k + 3, close - 1 if is_op(tokens, close - 1, ",") else close)
                optional = True
            k = close + 1
        elif tokens[k].kind == OP and tokens[k].text in _OPENERS and k in match:
            k = match[k] + 1
        else:
            k += 1
    return optional, default


def joi_reads(text: str, file: str) -> list[Read]:
    if "Joi" not in text or _ENV_SCHEMA.search(text) is None:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    reads: list[Read] = []
    for i in range(len(tokens) - 4):
        if not (is_id(tokens, i, "Joi") and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2, "object")):
            continue
        opener = i + 4 if is_op(tokens, i + 3, "(") and is_op(tokens, i + 4, "{") else None
        if opener is None and i + 3 in match:  # `Joi.object().keys({...})`
            after = match[i + 3] + 1
            if (
                is_op(tokens, after, ".")
                and is_id(tokens, after + 1, "keys")
                and is_op(tokens, after + 3, "{")
            ):
                opener = after + 3
        if opener is None:
            continue
        for key, start, end in _entries(tokens, match, opener):
            if not (is_env_name(key) and key.upper() == key and any(c.isalpha() for c in key)):
                continue
            if not (is_id(tokens, start, "Joi") and is_op(tokens, start + 1, ".")):
                continue  # not a Joi schema of its own
            if is_id(tokens, start + 2, "object"):
                continue  # a group of settings, not one variable
            optional, default = _options(tokens, match, start, end)
            reads.append(Read(key, file, tokens[start - 2].line, optional, SOURCE, default=default))
    return reads
