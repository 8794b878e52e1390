"""Elixir: the project's own functions that read the variable their parameter names, and their calls with a
literal name.

    def interval(env_var, default) do                      interval("POLLING_INTERVAL", 15)
      case System.get_env(env_var) do nil -> default ...    -> optional, default "15"
    def get_env(name, defaults \\\\ []),                      Util.get_env("PORT", prod: "4000", test: "4002")
      do: System.get_env(name, defaults[config_env()])      -> optional, default "4000" (the :prod entry)
    def fetch_env!(name, defaults) do                       Util.fetch_env!("DATABASE_USER", all: "postgres")
      case config_env() do :prod -> System.fetch_env!(name) -> required: a release runs in :prod

A default is the call's argument at the parameter the wrapper falls back to (`System.get_env(name, default)`,
or a `nil -> default` branch); a keyword list indexed by `config_env()` gives its `prod:` entry (else `all:`).
A release runs in :prod, so a wrapper that raises there (`System.fetch_env!`) makes the variable required.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.elixir import attribute_literals, call_scope
from secretguard.inventory.discover.lexer import (
    ELIXIR,
    NUM,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    split_arguments,
    tokenize,
)

_READERS = frozenset({"get_env", "fetch_env", "fetch_env!"})
# Keyword keys of a per-environment defaults list, in the order a release (:prod) takes them.
_RELEASE_KEYS = ("prod", "all")
_OPENERS = frozenset({"do", "fn"})


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A function reading the variable its parameter at `param` names."""

    param: int
    required: bool  # raises when unset (in :prod)
    fallback: int | None  # the parameter holding the default
    per_env: bool  # that parameter is a keyword list indexed by config_env()


@dataclass
class _Module:
    name: str  # the last segment: `Util`, `Vehicle`
    functions: dict[str, Wrapper] = field(default_factory=dict)


class ElixirProject:
    """Wrappers are defined anywhere and called anywhere: calls are matched once every file is seen."""

    def __init__(self) -> None:
        self._files: list[tuple[str, str]] = []
        self._wrappers: dict[str, dict[str, Wrapper]] = {}  # module's last segment -> function -> wrapper
        self._local: dict[str, dict[str, Wrapper]] = {}  # file -> its own wrappers (bare calls)

    def add(self, text: str, file: str) -> None:
        self._files.append((file, text))
        if "System." not in text:
            return
        tokens = tokenize(text, ELIXIR)
        for module in _wrappers_in(tokens):
            if module.functions:
                self._wrappers.setdefault(module.name, {}).update(module.functions)
                self._local.setdefault(file, {}).update(module.functions)

    def finish(self) -> list[Read]:
        if not self._wrappers:
            return []
        names = set().union(*(set(fns) for fns in self._wrappers.values()))
        reads: list[Read] = []
        for file, text in self._files:
            if not any(name in text for name in names):
                continue
            tokens = tokenize(text, ELIXIR)
            reads.extend(self._calls(tokens, file))
        return reads

    def _calls(self, tokens: list[Token], file: str) -> list[Read]:
        match = bracket_pairs(tokens)
        attributes = attribute_literals(tokens)
        local = self._local.get(file, {})
        out: list[Read] = []
        for i, tok in enumerate(tokens):
            if tok.kind != "id":
                continue
            wrapper, open_ = self._callee(tokens, i, local)
            if wrapper is None or open_ not in match:
                continue
            args = split_arguments(tokens, open_, match[open_])
            if wrapper.param >= len(args):
                continue
            start, end = args[wrapper.param]
            name = literal(tokens, start) if end == start + 1 else None
            if name is None or not is_env_name(name):
                continue
            read = _read(tokens, args, wrapper, attributes, name, file, tok.line)
            scope = call_scope(tokens, i, file)
            if scope is not None and scope_of_read(read) == "runtime":
                read = replace(read, scope=scope)
            out.append(read)
        return out

    def _callee(self, tokens: list[Token], i: int, local: dict[str, Wrapper]) -> tuple[Wrapper | None, int]:
        """The wrapper a call at i names (`Util.get_env(` or a bare `interval(` of the same file)."""
        if is_op(tokens, i + 1, ".") and is_id(tokens, i + 2):
            module = self._wrappers.get(tokens[i].text)
            function, after = _function_name(tokens, i + 2)
            if module is None or function not in module or not is_op(tokens, after, "("):
                return None, -1
            return module[function], after
        if is_op(tokens, i - 1, ".") or is_id(tokens, i - 1, "def", "defp"):
            return None, -1
        function, after = _function_name(tokens, i)
        if function not in local or not is_op(tokens, after, "("):
            return None, -1
        return local[function], after


def _read(
    tokens: list[Token],
    args: list[tuple[int, int]],
    wrapper: Wrapper,
    attributes: dict[str, str],
    name: str,
    file: str,
    line: int,
) -> Read:
    if wrapper.required:
        return Read(name, file, line, False, "elixir")
    if wrapper.fallback is None or wrapper.fallback >= len(args):
        return Read(name, file, line, True, "elixir")
    start, end = args[wrapper.fallback]
    if wrapper.per_env:
        default = _keyword_default(tokens, start, end, attributes)
    else:
        default = _value(tokens, start, end, attributes)
    return Read(name, file, line, True, "elixir", default=default, computed_default=default is None)


