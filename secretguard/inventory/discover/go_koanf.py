"""knadh/koanf's environment provider: the variables behind the keys the app reads.

    ko.Load(env.Provider("APP_", ".", func(s string) string {
        return strings.Replace(strings.ToLower(strings.TrimPrefix(s, "APP_")), "__", ".", -1)
    }), nil)
    ko.String("app.admin_username")            // APP_app__admin_username
    var c struct { Params string `koanf:"params"` }
    ko.Unmarshal("db", &c)                       // APP_db__params

As koanf documents it, `env.Provider(prefix, delim, cb)` takes the variables whose name starts with the
prefix (case-sensitive) and turns each name into a key with `cb` (no callback: the name itself is the key);
the key is split on `delim` into the nested config. A key the app reads is therefore set by the name `cb`
maps onto it: the callback's steps (`TrimPrefix`, `ToLower`/`ToUpper`, `Replace`/`ReplaceAll`, also under
an `if strings.Contains(key, ".")` test) are inverted, and each candidate is checked by running the
callback forwards. A case-folding step keeps the key's case as written (the spelling such apps document).

Keys read: `<instance>.String("k")` and the other getters, `Unmarshal("k", &v)` with `koanf:"name"` tags on
v's struct, the flags `posflag.Provider` loads, on the instance that loaded the provider (or a parameter of
type *koanf.Koanf; a function's own `koanf.New` instance is another one). Defaults: a flag's default, a
`confmap.Provider` literal map's value. When the instance later loads a map of runtime data
(`confmap.Provider(fromDB, ".")`), any key may be overridden by it: then only keys the app's sample config
file (`config.toml.sample` beside the `config.toml` it names) or its flags declare are reported.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_environ import functions
from secretguard.inventory.discover.go_flags import flag_defaults
from secretguard.inventory.discover.lexer import (
    GO,
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

SOURCE = "go-koanf"
_GETTERS = frozenset(
    """
    String Strings Int Int64 Ints Int64s Float64 Float64s Bool Bools Duration Time Bytes StringMap StringsMap
    IntMap Int64Map Float64Map BoolMap Get Exists MustString MustStrings MustInt MustInt64 MustInts
    MustFloat64 MustBool MustBools MustDuration MustTime MustBytes MustStringMap MustStringsMap
    """.split()
)
_UNMARSHAL = ("Unmarshal", "UnmarshalWithConf")
_TAG = re.compile(r'koanf:"([^",]+)')
_CONFIG_FILE = re.compile(r"^[\w./-]+\.(?:toml|ya?ml|json)$")
_MAX_CANDIDATES = 64


@dataclass
class _Step:
    """One statement of the callback: `v = <ops>(v)`, maybe only when `strings.Contains(v, s)` is (not)."""

    ops: list[tuple[str, str, str]]  # (op, a, b): trim_prefix a, lower, upper, replace a -> b
    when: tuple[bool, str] | None = None  # (contains?, s)


@dataclass
class _Provider:
    instance: str
    prefix: str
    steps: list[_Step] | None  # None: no callback, the name is the key
    # A callback taking only the names a map lists (`if newKey, ok := envBinds[key]; ok`): those names,
    # each with its file and line.
    fixed: list[tuple[str, str, int]] | None = None


@dataclass
class KoanfProject:
    """Each Go file mentioning koanf, kept until `reads`."""

    texts: dict[str, str] = field(default_factory=dict)

    def add(self, text: str, file: str) -> None:
        if "koanf" in text and not file.endswith("_test.go"):
            self.texts[file] = text

    def reads(self, read_file: Callable[[str], str | None] | None) -> list[Read]:
        try:
            return self._reads(read_file)
        finally:
            self.texts.clear()

    def _reads(self, read_file: Callable[[str], str | None] | None) -> list[Read]:
        parsed = {f: (t := tokenize(text, GO), bracket_pairs(t)) for f, text in self.texts.items()}
        providers: list[_Provider] = []
        mapped: list[Read] = []
        for file, (tokens, match) in parsed.items():
            for provider in _providers(tokens, match):
                providers.append(provider)
                for name, _, line in provider.fixed or []:
                    if is_env_name(name):
                        mapped.append(Read(name, file, line, True, SOURCE))
        providers = [p for p in providers if p.fixed is None]
        if not providers:
            return mapped
        instances = {p.instance for p in providers}
        keys: list[tuple[str, str, int]] = []  # key, file, line
        defaults: dict[str, str | None] = {}
        overlay = False
        config_files: set[str] = set()
        flagged: set[str] = set()
        for file, (tokens, match) in parsed.items():
            found = _file_keys(tokens, match, file, instances)
            keys.extend(found.keys)
            overlay = overlay or found.overlay
            defaults.update(found.defaults)
            flagged.update(found.flags)
            for name, value in found.flags.items():
                defaults.setdefault(name, value)
            config_files.update(t.text for t in tokens if t.kind == STR and _CONFIG_FILE.match(t.text))
        if overlay:
            declared = _sample_keys(config_files, read_file) | flagged
            keys = [k for k in keys if k[0] in declared]
        out: list[Read] = []
        for key, file, line in keys:
            for provider in providers:
                env_name = _name(provider, key)
                if env_name is not None and is_env_name(env_name):
                    value = defaults.get(key) or None
                    out.append(Read(env_name, file, line, True, SOURCE, default=value))
        return out + mapped


# --- the provider and its callback ------------------------------------------------------------------------


def _providers(tokens: list[Token], match: dict[int, int]) -> list[_Provider]:
    """`<inst>.Load(env.Provider("APP_", ".", cb), ...)` (also ProviderWithValue)."""
    out: list[_Provider] = []
    funcs: dict[str, tuple[tuple[int, int], tuple[str, ...]]] | None = None
    for i in range(len(tokens) - 8):
        if not (
            is_id(tokens, i)
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2, "Load")
            and is_op(tokens, i + 3, "(")
            and is_id(tokens, i + 4, "env")
            and is_op(tokens, i + 5, ".")
            and is_id(tokens, i + 6, "Provider", "ProviderWithValue")
            and is_op(tokens, i + 7, "(")
            and i + 7 in match
        ):
            continue
        args = split_arguments(tokens, i + 7, match[i + 7])
        if len(args) != 3 or (prefix := span_literal(tokens, *args[0])) is None:
            continue
        start, end = args[2]
        body: tuple[int, int] | None = None
        param = None
        if is_id(tokens, start, "func") and is_op(tokens, start + 1, "(") and start + 1 in match:
            close = match[start + 1]
            param = tokens[start + 2].text if is_id(tokens, start + 2) else None
            brace = next(  # the body's brace, not `interface{}`'s in the result type
                (
                    k
                    for k in range(close + 1, end)
                    if is_op(tokens, k, "{") and not is_id(tokens, k - 1, "interface")
                ),
                None,
            )
            if brace is not None and brace in match:
                body = (brace, match[brace])
        elif end - start == 1 and is_id(tokens, start) and tokens[start].text != "nil":
            if funcs is None:
                funcs = {n: (f.body, f.params) for n, f in functions(tokens, match, "").items()}
            named = funcs.get(tokens[start].text)
            if named is not None and named[1]:
                body, param = named[0], named[1][0]
        steps = _steps(tokens, match, body, param) if body is not None and param is not None else None
        fixed = None
        if body is not None and param is not None:
            fixed = _mapped_names(tokens, match, body, param, prefix)
        if end - start == 1 and is_id(tokens, start, "nil"):
            steps = None
        elif steps is None and not fixed:
            continue  # a callback not followed: no name is known
        out.append(_Provider(tokens[i].text, prefix, steps, fixed))
    return out


def _mapped_names(
    tokens: list[Token], match: dict[int, int], body: tuple[int, int], param: str, prefix: str
) -> list[tuple[str, str, int]] | None:
    """A callback mapping each name through a literal map of the file (`envBinds[key]`, the key the name
    without the prefix, lower-cased when the callback lower-cases it): the prefixed names of its keys."""
    a, b = body
    lookup = next(
        (
            tokens[k].text
            for k in range(a, b - 3)
            if is_id(tokens, k) and is_op(tokens, k + 1, "[") and is_id(tokens, k + 2, param)
        ),
        None,
    )
    if lookup is None:
        return None
    lower = any(is_id(tokens, k, "ToLower") for k in range(a, b))
    for k in range(len(tokens) - 3):
        if not (is_id(tokens, k, lookup) and is_op(tokens, k + 1, "=", ":=") and is_id(tokens, k + 2, "map")):
            continue
        brace = next((j for j in range(k + 3, min(k + 12, len(tokens))) if is_op(tokens, j, "{")), None)
        if brace is None or brace not in match:
            return None
        names: list[tuple[str, str, int]] = []
        for start, _end in split_arguments(tokens, brace, match[brace]):
            key = literal(tokens, start)
            if key is not None and is_op(tokens, start + 1, ":"):
                names.append((prefix + (key.upper() if lower else key), "", tokens[start].line))
        return names or None
    return None


def _steps(
    tokens: list[Token], match: dict[int, int], body: tuple[int, int], param: str
) -> list[_Step] | None:
    """The callback's statements as steps on one string variable; None when it does something else."""
    var = {param}
    steps: list[_Step] = []
    k = body[0] + 1
    while k < body[1]:
        if not is_id(tokens, k, "if"):
            end = _line_end(tokens, k, body[1])
            statement = _statement(tokens, match, k, end, var)
            if statement is None:
                return None
            if statement:
                steps.append(_Step(statement))
            k = end
            continue
        negated = is_op(tokens, k + 1, "!")
        c = k + 2 if negated else k + 1
        if not (
            is_id(tokens, c, "strings")
            and is_id(tokens, c + 2, "Contains")
            and is_op(tokens, c + 3, "(")
            and c + 3 in match
        ):
            return None
        cargs = split_arguments(tokens, c + 3, match[c + 3])
        needle = span_literal(tokens, *cargs[1]) if len(cargs) == 2 else None
        brace = match[c + 3] + 1
        if needle is None or not is_op(tokens, brace, "{") or brace not in match:
            return None
        j = brace + 1
        while j < match[brace]:
            end = _line_end(tokens, j, match[brace])
            statement = _statement(tokens, match, j, end, var)
            if statement is None:
                return None
            if statement:
                steps.append(_Step(statement, (not negated, needle)))
            j = end
        k = match[brace] + 1
    return steps


