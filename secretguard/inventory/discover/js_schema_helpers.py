"""An app's own schema helpers: `export const createBooleanSchema = (fallback: boolean) =>
z.stringbool().default(fallback)`. A schema entry made by calling one (`ENABLE_X: createBooleanSchema(false)`)
defaults to the argument the call hands to that parameter. Helpers are indexed in every JS/TS file of the
project (the module defining them names no `process`); a call is joined to the helper of the module its
import names, or else to the only helper of that name in the project."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal_default,
    tokenize,
)

# `.default(name)`: a default taken from a variable, the only kind a helper can give (cheap text filter).
_DEFAULTED_NAME = re.compile(r"\.(?:default|prefault|catch)\(\s*[A-Za-z_$]")
_DEFAULTERS = ("default", "prefault", "catch")


def defaulting_helpers(tokens: list[Token], match: dict[int, int]) -> dict[str, int]:
    """`const NAME = (a, b) => ...default(a)...` or `function NAME(a) { ...default(a)... }`: NAME -> the index
    of the parameter the schema defaults to."""
    out: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        if tok.text == "function" and is_id(tokens, i + 1) and is_op(tokens, i + 2, "("):
            name, params = tokens[i + 1].text, i + 2
        elif tok.text == "const" and is_id(tokens, i + 1) and is_op(tokens, i + 2, "="):
            k = i + 3
            if is_id(tokens, k, "async"):
                k += 1
            if not is_op(tokens, k, "("):
                continue
            name, params = tokens[i + 1].text, k
        else:
            continue
        close = match.get(params)
        if close is None:
            continue
        names = _parameters(tokens, match, params, close)
        body = _body(tokens, match, close + 1)
        if body is None or not names:
            continue
        for k in range(*body):
            if (
                is_op(tokens, k, ".")
                and is_id(tokens, k + 1, *_DEFAULTERS)
                and is_op(tokens, k + 2, "(")
                and is_id(tokens, k + 3)
                and is_op(tokens, k + 4, ")")
                and tokens[k + 3].text in names
            ):
                out[name] = names.index(tokens[k + 3].text)
                break
    return out


def _parameters(tokens: list[Token], match: dict[int, int], open_: int, close: int) -> list[str]:
    """Each parameter's name (a destructured one holds no single name: an empty string keeps positions)."""
    out: list[str] = []
    expect = True
    k = open_ + 1
    while k < close:
        if tokens[k].kind != ID and tokens[k].text in ("(", "[", "{", "<") and k in match:
            if expect:
                out.append("")
                expect = False
            k = match[k] + 1
            continue
        if is_op(tokens, k, ","):
            expect = True
        elif expect:
            out.append(tokens[k].text if tokens[k].kind == ID else "")
            expect = False
        k += 1
    return out


def _body(tokens: list[Token], match: dict[int, int], k: int) -> tuple[int, int] | None:
    """The range of a function's body after its parameters (`: Type =>` or `{`), an arrow's expression
    running to the end of the statement."""
    steps = 0
    while k < len(tokens) and not is_op(tokens, k, "=>", "{") and steps < 64:
        k = match[k] + 1 if k in match else k + 1  # a return type annotation
        steps += 1
    if is_op(tokens, k, "=>"):
        k += 1
    if is_op(tokens, k, "{") and k in match:
        return k + 1, match[k]
    end = k
    while end < len(tokens) and not is_op(tokens, end, ";", "}", ")"):
        if (
            end > k
            and is_id(tokens, end, "export", "const", "function")
            and tokens[end].line > tokens[k].line
        ):
            break
        end = match[end] + 1 if end in match else end + 1
    return (k, end) if end > k else None


@dataclass(frozen=True, slots=True)
class HelperCall:
    """A schema entry made by a helper's call: `callee(args)`, each argument's literal (None if not one)."""

    callee: str
    args: tuple[str | None, ...]


def helper_call(tokens: list[Token], match: dict[int, int], start: int, end: int) -> HelperCall | None:
    """`createBooleanSchema(false)` filling start..end: the call, when its callee is a plain name."""
    if not (is_id(tokens, start) and is_op(tokens, start + 1, "(") and match.get(start + 1) == end - 1):
        return None
    if is_op(tokens, start - 1, "."):
        return None
    args: list[str | None] = []
    k = start + 2
    while k < end - 1:
        value = literal_default(tokens, k)
        if value is None and is_id(tokens, k, "true", "false"):
            value = tokens[k].text
        nxt = k + 1
        args.append(value if is_op(tokens, nxt, ",", ")") and nxt <= end - 1 else None)
        while nxt < end - 1 and not is_op(tokens, nxt, ","):
            nxt = match[nxt] + 1 if nxt in match else nxt + 1
        k = nxt + 1
    return HelperCall(tokens[start].text, tuple(args))


@dataclass(frozen=True, slots=True)
class Waiting:
    """A read whose default its schema helper gives, once the project's helpers are known."""

    read: Read
    call: HelperCall
    target: str | None  # the module the helper is imported from, when the import names a project file


# A schema's keys (key -> (optional, default)), shared with the environment object the schema makes.
Keys = dict[str, tuple[bool, str | None]]


@dataclass
class SchemaHelpers:
    """Helpers indexed while the project is walked, and the reads waiting for one (`resolve` at the end)."""

    defined: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> helper -> parameter
    waiting: list[Waiting] = field(default_factory=list)
    keys: list[tuple[Keys, str, HelperCall, str | None]] = field(default_factory=list)  # keys to fill
    # Files that may define helpers, read only for a helper some call names (most projects call none)
    pending: dict[str, str] = field(default_factory=dict)

    def add_file(self, text: str, file: str) -> None:
        if _DEFAULTED_NAME.search(text) is not None:
            self.pending[file] = text

    def _load(self, callee: str) -> None:
        """The helpers of every pending file that names `callee` (where it may be defined)."""
        for file in [f for f, text in self.pending.items() if callee in text]:
            tokens = tokenize(self.pending.pop(file), JAVASCRIPT)
            found = defaulting_helpers(tokens, bracket_pairs(tokens))
            if found:
                self.defined[file] = found

    def resolve(self) -> list[Read]:
        """Each waiting read, with the default its helper's parameter gets (unchanged when no helper of
        that name is known, or several differ); the schemas' keys get it too, for reads through them."""
        for keys, key, call, target in self.keys:
            default = with_default(call, self.parameter(call.callee, target))
            if default is not None:
                keys[key] = (True, default)
        out: list[Read] = []
        for w in self.waiting:
            default = with_default(w.call, self.parameter(w.call.callee, w.target))
            out.append(w.read if default is None else replace(w.read, optional=True, default=default))
        self.waiting.clear()
        self.keys.clear()
        return out

    def parameter(self, callee: str, target: str | None) -> int | None:
        self._load(callee)
        if target is not None and callee in self.defined.get(target, {}):
            return self.defined[target][callee]
        found = {helpers[callee] for helpers in self.defined.values() if callee in helpers}
        return found.pop() if len(found) == 1 else None


def with_default(call: HelperCall, index: int | None) -> str | None:
    """The literal the call hands to the helper's defaulted parameter."""
    return call.args[index] if index is not None and index < len(call.args) else None
