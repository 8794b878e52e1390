"""Python: a function handed the environment as a mapping (`get_redis_from_config(os.environ, cls)`) reads
each key it asks that parameter for: `settings.get("REDIS_URL")`, `settings.get("REDIS_PORT", 6379)`,
`settings["REDIS_HOST"]`. The function is found by its name among the project's module-level functions
(one definition of that name: two would leave the call ambiguous); the reads are placed where it asks.
A `.get` with a default is optional and gives it; `[...]` without one is required.
"""

from __future__ import annotations

import ast
import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "python"
# A call handing over `os.environ` (or `environ` from os) as an argument: a cheap text check first.
_HANDS_ENVIRON = re.compile(r"\b\w+\s*\([^()]*\b(?:os\.)?environ\b\s*[,)]")
_LITERAL_TYPES = (str, int, float, bool)


def environ_param_reads(texts: dict[str, str]) -> list[Read]:
    """Every key the project's functions ask a mapping parameter for, where a call hands them the
    environment."""
    calls: list[tuple[str, int | str]] = []  # (function name, the position or keyword given os.environ)
    for file, text in texts.items():
        if "environ" not in text or not _HANDS_ENVIRON.search(text):
            continue
        tree = _parse(text, file)
        if tree is not None:
            calls.extend(_environ_calls(tree))
    if not calls:
        return []
    wanted = {name for name, _ in calls}
    defs: dict[str, list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
    for file, text in texts.items():
        if not any(f"def {name}" in text for name in wanted):
            continue
        tree = _parse(text, file)
        for node in tree.body if tree is not None else []:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in wanted:
                defs.setdefault(node.name, []).append((file, node))
    out: list[Read] = []
    done: set[tuple[str, str]] = set()
    for name, at in calls:
        found = defs.get(name, [])
        if len(found) != 1:
            continue
        file, fn = found[0]
        param = _param(fn, at)
        if param is None or (file, f"{name}.{param}") in done:
            continue
        done.add((file, f"{name}.{param}"))
        out.extend(_key_reads(fn, param, file))
    return out


def _parse(text: str, file: str) -> ast.Module | None:
    try:
        return ast.parse(text, file)
    except (SyntaxError, ValueError):
        return None


def _is_environ(node: ast.AST, bare: bool) -> bool:
    """`os.environ`, or `environ` where the module imports it from os (a WSGI handler's `environ` is the
    request's)."""
    return (bare and isinstance(node, ast.Name) and node.id == "environ") or (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _environ_calls(tree: ast.Module) -> list[tuple[str, int | str]]:
    bare = any(
        isinstance(n, ast.ImportFrom)
        and n.module == "os"
        and any(a.name == "environ" and a.asname is None for a in n.names)
        for n in tree.body
    )
    out: list[tuple[str, int | str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if name is None:
            continue
        out.extend((name, i) for i, arg in enumerate(node.args) if _is_environ(arg, bare))
        out.extend((name, k.arg) for k in node.keywords if k.arg is not None and _is_environ(k.value, bare))
    return out


def _param(fn: ast.FunctionDef | ast.AsyncFunctionDef, at: int | str) -> str | None:
    positional = [*fn.args.posonlyargs, *fn.args.args]
    names = [a.arg for a in (*positional, *fn.args.kwonlyargs)]
    if isinstance(at, str):
        return at if at in names else None
    return positional[at].arg if at < len(positional) else None


def _key_reads(fn: ast.FunctionDef | ast.AsyncFunctionDef, param: str, file: str) -> list[Read]:
    out: list[Read] = []
    for node in ast.walk(fn):
        key: str | None = None
        default: str | None = None
        optional = False
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == param
            and node.args
        ):
            key = _string(node.args[0])
            optional = True
            if len(node.args) > 1:
                default = _default(node.args[1])
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == param
            and isinstance(node.ctx, ast.Load)
        ):
            key = _string(node.slice)
        if key is not None and is_env_name(key) and isinstance(node, ast.Call | ast.Subscript):
            out.append(Read(key, file, node.lineno, optional, SOURCE, default=default))
    return out


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _default(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, _LITERAL_TYPES) and node.value != "":
        value = node.value
        return str(value).lower() if isinstance(value, bool) else str(value)
    return None
