"""What a Python read falls back to when the fallback is not given to the read itself.

- A URL built with credentials (`f"amqp://{user}:{password}@{host}"`, `"{}:{}@".format(...)`, `"%s:%s@" %`,
  `"amqp://" + user + ":" + pw + "@" + host`) as the fallback says the variable carries a password.
- `X = os.getenv("X")` then `if not X: X = <fallback>`: the held read's fallback.
- A boolean parser around the read (`parse_boolean(os.getenv("X"))`, `strtobool`, `env_bool`) says the value
  is a switch.
- A helper parser around the read (`cast_int_or_default(os.getenv("X"), 20000)`): a function returning one
  parameter when another is missing or does not parse (`try: return int(val) except ValueError: return
  default`) gives the read that default.
"""

from __future__ import annotations

import ast
import re

from secretguard.inventory.discover.base import carries_password

_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]")
_FILL = "x"  # what an unknown part of a built string stands for


def _built_text(node: ast.AST, depth: int = 0) -> str | None:
    """The text a string-building expression makes, with every part not known written as `x`."""
    if depth > 16:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else _FILL for v in node.values]
        return "".join(str(p) for p in parts)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return _FORMAT_FIELD.sub(_FILL, node.func.value.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left = node.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return _PERCENT_FIELD.sub(_FILL, left.value)
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        first, second = _built_text(node.left, depth + 1), _built_text(node.right, depth + 1)
        return (first if first is not None else _FILL) + (second if second is not None else _FILL)
    return None


def builds_password_url(node: ast.AST | None) -> bool:
    """Whether an expression builds a URL whose user-info holds a password (`scheme://user:pass@host`)."""
    if node is None:
        return False
    text = _built_text(node)
    return text is not None and "://" in text and carries_password(text)


def _unset_test(test: ast.AST) -> str | None:
    """`not X`, `X is None`, `X == ""`, `X in (None, "")`: the name tested for being unset."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
        return test.operand.id
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is | ast.Eq)
        and isinstance(test.left, ast.Name)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value in (None, "")
    ):
        return test.left.id
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.left, ast.Name)
        and isinstance(test.comparators[0], ast.Tuple | ast.List | ast.Set)
        and any(isinstance(e, ast.Constant) and e.value in (None, "") for e in test.comparators[0].elts)
    ):
        return test.left.id
    return None


def unset_fallbacks(ifs: list[ast.If]) -> dict[str, list[ast.AST]]:
    """`if not X: X = <fallback>` among a module's `if` statements: name -> the fallbacks assigned to it
    when it is unset."""
    found: dict[str, list[ast.AST]] = {}
    for node in ifs:
        name = _unset_test(node.test)
        if name is None:
            continue
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id == name
            ):
                found.setdefault(name, []).append(stmt.value)
    return found


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]


def _names_in(nodes: list[ast.stmt] | ast.AST) -> set[str]:
    roots = nodes if isinstance(nodes, list) else [nodes]
    return {n.id for root in roots for n in ast.walk(root) if isinstance(n, ast.Name)}


def fallback_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int] | None:
    """(value, default): the positions of the parameter a helper parses and of the one it returns instead
    when that one is missing or does not parse (`return default` in an `except`, or under `if not val`)."""
    params = _params(fn)
    for node in ast.walk(fn):
        branches: list[tuple[list[ast.stmt], set[str]]] = []
        if isinstance(node, ast.Try):
            tried = _names_in(node.body)
            branches = [(h.body, tried) for h in node.handlers]
        elif isinstance(node, ast.If) and (missing := _unset_test(node.test)) is not None:
            branches = [(node.body, {missing})]  # `if not val: return default`
        for body, subjects in branches:
            for stmt in body:
                if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Name):
                    returned = stmt.value.id
                    value = next((p for p in params if p in subjects and p != returned), None)
                    if returned in params and value is not None:
                        return params.index(value), params.index(returned)
    return None


def given_default(fn: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, index: int) -> ast.expr | None:
    """The argument of a call for parameter `index` (by position or keyword), else the function's own
    default for it."""
    params = _params(fn)
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    if index < len(call.args):
        return call.args[index]
    for kw in call.keywords:
        if kw.arg == params[index]:
            return kw.value
    first_default = len(params) - len(fn.args.defaults)
    return fn.args.defaults[index - first_default] if index >= first_default else None


# Functions that turn text into a boolean: `parse_boolean`, `str2bool`, `to_bool`, `strtobool`, `as_bool`.
_BOOLEAN_WORDS = ("bool", "truthy")


def boolean_parser(name: str | None) -> bool:
    """Whether a called function's name says it parses a boolean (`bool` itself only tests emptiness)."""
    if not name or name == "bool":
        return False
    lowered = name.lower()
    return any(word in lowered for word in _BOOLEAN_WORDS)
