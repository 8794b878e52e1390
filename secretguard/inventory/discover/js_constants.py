"""Named constants a fallback gives instead of a literal, from another module: `env.PORT ?? DEFAULT_PORT`
with `import { DEFAULT_PORT } from "./defaults"` and `export const DEFAULT_PORT = 3000` there (also typed,
`export const DEFAULT_PORT: number = 3000`, or `3000 as const`), maybe re-exported by a barrel module
(`export * from "./lib/config"`, `export { PORT as DEFAULT_PORT } from "./ports"`). Exported literal
constants are indexed in every JS/TS file of the project (a cheap text test first); a read waits for the
walk to end, then takes the constant's literal as its default."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from secretguard.inventory.discover.js_chains import file_chain_helpers
from secretguard.inventory.discover.js_object_members import object_members
from secretguard.inventory.discover.js_schema import expression_end, literal_value
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    NUM,
    OP,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    split_arguments,
    tokenize,
)

_EXPORTED_CONST = re.compile(
    r"\bexport\s+const\s+[A-Za-z_$][\w$]*\s*(?::[^=;\n]{1,80})?=\s*(?:[-\"'`\d]|true\b|false\b)"
    r"|\bexport\s+(?:const\s+)?enum\s"
    r"|\bexport\s+(?:default\s+)?class\s[^{]*\{[^}]*\bstatic\s+readonly\s"
)
_ARITHMETIC = frozenset({"+", "-", "*"})  # of a constant folded from integer literals (`20 * 1024 * 1024`)
_MAX_FOLDED = 15  # literals of one folded constant
_REEXPORT = re.compile(r"\bexport\s*(?:\*|\{[^}]*\})\s*from\b")
_STATEMENT_ENDS = frozenset({";", "}"})
_TYPE_TOKENS = frozenset({".", "|", "<", ">", "[", "]", ","})  # of a type annotation: `Record<string, T>`
_MAX_TYPE = 16  # tokens of an annotation
_MAX_FORWARDS = 6  # barrel modules followed


def exported_constants(text: str) -> dict[str, str]:
    """`export const NAME = "literal";` (a string without interpolation, a number, true or false; typed or
    `as const`): NAME -> its text."""
    if _EXPORTED_CONST.search(text) is None:
        return {}
    tokens = tokenize(text, JAVASCRIPT)
    found: dict[str, str] = {}
    for k in range(len(tokens) - 4):
        if not (is_id(tokens, k, "export") and is_id(tokens, k + 1, "const") and is_id(tokens, k + 2)):
            continue
        v = _initialiser(tokens, k + 3)
        if v is None or v >= len(tokens):
            continue
        value = _plain(tokens[v])
        end = v + 3 if is_id(tokens, v + 1, "as") and is_id(tokens, v + 2, "const") else v + 1
        if value is not None and _alone(tokens, end, tokens[end - 1]):
            found[tokens[k + 2].text] = value
        elif value is not None and tokens[v].kind == NUM:
            folded = _folded(tokens, v)
            if folded is not None:
                found[tokens[k + 2].text] = folded
    for k in range(len(tokens) - 3):
        if is_id(tokens, k, "export"):
            found.update(enum_members(tokens, k + 1))
            found.update(static_members(tokens, k + 1))
    return found


def static_members(tokens: list[Token], k: int) -> dict[str, str]:
    """`class Env { static readonly HOST = "HOST"; }` (or `default class`) at k: `Env.HOST` -> its literal,
    for the static members initialised with one (a class of names a config service is asked for)."""
    if is_id(tokens, k, "default"):
        k += 1
    if not (is_id(tokens, k, "class") and is_id(tokens, k + 1)):
        return {}
    name = tokens[k + 1].text
    brace = next((j for j in range(k + 2, min(k + 12, len(tokens))) if is_op(tokens, j, "{")), None)
    if brace is None:
        return {}
    found: dict[str, str] = {}
    depth = 0
    j = brace
    while j < len(tokens):
        if is_op(tokens, j, "{"):
            depth += 1
        elif is_op(tokens, j, "}"):
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and is_id(tokens, j, "static"):
            m = j + 2 if is_id(tokens, j + 1, "readonly") else j + 1
            if is_id(tokens, m) and is_op(tokens, m + 1, "=") and m + 2 < len(tokens):
                value = _plain(tokens[m + 2])
                if value is not None and _alone(tokens, m + 3, tokens[m + 2]):
                    found[f"{name}.{tokens[m].text}"] = value
        j += 1
    return found


def _integer(tok: Token) -> int | None:
    if tok.kind != NUM:
        return None
    try:
        return int(tok.text.replace("_", ""), 0)
    except ValueError:
        return None  # a fraction, an exponent: not folded


def _arithmetic(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].kind == OP and tokens[k].text in _ARITHMETIC


def _folded(tokens: list[Token], v: int) -> str | None:
    """`20 * 1024 * 1024` from v to the end of its statement: integer literals joined by `+`, `-`, `*`
    (`*` binding tighter), as the number's text; None for anything else (a name, a call, a fraction)."""
    terms: list[int] = []
    product = _integer(tokens[v])
    k = v + 1
    while product is not None and _arithmetic(tokens, k) and len(terms) < _MAX_FOLDED:
        operand = _integer(tokens[k + 1]) if k + 1 < len(tokens) else None
        if operand is None:
            return None
        if tokens[k].text == "*":
            product *= operand
        else:
            terms.append(product)
            product = operand if tokens[k].text == "+" else -operand
        k += 2
    if product is None or k == v + 1 or not _alone(tokens, k, tokens[k - 1]):
        return None
    return str(sum(terms) + product)


