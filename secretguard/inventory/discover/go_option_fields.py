"""Go: a package of the project's own that keeps a variable's name in a struct field, set by an option
function and read later with `os.Getenv(x.field)` (a flag package's functional options):

    // pkg/cli/flag.go
    func EnvVar(envVar string) FlagOption {
        return func(f *baseFlag) { f.envVar = envVar }
    }
    func (f *baseFlag) resolve() {
        if v := os.Getenv(f.envVar); v != "" { ... }
    }

    // cmd/run.go
    cli.String("config", "Path to a TOML config", cli.Default("unkey.toml"), cli.EnvVar("UNKEY_CONFIG"))

Each call of the option function with a literal (`cli.EnvVar("UNKEY_CONFIG")`, or unqualified inside its
package) reads that variable; a sibling argument `cli.Default("unkey.toml")` of the same call gives its
default. The option function is one of the package whose only (string) parameter is assigned to a field the
package reads through `os.Getenv`/`os.LookupEnv`.

The field may also be set in a composite literal (Boundary's flag helpers), when its name says it holds a
variable's name (`EnvVar`, `EnvName`):

    f.StringVar(&base.StringVar{Name: "style", EnvVar: "BOUNDARY_CONNECT_POSTGRES_STYLE", Default: "psql"})

A literal or a constant given to the field is the variable; the literal's `Default:` field its default.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_environ import functions
from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal, split_arguments

SOURCE = "go"
_FIELD_READ = re.compile(r"\bos\s*\.\s*(?:Getenv|LookupEnv)\s*\(\s*\w+\s*\.\s*(\w+)\s*\)")

FileTokens = Callable[[str], tuple[list[Token], dict[int, int]]]
Constant = Callable[[str, str | None, str], str | None]  # (folder, qualifier, name) -> its string


def option_field_reads(
    texts: dict[str, str],
    file_tokens: FileTokens,
    package_folders: Callable[[str], list[str]],
    constant: Constant,
) -> list[Read]:
    fields = _read_fields(texts)
    out = _literal_fields(texts, file_tokens, fields, constant)
    setters = _setters(texts, file_tokens, fields)
    if not setters:
        return out
    names = {name for name, _ in setters}
    for file, text in texts.items():
        if not any(f"{name}(" in text for name in names):
            continue
        tokens, match = file_tokens(file)
        folder = posixpath.dirname(file)
        for i in range(1, len(tokens) - 2):
            if not (is_id(tokens, i) and tokens[i].text in names and is_op(tokens, i + 1, "(")):
                continue
            qualified = is_op(tokens, i - 1, ".") and is_id(tokens, i - 2)
            if is_id(tokens, i - 1, "func"):
                continue  # its definition
            home = {f for n, f in setters if n == tokens[i].text}
            if qualified and not home.intersection(package_folders(tokens[i - 2].text)):
                continue
            if not qualified and folder not in home:
                continue
            name = literal(tokens, i + 2) if is_op(tokens, i + 3, ")") else None
            if not name or not is_env_name(name):
                continue
            default = _sibling_default(tokens, match, i - 2 if qualified else i)
            out.append(Read(name, file, tokens[i].line, default is not None, SOURCE, default=default))
    return out


def _read_fields(texts: dict[str, str]) -> dict[str, set[str]]:
    """Folder -> the struct fields its code reads the environment by (`os.Getenv(f.envVar)`)."""
    fields: dict[str, set[str]] = {}
    for file, text in texts.items():
        if file.endswith(".go") and not file.endswith("_test.go"):
            for found in _FIELD_READ.finditer(text):
                fields.setdefault(posixpath.dirname(file), set()).add(found.group(1))
    return fields


def _literal_fields(
    texts: dict[str, str], file_tokens: FileTokens, fields: dict[str, set[str]], constant: Constant
) -> list[Read]:
    """`&base.StringVar{..., EnvVar: "X", Default: "d"}`: X, with d its default."""
    named = {f for names in fields.values() for f in names if "env" in f.lower() and f[:1].isupper()}
    if not named:
        return []
    out: list[Read] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or not any(f"{f}:" in text for f in named):
            continue
        tokens, match = file_tokens(file)
        folder = posixpath.dirname(file)
        for i in range(len(tokens) - 2):
            if not (is_id(tokens, i) and tokens[i].text in named and is_op(tokens, i + 1, ":")):
                continue
            name = _name_at(tokens, i + 2, folder, constant)
            if name is None or not is_env_name(name):
                continue
            default = _field_default(tokens, match, i)
            out.append(Read(name, file, tokens[i].line, default is not None, SOURCE, default=default))
    return out


def _name_at(tokens: list[Token], k: int, folder: str, constant: Constant) -> str | None:
    """A literal at k, or the constant `Name` / `pkg.Name` it names, if the value ends there."""
    if literal(tokens, k) is not None and is_op(tokens, k + 1, ",", "}"):
        return literal(tokens, k)
    if is_id(tokens, k) and is_op(tokens, k + 1, ",", "}"):
        return constant(folder, None, tokens[k].text)
    if (
        is_id(tokens, k)
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2)
        and is_op(tokens, k + 3, ",", "}")
    ):
        return constant(folder, tokens[k].text, tokens[k + 2].text)
    return None


def _field_default(tokens: list[Token], match: dict[int, int], at: int) -> str | None:
    """The `Default: "x"` field of the composite literal the field at `at` is in."""
    k = _enclosing_open(tokens, at)
    if not is_op(tokens, k, "{") or k not in match:
        return None
    for start, end in split_arguments(tokens, k, match[k]):
        if is_id(tokens, start, "Default") and is_op(tokens, start + 1, ":") and end - start == 3:
            return literal(tokens, start + 2) or None
    return None


def _setters(
    texts: dict[str, str], file_tokens: FileTokens, fields: dict[str, set[str]]
) -> set[tuple[str, str]]:
    """(function name, folder) of the option functions: one string parameter, assigned to a field the
    package reads the environment by."""
    out: set[tuple[str, str]] = set()
    for file in texts:
        folder = posixpath.dirname(file)
        if folder not in fields or file.endswith("_test.go"):
            continue
        tokens, match = file_tokens(file)
        for name, func in functions(tokens, match, file).items():
            if func.method or len(func.params) != 1:
                continue
            param = func.params[0]
            start, end = func.body
            for k in range(start, end - 3):
                if (
                    is_op(tokens, k, ".")
                    and is_id(tokens, k + 1)
                    and tokens[k + 1].text in fields[folder]
                    and is_op(tokens, k + 2, "=")
                    and is_id(tokens, k + 3, param)
                ):
                    out.add((name, folder))
                    break
    return out


def _sibling_default(tokens: list[Token], match: dict[int, int], at: int) -> str | None:
    """`cli.Default("x")` among the arguments of the call the option call at `at` is an argument of."""
    k = _enclosing_open(tokens, at)
    if not is_op(tokens, k, "(") or k not in match:
        return None
    for start, end in split_arguments(tokens, k, match[k]):
        j = start + 2 if is_id(tokens, start) and is_op(tokens, start + 1, ".") else start
        if is_id(tokens, j, "Default") and is_op(tokens, j + 1, "(") and end - j == 4:
            value = literal(tokens, j + 2)
            return value or None
    return None


def _enclosing_open(tokens: list[Token], at: int) -> int:
    """The index of the bracket that opens the innermost group around token `at` (0 when none)."""
    depth = 0
    k = at - 1
    while k > 0:
        if is_op(tokens, k, ")", "]", "}"):
            depth += 1
        elif is_op(tokens, k, "(", "[", "{"):
            if depth == 0:
                return k
            depth -= 1
        k -= 1
    return 0
