"""Small questions about Python syntax nodes that the discovery modules (python*.py) all ask: a call's
arguments by position or keyword, the name a call's function goes by, a dotted chain of names."""

from __future__ import annotations

import ast


def keyword_arg(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def argument(call: ast.Call, index: int, name: str) -> ast.AST | None:
    """The argument at position index, or given by keyword name."""
    return call.args[index] if len(call.args) > index else keyword_arg(call, name)


def has_keyword(call: ast.Call, name: str) -> bool:
    return keyword_arg(call, name) is not None


def is_none(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def dotted_name(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of names and attributes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted_name(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def simple_assignment(node: ast.AST) -> tuple[str, ast.AST, ast.AST] | None:
    """`name = value` / `name: T = value`: (name, value, node)."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id, node.value, node
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return node.target.id, node.value, node
    return None


def is_computed(node: ast.AST | None) -> bool:
    """A default given as an expression (`SITE_ROOT + "/ping/"`, `BASE_DIR / "db.sqlite"`), not a literal
    nor `None` nor a literal list of constants (`["*"]`): the variable has no one literal default."""
    if isinstance(node, ast.List | ast.Tuple):
        return not all(isinstance(e, ast.Constant) for e in node.elts)
    return node is not None and not isinstance(node, ast.Constant)


def constant_text(node: ast.AST | None) -> str | None:
    """A literal as the environment would spell it: a string as is, a number, `true`/`false`; None for
    anything else (None itself, an expression)."""
    if not isinstance(node, ast.Constant) or node.value is None:
        return None
    value = node.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int | float | str) else None
