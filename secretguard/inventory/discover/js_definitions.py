"""Configuration definitions whose leaves name the variable that sets them: convict's
`convict({ port: { doc, format: "port", default: 8080, env: "PORT" } })` and figue's
`defineConfig(definition, { envSource: process.env })` over `{ doc, schema, default, env }` leaves. The
library reads each leaf's `env` (a name, or a list of names: the first one set wins) from the environment
and falls back to the leaf's `default`.

The definition passed to the library's function is walked: nested objects, the parts other modules export
and the root imports (`auth: authConfig`, `...providersConfig`), and tables mapped into parts
(`mapValues(PROVIDERS, (p) => ({ apiKey: { env: `${p.envPrefix}_API_KEY`, default: p.defaultKey } }))`),
each entry of a literal table binding the callback's parameter. Names and defaults resolve when literal, or
a constant holding one (js_module_values.py); a list, an expression or a call is no single default. A
figue call's own `defaults: [{ gitSha }]` option overrides the leaves at those keys with a computed value.

Outside a library's call, only unmistakable leaves count: an object with `doc`, `default` and a name-valued
`env` together. Any other object with an `env` key (a CI matrix, a bundler option) never does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_module_values import (
    Absent,
    Arr,
    Binds,
    Lit,
    Module,
    Modules,
    Obj,
    Value,
    array_elements,
    core,
    object_entries,
)
from secretguard.inventory.discover.lexer import ID, OP, STR, is_id, is_op, split_arguments

SOURCE = "config-definition"
# The libraries, and the function of each that takes a definition (convict's default export itself).
_LIBRARY = re.compile(r"""(?:\bfrom\s*|\brequire\s*\(\s*)["'](convict|figue)["']""")
_LEAF_TEXT = re.compile(r"""\benv\s*:\s*["'`\[A-Za-z_$]""")
_MAX_DEPTH = 24  # nested definition objects and parts followed
_MAPPERS = frozenset({"mapValues", "mapObject"})  # `mapValues(table, (entry) => part)`
_ENTRY_WALKS = frozenset({"values", "entries"})  # `Object.values(table).map((entry) => ...)`
_BOOLEAN = re.compile(r"boolean", re.IGNORECASE)


@dataclass
class _Walk:
    modules: Modules
    overridden: set[tuple[str, ...]] = field(default_factory=set)  # key paths a call's defaults replace
    leaves: set[tuple[str, int]] = field(default_factory=set)  # (file, `{`) of leaves already read
    reads: list[Read] = field(default_factory=list)
    stack: set[tuple[str, int, int]] = field(default_factory=set)

    def value(self, module: Module, start: int, end: int, binds: Binds, path: tuple[str, ...]) -> None:
        """A part of the definition: an object, a binding holding one, or a table mapped into parts."""
        if len(path) > _MAX_DEPTH or len(self.stack) > _MAX_DEPTH:
            return
        tokens, match = module.tokens, module.match
        start, end = core(tokens, match, start, end)
        key = (module.file, start, end)
        if end <= start or key in self.stack:
            return
        self.stack.add(key)
        try:
            if is_op(tokens, start, "{") and match.get(start) == end - 1:
                self.object(module, start, binds, path)
            elif is_op(tokens, end - 1, ")") and (opener := module.opener(end - 1)) is not None:
                self.call(module, start, opener, end - 1, binds, path)
            elif is_id(tokens, start) and end == start + 1 and tokens[start].text not in binds:
                span = self.modules.binding(module, tokens[start].text)
                if span is not None:
                    self.value(span.module, span.start, span.end, {}, path)
            elif is_op(tokens, start, "[") and match.get(start) == end - 1:
                for s, e in array_elements(module, start):  # `[key, { ...part }]` of a mapped entry
                    self.value(module, s, e, binds, path)
        finally:
            self.stack.discard(key)

    def object(self, module: Module, open_: int, binds: Binds, path: tuple[str, ...]) -> None:
        entries = object_entries(module, open_)
        named = {k: (s, e) for k, s, e in entries if k is not None}
        env = named.get("env")
        if env is not None and not is_op(module.tokens, core(module.tokens, module.match, *env)[0], "{"):
            self.leaf(module, open_, named, binds, path)
            return
        for key, start, end in entries:
            self.value(module, start, end, binds, path if key is None else (*path, key))

    def call(
        self, module: Module, start: int, opener: int, close: int, binds: Binds, path: tuple[str, ...]
    ) -> None:
        """`mapValues(T, cb)`, `T.map(cb)`, `Object.values(T).map(cb)`, `Object.fromEntries(x)`."""
        tokens = module.tokens
        args = split_arguments(tokens, opener, close)
        callee = [t.text for t in tokens[start:opener]]
        if not callee or not args:
            return
        if callee[-1] in _MAPPERS and len(args) == 2:
            self.mapped(module, args[0], args[1], binds, path, False)
        elif callee[-1] == "fromEntries" and len(args) == 1:
            self.value(module, *args[0], binds, path)
        elif callee[-1] == "map" and len(callee) >= 3 and callee[-2] in (".", "?.") and len(args) == 1:
            receiver = (start, opener - 2)
            entries = False
            if (
                tokens[start].text == "Object"
                and len(callee) > 4
                and callee[2] in _ENTRY_WALKS
                and is_op(tokens, opener - 3, ")")
                and (inner := module.opener(opener - 3)) is not None
            ):
                receiver = (inner + 1, opener - 3)
                entries = callee[2] == "entries"
            self.mapped(module, receiver, args[0], binds, path, entries)

    def mapped(
        self,
        module: Module,
        table: tuple[int, int],
        callback: tuple[int, int],
        binds: Binds,
        path: tuple[str, ...],
        pairs: bool,
    ) -> None:
        """Each entry of the literal table binds the callback's parameter; its body is walked once each."""
        found = self.modules.value(module, *table, binds)
        items: list[Value | None] = []
        if isinstance(found, Obj):
            items = [
                self.modules.value(found.module, s, e, {})
                for k, s, e in object_entries(found.module, found.open)
                if k
            ]
        elif isinstance(found, Arr):
            items = [
                self.modules.value(found.module, s, e, {})
                for s, e in array_elements(found.module, found.open)
            ]
        parsed = _callback(module, *callback, pairs)
        if parsed is None:
            return
        parameter, body = parsed
        for item in items:
            if isinstance(item, Obj):
                self.value(module, *body, {**binds, parameter: item}, path)

    def leaf(
        self,
        module: Module,
        open_: int,
        named: dict[str, tuple[int, int]],
        binds: Binds,
        path: tuple[str, ...],
    ) -> None:
        if (module.file, open_) in self.leaves and not binds:
            return
        self.leaves.add((module.file, open_))
        tokens = module.tokens
        env_start, env_end = core(tokens, module.match, *named["env"])
        spans = array_elements(module, env_start) if is_op(tokens, env_start, "[") else [(env_start, env_end)]
        names: list[tuple[str, int]] = []
        for s, e in spans:
            found = self.modules.value(module, s, e, binds)
            if isinstance(found, Lit) and is_env_name(found.text):
                names.append((found.text, tokens[s].line))
        if not names:
            return
        default, computed, has_default = None, False, "default" in named
        if has_default:
            start, end = core(tokens, module.match, *named["default"])
            # a template is an expression built at start (the name's own may be resolved to find it)
            built = tokens[end - 1].kind == STR and tokens[end - 1].interpolated
            value = None if built else self.modules.value(module, start, end, binds)
            if isinstance(value, Lit):
                default = value.text
            elif (
                end - start == 3
                and is_op(tokens, start, "[")
                and tokens[start + 1].kind == STR
                and not tokens[start + 1].interpolated
            ):
                default = tokens[start + 1].text  # `default: ["cdn.example.org"]`: a list of one, its text
            elif not isinstance(value, Absent):
                computed = True  # a list, an expression: no single literal
        if path in self.overridden:
            default, computed = None, True
        sensitive = "sensitive" in named and _true(module, named["sensitive"])
        switch = default in ("true", "false") or any(
            _mentions_boolean(module, *named[k]) for k in ("schema", "format") if k in named
        )
        for name, line in names:
            self.reads.append(
                Read(
                    name,
                    module.file,
                    line,
                    has_default,
                    SOURCE,
                    secret_hint=sensitive,
                    default=default,
                    computed_default=computed,
                    boolean_use=switch and not sensitive,
                )
            )


def _true(module: Module, span: tuple[int, int]) -> bool:
    start, end = core(module.tokens, module.match, *span)
    return end == start + 1 and is_id(module.tokens, start, "true")


def _mentions_boolean(module: Module, start: int, end: int) -> bool:
    """`schema: z.coerce.boolean()`, `booleanishSchema`, convict's `format: Boolean`."""
    return any(t.kind in (ID, STR) and _BOOLEAN.search(t.text) is not None for t in module.tokens[start:end])


def _callback(module: Module, start: int, end: int, pairs: bool) -> tuple[str, tuple[int, int]] | None:
    """`(entry: T) => body`, `entry => body`, `([key, entry]) => body` (pairs), `function (entry) { return
    body }`: the parameter bound to an entry, and the span of the value the callback returns."""
    tokens, match = module.tokens, module.match
    start, end = core(tokens, match, start, end)
    k = start + 1 if is_id(tokens, start, "async") else start
    if is_id(tokens, k, "function"):
        k += 1
        if is_id(tokens, k):
            k += 1
    if is_id(tokens, k) and is_op(tokens, k + 1, "=>"):
        parameter, arrow = tokens[k].text, k + 1
    elif is_op(tokens, k, "(") and (close := match.get(k)) is not None:
        params = split_arguments(tokens, k, close)
        if not params:
            return None
        first = params[0][0]
        if pairs and is_op(tokens, first, "[") and first in match:
            inner = split_arguments(tokens, first, match[first])
            if len(inner) < 2 or not is_id(tokens, inner[1][0]):
                return None
            parameter = tokens[inner[1][0]].text
        elif is_id(tokens, first) and not pairs:
            parameter = tokens[first].text
        else:
            return None
        arrow = close + 1
    else:
        return None
    body = arrow + 1 if is_op(tokens, arrow, "=>") else arrow
    if is_op(tokens, arrow, "=>") and not is_op(tokens, body, "{"):
        return parameter, (body, end)
    if not is_op(tokens, body, "{") or body not in match:
        return None
    for j in range(body + 1, match[body]):  # a block body: its (last top-level) `return <value>`
        if is_id(tokens, j, "return"):
            stop = j + 1
            while stop < match[body] and not is_op(tokens, stop, ";", "}"):
                stop = match[stop] + 1 if is_op(tokens, stop, "(", "[", "{") and stop in match else stop + 1
            return parameter, (j + 1, stop)
    return None


@dataclass
class ConfigDefinitions:
    """Files that may hold definitions, seen during the walk (a text test only); read in `finish`."""

    roots: list[str] = field(default_factory=list)  # files importing a definition library
    others: list[str] = field(default_factory=list)  # files that may hold unmistakable leaves

    def add(self, text: str, file: str) -> None:
        if "env" not in text or _LEAF_TEXT.search(text) is None:
            return
        if _LIBRARY.search(text) is not None:
            self.roots.append(file)
        elif "doc" in text and "default" in text:
            self.others.append(file)

    def finish(
        self, read_file: Callable[[str], str | None], target: Callable[[str, str], str | None]
    ) -> list[Read]:
        if not self.roots and not self.others:
            return []
        walk = _Walk(Modules(read_file, target))
        for file in self.roots:
            module = walk.modules.get(file)
            calls = [] if module is None else _definition_calls(module)
            if module is None or not calls:
                continue
            # a key some call's defaults set has no single default, whichever call reads it first
            walk.overridden = set().union(*(_overridden(module, call) for call in calls))
            for call in calls:
                first = split_arguments(module.tokens, call, module.match[call])[0]
                walk.value(module, *first, {}, ())
        walk.overridden = set()
        for file in self.roots + self.others:
            module = walk.modules.get(file)
            if module is not None:
                _unmistakable(walk, module)
        self.roots, self.others = [], []
        unique = {(r.name, r.file, r.line): r for r in walk.reads}  # a table walked by two calls
        return list(unique.values())


def _definition_calls(module: Module) -> list[int]:
    """The `(` of each call of the library's definition function: convict's default export (imported or
    required under any name), figue's `defineConfig` (maybe renamed)."""
    tokens, match = module.tokens, module.match
    functions = {
        local
        for local, (spec, imported) in module.imports.items()
        if (spec == "convict" and imported == "default") or (spec == "figue" and imported == "defineConfig")
    }
    for k in range(len(tokens) - 5):  # `const convict = require("convict")`
        if (
            is_id(tokens, k, "const", "let", "var")
            and is_id(tokens, k + 1)
            and is_op(tokens, k + 2, "=")
            and is_id(tokens, k + 3, "require")
            and is_op(tokens, k + 4, "(")
            and tokens[k + 5].kind == STR
            and tokens[k + 5].text == "convict"
        ):
            functions.add(tokens[k + 1].text)
    if not functions:
        return []
    return [
        k + 1
        for k, tok in enumerate(tokens)
        if tok.kind == ID
        and tok.text in functions
        and is_op(tokens, k + 1, "(")
        and k + 1 in match
        and match[k + 1] > k + 2
        and not is_op(tokens, k - 1, ".")
        and not is_id(tokens, k - 1, "function", "import")
    ]


def _overridden(module: Module, call: int) -> set[tuple[str, ...]]:
    """figue's `defineConfig(def, { defaults: [{ gitCommitSha }, fileConfig] })`: the key paths the call's
    literal default objects set (the leaves there take a value computed at the call, not their own)."""
    tokens = module.tokens
    args = split_arguments(tokens, call, module.match[call])
    if len(args) < 2 or not is_op(tokens, args[1][0], "{"):
        return set()
    found: set[tuple[str, ...]] = set()
    for key, start, end in object_entries(module, args[1][0]):
        if key != "defaults":
            continue
        s, e = core(tokens, module.match, start, end)
        parts = array_elements(module, s) if is_op(tokens, s, "[") else [(s, e)]
        for part in parts:
            first = core(tokens, module.match, *part)[0]
            if is_op(tokens, first, "{"):
                _paths(module, first, (), found)
    return found


def _paths(module: Module, open_: int, prefix: tuple[str, ...], out: set[tuple[str, ...]]) -> None:
    for key, start, end in object_entries(module, open_):
        if key is None:
            continue
        s, e = core(module.tokens, module.match, start, end)
        if is_op(module.tokens, s, "{") and module.match.get(s) == e - 1 and len(prefix) < _MAX_DEPTH:
            _paths(module, s, (*prefix, key), out)
        else:
            out.add((*prefix, key))


def _unmistakable(walk: _Walk, module: Module) -> None:
    """Objects with `doc`, `default` and a name-valued `env` anywhere in the module."""
    tokens = module.tokens
    for k in _env_objects(module):
        if (module.file, k) in walk.leaves:
            continue
        named = {key: (s, e) for key, s, e in object_entries(module, k) if key is not None}
        if {"doc", "default", "env"} <= named.keys():
            env = core(tokens, module.match, *named["env"])[0]
            if not is_op(tokens, env, "{"):
                walk.leaf(module, k, named, {}, ())


def _env_objects(module: Module) -> list[int]:
    """The `{` of each object literal with an `env:` key (one pass, keeping the open braces)."""
    tokens = module.tokens
    stack: list[int] = []
    found: list[int] = []
    for k, tok in enumerate(tokens):
        if tok.kind == OP and tok.text in ("{", "(", "["):
            stack.append(k if tok.text == "{" else -1)
        elif tok.kind == OP and tok.text in ("}", ")", "]"):
            if stack:
                stack.pop()
        elif (
            tok.kind == ID
            and tok.text == "env"
            and stack
            and stack[-1] >= 0
            and is_op(tokens, k + 1, ":")
            and is_op(tokens, k - 1, "{", ",")
            and stack[-1] in module.match
        ):
            found.append(stack[-1])
    return found
