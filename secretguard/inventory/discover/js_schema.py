"""JavaScript validation schemas: the variables they accept and the object their result is.

envalid `cleanEnv(process.env, { X: str(), Y: num({ default: 3 }) })`, t3-env `createEnv({ server: {...},
client: {...}, shared: {...}, runtimeEnv: {...} })` and zod `z.object({...}).parse(process.env)`;
`default`/`devDefault`, `.optional()`, `.nullish()` and `.default(v)` make one optional. Their result is an
environment object too, limited to the schema's keys. t3-env's `server:`/`client:` may be assembled from
spreads of objects of the file (`{ ...baseEnv.server }`), conditional ones included (`...(on ? { A:
z.string() } : {})`: both branches' keys). A runtimeEnv naming another variable (`KEY: process.env.OTHER`)
or built by a helper given a prefix (`withPrefix("DB_")`: key `PASSWORD` is `DB_PASSWORD`) renames the keys.
A schema held in a const, `.default([...])` of a schema that splits the variable, a default naming a constant
(`port({ default: DEFAULT_PORT })`, `.default(DEFAULT_PORT)`: the file's own, or imported and resolved by the
project, js_constants.py), and the app's own schema helpers (`flag(false)`, `stringBool("true")` wrapping zod
4's `.prefault(d)`: js_schema_helpers.py) give defaults. A zod schema parsed through one derived from it
(`const s = allEnv.transform(...)`, `.refine`, `.pipe`, `.extend({...})`, `.merge(base)`,
`.extend(base.shape)`) accepts the keys of the schemas it derives from. An env object validated again
(`Rules.transform(() => parsed).parse(parsed)`) is the same object.

The reader works on javascript.py's parsed file (`JsFile`): its tokens, and its reads of `process.env`, which
a runtimeEnv or a `.parse()` of one variable refines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_defaults import Fallback, named_operand, operand_end
from secretguard.inventory.discover.js_schema_helpers import (
    HelperCall,
    SchemaHelpers,
    Waiting,
    defaulting_helpers,
    helper_call,
    with_default,
)
from secretguard.inventory.discover.js_zod_mapped import link_mapped
from secretguard.inventory.discover.lexer import (
    ID,
    OP,
    Token,
    is_id,
    is_op,
    literal,
    literal_default,
    span_literal,
)

_MAX_CHAIN = 12  # calls chained before a `.parse(` followed, as javascript.py's chains
_NAME_PREFIX = re.compile(r"[A-Z][A-Z0-9]*_")  # a variable-name prefix such as `DB_`
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_OBJECT_CALLS = frozenset({"object", "strictObject", "looseObject", "extend"})  # given the keys in place
_MERGING_CALLS = frozenset({"merge", "extend", "and"})  # given another schema, whose keys it takes too
_UNION_CALLS = frozenset({"union", "discriminatedUnion"})  # given a list of schemas, any of which may match
# What may follow a whole value (`true,`, `"x" ||`): javascript.py's expression ends too.
VALUE_ENDS = frozenset({";", ",", ")", "}", "]", "||", "??", "&&", "?", ":"})

Keys = dict[str, tuple[bool, str | None]]  # a schema's keys, each (optional, default)


def literal_value(tokens: list[Token], i: int) -> str | None:
    """A default written as a whole literal: a string, a number, true or false."""
    if is_id(tokens, i, "true", "false"):
        nxt = i + 1
        if nxt >= len(tokens) or (tokens[nxt].kind == OP and tokens[nxt].text in VALUE_ENDS):
            return tokens[i].text
        return None
    return literal_default(tokens, i)


@dataclass(slots=True)
class Entry:
    """One entry of an object literal or a destructuring pattern."""

    key: str
    line: int
    start: int  # of the value (for a pattern: after the key)
    end: int
    local: str | None = None  # the binding a pattern entry creates
    rest: bool = False


@dataclass(frozen=True, slots=True)
class Validated:
    """What a schema's result holds: its library, its keys and, when runtimeEnv maps them apart, the variable
    filling each key (`PASSWORD` from `DB_PASSWORD`)."""

    source: str
    keys: Keys
    renamed: dict[str, str] | None = None


def expression_end(tokens: list[Token], j: int) -> bool:
    """Nothing more is applied to the value ending just before j (`env;`, `env,`, `env as Env`)."""
    if j >= len(tokens) or tokens[j].line > tokens[j - 1].line:
        return not is_op(tokens, j, ".", "?.", "[", "(")
    tok = tokens[j]
    return (tok.kind == OP and tok.text in VALUE_ENDS) or (tok.kind == ID and tok.text in ("as", "satisfies"))


class JsFile(Protocol):
    """What the schema reader uses of javascript.py's parsed file."""

    file: str
    tokens: list[Token]
    match: dict[int, int]  # each bracket's partner, both ways
    direct: list[tuple[int, Read]]  # its reads of process.env by token index, which a schema may refine

    def close(self, i: int) -> int: ...

    def segments(self, open_: int) -> list[tuple[int, int]]: ...

    def entries(self, open_: int) -> list[Entry]: ...

    def expression_end(self, j: int) -> bool: ...

    def env_expression(self, i: int) -> str | None: ...

    def env_alias(self, name: str) -> bool: ...

    def member_end(self, i: int) -> int | None: ...

    def constants(self) -> dict[str, str]: ...

    def note_constant(self, read: Read, fallback: Fallback | None) -> None: ...


