"""Rust: the project's own functions that read the variable their parameter names
(`fn get_env<T>(key: &str) -> Option<T> { ... env::var(key) ... }`), directly or through another such
function, and their calls with a literal name (`get_env("DATA").unwrap_or_else(|| String::from("data"))`).
A function that also reads `format!("{key}_FILE")` (`key.to_string() + "_FILE"`, `format!("{}_FILE", key)`)
takes the value from the file X_FILE names (docker secrets): X_FILE is another way to supply X."""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name
from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.rust_values import fallback

_READERS = frozenset({"var", "var_os"})
_READER_OWNERS = frozenset({"env", "dotenvy", "dotenv"})
# What may follow the parameter inside a reader's call and keep its text (`env::var(key.as_str())`).
_KEEPING = frozenset({".", "(", ")", "&", "*", "as_str", "as_ref", "to_string", "to_owned", "clone"})
_FILE_SUFFIX = "_FILE"


@dataclass
class Wrapper:
    """A function reading the variable its parameter at `param` names; `file_variant`: X_FILE too."""

    param: int
    file_variant: bool = False


@dataclass
class _Function:
    name: str
    params: list[str | None]
    direct: dict[int, bool] = field(default_factory=dict)  # param -> also its _FILE variant
    calls: list[tuple[str, int, int, bool]] = field(default_factory=list)  # callee, arg, param, file


def _params(tokens: list[Token], open_: int, close: int) -> list[str | None]:
    out: list[str | None] = []
    for start, end in split_arguments(tokens, open_, close):
        k = start + 1 if is_id(tokens, start, "mut") else start
        named = is_id(tokens, k) and is_op(tokens, k + 1, ":") and k + 1 < end
        out.append(tokens[k].text if named else None)
    return out


def _skip_generics(tokens: list[Token], i: int) -> int:
    """The index after a `<...>` starting at i (i itself when there is none)."""
    if not is_op(tokens, i, "<"):
        return i
    depth = 0
    while i < len(tokens):
        text = tokens[i].text if tokens[i].kind == "op" else ""
        depth += text.count("<") - (text.count(">") if text not in ("->", "=>") else 0)
        i += 1
        if depth <= 0:
            return i
    return i


def _param_of(tokens: list[Token], start: int, end: int, params: list[str | None]) -> int | None:
    """The parameter a span passes on unchanged (`key`, `&key`, `key.as_str()`), else None."""
    names = [k for k in range(start, end) if tokens[k].kind == "id" and tokens[k].text not in _KEEPING]
    if len(names) != 1 or tokens[names[0]].text not in params:
        return None
    if any(tokens[k].text not in _KEEPING for k in range(start, end) if k != names[0]):
        return None
    return params.index(tokens[names[0]].text)


def _file_variant_of(
    tokens: list[Token], start: int, end: int, params: list[str | None], locals_: dict[str, int]
) -> int | None:
    """The parameter whose `_FILE` name a span builds: `format!("{key}_FILE")`, `format!("{}_FILE", key)`,
    `key.to_string() + "_FILE"`, or a local holding one."""
    while start < end and is_op(tokens, start, "&"):
        start += 1
    if end - start == 1 and is_id(tokens, start) and tokens[start].text in locals_:
        return locals_[tokens[start].text]
    if is_id(tokens, start, "format") and is_op(tokens, start + 1, "!") and is_op(tokens, start + 2, "("):
        text = literal(tokens, start + 3)
        if text is None or not text.endswith(_FILE_SUFFIX):
            return None
        head = text[: -len(_FILE_SUFFIX)]
        if head.startswith("{") and head.endswith("}") and head[1:-1] in params:
            return params.index(head[1:-1])
        if head == "{}" and is_op(tokens, start + 4, ","):
            return _param_of(tokens, start + 5, end - 1, params)
        return None
    for k in range(start, end):
        if is_op(tokens, k, "+") and literal(tokens, k + 1) == _FILE_SUFFIX and k + 2 == end:
            return _param_of(tokens, start, k, params)
    return None


