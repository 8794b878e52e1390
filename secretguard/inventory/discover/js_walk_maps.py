"""A map keyed by variable names that a walk of the whole environment looks each name up in:

    const envConfMap = { NODEBB_URL: 'url', NODEBB_DB_HOST: 'host', ... };
    Object.entries(process.env).forEach(([evName, evValue]) => {
        if (evName.startsWith('NODEBB_')) setupVal[envConfMap[evName]] = evValue;
    });

Each key of the map is a variable the code reads (the walk gives its value to what the map names). Only in a
file walking `process.env` (`Object.entries(process.env)`, `Object.keys(process.env)`, `for (k in
process.env)`), for a `const` object literal of at least two keys, every one an upper-case variable name,
that the file indexes with a walked name (`map[name]`) or whose keys it tests against the environment's
(`Object.keys(map).some(...)`)."""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    split_arguments,
    tokenize,
)

SOURCE = "javascript"
_WALK = re.compile(r"Object\.(?:entries|keys)\(\s*process\.env\s*\)|\bin\s+process\.env\b")
_UPPER = re.compile(r"[A-Z][A-Z0-9_]*")


def walk_map_reads(text: str, rel: str) -> list[Read]:
    if "process.env" not in text or not _WALK.search(text):
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    maps: dict[str, list[tuple[str, int]]] = {}
    for i in range(len(tokens) - 3):
        if not (
            is_id(tokens, i, "const", "let", "var")
            and is_id(tokens, i + 1)
            and is_op(tokens, i + 2, "=")
            and is_op(tokens, i + 3, "{")
            and i + 3 in match
        ):
            continue
        keys: list[tuple[str, int]] = []
        for start, _end in split_arguments(tokens, i + 3, match[i + 3]):
            tok = tokens[start]
            if not is_op(tokens, start + 1, ":") or not (tok.kind == STR or is_id(tokens, start)):
                keys = []
                break
            if not (_UPPER.fullmatch(tok.text) and is_env_name(tok.text)):
                keys = []
                break
            keys.append((tok.text, tok.line))
        if len(keys) >= 2:
            maps[tokens[i + 1].text] = keys
    out: list[Read] = []
    for name, keys in maps.items():
        if _looked_up(tokens, name):
            out.extend(Read(key, rel, line, True, SOURCE) for key, line in keys)
    return out


def _looked_up(tokens: list[Token], name: str) -> bool:
    """The map is indexed with a computed key (`map[evName]`) or its keys are listed (`Object.keys(map)`)."""
    for i, tok in enumerate(tokens):
        if tok.text != name or is_op(tokens, i - 1, "."):
            continue
        if is_op(tokens, i + 1, "[") and is_id(tokens, i + 2) and is_op(tokens, i + 3, "]"):
            return True
        if is_op(tokens, i - 1, "(") and is_id(tokens, i - 2, "keys") and is_id(tokens, i - 4, "Object"):
            return True
    return False
