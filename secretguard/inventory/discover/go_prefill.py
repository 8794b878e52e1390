"""Go: defaults held in a struct filled before the environment is read.

caarlos0/env (`env.Parse(&cfg)`, `env.ParseWithOptions(&cfg, opts)`) leaves a field alone when its variable
is unset, so the value the struct already holds is that variable's default. The struct comes from a composite
literal, written at the variable (`cfg := Config{Port: "80"}`) or returned by a constructor
(`var Cfg = defaultConfig()` with `func defaultConfig() Config { return Config{Port: "80"} }`). A hand-written
loader does the same when one function starts from such a struct and sets fields from
`os.LookupEnv(field.Tag.Get("env"))`, or when a loader taking `c *T` walks T's `env` tags and sets a field
only when its variable is non-empty: every function of the package returning a T fills the defaults.

A constructor may also fill the struct field by field (`c := &Config{}; c.Port = "80"; return c`): each
assignment at the top of its body (not under an `if` or a loop) is that field's default, a later one winning.

A check after the load, `if cfg.F == "" { cfg.F = d }` in a function taking `cfg *T`, gives F's default
the same way (when the struct held nothing before).

`prefilled` gives, per struct type of a package, each field's value span in that literal; go.py turns a
literal (or a constant holding one) into the default of the field's `env` tag.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from secretguard.inventory.discover.lexer import (
    GO,
    ID,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    split_arguments,
    tokenize,
)

_PARSERS = frozenset({"Parse", "ParseWithOptions", "MustParse"})
_LOADS = ("env.Parse", "env.MustParse", 'Tag.Get("env")')
_ENV_READS = frozenset({"LookupEnv", "Getenv"})


@dataclass(frozen=True)
class FieldValue:
    """A field's value in a pre-filling composite literal: the tokens of its file and the value's span."""

    tokens: list[Token]
    start: int
    end: int


Fields = dict[str, FieldValue]


def _literal_at(tokens: list[Token], match: dict[int, int], i: int) -> tuple[str, Fields] | None:
    """`T{A: x, B: y}` or `&T{...}` at i: (T, its keyed fields)."""
    if is_op(tokens, i, "&"):
        i += 1
    if not (is_id(tokens, i) and is_op(tokens, i + 1, "{") and (i + 1) in match):
        return None
    fields: Fields = {}
    for a, b in split_arguments(tokens, i + 1, match[i + 1]):
        if b - a >= 3 and is_id(tokens, a) and is_op(tokens, a + 1, ":"):
            fields[tokens[a].text] = FieldValue(tokens, a + 2, b)
    return tokens[i].text, fields


def function_bodies(tokens: list[Token], match: dict[int, int]) -> list[tuple[str, int, int]]:
    """(name, `{`, `}`) of each function declared at the top of a file."""
    out: list[tuple[str, int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.text != "func" or not is_id(tokens, i):
            continue
        j = i + 1
        if is_op(tokens, j, "(") and j in match:  # a method's receiver
            j = match[j] + 1
        if not (is_id(tokens, j) and is_op(tokens, j + 1, "(") and (j + 1) in match):
            continue
        k = match[j + 1] + 1
        while k < len(tokens) and not is_op(tokens, k, "{"):
            if is_op(tokens, k, "(", "[") and k in match:
                k = match[k]
            elif is_id(tokens, k, "struct", "interface") and is_op(tokens, k + 1, "{") and (k + 1) in match:
                k = match[k + 1]
            elif is_op(tokens, k, ";", "}"):
                break
            k += 1
        if is_op(tokens, k, "{") and k in match:
            out.append((tokens[j].text, k, match[k]))
    return out


def _assigned(tokens: list[Token], start: int, end: int) -> dict[str, tuple[str, int]]:
    """`x := f()`, `x, err := f()`, `x = f()`, `var x = f()` and `x := T{...}` in tokens[start:end]:
    x -> ("call", k) with k the callee's index, or ("literal", k) with k where the literal starts."""
    out: dict[str, tuple[str, int]] = {}
    for i in range(start, end - 2):
        if not is_id(tokens, i) or is_op(tokens, i - 1, ".", ","):
            continue
        if is_op(tokens, i + 1, ",") and is_id(tokens, i + 2) and is_op(tokens, i + 3, ":=", "="):
            k = i + 4  # `cfg, err := defaults()`: a constructor that may fail
        elif is_op(tokens, i + 1, ":=", "="):
            k = i + 2
        else:
            continue
        if is_id(tokens, k) and is_op(tokens, k + 1, "(") and is_op(tokens, k + 2, ")"):
            out[tokens[i].text] = ("call", k)
        elif is_id(tokens, k + (1 if is_op(tokens, k, "&") else 0)) and is_op(
            tokens, k + (2 if is_op(tokens, k, "&") else 1), "{"
        ):
            out[tokens[i].text] = ("literal", k)
    return out


