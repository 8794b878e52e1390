"""viper keys held in the fields of config entry values, built by the project's constructors.

    type entry[T ValueType] struct{ key string }
    func (se entry[T]) Key() string      { return se.key }
    func (se entry[T]) get() interface{} { return viper.Get(se.Key()) }     // or viper.Get(se.key)
    func as[T ValueType](key string, def T) entry[T] { defaults[key] = def; return entry[T]{key: key} }
    func asString(key string, def string) StringEntry { return StringEntry{entry: as[string](key, def)} }
    var WebHost = asString("web.host", "0.0.0.0:8080")      // viper.Get("web.host"), default "0.0.0.0:8080"

A struct type whose method passes one of its fields to the global viper's `Get*` (directly, or through a
method returning that field) is an entry type; a function returning a composite literal of it with a parameter
in that field (or passing its parameters on to such a function) is a constructor, and each call with a literal
key is that viper read. The constructor's parameter named as a default (`def`, `defaultValue`, `fallback`)
gives the default. An entry bound to a package variable nothing else names is declared only (never read): left
out.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from secretguard.inventory.discover.go_viper_keys import DEFAULT, GET, KeyCall
from secretguard.inventory.discover.lexer import (
    GO,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    split_arguments,
    tokenize,
)

_DEFAULT_PARAM = re.compile(r"^(?:def|dflt|default\w*|fallback\w*)$", re.IGNORECASE)
_MAX_ROUNDS = 6  # constructors calling constructors


@dataclass(frozen=True, slots=True)
class _Constructor:
    key: int  # the parameter holding the key
    default: int | None  # the parameter holding the default


@dataclass(frozen=True, slots=True)
class _Function:
    name: str
    receiver: str | None  # the receiver's type name (`entry` for `(se entry[T])`), None for a function
    receiver_var: str | None
    params: tuple[str, ...]
    body: tuple[int, int]  # token span inside the braces


def entry_calls(texts: dict[str, str]) -> list[KeyCall]:
    """Every constructor call with a literal key, as the viper read (and default) it stands for."""
    parsed: dict[str, tuple[list[Token], dict[int, int], list[_Function]]] = {}
    for file, text in texts.items():
        if "viper" in text and "struct" in text and not file.endswith("_test.go"):
            tokens = tokenize(text, GO)
            match = bracket_pairs(tokens)
            parsed[file] = (tokens, match, _functions(tokens, match))
    if not parsed:
        return []
    entries = _entry_types(parsed)
    if not entries:
        return []
    constructors = _constructors(parsed, entries)
    if not constructors:
        return []
    out: list[KeyCall] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or not any(
            name + "(" in text or name + "[" in text for name in constructors
        ):
            continue
        tokens, match, _ = parsed[file] if file in parsed else _parse(text)
        out.extend(_calls(tokens, match, file, constructors, texts))
    return out


def _parse(text: str) -> tuple[list[Token], dict[int, int], list[_Function]]:
    tokens = tokenize(text, GO)
    return tokens, bracket_pairs(tokens), []


def _functions(tokens: list[Token], match: dict[int, int]) -> list[_Function]:
    out: list[_Function] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "id" or tok.text != "func" or (i > 0 and tokens[i - 1].line == tok.line):
            continue
        k = i + 1
        receiver = receiver_var = None
        if is_op(tokens, k, "(") and k in match:  # a method's receiver `(se entry[T])`
            inner = [t for t in tokens[k + 1 : match[k]] if t.kind == "id"]
            if len(inner) >= 2:
                receiver_var, receiver = inner[0].text, inner[1].text
            k = match[k] + 1
        if not is_id(tokens, k):
            continue
        name = tokens[k].text
        k += 1
        if is_op(tokens, k, "[") and k in match:  # type parameters
            k = match[k] + 1
        if not is_op(tokens, k, "(") or k not in match:
            continue
        params = tuple(
            tokens[s].text if is_id(tokens, s) else "" for s, _ in split_arguments(tokens, k, match[k])
        )
        j = match[k] + 1
        while j < len(tokens) and not (
            is_op(tokens, j, "{") and not is_id(tokens, j - 1, "interface", "struct")
        ):
            if is_op(tokens, j, "(", "[", "{") and j in match:  # results, `interface{}`
                j = match[j]
            j += 1
        if j in match:
            out.append(_Function(name, receiver, receiver_var, params, (j + 1, match[j])))
    return out


def _entry_types(parsed: dict[str, tuple[list[Token], dict[int, int], list[_Function]]]) -> dict[str, str]:
    """Entry type name -> the field a method hands to viper."""
    getters: dict[tuple[str, str], str] = {}  # (type, method) -> the field it returns
    for tokens, _, functions in parsed.values():
        for fn in functions:
            start, end = fn.body
            returns_field = (
                fn.receiver is not None
                and fn.receiver_var is not None
                and end - start == 4
                and is_id(tokens, start, "return")
                and is_id(tokens, start + 1, fn.receiver_var)
                and is_op(tokens, start + 2, ".")
            )
            if returns_field and fn.receiver is not None:
                getters[(fn.receiver, fn.name)] = tokens[start + 3].text
    entries: dict[str, str] = {}
    for tokens, match, functions in parsed.values():
        for fn in functions:
            if fn.receiver is None or fn.receiver_var is None:
                continue
            field = _viper_field(tokens, match, fn, getters)
            if field is not None:
                entries[fn.receiver] = field
    return entries


def _viper_field(
    tokens: list[Token], match: dict[int, int], fn: _Function, getters: dict[tuple[str, str], str]
) -> str | None:
    """`viper.Get*(se.key)` or `viper.Get*(se.Key())` in the method: the field."""
    start, end = fn.body
    var = fn.receiver_var or ""
    for i in range(start, end - 4):
        if not (is_id(tokens, i, "viper") and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2)):
            continue
        if not tokens[i + 2].text.startswith("Get") or not is_op(tokens, i + 3, "("):
            continue
        a = i + 4
        if not (is_id(tokens, a, var) and is_op(tokens, a + 1, ".") and is_id(tokens, a + 2)):
            continue
        member = tokens[a + 2].text
        if is_op(tokens, a + 3, ")"):
            return member
        if is_op(tokens, a + 3, "(") and is_op(tokens, a + 4, ")"):
            return getters.get((fn.receiver or "", member))
    return None


def _constructors(
    parsed: dict[str, tuple[list[Token], dict[int, int], list[_Function]]], entries: dict[str, str]
) -> dict[str, _Constructor]:
    found: dict[str, _Constructor] = {}
    for _ in range(_MAX_ROUNDS):
        before = len(found)
        for tokens, match, functions in parsed.values():
            for fn in functions:
                if fn.receiver is not None or fn.name in found:
                    continue
                made = _constructs(tokens, match, fn, entries, found)
                if made is not None:
                    found[fn.name] = made
        if len(found) == before:
            break
    return found


def _constructs(
    tokens: list[Token],
    match: dict[int, int],
    fn: _Function,
    entries: dict[str, str],
    found: dict[str, _Constructor],
) -> _Constructor | None:
    """The function returns `Entry{field: param}` (type arguments allowed), or passes a parameter as the key
    of a known constructor's call."""
    start, end = fn.body
    default = next((n for n, p in enumerate(fn.params) if _DEFAULT_PARAM.match(p)), None)
    for i in range(start, end):
        if not is_id(tokens, i) or is_op(tokens, i - 1, "."):
            continue
        name = tokens[i].text
        k = i + 1
        if is_op(tokens, k, "[") and k in match:
            k = match[k] + 1
        if name in entries and is_op(tokens, k, "{") and k in match:
            for s, e in split_arguments(tokens, k, match[k]):
                keyed = is_id(tokens, s, entries[name]) and is_op(tokens, s + 1, ":") and e == s + 3
                if keyed and is_id(tokens, s + 2) and tokens[s + 2].text in fn.params:
                    return _Constructor(fn.params.index(tokens[s + 2].text), default)
        elif name in found and is_op(tokens, k, "(") and k in match:
            args = split_arguments(tokens, k, match[k])
            inner = found[name]
            if inner.key < len(args):
                s, e = args[inner.key]
                if e == s + 1 and is_id(tokens, s) and tokens[s].text in fn.params:
                    own_default = default
                    if inner.default is not None and inner.default < len(args):
                        ds, de = args[inner.default]
                        if de == ds + 1 and is_id(tokens, ds) and tokens[ds].text in fn.params:
                            own_default = fn.params.index(tokens[ds].text)
                    return _Constructor(fn.params.index(tokens[s].text), own_default)
    return None


