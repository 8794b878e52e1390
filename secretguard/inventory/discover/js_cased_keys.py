"""JavaScript/TypeScript: variables named by case-converting the keys of a config object.

    // config/loader.ts
    export function loadConfig({ schema, keys }) {
      for (const key of keys) raw[key] = process.env[constantCase(key)];
    }
    // api/config.ts
    const RawConfigProps = { apiPort: Type.Optional(Type.String()), apiHost: Type.String() };
    loadConfig({ schema: RawConfig, keys: Object.keys(RawConfigProps) });      // API_PORT, API_HOST
    const apiHost = raw.apiHost ?? "localhost";                                  // its default

The reading function (`process.env[constantCase(key)]`, or `snakeCase(key).toUpperCase()`) is found in any
module; each call of it, in a module that imports it (or its own), gives it keys: `Object.keys(X)` of an
object literal X of that module (spreads of other literals there followed) and string array literals. A loop
over `Object.keys(X)` in the reading module itself gives X's keys the same way. A key's default is the one
literal its parsed value falls back to in the calling module (`raw.key ?? "x"`, `raw.key || "x"`,
`raw.key === "true"` -> "false", `raw.key !== "false"` -> "true").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_imports import text_named_imports
from secretguard.inventory.discover.lexer import text_brace_close, text_bracket_close

SOURCE = "javascript"
_CASED_READ = re.compile(
    r"process\.env\[\s*(?:[\w$]+\.)?(?:constantCase|toConstantCase|screamingSnakeCase|upperSnakeCase)"
    r"\(\s*([\w$]+)\s*\)\s*\]"
    r"|process\.env\[\s*(?:[\w$]+\.)?(?:snakeCase|toSnakeCase|snake_case)\(\s*([\w$]+)\s*\)\s*"
    r"\.\s*toUpperCase\(\s*\)\s*\]"
)
_FUNCTION = re.compile(
    r"\bfunction\s+([\w$]+)\s*(?:<[^(]*?>)?\s*\(|\b(?:const|let|var)\s+([\w$]+)\s*(?::[^=\n]{1,200})?=\s*"
    r"(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=\n]{1,200})?=>|[\w$]+\s*=>)"
)
_LOOP_KEYS = re.compile(
    r"for\s*\(\s*(?:const|let|var)\s+([\w$]+)\s+(?:of\s+Object\.keys\(\s*([\w$]+)\s*\)|in\s+([\w$]+))"
)
_OBJECT_KEYS = re.compile(r"Object\.keys\(\s*([\w$]+)(?:\s*\.\s*(?:properties|shape))?\s*\)")
_STRING_ARRAY = re.compile(r"\[\s*((?:(?:\"[\w$]+\"|'[\w$]+')\s*,?\s*)+)\]")
_STRING = re.compile(r"[\"']([\w$]+)[\"']")
_LITERAL = r"(\"[^\"\n]*\"|'[^'\n]*'|-?\d[\d_]*(?:\.\d+)?\b|true\b|false\b)"
_ALONE = r"(?!\s*[-+*/%.(])"  # the literal is the whole fallback, not `120 * 1000` or `"a".split(",")`
_ARGUMENTS = 20_000  # characters a call's or signature's parentheses are searched for their close
_MIXED = "\0"  # a fallback that is not one literal
_MAX_LOCAL_DEPTH = 3  # spreads of spreads of object literals


def constant_case(key: str) -> str:
    """change-case's constantCase: words split at lower-to-upper and acronym ends, joined by `_`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    text = re.sub(r"([A-Z])([A-Z][a-z])", r"\1_\2", text)
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper()


