"""NestJS `@nestjs/config`: `ConfigModule` loads `process.env` (and `.env`) into a `ConfigService`, so
`configService.get("PORT")` / `getOrThrow("PORT")` read the environment variable PORT. A dotted key
(`"database.host"`, `"INFRA.JWT_SECRET"`) or a lowercase word (`"database"`) names a config factory's
namespace, not a variable. `get("X", d)` and `get("X") || d` give the default, also when d names a
constant (or its text, `String(D)`): the file's own (`const DEFAULT_PORT = 3000`) or, with the project, one
imported from another module (resolved once every file is seen, js_constants.py).

The service is whatever the file types or fetches as one: `configService: ConfigService` (constructor
parameters, fields, factory parameters; `config!: ConfigService` and `config?: ConfigService` fields too),
a property injected as one (`@Inject(ConfigService) private readonly config`), `const config =
app.get(ConfigService)`.
"""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.javascript import ImportRef, JsProject
from secretguard.inventory.discover.js_constants import file_constants
from secretguard.inventory.discover.js_defaults import chain, named_operand
from secretguard.inventory.discover.js_imports import imported_names
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    tokenize,
)

MODULE = "@nestjs/config"  # TypeScript imports the class in every file that names it
TRIGGER = "ConfigService"
SOURCE = "nest-config"
_METHODS = ("get", "getOrThrow")
_MODIFIERS = ("private", "protected", "public", "readonly")
_PENDING = "IMPORTED_KEY"  # stands for a key an imported constant holds until the project names it
_TYPE_ARGS_MAX = 16  # tokens of `<...>` between `get` and its `(`


def _service_names(tokens: list[Token]) -> set[str]:
    """Identifiers holding the ConfigService: typed as one, or assigned from an expression naming it."""
    names = {"configService"}
    for i in range(len(tokens) - 2):
        if not is_id(tokens, i):
            continue
        # `config: ConfigService`, and the definite-assignment or optional field `config!: ConfigService`
        typed = i + 2 if is_op(tokens, i + 1, "!", "?") else i + 1
        if (is_op(tokens, typed, ":") and is_id(tokens, typed + 1, TRIGGER)) or _injected(tokens, i):
            names.add(tokens[i].text)
        elif is_op(tokens, i + 1, "=") and not is_op(tokens, i - 1, "."):
            for k in range(i + 2, min(i + 10, len(tokens))):
                if is_op(tokens, k, ";", "{", "}"):
                    break
                if is_id(tokens, k, TRIGGER):
                    names.add(tokens[i].text)
                    break
    return names


def _injected(tokens: list[Token], i: int) -> bool:
    """The property at i is injected as the service: `@Inject(ConfigService) private readonly config`."""
    k = i - 1
    while is_id(tokens, k, *_MODIFIERS):
        k -= 1
    return (
        is_op(tokens, k, ")")
        and is_id(tokens, k - 1, TRIGGER)
        and is_op(tokens, k - 2, "(")
        and is_id(tokens, k - 3, "Inject")
    )


def _variable_key(key: str | None) -> bool:
    """`PORT`, `DATABASE_URL`, `npm_package_version`: a variable; `database.host`, `database`: not."""
    return key is not None and "." not in key and is_env_name(key) and ("_" in key or key.isupper())


def _named_key(tokens: list[Token], k: int) -> tuple[str, int] | None:
    """A key given as a constant: `Env.HOST` (a class's static member, an enum's member) or `HOST_VAR`:
    (its name, the index after it)."""
    if is_id(tokens, k) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2):
        return f"{tokens[k].text}.{tokens[k + 2].text}", k + 3
    if is_id(tokens, k):
        return tokens[k].text, k + 1
    return None


def _open_paren(tokens: list[Token], j: int) -> int | None:
    """The `(` of a call at j, past type arguments (`get<string>(`)."""
    if is_op(tokens, j, "("):
        return j
    if not is_op(tokens, j, "<"):
        return None
    for k in range(j + 1, min(j + _TYPE_ARGS_MAX, len(tokens))):
        if is_op(tokens, k, "(", ";", "{"):
            return k if is_op(tokens, k - 1, ">", ">>") and is_op(tokens, k, "(") else None
    return None


def nest_config_reads(text: str, file: str, project: JsProject | None = None) -> list[Read]:
    """The file's reads; those falling back to an imported constant wait in the project (`finish`)."""
    if MODULE not in text or TRIGGER not in text:
        return []  # another framework's own ConfigService (Angular's) reads no environment
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    names = _service_names(tokens)
    reads: list[Read] = []
    constants: dict[str, str] | None = None
    imports: dict[str, tuple[str, str]] | None = None
    for i, tok in enumerate(tokens):
        if not (
            is_id(tokens, i, *names) and is_op(tokens, i + 1, ".", "?.") and is_id(tokens, i + 2, *_METHODS)
        ):
            continue
        opener = _open_paren(tokens, i + 3)
        if opener is None or opener not in match:
            continue
        close = match[opener]
        key = literal(tokens, opener + 1)
        after = opener + 2  # the token after the key
        pending: ImportRef | None = None  # a key naming a constant another module exports
        if key is None and (named_key := _named_key(tokens, opener + 1)) is not None:
            name, after = named_key
            if constants is None:
                constants = file_constants(tokens)
            key = constants.get(name)
            if key is None and project is not None:
                if imports is None:
                    imports = imported_names(tokens, match)
                base, _, member = name.partition(".")
                if base in imports:
                    spec, exported = imports[base]
                    pending = ImportRef(spec, f"{exported}.{member}" if member else exported)
                    key = _PENDING
        if not _variable_key(key) or not is_op(tokens, after, ",", ")"):
            continue
        assert key is not None
        default: str | None = None
        computed = given = False
        named: str | None = None  # the constant the fallback names, when it is not the file's
        # prettier's multi-line calls end in a comma: `get(\n 'X',\n 'd',\n)`, `get(\n 'X',\n)`
        end = close - 1 if is_op(tokens, close - 1, ",") else close
        if end > after + 1:  # get("X", default)
            given = True
            default = span_literal(tokens, after + 1, end)
            named = named_operand(tokens, after + 1, end) if default is None else None
            computed = default is None
        elif is_op(tokens, close + 1, "||", "??"):
            fallback = chain(tokens, match, close + 1)
            if fallback is not None:
                given, default, computed, named = True, fallback.default, fallback.computed, fallback.named
        if named is not None:
            if constants is None:
                constants = file_constants(tokens)
            if named in constants:
                default, computed, named = constants[named], False, None
        optional = given and tokens[i + 2].text == "get"
        read = Read(key, file, tok.line, optional, SOURCE, default=default, computed_default=computed)
        if pending is not None and project is not None:
            project.key_reads.append((read, file, pending, named))
            continue
        if named is not None and project is not None:
            if imports is None:
                imports = imported_names(tokens, match)
            if named in imports:
                project.constant_reads.append((read, file, ImportRef(*imports[named])))
                continue
        reads.append(read)
    return reads