def _keyword_default(tokens: list[Token], start: int, end: int, attributes: dict[str, str]) -> str | None:
    """The :prod (else :all) entry of a keyword list argument (`prod: "4000", test: "4002"`)."""
    if is_op(tokens, start, "[") and is_op(tokens, end - 1, "]"):
        start, end = start + 1, end - 1
    entries: dict[str, tuple[int, int]] = {}
    for a, b in split_arguments(tokens, start - 1, end):
        if is_id(tokens, a) and is_op(tokens, a + 1, ":"):
            entries[tokens[a].text] = (a + 2, b)
    for key in _RELEASE_KEYS:
        if key in entries:
            return _value(tokens, *entries[key], attributes)
    return None


def _value(tokens: list[Token], start: int, end: int, attributes: dict[str, str]) -> str | None:
    if end == start + 2 and is_op(tokens, start, "@") and is_id(tokens, start + 1):
        return attributes.get(tokens[start + 1].text)
    if end != start + 1:
        return None
    tok = tokens[start]
    if tok.kind == STR and not tok.interpolated:
        return tok.text or None
    if tok.kind == NUM or is_id(tokens, start, "true", "false"):
        return tok.text
    return None


def _function_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """A function's name at i with its `!`/`?` (the lexer splits it off), and the index after it."""
    if is_op(tokens, i + 1, "!", "?"):
        return tokens[i].text + tokens[i + 1].text, i + 2
    return tokens[i].text, i + 1


def _wrappers_in(tokens: list[Token]) -> list[_Module]:
    match = bracket_pairs(tokens)
    modules: list[_Module] = []
    current = _Module("")
    for i, tok in enumerate(tokens):
        if tok.kind != "id":
            continue
        if tok.text == "defmodule":
            current = _Module(_module_name(tokens, i + 1))
            modules.append(current)
        elif tok.text in ("def", "defp") and is_id(tokens, i + 1):
            name, open_ = _function_name(tokens, i + 1)
            if not is_op(tokens, open_, "(") or open_ not in match:
                continue
            params = [_param(tokens, a, b) for a, b in split_arguments(tokens, open_, match[open_])]
            body = _body(tokens, match[open_] + 1)
            wrapper = _wrapper(tokens, params, *body) if body is not None else None
            if wrapper is not None and name not in current.functions:
                current.functions[name] = wrapper
    if not modules and current.functions:
        modules.append(current)
    return modules


def _module_name(tokens: list[Token], i: int) -> str:
    last = ""
    while is_id(tokens, i):
        last = tokens[i].text
        if not is_op(tokens, i + 1, "."):
            break
        i += 2
    return last


def _param(tokens: list[Token], start: int, end: int) -> str | None:
    """A plain parameter's name (`name`, `defaults \\\\ []`); a pattern has none."""
    plain = is_id(tokens, start) and (end == start + 1 or is_op(tokens, start + 1, "\\"))
    return tokens[start].text if plain else None


def _body(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The token span of a function body after its parameters: `do ... end`, or `, do: ...` to the line's
    end."""
    while k < len(tokens) and not is_id(tokens, k, "do"):
        if is_id(tokens, k, "def", "defp", "end"):
            return None
        k += 1
    if k >= len(tokens):
        return None
    if is_op(tokens, k + 1, ":"):  # `, do: expression`: one line, or brackets spanning more
        line = tokens[k].line
        end = k + 2
        depth = 0
        while end < len(tokens) and (depth > 0 or tokens[end].line == line):
            if tokens[end].kind == "op" and tokens[end].text in ("(", "[", "{"):
                depth += 1
            elif tokens[end].kind == "op" and tokens[end].text in (")", "]", "}"):
                depth -= 1
            end += 1
        return k + 2, end
    depth = 1
    end = k + 1
    while end < len(tokens) and depth:
        if tokens[end].kind == "id" and not is_op(tokens, end + 1, ":"):
            if tokens[end].text in _OPENERS:
                depth += 1
            elif tokens[end].text == "end":
                depth -= 1
        end += 1
    return k + 1, end


def _wrapper(tokens: list[Token], params: list[str | None], start: int, end: int) -> Wrapper | None:
    named = {p: n for n, p in enumerate(params) if p is not None}
    if not named:
        return None
    read_param: int | None = None
    required = False
    fallback: int | None = None
    per_env = False
    for i in range(start, end):
        if not (is_id(tokens, i, "System") and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2)):
            if _nil_branch(tokens, i) and tokens[i + 2].text in named:
                fallback = named[tokens[i + 2].text]  # `nil -> default`
            continue
        function, at = _function_name(tokens, i + 2)
        if function not in _READERS or not is_op(tokens, at, "(") or not is_id(tokens, at + 1):
            continue
        param = named.get(tokens[at + 1].text)
        if param is None or not is_op(tokens, at + 2, ")", ","):
            continue
        read_param = param
        if function == "fetch_env!":
            required = True
        elif is_op(tokens, at + 2, ",") and is_id(tokens, at + 3) and tokens[at + 3].text in named:
            fallback = named[tokens[at + 3].text]
            per_env = is_op(tokens, at + 4, "[")  # `defaults[config_env()]`
    if read_param is None or fallback == read_param:
        return None
    return Wrapper(read_param, required, fallback, per_env)


def _nil_branch(tokens: list[Token], i: int) -> bool:
    """`nil -> name` at i: a branch giving a parameter as it is when the variable is unset."""
    return (
        is_id(tokens, i, "nil")
        and is_op(tokens, i + 1, "->")
        and is_id(tokens, i + 2)
        and not is_op(tokens, i + 3, "(", ".")
    )