class SchemaReader:
    """The validation schemas of one file: their reads, and the objects their results are."""

    def __init__(self, js: JsFile) -> None:
        self.js = js
        self.reads: list[Read] = []
        self.validated: dict[int, Validated] = {}  # where an expression producing a validated env starts
        # reads whose default a schema helper imported from another module gives (js_schema_helpers.py)
        self.helper_reads: list[tuple[Read, HelperCall]] = []
        self.helpers: dict[str, int] | None = None  # this file's own schema helpers, once needed
        self.helper_keys: dict[str, tuple[Keys, HelperCall]] = {}

    def read_schemas(self) -> None:
        """Every `.parse(`, `cleanEnv(` and `createEnv({` call of the file."""
        tokens = self.js.tokens
        for i, tok in enumerate(tokens):
            if tok.kind != ID or not is_op(tokens, i + 1, "("):
                continue
            if tok.text in ("parse", "parseAsync", "safeParse", "safeParseAsync"):
                self.zod(i)
            elif tok.text == "cleanEnv" and (
                not is_op(tokens, i - 1, ".") or is_id(tokens, i - 2, "envalid")
            ):
                self.envalid(i)
            elif tok.text == "createEnv" and is_op(tokens, i + 2, "{") and not is_op(tokens, i - 1, "."):
                self.t3(i)

    def schema_object(self, start: int, end: int) -> int | None:
        """The `{` of an object literal given in place or as a name bound to one in the file."""
        tokens = self.js.tokens
        if is_op(tokens, start, "{"):
            return start
        if end - start == 1 and is_id(tokens, start):
            name = tokens[start].text
            for k in range(len(tokens) - 2):
                if is_id(tokens, k, name) and is_op(tokens, k + 1, "=") and is_op(tokens, k + 2, "{"):
                    return k + 2
        return None

    def envalid(self, i: int) -> None:
        args = self.js.segments(i + 1)
        if len(args) < 2:
            return
        spec = self.schema_object(*args[1])
        if spec is None:
            return
        keys: Keys = {}
        for entry in self.js.entries(spec):
            optional, default = self.envalid_options(entry.start, entry.end)
            keys[entry.key] = (optional, default)
            self.schema_read(entry, optional, default, "envalid")
        start = i - 2 if is_op(self.js.tokens, i - 1, ".") else i
        self.validated[start] = Validated("envalid", keys)

    def envalid_options(self, start: int, end: int) -> tuple[bool, str | None]:
        """`str({ default: "x" })`, `num({ devDefault: 3 })`: (optional, default)."""
        tokens = self.js.tokens
        paren = next((k for k in range(start, end) if is_op(tokens, k, "(")), None)
        if paren is None or not is_op(tokens, paren + 1, "{"):
            return False, None
        options = {e.key: e for e in self.js.entries(paren + 1)}
        for key in ("default", "devDefault"):
            if key in options:
                entry = options[key]
                value = literal_value(tokens, entry.start) if entry.end - entry.start == 1 else None
                name = named_operand(tokens, entry.start, entry.end) if value is None else None
                return True, self.js.constants().get(name) if name is not None else value
        return False, None

    def named_default(self, start: int, end: int) -> str | None:
        """The constant a schema entry's default names (`port({ default: DEFAULT_PORT })`,
        `z.coerce.number().default(DEFAULT_PORT)`), when it names one."""
        tokens = self.js.tokens
        for k in range(start, end - 2):
            if is_id(tokens, k, "default", "devDefault") and is_op(tokens, k + 1, ":"):
                value_end = operand_end(tokens, self.js.match, k + 2)
                if is_op(tokens, value_end, ",", "}"):
                    return named_operand(tokens, k + 2, value_end)
            elif (
                is_op(tokens, k, ".")
                and is_id(tokens, k + 1, "default", "catch", "prefault")
                and is_op(tokens, k + 2, "(")
                and k + 2 in self.js.match
            ):
                return named_operand(tokens, k + 3, self.js.match[k + 2])
        return None

    def t3(self, i: int) -> None:
        keys: Keys = {}
        runtime: list[tuple[int, int]] = []
        schema: list[Entry] = []
        for entry in self.js.entries(i + 2):
            if entry.key in ("server", "client", "shared"):
                schema.extend(self.spread_entries(entry.start, entry.end))
            elif entry.key in ("runtimeEnv", "experimental__runtimeEnv"):
                runtime.append((entry.start, entry.end))
        renamed = self.runtime_names([e.key for e in schema], runtime)
        handed = {r.name for index, r in self.js.direct if any(a <= index < b for a, b in runtime)}
        calls: dict[str, HelperCall] = {}
        for var in schema:
            optional, default, call = self.key_options(var, keys)
            if call is not None:
                calls[var.key] = call
            keys[var.key] = (optional, default)
            name = renamed.get(var.key, var.key)
            if name == var.key or name not in handed:
                made = self.schema_read(replace(var, key=name), optional, default, "t3-env")
                if made is not None and call is not None:
                    self.helper_reads.append((made, call))
        # `runtimeEnv: { X: process.env.X }` hands the variable over: the schema says whether it is optional.
        names = {renamed.get(key, key): key for key in keys}
        for n, (index, read) in enumerate(self.js.direct):
            if read.name in names and any(a <= index < b for a, b in runtime):
                optional, default = keys[names[read.name]]
                given = replace(read, optional=read.optional or optional, default=read.default or default)
                self.js.direct[n] = (index, given)
                if names[read.name] in calls and given.default is None:
                    self.helper_reads.append((given, calls[names[read.name]]))
        self.validated[i] = Validated("t3-env", keys, renamed=renamed or None)

    def key_options(self, var: Entry, keys: Keys) -> tuple[bool, str | None, HelperCall | None]:
        """A schema key's (optional, default), and the call of a helper imported from another module that
        may give its default once the project's helpers are known (js_schema_helpers.py). A helper of this
        file (`const flag = (d: boolean) => z.stringbool().default(d)`) gives it at once."""
        optional, default = self.zod_options(var.start, var.end)
        call = None if default is not None else helper_call(self.js.tokens, self.js.match, var.start, var.end)
        if call is not None and call.callee in self.own_helpers():
            default = with_default(call, self.own_helpers()[call.callee])
            optional, call = optional or default is not None, None
        if call is not None:
            self.helper_keys[var.key] = (keys, call)
        return optional, default, call

    def runtime_names(self, keys: list[str], runtime: list[tuple[int, int]]) -> dict[str, str]:
        """The variable behind each schema key when runtimeEnv names another: `{ KEY: process.env.OTHER }`,
        or a helper given a prefix (`runtimeEnvWithPrefix("DB_")`) that fills each key from prefix + key."""
        tokens = self.js.tokens
        out: dict[str, str] = {}
        for start, end in runtime:
            if is_id(tokens, start) and is_op(tokens, start + 1, "(") and self.js.close(start + 1) == end - 1:
                prefix = literal(tokens, start + 2) if start + 4 == end else None
                if prefix and _NAME_PREFIX.fullmatch(prefix):
                    out.update((key, prefix + key) for key in keys)
                continue
            if not is_op(tokens, start, "{"):
                continue
            for entry in self.js.entries(start):
                inside = [r.name for index, r in self.js.direct if entry.start <= index < entry.end]
                if len(inside) == 1 and inside[0] != entry.key and entry.key in keys:
                    out[entry.key] = inside[0]
        return out

    def spread_entries(self, start: int, end: int, depth: int = 0) -> list[Entry]:
        """The keyed entries of the object the value start..end gives: an object literal, a name bound to
        one in the file (`server: serverSchema`) or a member of one (`baseEnv.server`), with the entries of
        each spread in it (`{ ...baseEnv.server, ...smtpEnv.server, X: z.string() }`) in place."""
        tokens = self.js.tokens
        open_ = self.schema_object(start, end) if depth < 8 else None
        if open_ is None and depth < 8 and is_id(tokens, start):
            path: list[str] = []
            k = start + 1
            while k + 1 < end and is_op(tokens, k, ".") and is_id(tokens, k + 1):
                path.append(tokens[k + 1].text)
                k += 2
            if k == end and path:
                open_ = self.schema_object(start, start + 1)
                for prop in path:
                    found = (
                        None
                        if open_ is None
                        else next((e for e in self.js.entries(open_) if e.key == prop), None)
                    )
                    open_ = self.schema_object(found.start, found.end) if found is not None else None
        if open_ is None and depth < 8 and is_op(tokens, start, "(") and self.js.close(start) == end - 1:
            return self.branch_entries(start + 1, end - 1, depth)
        if open_ is None:
            return []
        out = self.js.entries(open_)
        for s, e in self.js.segments(open_):
            if is_op(tokens, s, "...") and s + 1 < e:
                out.extend(self.spread_entries(s + 1, e, depth + 1))
        return out

    def object_keys(self, start: int, end: int) -> list[str]:
        """The keys of the object start..end names (a loop over them: js_key_loops.py): an object literal,
        in place or bound to a name (spreads included, as spread_entries), or a zod schema (`schema.shape`,
        or the schema itself) bound to a name."""
        entries = self.spread_entries(start, end)
        if entries:
            return [e.key for e in entries]
        tokens = self.js.tokens
        shape = end == start + 3 and is_op(tokens, start + 1, ".") and is_id(tokens, start + 2, "shape")
        if not (is_id(tokens, start) and (end == start + 1 or shape)):
            return []
        bound = self.bound_value(tokens[start].text)
        objects = self.zod_objects(bound) if bound is not None else []
        return [e.key for brace in objects for e in self.js.entries(brace)]

    def branch_entries(self, start: int, end: int, depth: int) -> list[Entry]:
        """`...(cond ? { A: z.string() } : { B: z.string() })`, `...(cond && { A: ... })`: the operator
        sets whichever branch applies, so the keys of both branches are variables."""
        choice = self.top_level(start, end, "?")
        other = self.top_level(choice + 1, end, ":") if choice is not None else None
        if choice is not None and other is not None:
            return self.spread_entries(choice + 1, other, depth + 1) + self.spread_entries(
                other + 1, end, depth + 1
            )
        guard = self.top_level(start, end, "&&")
        if guard is not None:
            return self.spread_entries(guard + 1, end, depth + 1)
        return self.spread_entries(start, end, depth + 1)

    def zod_options(self, start: int, end: int, depth: int = 0) -> tuple[bool, str | None]:
        """`z.string().optional()`, `.nullish()`, `.default(3)`, `.catch("x")` on the chain itself. A choice
        (`isProd ? z.string() : z.string().optional()`) is optional only when both schemas are."""
        tokens = self.js.tokens
        choice = self.top_level(start, end, "?")
        other = self.top_level(choice + 1, end, ":") if choice is not None else None
        if choice is not None and other is not None:
            first, second = self.zod_options(choice + 1, other), self.zod_options(other + 1, end)
            return first[0] and second[0], first[1] if first == second else None
        held = self.held_schema(start, end) if depth < 4 else None
        if held is not None:
            return self.zod_options(*held, depth + 1)
        optional, default = False, None
        k = start
        while k < end:
            if tokens[k].kind == OP and tokens[k].text in _OPENERS and k in self.js.match:
                k = self.js.match[k] + 1
                continue
            if (
                is_op(tokens, k, ".", "?.")
                and is_id(tokens, k + 1, "optional", "nullish", "default", "catch", "prefault")
                and is_op(tokens, k + 2, "(")
            ):
                optional = True
                if tokens[k + 1].text != "optional" and tokens[k + 1].text != "nullish":
                    value, after = literal_value(tokens, k + 3), k + 4
                    if is_op(tokens, k + 3, "["):  # `.default(["a", "b"])`
                        value, after = self.joined_default(start, end, k + 3), self.js.close(k + 3) + 1
                    elif value is None and is_id(tokens, k + 3):  # `.default(DEFAULT_PORT)`: the file's own
                        value = self.js.constants().get(tokens[k + 3].text)
                    if value is not None and is_op(tokens, after, ")"):
                        default = value
            k += 1
        return optional, default

    def held_schema(self, start: int, end: int) -> tuple[int, int] | None:
        """`AUTH_PROVIDERS: providersSchema` with `const providersSchema = z.string()...` in the file: the
        range of the chain the name is bound to."""
        tokens = self.js.tokens
        if end - start != 1 or not is_id(tokens, start):
            return None
        name = tokens[start].text
        for k in range(len(tokens) - 3):
            if is_id(tokens, k, "const") and is_id(tokens, k + 1, name) and is_op(tokens, k + 2, "="):
                return k + 3, operand_end(tokens, self.js.match, k + 3)
        return None

    def joined_default(self, start: int, end: int, bracket: int) -> str | None:
        """`.default(["a", "b"])` on a schema that splits the variable (`.split(",")`): the variable as it
        would be written, the items joined with that separator. None when nothing splits it."""
        tokens = self.js.tokens
        items = [span_literal(tokens, a, b) for a, b in self.js.segments(bracket)]
        if any(item is None for item in items):
            return None
        for k in range(start, end - 4):
            if is_id(tokens, k + 1, "split") and is_op(tokens, k + 2, "(") and is_op(tokens, k + 4, ")"):
                separator = literal(tokens, k + 3)
                if separator is not None and is_op(tokens, k, ".", "?."):
                    return separator.join(item for item in items if item is not None)
        return None

    def top_level(self, start: int, end: int, op: str) -> int | None:
        """The first `op` between start and end outside any brackets."""
        k = start
        while k < end:
            if self.js.tokens[k].kind == OP and self.js.tokens[k].text in _OPENERS and k in self.js.match:
                k = self.js.match[k] + 1
                continue
            if is_op(self.js.tokens, k, op):
                return k
            k += 1
        return None

    def zod(self, i: int) -> None:
        """`<schema>.parse(process.env)`, the schema a `z.object({...})` chain in place or bound to a name."""
        tokens = self.js.tokens
        if not (is_op(tokens, i - 1, ".") and is_op(tokens, i + 1, "(")):
            return
        args = self.js.segments(i + 1)
        if len(args) != 1:
            return
        if not self.env_argument(*args[0]):
            self.parsed_variable(i, *args[0])
            head = (
                self.zod_chain(i - 2) if is_op(tokens, args[0][0], "{") or is_id(tokens, args[0][0]) else None
            )
            if head is not None:  # `schema.safeParse({ lifetime: process.env.X })`: js_zod_mapped.py
                link_mapped(self, head, *args[0])
            return
        head = self.zod_chain(i - 2)
        if head is None:
            return
        objects = self.zod_objects(head)
        if not objects:
            return
        keys: Keys = {}
        for brace in objects:
            for entry in self.js.entries(brace):
                optional, default, call = self.key_options(entry, keys)
                keys[entry.key] = (optional, default)
                made = self.schema_read(entry, optional, default, "zod")
                if made is not None and call is not None:
                    self.helper_reads.append((made, call))
        if tokens[i].text in ("parse", "parseAsync"):
            self.validated[head] = Validated("zod", keys)

    def env_argument(self, start: int, end: int) -> bool:
        """Whether what a schema parses is the environment: `process.env` itself, or an expression built from
        it whole (`removeEmpty(process.env)`, `{ ...process.env }`, `Object.fromEntries(Object.entries(
        process.env).filter(...))`): the schema's keys are then its variables. Not a member read
        (`process.env.X`) nor a value merely derived from one."""
        if self.js.env_expression(start) is not None:
            return True
        tokens = self.js.tokens
        if end == start + 1 and is_id(tokens, start) and self.js.env_alias(tokens[start].text):
            return True  # `Env.parse(stdEnv)` with `import { env as stdEnv } from "std-env"`
        if not (is_op(self.js.tokens, start, "{") or is_id(self.js.tokens, start)):
            return False
        return any(self.js.env_expression(k) is not None for k in range(start + 1, end))

    def parsed_variable(self, i: int, start: int, end: int) -> None:
        """`providersSchema.safeParse(process.env.AUTH_PROVIDERS)` with the schema a const of the file: the
        variable gets the schema's default (or is optional by it)."""
        if not (is_id(self.js.tokens, i - 2) and not is_op(self.js.tokens, i - 3, ".")):
            return
        if self.js.member_end(start) != end:
            return  # not the whole argument (`process.env.X + "y"`)
        for n, (index, read) in enumerate(self.js.direct):
            if index == start and read.default is None:
                held = self.held_schema(i - 2, i - 1)
                optional, default = self.zod_options(*held) if held is not None else (False, None)
                if optional:
                    self.js.direct[n] = (index, replace(read, optional=True, default=default))
                return

    def zod_chain(self, j: int) -> int | None:
        """Walking back from the end of `z.object({...}).extend({...})` at j: the chain's first token."""
        tokens = self.js.tokens
        steps = 0
        while j >= 0 and steps < 64:
            steps += 1
            if is_op(tokens, j, ")") and j in self.js.match:
                j = self.js.match[j] - 1
                continue
            if is_id(tokens, j):
                if is_op(tokens, j - 1, "."):
                    j -= 2
                    continue
                return j
            return None
        return None

    def zod_objects(self, start: int, depth: int = 0) -> list[int]:
        """The `{` of each object literal whose keys the zod chain starting at start accepts: given to
        `object`/`strictObject`/`looseObject`/`extend`, and those of the schemas it derives from by name: a
        chain headed by another schema (`allEnv.transform(...)`, `.refine`, `.superRefine`, `.pipe`: the
        input is still allEnv's), or merging one in (`.merge(base)`, `.extend(base.shape)`, `.and(base)`)."""
        tokens = self.js.tokens
        objects: list[int] = []
        k = start
        if is_id(tokens, k) and not is_op(tokens, k + 1, "(") and depth < 4:
            objects.extend(self.named_schema(k, depth))
        steps = 0
        while k < len(tokens) and steps < 64:
            steps += 1
            if is_id(tokens, k) and is_op(tokens, k + 1, "("):
                if tokens[k].text in _OBJECT_CALLS and is_op(tokens, k + 2, "{"):
                    objects.append(k + 2)
                elif tokens[k].text in _MERGING_CALLS and is_op(tokens, k - 1, ".") and depth < 4:
                    objects.extend(self.named_schema(k + 2, depth, self.js.close(k + 1)))
                elif tokens[k].text in _UNION_CALLS and depth < 4:
                    objects.extend(self.union_objects(k + 1, depth))
                k = self.js.close(k + 1) + 1
            elif is_id(tokens, k) or is_op(tokens, k, ".", "?."):
                k += 1
            else:
                break
        return objects

    def union_objects(self, paren: int, depth: int) -> list[int]:
        """`z.union([a, b])`, `z.discriminatedUnion("type", [a, z.object({...})])`: the object literals of
        every member (a value may be any member's, so each member's keys are accepted)."""
        tokens = self.js.tokens
        members = next((s for s, e in self.js.segments(paren) if is_op(tokens, s, "[")), None)
        if members is None:
            return []
        return [brace for s, _ in self.js.segments(members) for brace in self.zod_objects(s, depth + 1)]

    def named_schema(self, k: int, depth: int, end: int | None = None) -> list[int]:
        """The object literals of the schema the name at k is bound to in the file (`base`, `base.shape`),
        when it is all that runs up to end (the closing `)` of an argument) or a chain goes on from it."""
        tokens = self.js.tokens
        after = k + 1
        if is_op(tokens, after, ".") and is_id(tokens, after + 1, "shape"):
            after += 2
        if end is not None and after != end:
            return []
        if end is None and not (is_op(tokens, after, ".", "?.") or self.js.expression_end(after)):
            return []
        bound = self.bound_value(tokens[k].text)
        return [] if bound is None or bound == k else self.zod_objects(bound, depth + 1)

    def bound_value(self, name: str) -> int | None:
        """Where the value of the file's first `name = ...` (not a member's) starts."""
        tokens = self.js.tokens
        for k in range(1, len(tokens) - 2):
            if is_id(tokens, k, name) and is_op(tokens, k + 1, "=") and not is_op(tokens, k - 1, "."):
                return k + 2
        return None

    def schema_read(self, entry: Entry, optional: bool, default: str | None, source: str) -> Read | None:
        if not is_env_name(entry.key):
            return None
        read = Read(entry.key, self.js.file, entry.line, optional, source, default=default)
        self.reads.append(read)
        named = self.named_default(entry.start, entry.end) if optional and default is None else None
        if named is not None:  # another module's constant, maybe: the project resolves it
            self.js.note_constant(read, Fallback(None, False, named))
        return read

    def own_helpers(self) -> dict[str, int]:
        if self.helpers is None:
            self.helpers = defaulting_helpers(self.js.tokens, self.js.match)
        return self.helpers

    def waiting_reads(
        self, present: set[int], helpers: SchemaHelpers, target: Callable[[HelperCall], str | None]
    ) -> set[int]:
        """Reads whose default a schema helper imported from another module gives: they wait in the project's
        helpers (the ids of those reads still among the file's, taken out of them), with the schema's keys the
        helper fills. target names the project file a helper's import names."""
        for key, (keys, call) in self.helper_keys.items():
            helpers.keys.append((keys, key, call, target(call)))
        waiting = [(read, call) for read, call in self.helper_reads if id(read) in present]
        for read, call in waiting:
            helpers.waiting.append(Waiting(read, call, target(call)))
        return {id(read) for read, _ in waiting}

    def revalidated(self, s: int) -> str | None:
        """`Schema.superRefine(...).transform(...).parse(parsedEnv)`: validating a binding again gives its
        keys back, so the result holds what the binding (named here) holds."""
        tokens = self.js.tokens
        if not is_id(tokens, s) or is_op(tokens, s - 1, "."):
            return None
        k = s + 1
        for _ in range(_MAX_CHAIN):
            if not (is_op(tokens, k, ".", "?.") and is_id(tokens, k + 1)):
                return None
            if not is_op(tokens, k + 2, "("):
                k += 2
                continue
            close = self.js.close(k + 2)
            if tokens[k + 1].text in ("parse", "parseAsync") and self.js.expression_end(close + 1):
                args = self.js.segments(k + 2)
                if len(args) == 1 and args[0][1] - args[0][0] == 1 and is_id(tokens, args[0][0]):
                    return tokens[args[0][0]].text
                return None
            k = close + 1
        return None
