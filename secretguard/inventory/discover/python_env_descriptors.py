"""Settings classes whose attribute names are the variables, each bound to a descriptor that reads the
environment by the name it is given (`__set_name__`):

    class EnvironmentVariables:
        REFLEX_USE_NPM: EnvVar[bool] = env_var(False)       # REFLEX_USE_NPM, default false
        SQLALCHEMY_POOL_SIZE: EnvVar[int] = env_var(5)      # SQLALCHEMY_POOL_SIZE, default 5

An upper-case class attribute assigned a call whose function's name says env (`env_var(...)`,
`EnvVar(...)`, `env_field(...)`) is the variable of that name, when the project defines such a descriptor
(a class with `__set_name__` reading `os.environ`/`os.getenv`). The call's first argument, a literal, is its
default.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_nodes import constant_text
from secretguard.inventory.discover.python_project import parse_module

SOURCE = "python"
TRIGGER = "__set_name__"


def descriptor_project(texts: list[str]) -> bool:
    """Whether the project defines a descriptor that takes its attribute's name and reads the environment."""
    return any(TRIGGER in t and ("os.getenv" in t or "os.environ" in t) for t in texts)


def descriptor_reads(text: str, file: str) -> list[Read]:
    if "env" not in text.lower():
        return []
    tree = parse_module(text, file)
    if tree is None:
        return []
    out: list[Read] = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            target, value = _assigned(stmt)
            if target is None or not isinstance(value, ast.Call) or not _env_callee(value.func):
                continue
            name = target.id
            if not (is_env_name(name) and name.isupper()):
                continue
            given = (
                value.args[0]
                if value.args
                else next((k.value for k in value.keywords if k.arg == "default"), None)
            )
            default = constant_text(given) or None if given is not None else None
            out.append(Read(name, file, stmt.lineno, given is not None, SOURCE, default=default))
    return out


def _assigned(stmt: ast.stmt) -> tuple[ast.Name | None, ast.expr | None]:
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target, stmt.value
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0], stmt.value
    return None, None


def _env_callee(func: ast.expr) -> bool:
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return "env" in name.lower() and name.lower() not in ("getenv", "environ")