def _line_end(tokens: list[Token], k: int, stop: int) -> int:
    end = k
    while end < stop and tokens[end].line == tokens[k].line:
        end += 1
    return end


def _statement(
    tokens: list[Token], match: dict[int, int], start: int, end: int, var: set[str]
) -> list[tuple[str, str, str]] | None:
    """`key := <expr>`, `key = <expr>`, `return <expr>` (ProviderWithValue: `return key, v`)."""
    if is_id(tokens, start, "return"):
        expr_end = next(
            (k for k in range(start + 1, end) if is_op(tokens, k, ",") and _top(match, start, k)), end
        )
        return _expression(tokens, match, start + 1, expr_end, var)
    if is_id(tokens, start) and is_op(tokens, start + 1, ":=", "="):
        ops = _expression(tokens, match, start + 2, end, var)
        if ops is not None:
            var.add(tokens[start].text)
        return ops
    return None


def _top(match: dict[int, int], start: int, k: int) -> bool:
    return not any(a < k < b for a, b in match.items() if a >= start)


def _expression(
    tokens: list[Token], match: dict[int, int], start: int, end: int, var: set[str]
) -> list[tuple[str, str, str]] | None:
    """`strings.F(<expr>, ...)` nested around the variable: the operations, innermost first."""
    if end - start == 1 and is_id(tokens, start) and tokens[start].text in var:
        return []
    if not (
        is_id(tokens, start, "strings") and is_op(tokens, start + 1, ".") and is_op(tokens, start + 3, "(")
    ):
        return None
    if start + 3 not in match or match[start + 3] != end - 1:
        return None
    args = split_arguments(tokens, start + 3, end - 1)
    if not args:
        return None
    inner = _expression(tokens, match, *args[0], var)
    if inner is None:
        return None
    values = [literal(tokens, a) if b - a == 1 else None for a, b in args[1:]]
    method = tokens[start + 2].text
    if method == "ToLower" and not values:
        return [*inner, ("lower", "", "")]
    if method == "ToUpper" and not values:
        return [*inner, ("upper", "", "")]
    if method == "TrimPrefix" and len(values) == 1 and values[0] is not None:
        return [*inner, ("trim_prefix", values[0], "")]
    if method in ("Replace", "ReplaceAll") and len(values) >= 2 and values[0] and values[1] is not None:
        return [*inner, ("replace", values[0], values[1])]
    return None


