"""AdonisJS's environment provider: the app reads every variable through it, never through `process.env`.

    import Env from '@ioc:Adonis/Core/Env'                  // v5 (`import env from '#start/env'` in v6)
    debug: Env.get('DB_DEBUG', false),                      // a read, its second argument the default
    export default Env.rules({ HOST: Env.schema.string({ format: 'host' }), PORT: Env.schema.number() })
    export default await Env.create(new URL('../', import.meta.url), { APP_KEY: Env.schema.string() })

`get` reads the variable its first argument names, falling back to the second (a literal, or a constant of the
file holding one); the validation schema (`Env.rules` in v5's `env.ts`, `Env.create` in v6's `start/env.ts`)
names each variable the app requires, optional when its chain says `.optional()`, a switch when it is a
`boolean`.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_constants import file_constants
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "adonis-env"
# The provider's import: v5's IoC alias, v6's service module and the app's own `#start/env`.
_IMPORT = re.compile(
    r"""\bimport\s+([A-Za-z_$][\w$]*)\s+from\s+["'](?:@ioc:Adonis/Core/Env|@adonisjs/core/services/env"""
    r"""|#start/env|(?:\.\./)*start/env(?:\.js)?)["']"""
)
_SCHEMAS = ("rules", "create")


def adonis_reads(text: str, rel: str) -> list[Read]:
    """The variables a file reads through AdonisJS's Env (a cheap text test first)."""
    if "Env" not in text and "env" not in text:
        return []
    names = set(_IMPORT.findall(text))
    if not names:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    constants: dict[str, str] | None = None
    reads: list[Read] = []
    for k, tok in enumerate(tokens):
        if not (
            tok.kind == ID
            and tok.text in names
            and is_op(tokens, k + 1, ".")
            and is_id(tokens, k + 2)
            and is_op(tokens, k + 3, "(")
            and k + 3 in match
            and not is_op(tokens, k - 1, ".")
        ):
            continue
        method, close = tokens[k + 2].text, match[k + 3]
        args = split_arguments(tokens, k + 3, close)
        if method == "get" and args:
            name = _string(tokens, *args[0])
            if name is None or not is_env_name(name):
                continue
            default: str | None = None
            if len(args) > 1:
                default = span_literal(tokens, *_unconverted(tokens, *args[1]))
                if default is None:
                    if constants is None:
                        constants = file_constants(tokens)
                    default = _constant(tokens, *args[1], constants)
            computed = len(args) > 1 and default is None
            reads.append(
                Read(name, rel, tok.line, len(args) > 1, SOURCE, default=default, computed_default=computed)
            )
        elif method in _SCHEMAS and args and is_op(tokens, args[-1][0], "{"):
            reads.extend(_schema(tokens, match, args[-1][0], names, rel))
    return reads


def _schema(tokens: list[Token], match: dict[int, int], opener: int, names: set[str], rel: str) -> list[Read]:
    """`{ HOST: Env.schema.string({ format: 'host' }), DEBUG: Env.schema.boolean.optional() }`."""
    out: list[Read] = []
    for start, end in split_arguments(tokens, opener, match[opener]):
        if not (tokens[start].kind in (ID, STR) and is_op(tokens, start + 1, ":")):
            continue
        name = tokens[start].text
        value = [t.text for t in tokens[start + 2 : end] if t.kind == ID]
        if not is_env_name(name) or len(value) < 3 or value[0] not in names or value[1] != "schema":
            continue
        optional = "optional" in value
        read = Read(name, rel, tokens[start].line, optional, SOURCE, boolean_use=value[2] == "boolean")
        out.append(read)
    return out


def _string(tokens: list[Token], start: int, end: int) -> str | None:
    if end - start == 1 and tokens[start].kind == STR and not tokens[start].interpolated:
        return tokens[start].text
    return None


def _unconverted(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """`DEFAULT.toString()` -> `DEFAULT`: a conversion of one name changes no text."""
    if (
        end - start == 5
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2, "toString")
        and is_op(tokens, start + 3, "(")
        and is_op(tokens, start + 4, ")")
    ):
        return start, start + 1
    return start, end


def _constant(tokens: list[Token], start: int, end: int, constants: dict[str, str]) -> str | None:
    start, end = _unconverted(tokens, start, end)
    if end - start == 1 and tokens[start].kind == ID:
        return constants.get(tokens[start].text)
    return None
