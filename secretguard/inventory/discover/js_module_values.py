"""What a name of a JS/TS module holds, followed across the project's imports: the literal, object or
array a `const` is bound to (here, or in the module an `import { X } from "./x"` names, through
`export { X } from` and `export *` barrels), a member of a literal object (`STRATEGIES.internal`), a `??`
fallback over a member an object may lack (`entry.apiKey ?? ""`), and a template literal whose parts are
such values (`` `${table.prefix}_API_KEY` ``). Values that depend on anything else are unknown (None).

Modules are tokenized on demand, once each; js_definitions.py walks configuration definitions with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from secretguard.inventory.discover.js_imports import imported_names
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    OP,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

_MAX_DEPTH = 12  # bindings followed from one value (imports, re-exports, members)
_DECLARERS = frozenset({"const", "let", "var"})
# Words that start a new statement on a new line: the previous expression ended without a `;`.
_STATEMENT_WORDS = frozenset(
    {"const", "let", "var", "export", "import", "function", "class", "interface", "type", "enum", "async"}
)
_ENDS = frozenset({";", ",", ")", "]", "}"})
_ABSENT_WORDS = frozenset({"undefined", "null"})
_BACKTICKS = re.compile(r"`((?:[^`\\]|\\.)*)`")
_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")


@dataclass(eq=False)
class Module:
    file: str
    text: str = field(repr=False)
    tokens: list[Token] = field(repr=False)
    match: dict[int, int] = field(repr=False)  # each opening bracket's partner
    decls: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> its initialiser's span
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (spec, imported name)
    forwards: dict[str, tuple[str, str]] = field(default_factory=dict)  # `export { a as b } from "s"`
    stars: list[str] = field(default_factory=list)  # `export * from "s"`
    namespaces: dict[str, str] = field(default_factory=dict)  # `import * as ns`, `const ns = require()`
    _lines: list[str] | None = field(default=None, repr=False)
    _opens: dict[int, int] | None = field(default=None, repr=False)

    def opener(self, close: int) -> int | None:
        """The opening bracket of the one closing at close."""
        if self._opens is None:
            self._opens = {c: o for o, c in self.match.items()}
        return self._opens.get(close)

    def line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""


@dataclass(frozen=True, slots=True)
class Span:
    module: Module
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Lit:
    text: str


@dataclass(frozen=True, slots=True)
class Absent:
    """`undefined`, `null`, or a member the object lacks."""


@dataclass(frozen=True, slots=True)
class Obj:
    module: Module
    open: int  # its `{`


@dataclass(frozen=True, slots=True)
class Arr:
    module: Module
    open: int  # its `[`


Value = Lit | Absent | Obj | Arr
Binds = Mapping[str, Value]  # a callback's parameters, bound to one table entry each


def expression_end(tokens: list[Token], match: dict[int, int], start: int) -> int:
    """The index just past the expression starting at start: at a `;`, `,` or closing bracket outside
    brackets, or where a new statement begins on a new line."""
    k = start
    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == OP:
            if tok.text in ("(", "[", "{") and k in match:
                k = match[k] + 1
                continue
            if tok.text in _ENDS:
                return k
        elif (
            k > start
            and tok.kind == ID
            and tok.text in _STATEMENT_WORDS
            and tok.line > tokens[k - 1].line
            and (tokens[k - 1].kind != OP or tokens[k - 1].text in (")", "]", "}"))
        ):
            return k
        k += 1
    return k


def core(tokens: list[Token], match: dict[int, int], start: int, end: int) -> tuple[int, int]:
    """The span without what TypeScript adds and parentheses take away: `(x)`, `x as const`,
    `x satisfies T`, `x!`."""
    for _ in range(8):
        k, cut = start, end
        while k < end:
            if is_op(tokens, k, "(", "[", "{") and k in match:
                k = match[k] + 1
                continue
            if k > start and is_id(tokens, k, "as", "satisfies"):
                cut = k
                break
            k += 1
        if is_op(tokens, cut - 1, "!") and cut - 1 > start:
            cut -= 1
        if is_op(tokens, start, "(") and match.get(start) == cut - 1:
            start, cut = start + 1, cut - 1
        if cut == end:
            return start, end
        end = cut
    return start, end


def object_entries(module: Module, open_: int) -> list[tuple[str | None, int, int]]:
    """The entries of the object literal at open_: (key, value span); None for a spread (`...x`)."""
    tokens = module.tokens
    close = module.match.get(open_)
    if close is None:
        return []
    out: list[tuple[str | None, int, int]] = []
    for start, end in split_arguments(tokens, open_, close):
        if is_op(tokens, start, "..."):
            out.append((None, start + 1, end))
        elif end - start == 1 and is_id(tokens, start):
            out.append((tokens[start].text, start, end))  # `{ port }`: the binding of that name
        elif end - start > 2 and tokens[start].kind in (ID, STR) and is_op(tokens, start + 1, ":"):
            if tokens[start].kind == STR and tokens[start].interpolated:
                continue
            out.append((tokens[start].text, start + 2, end))
    return out


def array_elements(module: Module, open_: int) -> list[tuple[int, int]]:
    close = module.match.get(open_)
    return [] if close is None else split_arguments(module.tokens, open_, close)


class Modules:
    """The project's modules by file, each tokenized once when a value needs it."""

    def __init__(
        self, read_file: Callable[[str], str | None], target: Callable[[str, str], str | None]
    ) -> None:
        self.read_file = read_file
        self.target = target  # (importer, spec) -> the project file it names
        self.cache: dict[str, Module | None] = {}

    def get(self, file: str) -> Module | None:
        if file not in self.cache:
            text = self.read_file(file)
            self.cache[file] = None if text is None else _parse(text, file)
        return self.cache[file]

    def binding(self, module: Module, name: str, depth: int = 0) -> Span | None:
        """The initialiser of what `name` is bound to in module: its own declaration, or the imported one."""
        if name in module.decls:
            start, end = module.decls[name]
            return Span(module, start, end)
        imported = module.imports.get(name)
        if imported is None or depth > _MAX_DEPTH:
            return None
        return self.exported(module.file, imported[0], imported[1], depth + 1)

    def exported(self, importer: str, spec: str, name: str, depth: int) -> Span | None:
        file = self.target(importer, spec)
        module = self.get(file) if file is not None else None
        if module is None or depth > _MAX_DEPTH:
            return None
        if name in module.decls:
            start, end = module.decls[name]
            return Span(module, start, end)
        if name in module.forwards:
            forward_spec, forward_name = module.forwards[name]
            return self.exported(module.file, forward_spec, forward_name, depth + 1)
        if name in module.imports:  # `import { x } from "./a"; export { x }`
            return self.binding(module, name, depth + 1)
        for star in module.stars if name != "default" else []:
            found = self.exported(module.file, star, name, depth + 1)
            if found is not None:
                return found
        if name != "default" and "default" in module.decls:  # `module.exports = { NAME }` (CJS interop)
            start, end = core(module.tokens, module.match, *module.decls["default"])
            if is_op(module.tokens, start, "{") and module.match.get(start) == end - 1:
                for key, s, e in object_entries(module, start):
                    if key == name:
                        return Span(module, s, e)
        return None

    def value(self, module: Module, start: int, end: int, binds: Binds, depth: int = 0) -> Value | None:
        """What the expression tokens[start:end] of module evaluates to, when it is known here."""
        if depth > _MAX_DEPTH:
            return None
        tokens, match = module.tokens, module.match
        start, end = core(tokens, match, start, end)
        if end <= start:
            return None
        split = _top_level(tokens, match, start, end, ("??", "||"))
        if split is not None:
            left = self.value(module, start, split, binds, depth + 1)
            if isinstance(left, Absent) or (
                isinstance(left, Lit) and tokens[split].text == "||" and left.text in ("", "0", "false")
            ):
                return self.value(module, split + 1, end, binds, depth + 1)
            return left if isinstance(left, Lit) else None
        first = tokens[start]
        if end - start == 1 and first.kind == ID and first.text in _ABSENT_WORDS:
            return Absent()
        found = span_literal(tokens, start, end)
        if found is not None:
            return Lit(found)
        if first.kind == OP and first.text in ("{", "[") and match.get(start) == end - 1:
            return Obj(module, start) if first.text == "{" else Arr(module, start)
        if tokens[end - 1].kind == STR and tokens[end - 1].interpolated:
            text = self.template(module, start, end, binds, depth)
            return None if text is None else Lit(text)
        return self.member_chain(module, start, end, binds, depth)

    def member_chain(self, module: Module, start: int, end: int, binds: Binds, depth: int) -> Value | None:
        """`NAME` or `NAME.a.b` (also `NAME["a"]`): the binding, then each member of its literal object."""
        tokens = module.tokens
        if not is_id(tokens, start):
            return None
        base: Value | None = binds.get(tokens[start].text)
        spec = module.namespaces.get(tokens[start].text)
        if base is None and spec is not None and is_op(tokens, start + 1, ".") and is_id(tokens, start + 2):
            # `ns.NAME` of `import * as ns` / `const ns = require(...)`: the module's export
            found = self.exported(module.file, spec, tokens[start + 2].text, depth + 1)
            if found is None:
                return None
            base = self.value(found.module, found.start, found.end, {}, depth + 1)
            start += 2
        elif base is None:
            span = self.binding(module, tokens[start].text)
            if span is None:
                return None
            base = self.value(span.module, span.start, span.end, {}, depth + 1)
        k = start + 1
        while k < end and base is not None:
            if is_op(tokens, k, ".", "?.") and is_id(tokens, k + 1):
                key, k = tokens[k + 1].text, k + 2
            elif is_op(tokens, k, "[") and literal(tokens, k + 1) is not None and is_op(tokens, k + 2, "]"):
                key, k = tokens[k + 1].text, k + 3
            else:
                return None
            base = self.member(base, key, depth)
        return base

    def member(self, base: Value, key: str, depth: int) -> Value | None:
        if not isinstance(base, Obj):
            return None
        for name, start, end in reversed(object_entries(base.module, base.open)):
            if name == key:
                return self.value(base.module, start, end, {}, depth + 1)
            if name is None:
                return None  # a spread may hold the key: not known here
        return Absent()

    def template(self, module: Module, start: int, end: int, binds: Binds, depth: int) -> str | None:
        """`` `${a.prefix}_API_KEY` ``: the lexer emits each `${...}` as a parenthesised group before the
        string token, whose text is the literal parts joined; the parts' places come from the source line."""
        tokens, match = module.tokens, module.match
        groups: list[tuple[int, int]] = []
        k = start
        while k < end - 1:
            if not is_op(tokens, k, "(") or k not in match:
                return None
            groups.append((k + 1, match[k]))
            k = match[k] + 1
        if k != end - 1 or not groups:
            return None
        literal_parts = _template_parts(module.line(tokens[end - 1].line), tokens[end - 1].text, len(groups))
        if literal_parts is None:
            return None
        values: list[str] = []
        for group_start, group_end in groups:
            found = self.value(module, group_start, group_end, binds, depth + 1)
            if not isinstance(found, Lit):
                return None
            values.append(found.text)
        out = literal_parts[0]
        for value, part in zip(values, literal_parts[1:], strict=True):
            out += value + part
        return out


