"""LangChain's environment helpers, imported from `langchain_core.utils` (or `langchain.utils`,
`langchain_core.utils.env`, `langchain_core.utils.utils`): `get_from_env(key, "OPENAI_API_KEY", default=...)`,
`get_from_dict_or_env(values, key, "MATHPIX_API_ID", default=...)` read the variable their env-key argument
names when the mapping lacks the key; `from_env("X", default=...)` and `secret_from_env("X")` (the default
factories of model fields) read X, the second a secret.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "python"
_MODULES = (
    "langchain_core.utils",
    "langchain.utils",
    "langchain_core.utils.env",
    "langchain_core.utils.utils",
)
# helper -> (position of the variable's name, position of the default)
_HELPERS = {
    "get_from_env": (1, 2),
    "get_from_dict_or_env": (2, 3),
    "from_env": (0, -1),
    "secret_from_env": (0, -1),
}


def langchain_reads(text: str, file: str) -> list[Read]:
    if "langchain" not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in _MODULES:
            for alias in node.names:
                if alias.name in _HELPERS:
                    bound[alias.asname or alias.name] = alias.name
    if not bound:
        return []
    out: list[Read] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in bound):
            continue
        helper = bound[node.func.id]
        at, default_at = _HELPERS[helper]
        name_node = node.args[at] if len(node.args) > at else _keyword(node, "env_key" if at else "key")
        name = _string(name_node)
        if name is None or not is_env_name(name):
            continue
        given = node.args[default_at] if 0 <= default_at < len(node.args) else _keyword(node, "default")
        default = _string(given) if given is not None else None
        secret = helper == "secret_from_env" or None
        out.append(
            Read(
                name,
                file,
                node.lineno,
                given is not None,
                SOURCE,
                secret_hint=bool(secret),
                default=default or None,
            )
        )
    return out


def _keyword(node: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
