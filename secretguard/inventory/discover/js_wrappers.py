"""JavaScript/TypeScript functions that read the variable their parameter names: `function getEnvOrFile(name)
{ return process.env[name] }`, `const envOr = (name, fallback = 3000) => process.env[name] ?? fallback`. Every
call (`getEnvOrFile("DB_HOST")`) reads that name; an index built as `name + "_FILE"` (or `${name}_FILE`) is
the docker-secret file variant of it. The argument given for the parameter the wrapper falls back to (or
that parameter's own default) is the default. A key built on a property of an options parameter
(`` process.env[`${opts.envPrefix}_CLIENT_ID`] ``) reads, at each call, the literal the call's object literal
gives that property (`genericOidc({ envPrefix: "AUTHELIA" })`: AUTHELIA_CLIENT_ID). Mirrors Python's
wrappers (python.py): a function is summarised as which parameter names the variable, with what literal
text around it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    OP,
    STR,
    Token,
    bracket_arguments,
    is_id,
    is_op,
    literal,
    literal_default,
    span_literal,
)

_DEFAULT_NAMES = ("default", "fallback", "def", "dflt", "otherwise")
_VALUE_BEFORE = frozenset({"||", "??", "?", ":", "=", "return", "=>"})
_ROUNDS = 3  # wrappers of wrappers in one file


@dataclass(frozen=True, slots=True)
class WrapperRead:
    """One read a wrapper makes: prefix + (the argument of `param`) + suffix."""

    param: int
    prefix: str
    suffix: str
    source: str
    default: str | None  # a literal default given inside the wrapper (`process.env[name] || "info"`)
    optional: bool  # a default of any kind follows the read inside the wrapper
    field: str = ""  # the name is this property of the parameter (`opts.envPrefix`), not the parameter


@dataclass(frozen=True, slots=True)
class Wrapper:
    params: tuple[str, ...]
    defaults: tuple[tuple[bool, str | None], ...]  # per parameter: has a default, and its literal value
    reads: tuple[WrapperRead, ...]
    default_param: int | None  # the parameter whose argument the wrapper falls back to


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a call: present, its literal text (strings, numbers, true/false), computed."""

    literal: str | None
    computed: bool
    fields: tuple[tuple[str, str], ...] = ()  # an object literal's `key: "text"` entries


def call_arguments(tokens: list[Token], match: dict[int, int], open_: int) -> list[Argument]:
    """The arguments of the call whose `(` is at open_."""
    out: list[Argument] = []
    for start, end in bracket_arguments(tokens, match, open_):
        value = span_literal(tokens, start, end)
        nothing = end - start == 1 and is_id(tokens, start, "undefined", "null")
        fields = _object_fields(tokens, match, start) if match.get(start) == end - 1 else ()
        out.append(Argument(value, value is None and not nothing, fields))
    return out


def _object_fields(tokens: list[Token], match: dict[int, int], open_: int) -> tuple[tuple[str, str], ...]:
    """`{ key: "text", ... }` at open_: its entries whose value is a plain string."""
    if not is_op(tokens, open_, "{"):
        return ()
    found: list[tuple[str, str]] = []
    for start, end in bracket_arguments(tokens, match, open_):
        text = literal(tokens, start + 2) if end == start + 3 and is_op(tokens, start + 1, ":") else None
        if text is not None and tokens[start].kind in (ID, STR):
            found.append((tokens[start].text, text))
    return tuple(found)


def field_template(
    tokens: list[Token], start: int, end: int, params: list[str]
) -> tuple[int, str, str] | None:
    """`` `${opts.envPrefix}_CLIENT_ID` `` between start and end: (parameter, property, suffix)."""
    if not (end - start == 6 and is_op(tokens, start, "(") and is_op(tokens, start + 4, ")")):
        return None
    if not (is_id(tokens, start + 1) and is_op(tokens, start + 2, ".") and is_id(tokens, start + 3)):
        return None
    suffix = tokens[start + 5]
    if tokens[start + 1].text not in params or suffix.kind != STR or not suffix.interpolated:
        return None
    if not suffix.text.startswith("_") or not all(
        c.isascii() and (c.isalnum() or c == "_") for c in suffix.text
    ):
        return None
    return params.index(tokens[start + 1].text), tokens[start + 3].text, suffix.text