def _forward(steps: list[_Step], name: str) -> str:
    for step in steps:
        if step.when is not None and (step.when[1] in name) != step.when[0]:
            continue
        for op, a, b in step.ops:
            if op == "lower":
                name = name.lower()
            elif op == "upper":
                name = name.upper()
            elif op == "trim_prefix":
                name = name.removeprefix(a)
            else:
                name = name.replace(a, b)
    return name


def _name(provider: _Provider, key: str) -> str | None:
    """The variable the provider maps onto key, spelled as close to the key as the callback allows."""
    if provider.steps is None:
        return key if key.startswith(provider.prefix) else None
    candidates = [key]
    for step in reversed(provider.steps):
        grown: list[str] = []
        for candidate in candidates:
            undone = candidate
            for op, a, b in reversed(step.ops):
                if op == "trim_prefix":
                    undone = a + undone
                elif op == "replace" and b:
                    undone = undone.replace(b, a)
            grown.append(undone)
            if step.when is not None:
                grown.append(candidate)  # the test may have been false: nothing done
        candidates = list(dict.fromkeys(grown))[:_MAX_CANDIDATES]
    for candidate in candidates:
        full = candidate if candidate.startswith(provider.prefix) else provider.prefix + candidate
        if _forward(provider.steps, full) == key:
            return full
    return None


