"""Elixir: `System.get_env("X")` (nil when unset: a place with no default), `System.get_env("X", "lit")` and
`System.get_env("X") || "lit"` (the literal is the default), `System.fetch_env!("X")` (raises when unset:
required) and `System.fetch_env("X")` (`{:ok, v}` or `:error`: handled).

When a read runs decides its scope. `config/runtime.exs` runs at every start of a release: runtime. The other
config files (`config.exs`, `prod.exs`) are evaluated when the release is compiled: build; `dev.exs` and
`test.exs` are the developer's and the tests'. `mix.exs` is the build tool's. A module attribute
(`@timeout System.get_env("X")`) is evaluated at compile time too: build.
"""

from __future__ import annotations

from dataclasses import replace

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.lexer import ELIXIR, NUM, STR, Token, is_id, is_op, literal, tokenize

TRIGGERS = ("System.",)
_READERS = frozenset({"get_env", "fetch_env", "fetch_env!"})
# Config files by name: when Mix evaluates them.
_CONFIG_SCOPES = {"dev.exs": "dev", "test.exs": "test"}


def discover_elixir(text: str, file: str) -> list[Read]:
    if "System." not in text:
        return []
    tokens = tokenize(text, ELIXIR)
    place = _file_scope(file)
    reads: list[Read] = []
    for i in range(len(tokens)):
        read = _read_at(tokens, i, file)
        if read is None:
            continue
        scope = "build" if _in_attribute(tokens, i) else place
        if scope is not None and scope_of_read(read) == "runtime":
            read = replace(read, scope=scope)
        reads.append(read)
    return reads


def _read_at(tokens: list[Token], i: int, file: str) -> Read | None:
    if not (is_id(tokens, i, "System") and is_op(tokens, i + 1, ".") and is_id(tokens, i + 2)):
        return None
    function = tokens[i + 2].text
    at = i + 3
    if is_op(tokens, at, "!"):  # `fetch_env!`: the lexer may split the bang off the name
        function += "!"
        at += 1
    if function not in _READERS or not is_op(tokens, at, "("):
        return None
    name = literal(tokens, at + 1)
    if name is None or not is_env_name(name):
        return None
    line = tokens[i].line
    if function == "fetch_env!":
        return Read(name, file, line, False, "elixir")
    if function == "fetch_env":
        return Read(name, file, line, True, "elixir")
    if is_op(tokens, at + 2, ","):  # `System.get_env("X", default)`
        default = _plain(tokens, at + 3) if is_op(tokens, at + 4, ")") else None
        return Read(name, file, line, True, "elixir", default=default, computed_default=default is None)
    if is_op(tokens, at + 2, ")") and is_op(tokens, at + 3, "||"):  # `System.get_env("X") || "lit"`
        default = _plain(tokens, at + 4)
        return Read(name, file, line, True, "elixir", default=default, computed_default=default is None)
    return Read(name, file, line, True, "elixir")  # nil when unset: the code copes


def _plain(tokens: list[Token], i: int) -> str | None:
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.kind == STR and not tok.interpolated:
        return tok.text or None  # `""`: handled, no default worth naming
    if tok.kind == NUM:
        return tok.text
    if is_id(tokens, i, "true", "false"):
        return tok.text
    return None


def _in_attribute(tokens: list[Token], i: int) -> bool:
    """The read is the value of a module attribute: `@name System.get_env(...)` on its line."""
    line = tokens[i].line
    k = i - 1
    while k >= 0 and tokens[k].line == line:
        k -= 1
    first = k + 1
    return first + 1 < i and is_op(tokens, first, "@") and is_id(tokens, first + 1)


def _file_scope(file: str) -> str | None:
    """The scope a file's reads have by when Mix evaluates it (None: as its place says)."""
    parts = file.split("/")
    base = parts[-1]
    if base == "mix.exs":
        return "build"
    if len(parts) >= 2 and parts[-2] == "config" and base.endswith(".exs") and base != "runtime.exs":
        return _CONFIG_SCOPES.get(base, "build")
    return None