@dataclass(frozen=True, slots=True)
class _Function:
    name: str
    params_open: int
    body_start: int
    body_end: int
    export_as: str | None  # `export function f` / `exports.f = ...`: "f"; `export default function f`


def functions(tokens: list[Token], match: dict[int, int]) -> list[_Function]:
    """Named functions: `function f(...) {}`, `f = (...) => ...`, `f = function (...) {}`, `f = p => ...`."""
    out: list[_Function] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        if tok.text == "function" and is_id(tokens, i + 1):
            opener = past_type_parameters(tokens, i + 2)  # `function f<K extends Key>(name: K)`
            if not is_op(tokens, opener, "("):
                continue
            k = i - 2 if is_id(tokens, i - 1, "async") else i - 1
            exported: str | None = None
            if is_id(tokens, k, "export"):
                exported = tokens[i + 1].text
            elif is_id(tokens, k, "default") and is_id(tokens, k - 1, "export"):
                exported = "default"
            found = function_body(tokens, match, opener)
            if found is not None:
                out.append(_Function(tokens[i + 1].text, opener, *found, exported))
        elif is_op(tokens, i + 1, "=") and not is_op(tokens, i + 2, "="):
            k = i + 2
            if is_id(tokens, k, "async"):
                k += 1
            if is_id(tokens, k, "function"):
                k += 1
                if is_id(tokens, k):
                    k += 1
            k = past_type_parameters(tokens, k)  # `<K extends EnvKey>(variable: K) => ...`
            if is_id(tokens, k) and is_op(tokens, k + 1, "=>"):
                opener = k  # `p => ...`: a single parameter without brackets
            elif is_op(tokens, k, "("):
                opener = k
            else:
                continue
            found = function_body(tokens, match, opener)
            if found is None:
                continue
            exported = (
                tok.text if is_op(tokens, i - 1, ".") and is_id(tokens, i - 2, "exports", "module") else None
            )
            out.append(_Function(tok.text, opener, *found, exported))
    return out


# How much each closing token closes of a type parameter list: `Record<string, X>>` ends two at once.
_ANGLE_CLOSE = {">": 1, ">>": 2, ">>>": 3}


def past_type_parameters(tokens: list[Token], k: int) -> int:
    """The index after a TypeScript type parameter list starting at k (`<K extends Record<string, X>>`);
    k itself when none starts there (or it does not close where a list could)."""
    if not is_op(tokens, k, "<"):
        return k
    depth = 0
    for j in range(k, min(len(tokens), k + 64)):
        tok = tokens[j]
        if tok.kind == OP and tok.text == "<":
            depth += 1
        elif tok.kind == OP and tok.text in _ANGLE_CLOSE:
            depth -= _ANGLE_CLOSE[tok.text]
            if depth <= 0:
                return j + 1 if depth == 0 else k
        elif tok.kind == OP and tok.text in (";", "=>", ")"):  # a comparison, not a type list
            return k
    return k


def function_body(tokens: list[Token], match: dict[int, int], opener: int) -> tuple[int, int] | None:
    """(first, last) token of the body of a function whose parameters start at opener."""
    k = match[opener] + 1 if is_op(tokens, opener, "(") and opener in match else opener + 1
    if not is_op(tokens, k, "=>", "{", ":"):
        return None  # `x = (a + b)`: not a function
    for _ in range(48):  # past a return type annotation to `{` or `=>`
        if k >= len(tokens):
            return None
        if is_op(tokens, k, "=>"):
            if is_op(tokens, k + 1, "{") and k + 1 in match:
                return k + 1, match[k + 1]
            end = k + 1
            while end < len(tokens) and not is_op(tokens, end, ";", ")", "}", "]", ","):
                end = match[end] + 1 if tokens[end].text in ("(", "[", "{") and end in match else end + 1
            return k + 1, end
        if is_op(tokens, k, "{") and k in match:
            return k, match[k]
        if is_op(tokens, k, ";", "="):
            return None
        k += 1
    return None