def enum_members(tokens: list[Token], k: int) -> dict[str, str]:
    """`enum LogLevel { INFO = "info", WARN = "warn" }` (or `const enum`) at k: `LogLevel.INFO` -> its
    literal, for the members initialised with one (an auto-numbered member has none said here)."""
    if is_id(tokens, k, "const"):
        k += 1
    if not (is_id(tokens, k, "enum") and is_id(tokens, k + 1) and is_op(tokens, k + 2, "{")):
        return {}
    name = tokens[k + 1].text
    found: dict[str, str] = {}
    j = k + 3
    while j + 3 < len(tokens) and not is_op(tokens, j, "}"):
        member = tokens[j].text if tokens[j].kind in (ID, STR) else None
        value = _plain(tokens[j + 2]) if is_op(tokens, j + 1, "=") else None
        ends = is_op(tokens, j + 3, ",", "}")
        if member is None or value is None or not ends:
            return found  # an initialiser not a literal: the members after it are not followed
        found[f"{name}.{member}"] = value
        j += 4 if is_op(tokens, j + 3, ",") else 3
    return found


def _initialiser(tokens: list[Token], j: int) -> int | None:
    """Where the value of a declaration whose name ends before j starts, past a type annotation."""
    if is_op(tokens, j, "="):
        return j + 1
    if not is_op(tokens, j, ":"):
        return None
    for k in range(j + 1, min(j + _MAX_TYPE, len(tokens))):
        tok = tokens[k]
        if is_op(tokens, k, "=") and k > j + 1:
            return k + 1
        typed = tok.kind == ID or (tok.kind == OP and tok.text in _TYPE_TOKENS)
        if tok.line != tokens[j].line or not typed:
            return None
    return None


def _plain(tok: Token) -> str | None:
    if tok.kind in (STR, NUM) and not tok.interpolated:
        return tok.text
    return tok.text if tok.kind == ID and tok.text in ("true", "false") else None


def reexports(text: str) -> list[tuple[str, str, str]]:
    """A module's re-exports, (exported name or "*", spec, the name there): `export * from "s"`,
    `export { a, b as c } from "s"` (a namespace `export * as ns` holds no plain constant)."""
    if _REEXPORT.search(text) is None:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    out: list[tuple[str, str, str]] = []
    for k, tok in enumerate(tokens):
        if tok.kind != ID or tok.text != "export" or is_op(tokens, k - 1, "."):
            continue
        if is_op(tokens, k + 1, "*") and is_id(tokens, k + 2, "from"):
            spec = literal(tokens, k + 3)
            if spec is not None:
                out.append(("*", spec, "*"))
        elif is_op(tokens, k + 1, "{") and k + 1 in match:
            close = match[k + 1]
            spec = literal(tokens, close + 2) if is_id(tokens, close + 1, "from") else None
            for start, end in split_arguments(tokens, k + 1, close) if spec is not None else []:
                texts = [t.text for t in tokens[start:end]]
                if len(texts) == 1 or (len(texts) == 3 and texts[1] == "as"):
                    out.append((texts[-1], spec or "", texts[0]))
    return out