# --- the keys an instance reads ---------------------------------------------------------------------------


@dataclass
class _FileKeys:
    keys: list[tuple[str, str, int]] = field(default_factory=list)
    defaults: dict[str, str | None] = field(default_factory=dict)
    flags: dict[str, str | None] = field(default_factory=dict)
    overlay: bool = False


def _file_keys(tokens: list[Token], match: dict[int, int], file: str, instances: set[str]) -> _FileKeys:
    out = _FileKeys()
    funcs = functions(tokens, match, file)
    # Bodies with a local instance of that name that loads no env provider: another instance.
    own: list[tuple[str, int, int]] = []
    for func in funcs.values():
        a, b = func.body
        for k in range(a, b - 3):
            if (
                is_id(tokens, k, *instances)
                and is_op(tokens, k + 1, ":=")
                and is_id(tokens, k + 2, "koanf")
                and is_op(tokens, k + 3, ".")
                and not _loads_env(tokens, tokens[k].text, a, b)
            ):
                own.append((tokens[k].text, a, b))
    for i in range(len(tokens) - 4):
        if not (
            is_id(tokens, i, *instances)
            and not is_op(tokens, i - 1, ".")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2)
            and is_op(tokens, i + 3, "(")
            and i + 3 in match
        ):
            continue
        if any(name == tokens[i].text and a < i < b for name, a, b in own):
            continue
        method = tokens[i + 2].text
        args = split_arguments(tokens, i + 3, match[i + 3])
        key = span_literal(tokens, *args[0]) if args else None
        if method in _GETTERS and key is not None:
            out.keys.append((key, file, tokens[i].line))
        elif method in _UNMARSHAL and key is not None and len(args) >= 2:
            for tag in _target_tags(tokens, match, funcs, i, args[1]):
                out.keys.append((f"{key}.{tag}" if key else tag, file, tokens[i].line))
        elif method == "Load" and args:
            _load(tokens, match, funcs, i, args[0], file, out)
    return out


def _loads_env(tokens: list[Token], name: str, a: int, b: int) -> bool:
    return any(
        is_id(tokens, k, name) and is_id(tokens, k + 2, "Load") and is_id(tokens, k + 4, "env")
        for k in range(a, b - 4)
    )


def _load(
    tokens: list[Token],
    match: dict[int, int],
    funcs: dict[str, Any],
    i: int,
    span: tuple[int, int],
    file: str,
    out: _FileKeys,
) -> None:
    """`Load(posflag.Provider(f, ...))`: the file's flags; `Load(confmap.Provider(m, "."))`: defaults when m
    is a literal map, runtime data laid over everything loaded before otherwise."""
    start, _ = span
    if not (is_id(tokens, start) and is_op(tokens, start + 1, ".") and is_op(tokens, start + 3, "(")):
        return
    provider = (tokens[start].text, tokens[start + 2].text)
    if provider == ("posflag", "Provider"):
        for name, value in flag_defaults(tokens, match).items():
            out.flags[name] = value
            out.keys.append((name, file, tokens[i].line))
    elif provider == ("confmap", "Provider") and start + 3 in match:
        args = split_arguments(tokens, start + 3, match[start + 3])
        if not args:
            return
        brace = _map_literal(tokens, match, funcs, i, args[0])
        if brace is None:
            out.overlay = True
            return
        for a, b in split_arguments(tokens, brace, match[brace]):
            colon = next((k for k in range(a, b) if is_op(tokens, k, ":")), None)
            if colon is not None and (key := span_literal(tokens, a, colon)) is not None:
                out.defaults[key] = span_literal(tokens, colon + 1, b)