def _scan_body(fn: _Function, tokens: list[Token], match: dict[int, int], start: int, end: int) -> None:
    params = fn.params
    locals_: dict[str, int] = {}
    i = start
    while i < end:
        tok = tokens[i]
        if tok.kind != "id":
            i += 1
            continue
        if tok.text == "let" and is_id(tokens, i + 1):
            k = i + 2 if tokens[i + 1].text == "mut" else i + 1
            if is_op(tokens, k + 1, "="):
                stop = k + 2
                while stop < end and not is_op(tokens, stop, ";"):
                    stop = match.get(stop, stop) + 1 if is_op(tokens, stop, "(", "[", "{") else stop + 1
                owner = _file_variant_of(tokens, k + 2, stop, params, {})
                if owner is not None:
                    locals_[tokens[k].text] = owner
        call = _call_open(tokens, i)
        if call is None or call not in match:
            i += 1
            continue
        args = split_arguments(tokens, call, match[call])
        reader = tok.text in _READERS and is_op(tokens, i - 1, "::") and is_id(tokens, i - 2)
        if reader and tokens[i - 2].text in _READER_OWNERS and args:
            a, b = args[0]
            if (p := _param_of(tokens, a, b, params)) is not None:
                fn.direct.setdefault(p, False)
            elif (p := _file_variant_of(tokens, a, b, params, locals_)) is not None:
                fn.direct[p] = True
        elif not is_op(tokens, i - 1, ".") and tok.text != fn.name:
            for n, (a, b) in enumerate(args):
                if (p := _param_of(tokens, a, b, params)) is not None:
                    fn.calls.append((tok.text, n, p, False))
                elif (p := _file_variant_of(tokens, a, b, params, locals_)) is not None:
                    fn.calls.append((tok.text, n, p, True))
        i += 1


def _call_open(tokens: list[Token], i: int) -> int | None:
    """The `(` of a call of the identifier at i (`f(`, `f::<T>(`), else None."""
    if is_op(tokens, i + 1, "("):
        return i + 1
    if is_op(tokens, i + 1, "::") and is_op(tokens, i + 2, "<"):
        k = _skip_generics(tokens, i + 2)
        return k if is_op(tokens, k, "(") else None
    return None


def functions(tokens: list[Token], match: dict[int, int]) -> list[_Function]:
    """The free functions (no `self`) defined in a file that take named parameters, their bodies scanned."""
    out: list[_Function] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "id" or tok.text != "fn" or not is_id(tokens, i + 1):
            continue
        open_ = _skip_generics(tokens, i + 2)
        if not is_op(tokens, open_, "(") or open_ not in match:
            continue
        close = match[open_]
        params = _params(tokens, open_, close)
        if not any(params):
            continue
        body = close + 1
        while body < len(tokens) and not is_op(tokens, body, "{", ";"):
            body += 1
        if not is_op(tokens, body, "{") or body not in match:
            continue
        fn = _Function(tokens[i + 1].text, params)
        _scan_body(fn, tokens, match, body + 1, match[body])
        out.append(fn)
    return out


def wrappers(defined: list[_Function]) -> dict[str, Wrapper]:
    """The functions reading the variable a parameter names, followed through calls to one another. A name
    defined more than once counts only when every definition reads through the same parameter."""
    by_name: dict[str, list[_Function]] = {}
    for fn in defined:
        by_name.setdefault(fn.name, []).append(fn)
    found: dict[tuple[str, int], bool] = {}  # (function, param) -> file variant
    for fn in defined:
        for p, file in fn.direct.items():
            found[(fn.name, p)] = found.get((fn.name, p), False) or file
    changed = True
    while changed:
        changed = False
        for fn in defined:
            for callee, arg, p, file in fn.calls:
                if (callee, arg) not in found:
                    continue
                value = found[(callee, arg)] or file
                key = (fn.name, p)
                if key not in found or (value and not found[key]):
                    found[key] = found.get(key, False) or value
                    changed = True
    out: dict[str, Wrapper] = {}
    for name, fns in by_name.items():
        params = {p for (n, p) in found if n == name}
        if len(params) == 1 and all(len(fn.params) > next(iter(params)) for fn in fns):
            p = next(iter(params))
            if all((fn.direct.get(p) is not None) or any(c[2] == p for c in fn.calls) for fn in fns):
                out[name] = Wrapper(p, found[(name, p)])
    return out


def wrapper_reads(
    tokens: list[Token], match: dict[int, int], file: str, known: dict[str, Wrapper]
) -> list[Read]:
    """The reads of calls, with a literal name, of the project's wrapper functions."""
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if (
            tok.kind != "id"
            or tok.text not in known
            or is_op(tokens, i - 1, ".")
            or is_id(tokens, i - 1, "fn")
        ):
            continue
        call = _call_open(tokens, i)
        if call is None or call not in match:
            continue
        wrapper = known[tok.text]
        args = split_arguments(tokens, call, match[call])
        if len(args) <= wrapper.param:
            continue
        a, b = args[wrapper.param]
        name = literal(tokens, a) if b == a + 1 else None
        if name is None or not is_env_name(name):
            continue
        optional, default = fallback(tokens, match, match[call] + 1)
        reads.extend(reads_of(name, file, tok.line, wrapper.file_variant, optional, default))
    return reads


def reads_of(
    name: str, file: str, line: int, file_variant: bool, optional: bool, default: str | None = None
) -> list[Read]:
    """A wrapper's read of name, and of name_FILE when the wrapper reads that too."""
    out = [Read(name, file, line, optional or default is not None, "rust", default=default)]
    if file_variant:
        out.append(Read(name + _FILE_SUFFIX, file, line, True, FILE_SOURCE))
    return out