def _template_parts(line: str, joined: str, count: int) -> list[str] | None:
    """The literal parts around the `count` interpolations of the template on `line` whose parts join to
    `joined`."""
    for found in _BACKTICKS.finditer(line):
        parts = _INTERPOLATION.split(found.group(1))
        literals = parts[::2]
        if len(literals) == count + 1 and "".join(literals) == joined:
            return literals
    return None


def _top_level(
    tokens: list[Token], match: dict[int, int], start: int, end: int, ops: tuple[str, ...]
) -> int | None:
    k = start
    while k < end:
        if is_op(tokens, k, "(", "[", "{") and k in match:
            k = match[k] + 1
            continue
        if is_op(tokens, k, *ops):
            return k
        k += 1
    return None


def _parse(text: str, file: str) -> Module:
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    module = Module(file, text, tokens, match, imports=imported_names(tokens, match))
    for k, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        if tok.text in _DECLARERS and _required(module, k):
            continue
        if tok.text in _DECLARERS and is_id(tokens, k + 1) and not is_op(tokens, k - 1, "."):
            value = _initialiser(tokens, k + 2)
            if value is not None and tokens[k + 1].text not in module.decls:
                module.decls[tokens[k + 1].text] = (value, expression_end(tokens, match, value))
        elif tok.text == "export" and not is_op(tokens, k - 1, "."):
            _export(module, k)
        elif tok.text == "import" and is_op(tokens, k + 1, "*") and is_id(tokens, k + 2, "as"):
            if is_id(tokens, k + 3) and is_id(tokens, k + 4, "from") and literal(tokens, k + 5) is not None:
                module.namespaces[tokens[k + 3].text] = tokens[k + 5].text
        elif tok.text == "exports" and not is_op(tokens, k - 1, ".") and _member_assigned(tokens, k):
            module.decls.setdefault(tokens[k + 2].text, (k + 4, expression_end(tokens, match, k + 4)))
        elif (
            tok.text == "module"
            and is_op(tokens, k + 1, ".")
            and is_id(tokens, k + 2, "exports")
            and _member_assigned(tokens, k + 2)
        ):
            module.decls.setdefault(tokens[k + 4].text, (k + 6, expression_end(tokens, match, k + 6)))
        elif (
            tok.text == "module"
            and is_op(tokens, k + 1, ".")
            and is_id(tokens, k + 2, "exports")
            and is_op(tokens, k + 3, "=")
        ):
            module.decls.setdefault("default", (k + 4, expression_end(tokens, match, k + 4)))
    return module