@dataclass
class _Scanned:
    tokens: list[Token]
    match: dict[int, int]
    funcs: list[tuple[str, int, int]]


def prefilled(texts: dict[str, str], folder: str) -> dict[str, Fields]:
    """Struct type -> the fields a pre-filling literal sets, for the structs this package's files fill
    before reading the environment into them."""
    files = sorted(
        f
        for f in texts
        if posixpath.dirname(f) == folder and f.endswith(".go") and not f.endswith("_test.go")
    )
    loaders = [f for f in files if any(marker in texts[f] for marker in _LOADS)]
    if not loaders:
        return {}
    scanned: dict[str, _Scanned] = {}

    def scan(file: str) -> _Scanned:
        if file not in scanned:
            tokens = tokenize(texts[file], GO)
            match = bracket_pairs(tokens)
            scanned[file] = _Scanned(tokens, match, function_bodies(tokens, match))
        return scanned[file]

    out: dict[str, Fields] = {}
    constructors: set[str] = set()
    types: set[str] = set()
    for file in loaders:
        s = scan(file)
        types.update(_loaded_types(s))
        types.update(_parameter_roots(s))
        for var, scope in _roots(s):
            start, end = scope
            kind, k = _assigned(s.tokens, start, end).get(var, ("", -1))
            if kind == "call":
                constructors.add(s.tokens[k].text)
            elif kind == "literal" and (found := _literal_at(s.tokens, s.match, k)) is not None:
                _merge(out, *found)
            elif kind == "":  # a package-level variable, maybe of another file
                constructors.update(_package_var_calls(files, texts, scan, var))
    for name in sorted(constructors):
        declared = re.compile(rf"\bfunc\s+{re.escape(name)}\s*\(")
        for file in files:
            if not declared.search(texts[file]):
                continue
            s = scan(file)
            for func, open_, close in s.funcs:
                if func == name and (found := _built(s, open_, close)) is not None:
                    _merge(out, *found)
    for file in files if types else []:  # every constructor of a type a reflective loader fills
        if not any(t in texts[file] for t in types):
            continue
        s = scan(file)
        for _, open_, close in s.funcs:
            found = _built(s, open_, close) if types & _result_types(s, open_) else None
            if found is not None and found[0] in types:
                for nested in _with_nested(s, *found):
                    _merge(out, *nested)
    for file in files:  # `if cfg.F == "" { cfg.F = d }` after the load (a pre-filled value comes first)
        if '== ""' in texts[file]:
            for type_name, fields in _filled_when_empty(scan(file)).items():
                _merge(out, type_name, fields)
    return out


def constructed(texts: dict[str, str], folder: str, type_name: str) -> dict[tuple[str, ...], FieldValue]:
    """Field path -> its value, as the folder's constructors of type_name set it (`func NewDefaultConfig()
    *Config { return &Config{Server: ServerConfig{Port: 3000}} }`: ("Server", "Port") -> 3000), nested struct
    literals followed: the defaults a decoder that leaves unset fields alone keeps."""
    out: dict[tuple[str, ...], FieldValue] = {}
    for s in _naming_files(texts, folder, type_name):
        for _, open_, close in s.funcs:
            found = _built(s, open_, close) if type_name in _result_types(s, open_) else None
            if found is not None and found[0] == type_name:
                for path, value in _paths(s, found[1], ()):
                    out.setdefault(path, value)
    return out


def package_literals(texts: dict[str, str], folder: str, type_name: str) -> dict[tuple[str, ...], FieldValue]:
    """Field path -> its value in the folder's package-level literals of type_name (`var defaultOptions =
    Options{LogLevel: "info", Cookie: CookieOptions{Name: "_app"}}`), nested literals followed."""
    out: dict[tuple[str, ...], FieldValue] = {}
    for s in _naming_files(texts, folder, type_name):
        tokens, match = s.tokens, s.match
        inside = [(open_, close) for _, open_, close in s.funcs]
        for i in range(len(tokens) - 3):
            if not (is_id(tokens, i) and is_op(tokens, i + 1, "=") and not is_op(tokens, i - 1, ".", ",")):
                continue
            found = _literal_at(tokens, match, i + 2)
            if found is None or found[0] != type_name or any(a < i < b for a, b in inside):
                continue
            for path, value in _paths(s, found[1], ()):
                out.setdefault(path, value)
    return out