def _map_literal(
    tokens: list[Token], match: dict[int, int], funcs: dict[str, Any], i: int, span: tuple[int, int]
) -> int | None:
    """The `{` of the map literal an argument is (or a local was given), else None."""
    start, end = span
    if end - start == 1 and is_id(tokens, start):
        body = next((f.body for f in funcs.values() if f.body[0] < i < f.body[1]), None)
        if body is None:
            return None
        name = tokens[start].text
        for k in range(body[0], i):
            if is_id(tokens, k, name) and is_op(tokens, k + 1, ":=", "=") and is_id(tokens, k + 2, "map"):
                start, end = k + 2, body[1]
                break
        else:
            return None
    if not is_id(tokens, start, "map"):
        return None
    for k in range(start, min(end, start + 16)):
        if is_op(tokens, k, "{") and k in match and not is_id(tokens, k - 1, "interface", "struct"):
            return k
    return None


def _target_tags(
    tokens: list[Token], match: dict[int, int], funcs: dict[str, Any], i: int, span: tuple[int, int]
) -> list[str]:
    """The `koanf:"name"` tags of the struct `&c` is: `var c struct {...}` in the function, or `var c T` /
    `c := T{}` with `type T struct {...}` in the file."""
    start, end = span
    if not (is_op(tokens, start, "&") and end - start == 2 and is_id(tokens, start + 1)):
        return []
    var = tokens[start + 1].text
    body = next((f.body for f in funcs.values() if f.body[0] < i < f.body[1]), (0, i))
    for k in range(body[0], i):
        if not (is_id(tokens, k, var) and not is_op(tokens, k - 1, ".")):
            continue
        j = k + 1
        if is_op(tokens, j, ":=", "="):
            j += 1
        while is_op(tokens, j, "&", "*"):
            j += 1
        if is_id(tokens, j, "struct") and is_op(tokens, j + 1, "{"):
            return _tags(tokens, match, j + 1)
        if is_id(tokens, j) and (is_id(tokens, k - 1, "var") or is_op(tokens, j + 1, "{")):
            named = _struct_type(tokens, tokens[j].text)
            if named is not None:
                return _tags(tokens, match, named)
    return []


def _struct_type(tokens: list[Token], name: str) -> int | None:
    for k in range(len(tokens) - 3):
        if is_id(tokens, k, "type") and is_id(tokens, k + 1, name) and is_id(tokens, k + 2, "struct"):
            return k + 3 if is_op(tokens, k + 3, "{") else None
    return None


def _tags(tokens: list[Token], match: dict[int, int], brace: int) -> list[str]:
    """Tags of the struct's own fields (a nested struct's fields are under its own key: left out)."""
    close = match.get(brace, brace)
    out: list[str] = []
    depth = 0
    for k in range(brace + 1, close):
        if is_op(tokens, k, "{"):
            depth += 1
        elif is_op(tokens, k, "}"):
            depth -= 1
        elif (
            depth == 0
            and tokens[k].kind == STR
            and (found := _TAG.search(tokens[k].text))
            and found.group(1) != "-"
        ):
            out.append(found.group(1))
    return out


# --- the sample config file -------------------------------------------------------------------------------


def _sample_keys(names: set[str], read_file: Callable[[str], str | None] | None) -> set[str]:
    """The dotted keys of the sample of each config file the code names (`config.toml.sample`...)."""
    out: set[str] = set()
    if read_file is None:
        return out
    for name in names:
        stem, ext = posixpath.splitext(name.lstrip("./"))
        for candidate in (
            f"{stem}{ext}.sample",
            f"{stem}{ext}.example",
            f"{stem}{ext}.dist",
            f"{stem}.sample{ext}",
            f"{stem}.example{ext}",
        ):
            text = read_file(candidate)
            if text is not None:
                out.update(_flatten(_parse(text, ext)))
    return out


def _parse(text: str, ext: str) -> Any:
    try:
        if ext == ".toml":
            return tomllib.loads(text)
        if ext == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, RecursionError):
        return None


def _flatten(value: Any, prefix: str = "", depth: int = 0) -> set[str]:
    if not isinstance(value, dict) or depth > 16:
        return {prefix} if prefix else set()
    out: set[str] = set()
    for key, inner in value.items():
        out |= _flatten(inner, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    return out
