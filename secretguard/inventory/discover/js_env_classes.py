"""JavaScript/TypeScript: an application's own environment class, whose method reads the variable its
parameter names, and that method's calls on an instance.

    export abstract class AbstractEnv {
      get(key: string, optional = false): string {
        if (!process.env[key] && !optional) throw new Error(`Environment variable ${key} not set`)
        return <string>process.env[key]
      }
    }
    export class Env extends AbstractEnv { load(): void { ... } }

    const env: Env = new Env()                                      // or `env: Env` as a field or parameter
    env.get('LOG_LEVEL', true) || 'info'                            // LOG_LEVEL: optional, default "info"
    this.configuration.env.get('DB_TYPE')                           // DB_TYPE: required

A class (in any module) with a method that indexes `process.env` with its first parameter is an environment
class, and so is every class extending one (by name, across the project). A name typed as one (`env: Env`)
or bound to `new Env(...)` in a file is an instance there: its calls of that method with a literal name are
reads. The call is optional when it passes `true` for a parameter named `optional` (or the method never
throws); the literal after `||` / `??` is the default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import text_brace_close

_CLASS = re.compile(r"\bclass\s+(\w+)(?:\s*<[^>{]*>)?(?:\s+extends\s+(\w+))?")
# `get(key: string, optional = false) {` inside a class body: a method and its parameter list.
_METHOD = re.compile(
    r"(?m)^\s*(?:(?:public|private|protected|static|async|override)\s+)*(\w+)\s*\(([^()]*)\)[^{;=]*\{"
)
_CALL_HINT = re.compile(r"\.\w+\(\s*['\"][A-Z][A-Z0-9_]*['\"]")
_MAX_BODY = 1200  # characters of a method body looked at


@dataclass(frozen=True, slots=True)
class _Method:
    optional_param: int | None  # the parameter saying "may be unset" (`optional = false`)
    throws: bool  # the method raises when the variable is unset


@dataclass
class EnvClasses:
    extends: dict[str, str] = field(default_factory=dict)  # class -> the class it extends
    methods: dict[str, dict[str, _Method]] = field(default_factory=dict)  # class -> reading methods
    callers: list[str] = field(default_factory=list)  # files calling `.m('NAME')`: maybe on an instance

    def add(self, text: str, file: str) -> None:
        if "class" in text:
            for m in _CLASS.finditer(text):
                if m.group(2):
                    self.extends[m.group(1)] = m.group(2)
            if "process.env[" in text:
                self._methods(text)
        if _CALL_HINT.search(text):
            self.callers.append(file)

    def _methods(self, text: str) -> None:
        classes = list(_CLASS.finditer(text))
        for m in _METHOD.finditer(text):
            params = [p.strip() for p in m.group(2).split(",") if p.strip()]
            first = re.match(r"(\w+)", params[0]) if params else None
            if first is None:
                continue
            body = text[m.end() : text_brace_close(text, m.end() - 1, _MAX_BODY)]
            if re.search(rf"process\.env\[\s*{re.escape(first.group(1))}\s*\]", body) is None:
                continue
            owner = next((c.group(1) for c in reversed(classes) if c.start() < m.start()), None)
            if owner is None:
                continue
            optional = next((n for n, p in enumerate(params) if re.match(r"optional\b", p)), None)
            throws = re.search(r"\bthrow\b", body) is not None
            self.methods.setdefault(owner, {})[m.group(1)] = _Method(optional, throws)

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        if not self.methods:
            return []
        classes = {name: self._inherited(name) for name in {*self.extends, *self.methods}}
        classes = {name: found for name, found in classes.items() if found}
        reads: list[Read] = []
        for file in self.callers:
            text = read_file(file)
            if text is not None:
                reads.extend(_calls(text, file, classes))
        return reads

    def _inherited(self, name: str) -> dict[str, _Method]:
        out: dict[str, _Method] = {}
        seen: set[str] = set()
        current: str | None = name
        while current is not None and current not in seen:
            seen.add(current)
            for method, found in self.methods.get(current, {}).items():
                out.setdefault(method, found)
            current = self.extends.get(current)
        return out


def _calls(text: str, file: str, classes: dict[str, dict[str, _Method]]) -> list[Read]:
    """The reads of the file's calls on instances of environment classes."""
    instances: dict[str, dict[str, _Method]] = {}
    names = "|".join(re.escape(c) for c in classes)
    for m in re.finditer(rf"\b(\w+)\s*(?::\s*(?:{names})\b|(?::\s*\w+\s*)?=\s*new\s+(?:{names})\s*\()", text):
        bound = re.search(rf"(?:{names})\b", text[m.start(1) + len(m.group(1)) : m.end() + 1])
        if bound is not None:
            instances[m.group(1)] = classes[bound.group(0)]
    out: list[Read] = []
    for receiver, methods in instances.items():
        called = "|".join(map(re.escape, methods))
        call = re.compile(
            rf"\b{re.escape(receiver)}\.({called})\(\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\2"
            r"\s*(?:,\s*(true|false))?\s*\)"
        )
        for c in call.finditer(text):
            name = c.group(3)
            if not is_env_name(name):
                continue
            method = methods[c.group(1)]
            optional = c.group(4) == "true" if method.optional_param is not None else not method.throws
            default = _after(text, c.end())
            if default is None:  # `env.get('X', true) ? +env.get('X', true) : 120`
                default = _unset_branch(text, c.end(), c.group(0))
            line = text.count("\n", 0, c.start()) + 1
            # a call that throws when unset requires it here: no default, whatever other places fall back to
            required = not optional and default is None
            read = Read(name, file, line, optional or default is not None, "javascript", default=default)
            out.append(replace(read, computed_default=required))
    return out


_FALLBACK = re.compile(r"\s*(?:\|\||\?\?)\s*(?:'([^'\n]*)'|\"([^\"\n]*)\"|(-?\d+(?:\.\d+)?)\b(?!\s*[*/+-]))")


def _after(text: str, end: int) -> str | None:
    """`env.get('X', true) || 'info'`: the literal fallback right after the call."""
    found = _FALLBACK.match(text, end)
    if found is None:
        return None
    value = next((g for g in found.groups() if g is not None), None)
    return value or None


_LITERAL = r"(?:'([^'\n]*)'|\"([^\"\n]*)\"|(-?\d+(?:\.\d+)?|true|false)\b)"


def _unset_branch(text: str, end: int, call: str) -> str | None:
    """`CALL ? <CALL converted> : LIT`: the literal the ternary gives when the variable is unset (the set
    branch uses the value itself: `+CALL`, `CALL.split(',')`, `CALL === 'true'`)."""
    found = re.match(r"\s*\?\s*([^?:;]{0,160}?)\s*:\s*" + _LITERAL + r"\s*[,;)\n]", text[end : end + 400])
    if found is None or call not in found.group(1):
        return None
    value = next((g for g in found.groups()[1:] if g is not None), None)
    return value or None