def _calls(
    tokens: list[Token],
    match: dict[int, int],
    file: str,
    constructors: dict[str, _Constructor],
    texts: dict[str, str],
) -> list[KeyCall]:
    out: list[KeyCall] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "id" or tok.text not in constructors or is_id(tokens, i - 1, "func"):
            continue
        k = i + 1
        if is_op(tokens, k, "[") and k in match:
            k = match[k] + 1
        if not is_op(tokens, k, "(") or k not in match:
            continue
        made = constructors[tok.text]
        args = split_arguments(tokens, k, match[k])
        if made.key >= len(args):
            continue
        s, e = args[made.key]
        key = literal(tokens, s) if e == s + 1 and tokens[s].kind == STR else None
        if not key or _unused(tokens, i, file, texts):
            continue
        out.append(KeyCall(GET, key, file, tok.line))
        if made.default is not None and made.default < len(args):
            out.append(KeyCall(DEFAULT, key, file, tok.line, (tokens, *args[made.default])))
    return out


def _unused(tokens: list[Token], i: int, file: str, texts: dict[str, str]) -> bool:
    """`var ClientId = asString(...)` whose variable nothing names: not its package's other code, nor another
    package as `config.ClientId`. Declared, never read."""
    if not (is_op(tokens, i - 1, "=") and is_id(tokens, i - 2)):
        return False
    variable = tokens[i - 2].text
    folder = posixpath.dirname(file)
    package = _PACKAGE.search(texts[file])
    qualified = re.compile(
        r"\b" + re.escape(package.group(1) if package else folder) + r"\." + variable + r"\b"
    )
    bare = re.compile(r"(?<![.\w])" + re.escape(variable) + r"\b")
    for other, text in texts.items():
        if variable not in text:
            continue
        if posixpath.dirname(other) == folder:
            if len(bare.findall(text)) > (1 if other == file else 0):
                return False
        elif qualified.search(text):
            return False
    return True


_PACKAGE = re.compile(r"(?m)^package\s+([A-Za-z_]\w*)")
