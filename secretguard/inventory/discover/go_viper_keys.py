"""viper keys (or variable names) held in constants of a named string type and read through that type's
methods.

    type Key string
    const (
        ServiceSecret Key = "service.secret"
        ServicePort   Key = `service.port`
    )
    func (k Key) GetString() string   { return viper.GetString(string(k)) }
    func (k Key) setDefault(v any)    { viper.SetDefault(string(k), v) }
    func (k Key) GetPort() int        { return k.GetInt() }      // a method calling another one
    ServicePort.setDefault(3456)                                 // viper.SetDefault("service.port", 3456)
    port := config.ServicePort.GetPort()                         // viper.GetInt("service.port")

A method of the key type whose body passes `string(receiver)` to the global viper's `SetDefault`, `Get*` or
`BindEnv` (or calls such a method on its receiver) is followed like the viper call itself; one passing it
to `os.Getenv`/`os.LookupEnv` (`EnvListenPort.GetValue()`, photoview) reads the variable the constant names:
each use `Const.method(...)` (or `pkg.Const.method(...)` from another package) is that call with the
constant's key.
go.py feeds the calls to its viper state, so AutomaticEnv, SetEnvPrefix and the key replacer apply as usual.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass

from secretguard.inventory.discover.go_environ import functions
from secretguard.inventory.discover.lexer import (
    GO,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    split_arguments,
    tokenize,
)

GET, DEFAULT, BIND = "get", "default", "bind"
ENV = "env"  # a method reading the variable the constant names: `os.Getenv(string(v))`
_PACKAGE = re.compile(r"(?m)^package\s+([A-Za-z_][A-Za-z0-9_]*)")
_USE = re.compile(
    r"\b(?:([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_]\w*)\s*\("
)
_MAX_ROUNDS = 8  # methods calling methods: how deep the chain is followed


@dataclass(frozen=True, slots=True)
class KeyCall:
    """One use of a key constant through a viper-reaching method: what viper call it stands for."""

    kind: str  # GET, DEFAULT or BIND
    key: str
    file: str
    line: int
    # DEFAULT: the argument given as the value (tokens of the calling file), for go.py to read as a literal.
    value: tuple[list[Token], int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Method:
    kind: str
    value_param: int | None = None  # DEFAULT: which parameter is the value


def _viper_kind(method: str) -> str | None:
    if method == "SetDefault":
        return DEFAULT
    if method in ("BindEnv", "MustBindEnv"):
        return BIND
    if (method.startswith("Get") and method != "GetViper") or method == "IsSet":
        return GET  # `viper.IsSet("NO_COLOR")` asks the environment too, under AutomaticEnv
    return None


def _methods(tokens: list[Token], match: dict[int, int]) -> dict[tuple[str, str], _Method]:
    """(type, method) -> what it does, for the methods of one file that reach viper with `string(recv)`."""
    found: dict[tuple[str, str], _Method] = {}
    bodies: list[tuple[str, str, str, tuple[str, ...], int, int]] = []
    for i in range(len(tokens) - 6):
        # func ( k Key ) name ( ... ) ... {
        if not (is_id(tokens, i, "func") and is_op(tokens, i + 1, "(") and is_id(tokens, i + 2)):
            continue
        t = i + 4 if is_op(tokens, i + 3, "*") else i + 3
        if not (is_id(tokens, t) and is_op(tokens, t + 1, ")") and is_id(tokens, t + 2)):
            continue
        if not (is_op(tokens, t + 3, "(") and t + 3 in match):
            continue
        close = match[t + 3]
        params = tuple(tokens[a].text for a, _ in split_arguments(tokens, t + 3, close) if is_id(tokens, a))
        body = next(
            (k for k in range(close + 1, min(len(tokens), close + 40)) if is_op(tokens, k, "{")), None
        )
        if body is not None and body in match:
            bodies.append((tokens[i + 2].text, tokens[t].text, tokens[t + 2].text, params, body, match[body]))
    for _ in range(_MAX_ROUNDS):
        before = len(found)
        for recv, type_, name, params, start, end in bodies:
            if (type_, name) not in found:
                method = _body_kind(tokens, match, recv, type_, params, start, end, found)
                if method is not None:
                    found[(type_, name)] = method
        if len(found) == before:
            break
    return found


def _body_kind(
    tokens: list[Token],
    match: dict[int, int],
    recv: str,
    type_: str,
    params: tuple[str, ...],
    start: int,
    end: int,
    known: dict[tuple[str, str], _Method],
) -> _Method | None:
    for k in range(start + 1, end - 3):
        if not (is_op(tokens, k + 1, ".") and is_id(tokens, k + 2) and is_op(tokens, k + 3, "(")):
            continue
        if k + 3 not in match or is_op(tokens, k - 1, "."):
            continue
        args = split_arguments(tokens, k + 3, match[k + 3])
        if is_id(tokens, k, "os", "syscall") and tokens[k + 2].text in ("Getenv", "LookupEnv"):
            if args and _is_conversion(tokens, *args[0], recv):
                return _Method(ENV)
            continue
        if is_id(tokens, k, "viper"):
            kind = _viper_kind(tokens[k + 2].text)
            if kind is None or not args or not _is_conversion(tokens, *args[0], recv):
                continue
            value = _param_index(tokens, args[1], params) if kind == DEFAULT and len(args) == 2 else None
            return _Method(kind, value)
        if is_id(tokens, k, recv) and (type_, tokens[k + 2].text) in known:  # k.GetString()
            inner = known[(type_, tokens[k + 2].text)]
            value = None
            if inner.value_param is not None and inner.value_param < len(args):
                value = _param_index(tokens, args[inner.value_param], params)
            return _Method(inner.kind, value)
    return None


def _is_conversion(tokens: list[Token], start: int, end: int, recv: str) -> bool:
    """`string(k)`: the receiver converted to a plain string."""
    return (
        end - start == 4
        and is_id(tokens, start, "string")
        and is_op(tokens, start + 1, "(")
        and is_id(tokens, start + 2, recv)
        and is_op(tokens, start + 3, ")")
    )


def _param_index(tokens: list[Token], span: tuple[int, int], params: tuple[str, ...]) -> int | None:
    start, end = span
    if end - start == 1 and is_id(tokens, start) and tokens[start].text in params:
        return params.index(tokens[start].text)
    return None


def _constants(tokens: list[Token], types: set[str]) -> dict[str, tuple[str, str]]:
    """`Name Key = "a.b"` (alone or in a `const ( ... )` block): name -> (type, key)."""
    out: dict[str, tuple[str, str]] = {}
    for i in range(1, len(tokens) - 3):
        if (
            is_id(tokens, i)
            and is_id(tokens, i + 1, *types)
            and is_op(tokens, i + 2, "=")
            and tokens[i + 3].kind == STR
            and not tokens[i + 3].interpolated
            and (is_id(tokens, i - 1, "const") or tokens[i - 1].line < tokens[i].line)
            and not is_op(tokens, i + 4, "+", ".")
        ):
            out[tokens[i].text] = (tokens[i + 1].text, tokens[i + 3].text)
    return out


def _key_functions(tokens: list[Token], match: dict[int, int], file: str) -> dict[str, int]:
    """Functions passing a parameter to the global viper's `Get*` (`func parsePrefix(key string, ...) {
    s := viper.GetString(key) ...}`): name -> the parameter's position."""
    out: dict[str, int] = {}
    for name, func in functions(tokens, match, file).items():
        if func.method or not func.params:
            continue
        start, end = func.body
        for k in range(start + 1, end - 5):
            if (
                is_id(tokens, k, "viper")
                and is_op(tokens, k + 1, ".")
                and _viper_kind(tokens[k + 2].text) == GET
                and is_op(tokens, k + 3, "(")
                and is_id(tokens, k + 4, *func.params)
                and is_op(tokens, k + 5, ")")
            ):
                out[name] = func.params.index(tokens[k + 4].text)
                break
    return out


def _function_calls(file: str, text: str, wrappers: dict[str, int]) -> list[KeyCall]:
    """`parsePrefix("prefixes.v4", ...)` in the wrapper's package: a viper read of that key."""
    tokens = tokenize(text, GO)
    match = bracket_pairs(tokens)
    out: list[KeyCall] = []
    for i in range(1, len(tokens) - 2):
        position = wrappers.get(tokens[i].text) if is_op(tokens, i + 1, "(") else None
        if (
            position is None
            or is_op(tokens, i - 1, ".")
            or is_id(tokens, i - 1, "func")
            or i + 1 not in match
        ):
            continue
        args = split_arguments(tokens, i + 1, match[i + 1])
        if position < len(args):
            key = span_literal(tokens, *args[position])
            if key:
                out.append(KeyCall(GET, key, file, tokens[i].line))
    return out


def key_calls(texts: dict[str, str]) -> list[KeyCall]:
    """Every use of a typed key constant through a method reaching viper, in the project's Go files
    (`_test.go` files left out: test setup, not configuration); and every call with a literal key of a
    function passing its parameter to viper."""
    return _method_calls(texts) + _wrapper_calls(texts)


def _wrapper_calls(texts: dict[str, str]) -> list[KeyCall]:
    wrappers: dict[str, dict[str, int]] = {}  # folder -> its key functions
    for file, text in texts.items():
        if "viper.Get" in text and not file.endswith("_test.go"):
            tokens = tokenize(text, GO)
            found = _key_functions(tokens, bracket_pairs(tokens), file)
            if found:
                wrappers.setdefault(posixpath.dirname(file), {}).update(found)
    out: list[KeyCall] = []
    for file, text in texts.items():
        here = wrappers.get(posixpath.dirname(file))
        if here and not file.endswith("_test.go") and any(f"{n}(" in text for n in here):
            out.extend(_function_calls(file, text, here))
    return out


def _method_calls(texts: dict[str, str]) -> list[KeyCall]:
    methods: dict[str, dict[tuple[str, str], _Method]] = {}  # folder -> its key methods
    for file, text in texts.items():
        reaches = "viper" in text or "Getenv(string(" in text or "LookupEnv(string(" in text
        if reaches and "string(" in text and not file.endswith("_test.go"):
            tokens = tokenize(text, GO)
            found = _methods(tokens, bracket_pairs(tokens))
            if found:
                methods.setdefault(posixpath.dirname(file), {}).update(found)
    if not methods:
        return []
    constants: dict[str, dict[str, tuple[str, str]]] = {}  # folder -> constant -> (type, key)
    for file, text in texts.items():
        folder = posixpath.dirname(file)
        types = {t for t, _ in methods.get(folder, {})}
        if types and "const" in text and not file.endswith("_test.go"):
            constants.setdefault(folder, {}).update(_constants(tokenize(text, GO), types))
    packages = {folder: _package_name(texts, folder) for folder in constants}
    names = {name for found in constants.values() for name in found}
    out: list[KeyCall] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or not any(n in text for n in names):
            continue
        out.extend(_uses(file, text, methods, constants, packages))
    return out


def _uses(
    file: str,
    text: str,
    methods: dict[str, dict[tuple[str, str], _Method]],
    constants: dict[str, dict[str, tuple[str, str]]],
    packages: dict[str, str],
) -> list[KeyCall]:
    here = posixpath.dirname(file)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[KeyCall] = []
    values: list[tuple[int, str, str]] = []  # (line, constant, method) of DEFAULT calls: args read below
    for m in _USE.finditer(text):
        qualifier, name, method_name = m.group(1), m.group(2), m.group(3)
        for folder, found in constants.items():
            if name not in found or (qualifier is None and folder != here):
                continue
            if qualifier is not None and qualifier not in (packages[folder], posixpath.basename(folder)):
                continue
            type_, key = found[name]
            method = methods[folder].get((type_, method_name))
            if method is None:
                continue
            line = bisect.bisect_right(starts, m.start())
            if method.kind == DEFAULT:
                values.append((line, name, method_name))
            else:
                out.append(KeyCall(method.kind, key, file, line))
    if values:
        out.extend(_defaults(file, text, values, methods, constants, here))
    return out


def _defaults(
    file: str,
    text: str,
    values: list[tuple[int, str, str]],
    methods: dict[str, dict[tuple[str, str], _Method]],
    constants: dict[str, dict[str, tuple[str, str]]],
    here: str,
) -> list[KeyCall]:
    """`Const.setDefault(value)`: the call with its value's tokens."""
    tokens = tokenize(text, GO)
    match = bracket_pairs(tokens)
    wanted = {(name, method) for _, name, method in values}
    out: list[KeyCall] = []
    for i in range(len(tokens) - 3):
        if not (
            is_id(tokens, i)
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2)
            and is_op(tokens, i + 3, "(")
            and (tokens[i].text, tokens[i + 2].text) in wanted
            and i + 3 in match
        ):
            continue
        qualified = is_op(tokens, i - 1, ".")
        folder = next(
            (d for d, found in constants.items() if tokens[i].text in found and (qualified or d == here)),
            None,
        )
        if folder is None:
            continue
        type_, key = constants[folder][tokens[i].text]
        method = methods[folder].get((type_, tokens[i + 2].text))
        if method is None:
            continue
        args = split_arguments(tokens, i + 3, match[i + 3])
        value = None
        if method.value_param is not None and method.value_param < len(args):
            value = (tokens, *args[method.value_param])
        out.append(KeyCall(DEFAULT, key, file, tokens[i].line, value))
    return out


def literal_value(call: KeyCall) -> str | None:
    """The default a DEFAULT call gives as a literal (string, number, true/false), else None."""
    if call.value is None:
        return None
    tokens, start, end = call.value
    return span_literal(tokens, start, end)


def _package_name(texts: dict[str, str], folder: str) -> str:
    for file, text in texts.items():
        if posixpath.dirname(file) == folder and (found := _PACKAGE.search(text)):
            return found.group(1)
    return posixpath.basename(folder)