def _naming_files(texts: dict[str, str], folder: str, type_name: str) -> Iterator[_Scanned]:
    """The folder's Go files (not tests) naming the type, scanned."""
    for file in sorted(texts):
        if posixpath.dirname(file) != folder or not file.endswith(".go") or file.endswith("_test.go"):
            continue
        if type_name in texts[file]:
            tokens = tokenize(texts[file], GO)
            match = bracket_pairs(tokens)
            yield _Scanned(tokens, match, function_bodies(tokens, match))


def _paths(s: _Scanned, fields: Fields, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], FieldValue]]:
    out: list[tuple[tuple[str, ...], FieldValue]] = []
    for name, value in fields.items():
        inner = _literal_at(value.tokens, s.match, value.start) if value.tokens is s.tokens else None
        if inner is not None and s.match.get(_brace(value.tokens, value.start)) == value.end - 1:
            out.extend(_paths(s, inner[1], (*path, name)))
        else:
            out.append(((*path, name), value))
    return out


def _merge(out: dict[str, Fields], type_name: str, fields: Fields) -> None:
    """Fields of a type, a value already found kept."""
    known = out.setdefault(type_name, {})
    for key, value in fields.items():
        known.setdefault(key, value)


def _param_type(tokens: list[Token], open_: int, var: str) -> str | None:
    """The type `T` of the parameter `var T` / `var *T` of the function whose body opens at open_."""
    start = next((k for k in range(open_ - 1, -1, -1) if is_id(tokens, k, "func")), None)
    for k in range(start if start is not None else open_, open_):
        if is_id(tokens, k, var) and is_op(tokens, k - 1, "(", ","):
            j = k + 2 if is_op(tokens, k + 1, "*") else k + 1
            if is_id(tokens, j) and is_op(tokens, j + 1, ",", ")"):
                return tokens[j].text
    return None


def _filled_when_empty(s: _Scanned) -> dict[str, Fields]:
    """`if cfg.F == "" { cfg.F = value }` in a function taking `cfg *T`: T's field F defaults to value."""
    tokens = s.tokens
    out: dict[str, Fields] = {}
    for _, open_, close in s.funcs:
        for i in range(open_, close - 12):
            if not (
                is_id(tokens, i, "if")
                and is_id(tokens, i + 1)
                and is_op(tokens, i + 2, ".")
                and is_id(tokens, i + 3)
                and is_op(tokens, i + 4, "==")
                and literal(tokens, i + 5) == ""
                and is_op(tokens, i + 6, "{")
                and (i + 6) in s.match
            ):
                continue
            var, name, end = tokens[i + 1].text, tokens[i + 3].text, s.match[i + 6]
            if not (
                is_id(tokens, i + 7, var)
                and is_op(tokens, i + 8, ".")
                and is_id(tokens, i + 9, name)
                and is_op(tokens, i + 10, "=")
                and end > i + 11
                and all(tokens[k].line == tokens[i + 11].line for k in range(i + 11, end))
            ):
                continue
            type_name = _param_type(tokens, open_, var)
            if type_name is not None:
                out.setdefault(type_name, {}).setdefault(name, FieldValue(tokens, i + 11, end))
    return out


def _package_var_calls(
    files: list[str], texts: dict[str, str], scan: Callable[[str], _Scanned], var: str
) -> set[str]:
    """The constructors a package-level `var X = f()` of any file of the package calls."""
    out: set[str] = set()
    declared = re.compile(rf"\b{re.escape(var)}\s*=")
    for file in files:
        if not declared.search(texts[file]):
            continue
        s = scan(file)
        inside = [(a, b) for _, a, b in s.funcs]
        for name, (kind, k) in _assigned(s.tokens, 0, len(s.tokens)).items():
            if name == var and kind == "call" and not any(a < k < b for a, b in inside):
                out.add(s.tokens[k].text)
    return out


