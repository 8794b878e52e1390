"""Placeholder syntaxes a Python app fills from the environment: `re.sub(r"\\$\\{(\\w+)\\}", lambda m:
os.environ[m.group(1)], text)`, or the same through a compiled pattern (`PATTERN.sub(lambda m: ...)`, the
pattern a module-level `PATTERN = re.compile(r"...")`). The lambda's `os.environ[m.group(n)]`,
`os.environ.get(m.group(n), m.group(k))` or `os.getenv(m.group(n))` names group n as the variable's name and
group k as its default (js_placeholders.py reads the config files with these syntaxes)."""

from __future__ import annotations

import ast
import re

from secretguard.inventory.discover.python_walk import walk

# A syntax: the pattern, the group holding the name, the group holding the default (None: no default).
PySyntax = tuple[re.Pattern[str], int, int | None]


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _group(node: ast.AST, match: str) -> int | None:
    """`m.group(2)` (or `m[2]`) of the lambda's match argument: 2."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "group"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == match
        and len(node.args) == 1
    ):
        index = node.args[0]
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == match:
        index = node.slice
    else:
        return None
    value = index.value if isinstance(index, ast.Constant) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _method(node: ast.AST, *names: str) -> ast.expr | None:
    """The object of a call `obj.name(...)` to one of the names (None for any other node)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
        return node.func.value
    return None


def _os(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def _environ(node: ast.AST) -> bool:
    """`os.environ` (or `environ` imported from os)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _env_groups(body: ast.AST, match: str) -> tuple[int, int | None] | None:
    """The groups the lambda's environment read uses as the name and as the default."""
    for node in ast.walk(body):
        if isinstance(node, ast.Subscript) and _environ(node.value):
            name = _group(node.slice, match)
            if name is not None:
                return name, None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            getter = (node.func.attr == "get" and _environ(node.func.value)) or (
                node.func.attr == "getenv"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "os"
            )
            name = _group(node.args[0], match) if getter else None
            if name is not None:
                default = _group(node.args[1], match) if len(node.args) > 1 else None
                return name, default
    return None


def _compiled(tree: ast.Module) -> dict[str, tuple[str, int]]:
    """Module-level `NAME = re.compile(r"...", flags)`: the pattern text and its flags."""
    out: dict[str, tuple[str, int]] = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            continue
        call, target = stmt.value, stmt.targets[0]
        if (
            isinstance(target, ast.Name)
            and isinstance(call, ast.Call)
            and _method(call, "compile") is not None
        ):
            text = _string(call.args[0]) if call.args else None
            if text is not None:
                out[target.id] = (text, _flags(call.args[1] if len(call.args) > 1 else None))
    return out


def _flags(node: ast.AST | None) -> int:
    names = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)} if node is not None else set()
    flags = 0
    for attr, flag in (("I", re.I), ("IGNORECASE", re.I), ("M", re.M), ("MULTILINE", re.M), ("S", re.S)):
        if attr in names:
            flags |= flag
    return flags


# `${VAR}` / `${VAR:default}` (`${A,B:default}`: the first name) in YAML a PyYAML loader resolves itself
_YAML_ENV_TAG = re.compile(r"\$\{\s*([A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)*\s*(?::([^}]*))?\}")


def python_syntaxes(text: str) -> list[PySyntax]:
    r"""The placeholder syntaxes a Python file fills from the environment with `re.sub` / `PATTERN.sub`, or
    through a PyYAML implicit resolver whose constructor reads the environment (`loader.add_implicit_resolver(
    "env_var_replacer", re.compile(r"\$\{...}"), None)` with `add_constructor` over `os.environ`)."""
    if "environ" not in text and "getenv" not in text:
        return []
    out: list[PySyntax] = []
    if "add_implicit_resolver" in text and "add_constructor" in text and "${" in text:
        out.append((_YAML_ENV_TAG, 1, 2))
    # the replacement is a lambda: a file without one is not parsed (big modules cost the most)
    if ".sub(" not in text or "lambda" not in text:
        return out
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return out
    compiled = _compiled(tree)
    for node in walk(tree):
        if not (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "sub"
        ):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id == "re" and len(node.args) >= 2:
            source, flags, replacement = _string(node.args[0]), 0, node.args[1]
        elif isinstance(owner, ast.Name) and owner.id in compiled and node.args:
            (source, flags), replacement = compiled[owner.id], node.args[0]
        else:
            continue
        if source is None or not isinstance(replacement, ast.Lambda) or len(replacement.args.args) != 1:
            continue
        groups = _env_groups(replacement.body, replacement.args.args[0].arg)
        if groups is None:
            continue
        try:
            pattern = re.compile(source, flags)
        except re.error:
            continue
        if groups[0] <= pattern.groups:
            default = groups[1] if groups[1] is not None and groups[1] <= pattern.groups else None
            out.append((pattern, groups[0], default))
    return out