def _member_assigned(tokens: list[Token], k: int) -> bool:
    """`exports.NAME = ...` at k."""
    return is_op(tokens, k + 1, ".") and is_id(tokens, k + 2) and is_op(tokens, k + 3, "=")


def _required(module: Module, k: int) -> bool:
    """`const x = require("s")` (a namespace) or `const { a, b: c } = require("s")` at k: recorded."""
    tokens = module.tokens
    if is_id(tokens, k + 1) and is_op(tokens, k + 2, "=") and _require_spec(tokens, k + 3) is not None:
        module.namespaces[tokens[k + 1].text] = _require_spec(tokens, k + 3) or ""
        return True
    close = module.match.get(k + 1) if is_op(tokens, k + 1, "{") else None
    spec = None if close is None or not is_op(tokens, close + 1, "=") else _require_spec(tokens, close + 2)
    if close is None or spec is None:
        return False
    for start, end in split_arguments(tokens, k + 1, close):
        if end - start == 1 and is_id(tokens, start):
            module.imports[tokens[start].text] = (spec, tokens[start].text)
        elif (
            end - start == 3
            and is_id(tokens, start)
            and is_op(tokens, start + 1, ":")
            and is_id(tokens, start + 2)
        ):
            module.imports[tokens[start + 2].text] = (spec, tokens[start].text)
    return True