def _roots(s: _Scanned) -> list[tuple[str, tuple[int, int]]]:
    """(variable, where its assignment is looked for) for each struct the file loads from the environment:
    `env.Parse(&x)` (the enclosing function, then the file), and every variable assigned in a function that
    sets fields from `os.LookupEnv(f.Tag.Get("env"))`."""
    tokens = s.tokens
    out: list[tuple[str, tuple[int, int]]] = []
    whole = (0, len(tokens))

    def enclosing(i: int) -> tuple[int, int] | None:
        return next(((a, b) for _, a, b in s.funcs if a < i < b), None)

    for i in range(len(tokens) - 5):
        if (
            is_id(tokens, i, "env")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2)
            and tokens[i + 2].text in _PARSERS
            and is_op(tokens, i + 3, "(")
            and is_op(tokens, i + 4, "&")
            and is_id(tokens, i + 5)
            and not is_op(tokens, i + 6, ".", "{")
        ):
            var = tokens[i + 5].text
            body = enclosing(i)
            if body is not None and var in _assigned(tokens, *body):
                out.append((var, body))
            elif body is not None and any(
                is_id(tokens, k, "var") and is_id(tokens, k + 1, var) for k in range(*body)
            ):
                continue  # `var cfg Config`: zero values, nothing filled before
            else:  # declared at the package level (found by `prefilled` in any file)
                out.append((var, whole if body is None else (0, 0)))
        elif (
            is_id(tokens, i, "Tag")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2, "Get")
            and is_op(tokens, i + 3, "(")
            and literal(tokens, i + 4) == "env"
        ):
            body = enclosing(i)
            if body is None or not any(
                is_id(tokens, k) and tokens[k].text in _ENV_READS and is_op(tokens, k - 1, ".")
                for k in range(*body)
            ):
                continue
            for var, (kind, _) in _assigned(tokens, *body).items():
                if kind == "call":
                    out.append((var, body))
    return out


def _parameter_roots(s: _Scanned) -> set[str]:
    """The types `T` of the `*T` parameters a function hands to `env.Parse(cfg)` / `env.ParseWithOptions(cfg,
    ...)` as they are (`func parseEnv(cfg *Config) error`): the caller's struct is filled first, by the
    package's constructors of T."""
    tokens = s.tokens
    out: set[str] = set()
    for i in range(len(tokens) - 5):
        if (
            is_id(tokens, i, "env")
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2)
            and tokens[i + 2].text in _PARSERS
            and is_op(tokens, i + 3, "(")
            and is_id(tokens, i + 4)
            and is_op(tokens, i + 5, ",", ")")
        ):
            body = next((a for _, a, b in s.funcs if a < i < b), None)
            found = _param_type(tokens, body, tokens[i + 4].text) if body is not None else None
            if found is not None:
                out.add(found)
    return out


def _with_nested(s: _Scanned, type_name: str, fields: Fields) -> list[tuple[str, Fields]]:
    """A literal's type and fields, then those of the struct literals its fields hold (`SSH:
    SSHConfig{ListenAddr: ":22"}`), at any depth."""
    out = [(type_name, fields)]
    for value in fields.values():
        inner = _literal_at(value.tokens, s.match, value.start) if value.tokens is s.tokens else None
        if inner is not None and s.match.get(_brace(value.tokens, value.start)) == value.end - 1:
            out.extend(_with_nested(s, *inner))
    return out


def _brace(tokens: list[Token], k: int) -> int:
    """The `{` of the composite literal starting at k (`T{` or `&T{`)."""
    return k + 2 if is_op(tokens, k, "&") else k + 1


def _built(s: _Scanned, open_: int, close: int) -> tuple[str, Fields] | None:
    """The struct a constructor's body returns, with the fields it sets: `return T{...}`, or a variable made
    at the top (`c := &T{...}`, `c := new(T)`, `var c T`), fields assigned at the body's own level
    (`c.F = v`, the last one winning) and `return c`."""
    tokens = s.tokens
    if is_id(tokens, open_ + 1, "return"):
        return _literal_at(tokens, s.match, open_ + 2)
    var, type_name = "", ""
    fields: Fields = {}
    k = open_ + 1
    while k < close:
        start = k == open_ + 1 or tokens[k - 1].line != tokens[k].line or is_op(tokens, k - 1, ";")
        if start and not var and (made := _made(s, k)) is not None:
            var, type_name, fields = made
        elif start and var and _field_assignment(tokens, k, var):
            end = _line_end(s, k + 4, close)
            if end is not None and not (end == k + 5 and literal(tokens, k + 4) == ""):
                fields[tokens[k + 2].text] = FieldValue(tokens, k + 4, end)  # "" is the zero value: unset
        elif start and var and is_id(tokens, k, "return"):
            returned = k + 2 if is_op(tokens, k + 1, "&") else k + 1
            return (type_name, fields) if is_id(tokens, returned, var) else None
        if is_op(tokens, k, "{", "(", "[") and k in s.match:
            k = s.match[k]  # an `if`'s or a loop's body: not set on every path
        k += 1
    return None