@dataclass
class CasedKeys:
    loaders: list[tuple[str, str]] = field(default_factory=list)  # (module, function reading cased keys)
    callers: dict[str, str] = field(default_factory=dict)  # modules naming Object.keys(...): their text
    reads: list[Read] = field(default_factory=list)  # from loops in the reading module itself

    def add(self, text: str, file: str) -> None:
        if "Object.keys(" in text:
            self.callers[file] = text
        if "process.env[" not in text:
            return
        for read in _CASED_READ.finditer(text):
            variable = read.group(1) or read.group(2)
            own = _own_loop_object(text, read.start(), variable)
            if own is not None:
                self.reads.extend(_object_reads(text, file, own, 0))
                continue
            function = _enclosing_function(text, read.start())
            if function is not None and (file, function) not in self.loaders:
                self.loaders.append((file, function))

    def finish(self) -> list[Read]:
        out = list(self.reads)
        for module, function in self.loaders:
            stem = module.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            for file, text in self.callers.items():
                if file != module and not _imports(text, function, stem):
                    continue
                for call in re.finditer(rf"(?<![\w$.]){re.escape(function)}\s*(?:<[^>(]*>)?\s*\(", text):
                    if _is_definition(text, call.start()):
                        continue
                    out.extend(_call_reads(text, file, call.end() - 1))
        return out


def _imports(text: str, function: str, stem: str) -> bool:
    """Whether the module imports `function` from a module named like the reading one."""
    return any(
        imported == function and spec.rstrip("/").rsplit("/", 1)[-1].split(".")[0] == stem
        for imported, _, spec in text_named_imports(text)
    )


def _is_definition(text: str, at: int) -> bool:
    before = text[max(0, at - 12) : at]
    return before.rstrip().endswith("function")


def _enclosing_function(text: str, at: int) -> str | None:
    """The innermost named function whose body holds the offset."""
    best: str | None = None
    for found in _FUNCTION.finditer(text, 0, at):
        params_end = (
            text_bracket_close(text, found.end() - 1, _ARGUMENTS)
            if found.group(0).endswith("(")
            else found.end()
        )
        open_ = text.find("{", params_end)
        if open_ == -1 or open_ > at:
            continue
        if text_brace_close(text, open_) > at:
            best = found.group(1) or found.group(2)
    return best


def _own_loop_object(text: str, at: int, variable: str) -> str | None:
    """X when the read sits in `for (const variable of Object.keys(X))` / `for (const variable in X)`."""
    own: str | None = None
    for loop in _LOOP_KEYS.finditer(text, 0, at):
        if loop.group(1) != variable:
            continue
        open_ = text.find("{", loop.end())
        if open_ != -1 and open_ < at and text_brace_close(text, open_) > at:
            own = loop.group(2) or loop.group(3)
    return own


def _call_reads(text: str, file: str, open_: int) -> list[Read]:
    close = text_bracket_close(text, open_, _ARGUMENTS)
    arguments = text[open_ + 1 : close]
    out: list[Read] = []
    for keys in _OBJECT_KEYS.finditer(arguments):
        out.extend(_object_reads(text, file, keys.group(1), 0))
    for array in _STRING_ARRAY.finditer(arguments):
        line = text.count("\n", 0, open_ + 1 + array.start()) + 1
        for key in _STRING.findall(array.group(1)):
            out.extend(_key_read(text, file, key, line, optional=True, value=""))
    return out


def _object_reads(text: str, file: str, name: str, depth: int) -> list[Read]:
    """A read for each key of the object literal bound to `name` in the module."""
    bound = re.search(
        rf"\b(?:const|let|var)\s+{re.escape(name)}\s*(?::[^=\n]{{1,200}})?=\s*"
        r"(?:(?:[\w$]+\s*\.\s*)?(?:Object|object|strictObject)\s*\(\s*)?\{",  # Type.Object({}), z.object
        text,
    )
    if bound is None or depth > _MAX_LOCAL_DEPTH:
        return []
    open_ = bound.end() - 1
    body_end = text_brace_close(text, open_)
    out: list[Read] = []
    for key, start, value in _top_level_entries(text, open_ + 1, body_end):
        if key.startswith("..."):
            out.extend(_object_reads(text, file, key[3:], depth + 1))
            continue
        line = text.count("\n", 0, start) + 1
        optional = bool(re.search(r"\bOptional\s*\(|\.optional\s*\(|\.default\s*\(|\bdefault\s*:", value))
        out.extend(_key_read(text, file, key, line, optional=optional, value=value))
    return out