def parameters(
    tokens: list[Token], match: dict[int, int], opener: int
) -> tuple[list[str], list[tuple[bool, str | None]]]:
    if not is_op(tokens, opener, "("):
        return [tokens[opener].text], [(False, None)]
    names: list[str] = []
    defaults: list[tuple[bool, str | None]] = []
    for start, end in bracket_arguments(tokens, match, opener):
        if not is_id(tokens, start):
            names.append("")  # a destructured or rest parameter: never a name
            defaults.append((False, None))
            continue
        names.append(tokens[start].text)
        eq = next((k for k in range(start + 1, end) if is_op(tokens, k, "=")), None)
        if eq is None or (end - eq == 2 and is_id(tokens, eq + 1, "undefined", "null")):
            defaults.append((False, None))  # `key, fallback = undefined`: no default, not a computed one
        else:
            defaults.append((True, span_literal(tokens, eq + 1, end)))
    return names, defaults


def index_template(
    tokens: list[Token], start: int, end: int, params: list[str], locals_: dict[str, tuple[int, str, str]]
) -> tuple[int, str, str] | None:
    """The index `name`, `name + "_FILE"`, `` `${name}_FILE` ``, `"APP_" + name` between start and end, as
    (parameter, prefix, suffix)."""
    param: int | None = None
    prefix, suffix = "", ""
    for k in range(start, end):
        tok = tokens[k]
        if tok.kind == ID:
            if param is not None:
                return None
            if tok.text in params:
                param = params.index(tok.text)
            elif tok.text in locals_ and end - start == 1:
                return locals_[tok.text]
            else:
                return None
        elif tok.kind == STR and tok.interpolated:
            # the lexer gives a template's static text whole, after its `${...}` parts: `_FILE` follows the
            # name, `APP_` precedes it; text on both sides cannot be placed
            if tok.text.startswith("_") and not tok.text.endswith("_"):
                suffix += tok.text
            elif tok.text.endswith("_") and not tok.text.startswith("_"):
                prefix += tok.text
            else:
                return None
        elif tok.kind == STR:
            if param is None:
                prefix += tok.text
            else:
                suffix += tok.text
        elif not is_op(tokens, k, "+", "(", ")"):  # the lexer parenthesises a template's `${...}`
            return None
    if param is None or not all(c.isascii() and (c.isalnum() or c == "_") for c in prefix + suffix):
        return None
    return param, prefix, suffix


def summarise(
    tokens: list[Token],
    match: dict[int, int],
    known: dict[str, Wrapper] | None = None,
    env_names: frozenset[str] = frozenset(),
) -> tuple[dict[str, Wrapper], dict[str, str]]:
    """The file's wrappers (by local name), and those it exports where it declares them (exported name ->
    local name). `env_names`: the module's bindings holding the environment (`const env = process.env`, a
    copy of it), indexed like process.env itself."""
    found: dict[str, Wrapper] = dict(known or {})
    exported: dict[str, str] = {}  # exported name -> local name
    candidates = functions(tokens, match)
    for _ in range(_ROUNDS):
        changed = False
        for fn in candidates:
            wrapper = _summarise(tokens, match, fn, found, env_names)
            if wrapper is not None and found.get(fn.name) != wrapper:
                found[fn.name] = wrapper
                changed = True
            if wrapper is not None and fn.export_as is not None:
                exported[fn.export_as] = fn.name
        if not changed:
            break
    return {k: v for k, v in found.items() if known is None or k not in known}, exported