def _require_spec(tokens: list[Token], k: int) -> str | None:
    if is_id(tokens, k, "require") and is_op(tokens, k + 1, "(") and is_op(tokens, k + 3, ")"):
        return literal(tokens, k + 2)
    return None


def _initialiser(tokens: list[Token], k: int) -> int | None:
    """After `const NAME` at k: the index after `=` (a type annotation between them skipped)."""
    if is_op(tokens, k, "="):
        return k + 1
    if not is_op(tokens, k, ":"):
        return None
    for j in range(k + 1, min(len(tokens), k + 40)):
        if is_op(tokens, j, "="):
            return j + 1
        if is_op(tokens, j, ";"):
            return None
    return None


def _export(module: Module, k: int) -> None:
    """`export default X`, `export { a as b } from "s"`, `export * from "s"` (`export const` is a decl)."""
    tokens, match = module.tokens, module.match
    if is_id(tokens, k + 1, "default") and not is_id(tokens, k + 2, "function", "class"):
        module.decls.setdefault("default", (k + 2, expression_end(tokens, match, k + 2)))
    elif is_op(tokens, k + 1, "*") and is_id(tokens, k + 2, "from") and literal(tokens, k + 3) is not None:
        module.stars.append(tokens[k + 3].text)
    elif is_op(tokens, k + 1, "{") and k + 1 in match:
        close = match[k + 1]
        spec = literal(tokens, close + 2) if is_id(tokens, close + 1, "from") else None
        for start, end in split_arguments(tokens, k + 1, close):
            if not is_id(tokens, start):
                continue
            local = tokens[start].text
            exported = (
                tokens[start + 2].text if end - start == 3 and is_id(tokens, start + 1, "as") else local
            )
            if spec is not None:
                module.forwards[exported] = (spec, local)
            elif exported != local and local in module.decls:
                module.decls.setdefault(exported, module.decls[local])
