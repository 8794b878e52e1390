"""Tornado options the project sets from prefixed variables: its own walk over the environment strips a
prefix and sets the option of that name.

    # options.py
    from tornado.options import define
    define("port", default=5555, type=int)
    define("basic_auth", type=str, default=None, multiple=True)

    # command.py
    ENV_VAR_PREFIX = "FLOWER_"
    for env_var_name in filter(lambda n: n.startswith(ENV_VAR_PREFIX), os.environ):
        name = env_var_name.replace(ENV_VAR_PREFIX, "", 1).lower()
        setattr(options, name, os.environ[env_var_name])

Every option `define`d in the project is then `<PREFIX><NAME>` (upper-cased, `-` as `_`), with the
option's literal default. The walk is a module naming `os.environ` and tornado's `options` that tests a
name with `startswith(P)` (P a literal prefix ending in `_`, or a module constant holding one).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_nodes import constant_text
from secretguard.inventory.discover.python_project import parse_module

SOURCE = "tornado-options"
_TORNADO = "tornado.options"
_STARTSWITH = re.compile(r"""\.startswith\(\s*(?:(["'])([A-Z][A-Z0-9]*_)\1|([A-Za-z_]\w*))\s*\)""")


def tornado_option_reads(files: Sequence[tuple[str, str]]) -> list[Read]:
    if not any(_TORNADO in text for _, text in files):
        return []
    prefixes = sorted({p for _, text in files for p in _walk_prefixes(text)})
    if not prefixes:
        return []
    out: list[Read] = []
    for rel, text in files:
        if _TORNADO not in text or "define(" not in text:
            continue
        tree = parse_module(text, rel)
        constants = _constants(tree) if tree is not None else {}
        for node in ast.walk(tree) if tree is not None else ():
            option = _define(node, constants)
            if option is None:
                continue
            name, default = option
            for prefix in prefixes:
                var = prefix + re.sub(r"[^0-9A-Za-z]+", "_", name).upper()
                if is_env_name(var):
                    out.append(Read(var, rel, getattr(node, "lineno", 1), True, SOURCE, default=default))
    return out


def _walk_prefixes(text: str) -> set[str]:
    """The prefixes a module walking the environment into tornado's options tests names against."""
    if "os.environ" not in text or "options" not in text:
        return set()
    found: set[str] = set()
    for match in _STARTSWITH.finditer(text):
        if match.group(2):
            found.add(match.group(2))
        elif match.group(3):
            held = re.search(rf"""(?m)^{re.escape(match.group(3))}\s*=\s*(["'])([A-Z][A-Z0-9]*_)\1""", text)
            if held is not None:
                found.add(held.group(2))
    return found


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level names assigned once (`DEFAULT_CONFIG_FILE = "flowerconfig.py"`)."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
    return found


def _define(node: ast.AST, constants: dict[str, ast.expr]) -> tuple[str, str | None] | None:
    """`define("port", default=5555, ...)`: the option's name and literal default."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
        return None
    callee = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
    if callee != "define" or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None
    given = next((k.value for k in node.keywords if k.arg == "default"), None)
    if given is None and len(node.args) > 1:
        given = node.args[1]
    if isinstance(given, ast.Name):
        given = constants.get(given.id)
    return first.value, _literal(given)


def _literal(node: ast.expr | None) -> str | None:
    return constant_text(node) or None  # an empty string is no default
    value = node.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value) if not isinstance(value, str) else value or None
    return None