def _summarise(
    tokens: list[Token],
    match: dict[int, int],
    fn: _Function,
    known: dict[str, Wrapper],
    env_names: frozenset[str] = frozenset(),
) -> Wrapper | None:
    params, defaults = parameters(tokens, match, fn.params_open)
    fields = _field_locals(tokens, match, fn, params)  # `({ envKey })`, `const { envKey } = opts`
    if not any(params) and not fields:
        return None
    locals_: dict[str, tuple[int, str, str]] = {}  # `const fileVar = name + "_FILE"`
    reads: list[WrapperRead] = []
    k = fn.body_start
    while k < fn.body_end:
        if is_id(tokens, k) and is_op(tokens, k + 1, "=") and is_id(tokens, k - 1, "const", "let", "var"):
            stop = k + 2
            while stop < fn.body_end and not is_op(tokens, stop, ";") and tokens[stop].line == tokens[k].line:
                stop += 1
            template = index_template(tokens, k + 2, stop, params, {})
            if template is not None and (template[1] or template[2]):
                locals_[tokens[k].text] = template
        alias = (
            tokens[k].text in env_names
            and is_id(tokens, k)
            and not is_op(tokens, k - 1, ".")
            and is_op(tokens, k + 1, "[")
        )
        if alias or (
            is_id(tokens, k, "process")
            and not is_op(tokens, k - 1, ".")
            and is_op(tokens, k + 1, ".", "?.")
            and is_id(tokens, k + 2, "env")
        ):
            j = k + 1 if alias else k + 3
            if is_op(tokens, j, "?."):
                j += 1
            if is_op(tokens, j, "[") and j in match:
                close = match[j]
                template = index_template(tokens, j + 1, close, params, locals_)
                if template is not None:
                    reads.append(_read_at(tokens, close + 1, template))
                elif (held := field_template(tokens, j + 1, close, params)) is not None:
                    read = _read_at(tokens, close + 1, (held[0], "", held[2]))
                    reads.append(replace(read, field=held[1]))
                elif (whole := _field_index(tokens, j + 1, close, params, fields)) is not None:
                    read = _read_at(tokens, close + 1, (whole[0], "", ""))
                    reads.append(replace(read, field=whole[1]))
                k = close
        elif (
            is_id(tokens, k)
            and tokens[k].text in known
            and is_op(tokens, k + 1, "(")
            and not is_op(tokens, k - 1, ".")
        ):
            inner = known[tokens[k].text]
            args = bracket_arguments(tokens, match, k + 1)
            for read in inner.reads:
                if read.param < len(args) and not read.field:
                    template = index_template(tokens, *args[read.param], params, locals_)
                    if template is not None:
                        param, prefix, suffix = template
                        reads.append(
                            WrapperRead(
                                param,
                                prefix + read.prefix,
                                read.suffix + suffix,
                                read.source,
                                read.default,
                                read.optional,
                            )
                        )
        k += 1
    if not reads:
        return None
    default_param = _fallback_param(tokens, fn, params, {r.param for r in reads})
    return Wrapper(tuple(params), tuple(defaults), tuple(dict.fromkeys(reads)), default_param)


def _field_locals(
    tokens: list[Token], match: dict[int, int], fn: _Function, params: list[str]
) -> dict[str, tuple[int, str]]:
    """Locals holding a property of an options parameter: a destructured parameter (`({ envKey }) =>`) or a
    destructuring of one in the body (`const { envKey: key } = options`): local -> (parameter, property)."""
    found: dict[str, tuple[int, str]] = {}
    if is_op(tokens, fn.params_open, "("):
        for place, (start, _) in enumerate(bracket_arguments(tokens, match, fn.params_open)):
            if is_op(tokens, start, "{"):
                found.update(_pattern(tokens, match, start, place))
    for k in range(fn.body_start, fn.body_end):
        if is_id(tokens, k, "const", "let", "var") and is_op(tokens, k + 1, "{") and k + 1 in match:
            close = match[k + 1]
            source = close + 2  # `const { envKey } = options` with options a parameter, the whole statement
            if (
                is_op(tokens, close + 1, "=")
                and is_id(tokens, source)
                and tokens[source].text in params
                and (
                    source + 1 >= len(tokens)
                    or is_op(tokens, source + 1, ";")
                    or tokens[source + 1].line > tokens[source].line
                )
            ):
                found.update(_pattern(tokens, match, k + 1, params.index(tokens[source].text)))
    return found