def _top_level_entries(text: str, start: int, end: int) -> list[tuple[str, int, str]]:
    """(key, offset, value text) of each entry of an object literal's body; spreads as `...name`."""
    entries: list[tuple[str, int, str]] = []
    depth = 0
    segment = start
    i = start
    while i <= end:
        ch = text[i] if i < end else ","
        if ch in "\"'`" and i < end:
            i = _string_end(text, i, end)
        elif ch == "/" and text.startswith("//", i):
            newline = text.find("\n", i)
            i = end if newline == -1 or newline > end else newline
            continue
        elif ch == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = end if close == -1 or close > end else close + 2
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            entry = _entry(text, segment, i)
            if entry is not None:
                entries.append(entry)
            segment = i + 1
        i += 1
    return entries


def _string_end(text: str, i: int, end: int) -> int:
    quote = text[i]
    j = i + 1
    while j < end and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j


def _entry(text: str, start: int, end: int) -> tuple[str, int, str] | None:
    segment = text[start:end]
    stripped = re.sub(r"//[^\n]*|/\*.*?\*/", lambda m: " " * len(m.group(0)), segment, flags=re.S)
    spread = re.match(r"\s*\.\.\.\s*([\w$]+)\s*$", stripped)
    if spread:
        return "..." + spread.group(1), start + spread.start(1), ""
    keyed = re.match(r"\s*(?:([\w$]+)|\"([\w$]+)\"|'([\w$]+)')\s*\??\s*:", stripped)
    if keyed is None:
        return None
    group = next(g for g in (1, 2, 3) if keyed.group(g) is not None)
    return keyed.group(group), start + keyed.start(group), segment[keyed.end() :]


def _key_read(text: str, file: str, key: str, line: int, *, optional: bool, value: str) -> list[Read]:
    name = constant_case(key)
    if not is_env_name(name):
        return []
    default = _default(text, key) or _schema_default(value)
    return [Read(name, file, line, optional or default is not None, SOURCE, default=default)]


def _default(text: str, key: str) -> str | None:
    """The one literal the module's parsed `.key` falls back to."""
    found: set[str] = set()
    prop = rf"[\w$)\]]\s*\.\s*{re.escape(key)}\b"
    for m in re.finditer(rf"{prop}\s*(?:\?\?|\|\|)\s*{_LITERAL}{_ALONE}", text):
        found.add(_unquote(m.group(1)))
    ternary = rf"{prop}\s*\?(?![?.])[^:;]{{0,160}}:\s*(?:\[\s*{_LITERAL}\s*\]|{_LITERAL}{_ALONE})"
    for m in re.finditer(ternary, text):
        if not re.match(rf"{prop}\s*\?\s*{_LITERAL}\s*:", m.group(0)):  # not `key ? "1" : "0"`, a mapping
            found.add(_unquote(m.group(1) or m.group(2)))  # `raw.key ? parseInt(raw.key) : 100`
    for m in re.finditer(rf"{prop}\s*(===?|!==?)\s*[\"'](true|false)[\"'](\s*(?:\|\||&&))?", text):
        if m.group(3):
            found.add(_MIXED)  # `raw.key === "true" || nodeEnv === "development"`: not the key's alone
        else:
            found.add("false" if m.group(2) == "true" else "true")  # unset compares as the other word
    if re.search(rf"{prop}\s*[!=]==?\s*undefined\b", text):
        found.add(_MIXED)  # unset is told apart from every value: the fallback is computed
    return found.pop() if len(found) == 1 and _MIXED not in found else None


def _schema_default(value: str) -> str | None:
    found = re.search(rf"\bdefault\s*:\s*{_LITERAL}|\.default\(\s*{_LITERAL}\s*\)", value)
    if found is None:
        return None
    return _unquote(found.group(1) or found.group(2))


def _unquote(text: str) -> str:
    if text[:1] in "\"'":
        return text[1:-1]
    return text.replace("_", "") if text[:1].isdigit() or text[:1] == "-" else text
