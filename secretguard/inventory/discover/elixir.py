"""Elixir: `System.get_env("X")` (nil when unset: a place with no default), `System.get_env("X", "lit")` and
`System.get_env("X") || "lit"` (the literal is the default), `System.fetch_env!("X")` (raises when unset:
required) and `System.fetch_env("X")` (`{:ok, v}` or `:error`: handled).

When a read runs decides its scope. `config/runtime.exs` runs at every start of a release: runtime. The other
config files (`config.exs`, `prod.exs`) are evaluated when the release is compiled: build; `dev.exs` and
`test.exs` are the developer's and the tests'. `mix.exs` is the build tool's. A module attribute
(`@timeout System.get_env("X")`) and the options of a `use` (`use Cldr, data_dir: System.get_env("X")`: the
macro runs in the compiler) are evaluated at compile time too: build.
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
    attributes = attribute_literals(tokens)
    reads: list[Read] = []
    for i in range(len(tokens)):
        read = _read_at(tokens, i, file, attributes)
        if read is None:
            continue
        scope = call_scope(tokens, i, file)
        if scope is not None and scope_of_read(read) == "runtime":
            read = replace(read, scope=scope)
        reads.append(read)
    return reads


def call_scope(tokens: list[Token], i: int, file: str) -> str | None:
    """The scope of a read at i by when it is evaluated (None: as its place says)."""
    if _in_attribute(tokens, i) or _in_use(tokens, i):
        return "build"
    return _file_scope(file)


def attribute_literals(tokens: list[Token]) -> dict[str, str]:
    """Module attributes set to a literal (`@asleep_interval 30`), by name: a default may name one."""
    out: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != "op" or tok.text != "@" or not is_id(tokens, i + 1):
            continue
        if i > 0 and tokens[i - 1].line == tok.line:
            continue  # `@x` used inside an expression, not set at a line's start
        value = _plain(tokens, i + 2)
        alone = i + 3 >= len(tokens) or tokens[i + 3].line != tok.line  # nothing after the literal
        if value is not None and tokens[i + 2].line == tok.line and alone and tokens[i + 1].text not in out:
            out[tokens[i + 1].text] = value
    return out


def _read_at(tokens: list[Token], i: int, file: str, attributes: dict[str, str]) -> Read | None:
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
    if is_op(tokens, at + 2, ","):  # `System.get_env("X", default)`, also `System.get_env("X", @default)`
        default = _plain(tokens, at + 3) if is_op(tokens, at + 4, ")") else None
        if is_op(tokens, at + 3, "@") and is_id(tokens, at + 4) and is_op(tokens, at + 5, ")"):
            default = attributes.get(tokens[at + 4].text)
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


# What keeps a `use` statement's options going onto the next line.
_CONTINUES = frozenset({",", ":", "==", "!=", "||", "&&", "|>", "=", "->", "<>", "++", "(", "[", "{"})
_CONTINUING_WORDS = frozenset({"and", "or", "not", "when", "in"})


def _in_use(tokens: list[Token], i: int) -> bool:
    """The read is among the options of a `use Module, ...` statement (the macro runs at compile time)."""
    depth = 0
    k = i - 1
    while k >= 0:
        tok = tokens[k]
        if tok.kind == "op" and tok.text in (")", "]", "}"):
            depth += 1
        elif tok.kind == "op" and tok.text in ("(", "[", "{"):
            depth -= 1
        elif is_id(tokens, k, "use") and depth <= 0 and (k == 0 or tokens[k - 1].line != tok.line):
            return True
        if depth <= 0 and k > 0 and tokens[k - 1].line != tok.line and not _continues(tokens, k - 1):
            return False  # the statement starts on this line, and it is no `use`
        k -= 1
    return False


def _continues(tokens: list[Token], k: int) -> bool:
    tok = tokens[k]
    if tok.kind == "op":
        return tok.text in _CONTINUES
    return tok.kind == "id" and tok.text in _CONTINUING_WORDS


def _file_scope(file: str) -> str | None:
    """The scope a file's reads have by when Mix evaluates it (None: as its place says)."""
    parts = file.split("/")
    base = parts[-1]
    if base == "mix.exs":
        return "build"
    if len(parts) >= 2 and parts[-2] == "config" and base.endswith(".exs") and base != "runtime.exs":
        return _CONFIG_SCOPES.get(base, "build")
    return None