def _pattern(
    tokens: list[Token], match: dict[int, int], opener: int, place: int
) -> dict[str, tuple[int, str]]:
    """The locals an object pattern at opener binds: `{ a, b: c, d = 1 }` -> a, c, d."""
    found: dict[str, tuple[int, str]] = {}
    for start, end in bracket_arguments(tokens, match, opener):
        if not is_id(tokens, start):
            continue
        key = tokens[start].text
        local = tokens[start + 2].text if is_op(tokens, start + 1, ":") and is_id(tokens, start + 2) else key
        if end == start + 1 or is_op(tokens, start + 1, "=") or (end == start + 3 and local != key):
            found[local] = (place, key)
    return found


def _field_index(
    tokens: list[Token], start: int, end: int, params: list[str], fields: dict[str, tuple[int, str]]
) -> tuple[int, str] | None:
    """The index `opts.envKey` (a parameter's property) or a local holding one: (parameter, property)."""
    if end == start + 1 and is_id(tokens, start):
        return fields.get(tokens[start].text)
    if (
        end == start + 3
        and is_id(tokens, start)
        and is_op(tokens, start + 1, ".", "?.")
        and is_id(tokens, start + 2)
    ):
        name = tokens[start].text
        return (params.index(name), tokens[start + 2].text) if name in params else None
    return None


def _read_at(tokens: list[Token], after: int, template: tuple[int, str, str]) -> WrapperRead:
    param, prefix, suffix = template
    if suffix.upper().endswith("_FILE") and suffix.upper() == suffix:
        return WrapperRead(param, prefix, suffix, FILE_SOURCE, None, True)
    j = after
    while is_op(tokens, j, "!"):
        j += 1
    if is_op(tokens, j, "||", "??"):
        return WrapperRead(param, prefix, suffix, "javascript", literal_default(tokens, j + 1), True)
    return WrapperRead(param, prefix, suffix, "javascript", None, False)


def _fallback_param(tokens: list[Token], fn: _Function, params: list[str], named: set[int]) -> int | None:
    """The parameter the wrapper hands back when the variable is unset: used as a value (`|| fallback`,
    `?? def`, `return def`), or named like one."""
    for k in range(fn.body_start, fn.body_end):
        tok = tokens[k]
        if tok.kind != ID or tok.text not in params:
            continue
        index = params.index(tok.text)
        if index in named or is_op(tokens, k + 1, "."):
            continue
        before = tokens[k - 1]
        if (before.kind == OP or before.text == "return") and before.text in _VALUE_BEFORE:
            return index
    return next(
        (i for i, p in enumerate(params) if i not in named and p.lower().startswith(_DEFAULT_NAMES)), None
    )


def call_reads(
    wrapper: Wrapper, args: list[Argument], file: str, line: int, after: Argument | None = None
) -> list[Read]:
    """The reads one call of a wrapper makes, with the default given at the call or the parameter's own;
    else the one after the call (`getEnv("X") || "a"`, given as `after`)."""
    out: list[Read] = []
    for read in wrapper.reads:
        if read.field:  # `opts.envPrefix`: the text the call's object literal gives that property
            base = dict(args[read.param].fields).get(read.field) if read.param < len(args) else None
        elif read.param < len(args):
            base = args[read.param].literal
        else:
            base = wrapper.defaults[read.param][1]
        if base is None:
            continue
        name = read.prefix + base + read.suffix
        if not is_env_name(name):
            continue
        optional, default, computed = read.optional, read.default, False
        slot = wrapper.default_param
        if read.source != FILE_SOURCE and slot is not None:
            if slot < len(args) and (args[slot].literal is not None or args[slot].computed):
                optional, default, computed = True, args[slot].literal, args[slot].computed
            elif slot >= len(args) and wrapper.defaults[slot][0]:
                optional, default = True, wrapper.defaults[slot][1]
                computed = default is None
        if read.source != FILE_SOURCE and not optional and after is not None:
            optional, default, computed = True, after.literal, after.computed
        out.append(Read(name, file, line, optional, read.source, default=default, computed_default=computed))
    return out