def file_constants(tokens: list[Token]) -> dict[str, str]:
    """`const DEFAULT_PORT = 3000;` in a file: names bound once to a literal (or always to the same one),
    which a fallback may name instead of writing the literal."""
    found: dict[str, str | None] = {}
    for k, tok in enumerate(tokens):
        if tok.kind == ID and tok.text == "const" and is_id(tokens, k + 1) and is_op(tokens, k + 2, "="):
            value = literal_value(tokens, k + 3)
            if value is None or not expression_end(tokens, k + 4):
                value = _folded(tokens, k + 3) if k + 3 < len(tokens) else None
            name = tokens[k + 1].text
            found[name] = value if name not in found or found[name] == value else None
        elif tok.kind == ID and tok.text == "enum" and not is_op(tokens, k - 1, "."):
            found.update(enum_members(tokens, k - 1 if is_id(tokens, k - 1, "const") else k))
        elif tok.kind == ID and tok.text == "class" and not is_op(tokens, k - 1, "."):
            found.update(static_members(tokens, k))
    members = object_members(tokens, bracket_pairs(tokens))  # `config.port` of `config = { port: 3000 }`
    return {**members, **{name: value for name, value in found.items() if value is not None}}


def _alone(tokens: list[Token], j: int, value: Token) -> bool:
    """Nothing is applied to the literal: the statement ends after it."""
    if j >= len(tokens) or tokens[j].line > value.line:
        return j >= len(tokens) or tokens[j].kind != OP or tokens[j].text in _STATEMENT_ENDS
    return tokens[j].kind == OP and tokens[j].text in _STATEMENT_ENDS


_Found = TypeVar("_Found")


@dataclass
class ProjectConstants:
    """Files that may export literal constants, read (tokenized) only when a fallback names one of theirs:
    few fallbacks do, and tokenizing every such file costs more than the rest of the JS pass."""

    pending: dict[str, str] = field(default_factory=dict)  # file -> its text, not read yet
    defined: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> constant -> literal
    barrels: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # file -> its re-exports
    # file -> its default-chain helpers (js_chains), each with its fallback parameter's own default
    helpers: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def add_file(self, text: str, file: str) -> None:
        if _EXPORTED_CONST.search(text) is not None:
            self.pending[file] = text

    def value(self, target: str | None, name: str) -> str | None:
        """The literal of the constant `name` the module `target` exports itself (None when unknown)."""
        if target is None:
            return None
        if target in self.pending:
            self.defined[target] = exported_constants(self.pending.pop(target))
        return self.defined.get(target, {}).get(name)

    def exported(
        self,
        target: str | None,
        name: str,
        read_file: Callable[[str], str | None] | None,
        resolve: Callable[[str, str], str | None],
    ) -> str | None:
        """As `value`, following re-exports (`resolve(module, spec)` names the module a spec of it imports)
        at most _MAX_FORWARDS modules deep."""
        return self._forwarded(target, name, read_file, resolve, self.value)

    def chain_helper(
        self,
        target: str | None,
        name: str,
        read_file: Callable[[str], str | None] | None,
        resolve: Callable[[str, str], str | None],
    ) -> tuple[str | None] | None:
        """Whether `name` of the module `target` (or of a module it re-exports) is a default-chain helper:
        (its fallback parameter's own default,) when it is one, else None."""

        def own(module: str, helper: str) -> tuple[str | None] | None:
            if read_file is None:
                return None
            if module not in self.helpers:
                text = read_file(module)
                self.helpers[module] = file_chain_helpers(text) if text is not None else {}
            found = self.helpers[module]
            return (found[helper],) if helper in found else None

        return self._forwarded(target, name, read_file, resolve, own)

    def _forwarded(
        self,
        target: str | None,
        name: str,
        read_file: Callable[[str], str | None] | None,
        resolve: Callable[[str, str], str | None],
        own: Callable[[str, str], _Found | None],
        depth: int = 0,
    ) -> _Found | None:
        """What `own` finds for `name` in the module `target`, else in the modules it re-exports it from
        (`export * from`, `export { x as name } from`; an enum's member goes with the enum)."""
        if target is None:
            return None
        found = own(target, name)
        if found is not None or read_file is None or depth >= _MAX_FORWARDS:
            return found
        if target not in self.barrels:
            text = read_file(target)
            self.barrels[target] = reexports(text) if text is not None else []
        head, dot, member = name.partition(".")
        for exported, spec, there in self.barrels[target]:
            if exported in ("*", head):
                forwarded = name if there == "*" else there + dot + member
                found = self._forwarded(resolve(target, spec), forwarded, read_file, resolve, own, depth + 1)
                if found is not None:
                    return found
        return None