def _made(s: _Scanned, k: int) -> tuple[str, str, Fields] | None:
    """`c := &T{...}`, `c := T{...}`, `c := new(T)`, `var c T` or `var c = T{...}` at k: (c, T, fields)."""
    tokens = s.tokens
    if is_id(tokens, k, "var") and is_id(tokens, k + 1):
        if is_id(tokens, k + 2) and not is_op(tokens, k + 3, ".", "{"):
            return tokens[k + 1].text, tokens[k + 2].text, {}
        k += 1
    if not (is_id(tokens, k) and is_op(tokens, k + 1, ":=", "=")):
        return None
    if is_id(tokens, k + 2, "new") and is_op(tokens, k + 3, "(") and is_id(tokens, k + 4):
        return (tokens[k].text, tokens[k + 4].text, {}) if is_op(tokens, k + 5, ")") else None
    found = _literal_at(tokens, s.match, k + 2)
    return None if found is None else (tokens[k].text, found[0], dict(found[1]))


def _field_assignment(tokens: list[Token], k: int, var: str) -> bool:
    """`var.F = ...` at k (not `var.F.G = ...`, another struct's field)."""
    return (
        is_id(tokens, k, var)
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2)
        and is_op(tokens, k + 3, "=")
    )


def _line_end(s: _Scanned, start: int, close: int) -> int | None:
    """Where the value starting at `start` ends: the end of its line (or a `;`), None when it runs on."""
    tokens = s.tokens
    line = tokens[start].line if start < close else -1
    k = start
    while k < close and tokens[k].line == line and not is_op(tokens, k, ";"):
        if is_op(tokens, k, "{", "(", "[") and k in s.match:
            if tokens[s.match[k]].line != line:
                return None
            k = s.match[k]
        k += 1
    return k if k > start else None


def _result_types(s: _Scanned, open_: int) -> set[str]:
    """The type names in the result list of the function whose body opens at open_ (`(*T, error)`: T)."""
    tokens = s.tokens
    at = next((k for k in range(open_ - 1, -1, -1) if is_id(tokens, k, "func")), None)
    if at is None:
        return set()
    j = at + 1
    if is_op(tokens, j, "(") and j in s.match:
        j = s.match[j] + 1
    if not (is_op(tokens, j + 1, "(") and (j + 1) in s.match):
        return set()
    return {t.text for t in tokens[s.match[j + 1] + 1 : open_] if t.kind == ID}


def _keeps_unset(tokens: list[Token], k: int) -> bool:
    """`os.LookupEnv(...)` or a test against "" at k: a loader that leaves a field alone when its variable is
    unset or empty (one setting every field from `os.Getenv` would wipe what the struct held)."""
    if is_id(tokens, k, "LookupEnv") and is_op(tokens, k - 1, "."):
        return True
    return is_op(tokens, k, "==", "!=") and "" in (literal(tokens, k + 1), literal(tokens, k - 1))


def _loaded_types(s: _Scanned) -> set[str]:
    """The types `T` of the parameters (`c *T`) of functions that walk a struct's `env` tags and read each
    variable only when it is set: a reflective loader filling the struct its caller made."""
    tokens = s.tokens
    out: set[str] = set()
    for _, open_, close in s.funcs:
        tagged = any(
            is_id(tokens, k, "Tag")
            and is_op(tokens, k + 1, ".")
            and is_id(tokens, k + 2, "Get")
            and literal(tokens, k + 4) == "env"
            for k in range(open_, close)
        )
        if not (tagged and any(_keeps_unset(tokens, k) for k in range(open_, close))):
            continue
        at = next((k for k in range(open_ - 1, -1, -1) if is_id(tokens, k, "func")), open_)
        for k in range(at, open_):
            if is_id(tokens, k) and is_op(tokens, k - 1, "(", ","):
                j = k + 2 if is_op(tokens, k + 1, "*") else k + 1
                if is_id(tokens, j) and is_op(tokens, j + 1, ",", ")"):
                    out.add(tokens[j].text)
    return out
