"""A zod schema whose keys are not variables, parsed from an object that maps each key to a read:

    const schema = z.object({ session: z.object({ lifetime: z.number().default(1209600) }) });
    schema.safeParse({ session: { lifetime: parseOptionalNumber(process.env.SESSION_LIFETIME) } });

zod fills a key the object leaves `undefined` with the key's `.default(x)`, so an unset variable read at that
key path gets the default: the variable is optional, its default x. Nested objects follow nested schemas
(`z.object`, a schema held in a const, the members of `z.union`/`z.discriminatedUnion`: the key's default when
every member giving it agrees). The value at a key may wrap the read (`parseOptionalNumber(process.env.X)`,
`process.env.X?.toLowerCase()`, `X === undefined ? undefined : Number(X)`) but not turn an unset
variable into a value (`process.env.X === "true"`, `!!process.env.X`): zod's default would never apply.
A ternary falling back to a value (`X ? Number(X) : DEFAULT`) gives the read that default itself. A
key's `.describe("X")` naming a variable picks that variable's read and must agree with the read found.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from secretguard.inventory.discover.base import is_env_name
from secretguard.inventory.discover.js_defaults import Fallback
from secretguard.inventory.discover.lexer import ID, OP, is_id, is_op, literal

if TYPE_CHECKING:
    from secretguard.inventory.discover.js_schema import Entry, SchemaReader

_MAX_DEPTH = 8  # nested objects followed
_OPENERS = frozenset({"(", "[", "{"})
# Operators that make a value of an unset variable's `undefined` (zod's default then never applies), or give
# the read its own fallback (`?? "x"`: that is the default).
_DEFINING = frozenset(
    {"===", "!==", "==", "!=", "!", "||", "??", "&&", "+", "-", "*", "/", "<", ">", "<=", ">="}
)


def link_mapped(reader: SchemaReader, head: int, start: int, end: int) -> None:
    """`<schema>.safeParse({...})` with the schema's chain starting at head and the argument at start..end
    (an object literal, in place or bound to a name of the file): the defaults of the schema's keys go to the
    reads at the same key paths."""
    argument = reader.schema_object(start, end)
    if argument is None:
        return
    objects = reader.zod_objects(head)
    if objects:
        _link(reader, argument, objects, 0)


def _link(reader: SchemaReader, argument: int, objects: list[int], depth: int) -> None:
    tokens = reader.js.tokens
    keyed: dict[str, list[Entry]] = {}
    for brace in objects:
        for entry in reader.js.entries(brace):
            keyed.setdefault(entry.key, []).append(entry)
    for given in reader.js.entries(argument):
        schemas = keyed.get(given.key)
        if not schemas:
            continue
        if is_op(tokens, given.start, "{") and depth < _MAX_DEPTH:
            nested = [brace for schema in schemas for brace in reader.zod_objects(schema.start)]
            if nested:
                _link(reader, given.start, nested, depth + 1)
            continue
        _default_read(reader, given, schemas)


def _default_read(reader: SchemaReader, given: Entry, schemas: list[Entry]) -> None:
    """The reads of one variable in the value at a key take the default the schema gives that key."""
    if not _passes_unset(reader, given.start, given.end):
        return
    js = reader.js
    inside = [(n, read) for n, (index, read) in enumerate(js.direct) if given.start <= index < given.end]
    described = {_described(reader, s.start, s.end) for s in schemas} - {None}
    names = {read.name for _, read in inside}
    if len(described) == 1:
        names &= described
    elif len(described) > 1:
        return
    if len(names) != 1:
        return
    options = [reader.zod_options(s.start, s.end) for s in schemas]
    if not all(optional for optional, _ in options):
        return  # some schema requires the key: a value must be given
    defaults = {default for _, default in options}
    agreed = len(defaults) == 1  # union members giving different defaults: none is the variable's
    default = next(iter(defaults)) if agreed else None
    # a constant's name (maybe an enum's member): the file's own gives its literal now, an imported one
    # once the project knows its module (js_constants.py)
    named = {_named_default(reader, s.start, s.end) for s in schemas} if default is None else set()
    constant = named.pop() if len(named) == 1 and agreed else None
    if constant is not None:
        default = js.constants().get(constant)
    for n, read in inside:
        if read.name not in names or read.default is not None or read.computed_default:
            continue
        made = replace(read, optional=True, default=default)
        js.direct[n] = (js.direct[n][0], made)
        if constant is not None and default is None:
            js.note_constant(made, Fallback(None, False, constant))


def _passes_unset(reader: SchemaReader, start: int, end: int, depth: int = 0) -> bool:
    """The value at a key is `undefined` when its variable is unset: no operator outside brackets turns it
    into something else. A ternary passes it on when a branch is `undefined` and the other passes it on
    (`X === undefined ? undefined : Number(X)`); one falling back to a value gives the read its own default
    (js_defaults.ternary)."""
    tokens = reader.js.tokens
    question = reader.top_level(start, end, "?")
    if question is not None:
        colon = reader.top_level(question + 1, end, ":")
        if colon is None or depth > 2:
            return False
        branches = [(question + 1, colon), (colon + 1, end)]
        unset = [b - a == 1 and is_id(tokens, a, "undefined") for a, b in branches]
        return any(unset) and all(
            u or _passes_unset(reader, a, b, depth + 1) for u, (a, b) in zip(unset, branches, strict=True)
        )
    k = start
    while k < end:
        tok = tokens[k]
        if tok.kind == OP and tok.text in _OPENERS and k in reader.js.match:
            k = reader.js.match[k] + 1
            continue
        if tok.kind == OP and tok.text in _DEFINING:
            return False
        if tok.kind == ID and tok.text in ("typeof", "new", "await"):
            return False
        k += 1
    return True


def _described(reader: SchemaReader, start: int, end: int) -> str | None:
    """The variable a key's `.describe("X")` names, when it names one."""
    tokens = reader.js.tokens
    for k in range(start, end - 3):
        if is_op(tokens, k, ".") and is_id(tokens, k + 1, "describe") and is_op(tokens, k + 2, "("):
            text = literal(tokens, k + 3)
            if text is not None and is_env_name(text) and is_op(tokens, k + 4, ")"):
                return text
    return None


def _named_default(reader: SchemaReader, start: int, end: int) -> str | None:
    """The constant a key's default names: `.default(DEFAULT_SIZE)` (as js_schema), or a member of an
    enum, `.default(LogLevel.INFO)`: `LogLevel.INFO`."""
    named = reader.named_default(start, end)
    if named is not None:
        return named
    tokens = reader.js.tokens
    for k in range(start, end - 6):
        if (
            is_op(tokens, k, ".")
            and is_id(tokens, k + 1, "default")
            and is_op(tokens, k + 2, "(")
            and is_id(tokens, k + 3)
            and is_op(tokens, k + 4, ".")
            and is_id(tokens, k + 5)
            and is_op(tokens, k + 6, ")")
        ):
            return f"{tokens[k + 3].text}.{tokens[k + 5].text}"
    return None
