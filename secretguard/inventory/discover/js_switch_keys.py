"""A variable read by a name the code switched on: the `case` labels leading to the read are its names.

    getByKey(key: string): SettingModel {
      switch (key) {
        case 'SIGNUP_DISABLED':
        case 'LOGIN_NOTE':
          return new SettingModel(key, this.configService.get(key))   // SIGNUP_DISABLED, LOGIN_NOTE
      }
    }

The read is `process.env[key]` or a config service's `get(key)` (a receiver named for config: NestJS's
`ConfigService` reads the environment) inside `switch (key) { ... }`; the names are the string labels of
the `case` group the read's statement belongs to (the labels falling through to it).
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    tokenize,
)

SOURCE = "javascript"
_TRIGGER = re.compile(r"\bswitch\s*\(\s*[A-Za-z_$][\w$]*\s*\)")
# a keyed read somewhere in the file (most files with a `switch` have none: not tokenized)
_KEYED = re.compile(r"process\.env\[\s*[A-Za-z_$][\w$]*\s*\]|[cC]onfig\w*\.get\(\s*[A-Za-z_$][\w$]*\s*[,)]")


def switch_key_reads(text: str, file: str) -> list[Read]:
    if ("process.env[" not in text and ".get(" not in text) or _KEYED.search(text) is None:
        return []
    if _TRIGGER.search(text) is None:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    out: list[Read] = []
    for i, tok in enumerate(tokens):
        if not (
            tok.kind == ID
            and tok.text == "switch"
            and is_op(tokens, i + 1, "(")
            and is_id(tokens, i + 2)
            and is_op(tokens, i + 3, ")")
            and is_op(tokens, i + 4, "{")
            and i + 4 in match
        ):
            continue
        key = tokens[i + 2].text
        out.extend(_body_reads(tokens, i + 5, match[i + 4], key, file))
    return out


def _body_reads(tokens: list[Token], start: int, end: int, key: str, file: str) -> list[Read]:
    out: list[Read] = []
    labels: list[str] = []
    collecting = True  # still among the `case` labels of one group
    k = start
    while k < end:
        if is_id(tokens, k, "case") and k + 2 < end and is_op(tokens, k + 2, ":"):
            if not collecting:
                labels = []
            collecting = True
            if tokens[k + 1].kind == STR:
                labels.append(tokens[k + 1].text)
            k += 3
            continue
        if is_id(tokens, k, "default") and is_op(tokens, k + 1, ":"):
            labels, collecting = [], True
            k += 2
            continue
        collecting = False
        if _keyed_read(tokens, k, key):
            out.extend(Read(name, file, tokens[k].line, True, SOURCE) for name in labels if is_env_name(name))
        k += 1
    return out


def _keyed_read(tokens: list[Token], k: int, key: str) -> bool:
    """`process.env[key]` or `<...config...>.get(key)` at k."""
    if (
        is_id(tokens, k, "process")
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2, "env")
        and is_op(tokens, k + 3, "[")
        and is_id(tokens, k + 4, key)
        and is_op(tokens, k + 5, "]")
    ):
        return True
    return (
        is_id(tokens, k)
        and "config" in tokens[k].text.lower()
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2, "get")
        and is_op(tokens, k + 3, "(")
        and is_id(tokens, k + 4, key)
        and is_op(tokens, k + 5, ")", ",")
    )
