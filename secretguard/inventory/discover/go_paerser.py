"""traefik's paerser (`github.com/traefik/paerser/env` and its forks): `env.Decode(vars, "APP_", cfg)` fills a
configuration struct from every variable whose name is the prefix and the path of a field, each field's Go
name upper-cased and joined by `_` (`AppURL` -> `APP_APPURL`, `Ldap.BindPassword` -> `APP_LDAP_BINDPASSWORD`).
No tags name them. A map field (`Apps map[string]App`) is keyed by names the operator picks, and a list of
structs by index: neither has one fixed name, so neither is listed; a list of plain values is one
comma-separated variable. The decoder leaves a field alone when its variable is unset, so the value the
configuration's constructor gives it (`func NewDefaultConfiguration() *Config { return &Config{...} }`) is
its default.

The struct is the decoder's third argument, followed through the usual shapes: a local set from a
constructor (`cfg := config.NewDefaultConfiguration()`), or paerser's `cli.Command{Configuration: cfg}`
handed on as `cmd.Configuration`; when several commands hand their own (a `create-user` command's options),
the one named `Config` or `Configuration` is the application's.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_DECODE = re.compile(r"\benv\.(?:Decode|FindPrefixedEnvVars)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_IMPORT = re.compile(r'"[^"]*/paerser/env"')
_IDENT = re.compile(r"^&?(?:(\w+)\.)?(\w+)$")


@dataclass(frozen=True, slots=True)
class PaerserRoot:
    prefix: str
    folder: str  # the folder declaring the configuration struct
    type_name: str


def paerser_roots(texts: dict[str, str]) -> list[PaerserRoot]:
    """Every configuration struct a paerser env decoder fills, with its prefix."""
    out: list[PaerserRoot] = []
    for file, text in texts.items():
        if "paerser/env" not in text or _IMPORT.search(text) is None or file.endswith("_test.go"):
            continue
        for call in _DECODE.finditer(text):
            args = [a.strip() for a in call.group(1).split(",")]
            if len(args) != 3:
                continue
            prefix = _string(args[1], texts)
            type_name = _target_type(args[2], text, texts)
            folder = _type_folder(type_name, texts) if type_name else None
            root = PaerserRoot(prefix, folder, type_name) if prefix and folder and type_name else None
            if root is not None and root not in out:
                out.append(root)
    return out


def _string(arg: str, texts: dict[str, str]) -> str | None:
    """A literal, or a constant of the project (`config.DefaultNamePrefix`)."""
    if arg.startswith('"') and arg.endswith('"') and len(arg) >= 2:
        return arg[1:-1]
    found = _IDENT.match(arg)
    if found is None:
        return None
    declared = re.compile(
        rf"(?m)^\s*(?:const\s+)?{re.escape(found.group(2))}\s*(?:string\s*)?=\s*\"([^\"]*)\""
    )
    values = {m.group(1) for text in texts.values() for m in declared.finditer(text)}
    return values.pop() if len(values) == 1 else None


def _target_type(arg: str, text: str, texts: dict[str, str]) -> str | None:
    """The configuration type the decoder's third argument holds."""
    found = _IDENT.match(arg)
    if found is None:
        return None
    owner, name = found.group(1), found.group(2)
    variables: set[str] = set()
    if owner is not None and name == "Configuration":  # paerser/cli: `cli.Command{Configuration: cfg}`
        assigned = re.compile(r"\bConfiguration:\s*(\w+)\s*,")
        variables = {m.group(1) for t in texts.values() for m in assigned.finditer(t)} - {"nil"}
        sources = list(texts.values())
    else:
        variables = {name}
        sources = [text]
    types: set[str] = set()
    for variable in variables:
        made = re.compile(rf"\b{re.escape(variable)}\s*:?=\s*&?(?:\w+\.)?(\w+)\s*[({{]")
        for source in sources:
            for m in made.finditer(source):
                types.add(_result_type(m.group(1), texts) or m.group(1))
    if len(types) > 1:  # several commands' configurations: the application's own, by its name
        types &= _APP_CONFIGS
    return types.pop() if len(types) == 1 else None


_APP_CONFIGS = frozenset({"Config", "Configuration"})


def _result_type(function: str, texts: dict[str, str]) -> str | None:
    """`func NewDefaultConfiguration() *Config`: Config."""
    declared = re.compile(rf"\bfunc\s+{re.escape(function)}\s*\([^)]*\)\s*\*?(?:\w+\.)?(\w+)")
    found = {m.group(1) for t in texts.values() for m in declared.finditer(t)}
    return found.pop() if len(found) == 1 else None


def _type_folder(type_name: str, texts: dict[str, str]) -> str | None:
    declared = re.compile(rf"(?m)^type\s+{re.escape(type_name)}\s+struct\b")
    folders = {
        posixpath.dirname(f) for f, t in texts.items() if declared.search(t) and not f.endswith("_test.go")
    }
    return folders.pop() if len(folders) == 1 else None


def field_kind(line: str, name: str, structs: set[str]) -> str:
    """How a field declared on this source line maps to variables: "skip" (a map, a list of structs),
    "leaf" (one variable) or "struct" (its fields below)."""
    found = re.search(rf"\b{re.escape(name)}\s+(\S+)", line)
    kind = found.group(1) if found else ""
    if kind.startswith("map["):
        return "skip"
    if kind.startswith("[]"):
        return "skip" if kind[2:].lstrip("*") in structs else "leaf"
    return "struct" if kind.lstrip("*") in structs else "leaf"
