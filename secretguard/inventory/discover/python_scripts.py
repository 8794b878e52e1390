"""Python scripts a person runs by hand: a standalone file (`if __name__ == "__main__":` or a PEP 723
`# /// script` header) outside any package (no `__init__.py` beside it, so no app module imports it) that
asks at the terminal (`getpass()`, `input()`) in the function that reads the environment: `token =
os.getenv("GITHUB_TOKEN") or getpass("Token: ")` in a script regenerating AUTHORS.md. The running
application never prompts; what such a script reads is a maintainer's, `dev` scope.

A management command that prompts (`manage.py createsuperuser`) lives in a package and stays the app's.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Collection, Container

_PROMPTS = frozenset({"getpass", "input"})


def prompting_script(
    rel: str, text: str, tree: ast.Module, files: Container[str], read_lines: Collection[int]
) -> bool:
    """Whether the file is a standalone script asking its user for what the environment lacks (see above):
    a function reading the environment (a line of `read_lines`) also prompts. `files` holds the project's
    Python files, `/`-separated."""
    folder = posixpath.dirname(rel.replace("\\", "/"))
    if posixpath.join(folder, "__init__.py") in files:
        return False
    if "# /// script" not in text and not any(_main_guard(stmt) for stmt in tree.body):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            if any(node.lineno <= line <= end for line in read_lines) and any(
                _prompt(inner) for inner in ast.walk(node)
            ):
                return True
    return False


def _main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    sides = [stmt.test.left, *stmt.test.comparators]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides
    )


def _prompt(node: ast.AST) -> bool:
    """A call of `input(...)`, `getpass(...)` or `getpass.getpass(...)`."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _PROMPTS
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "getpass"
        and isinstance(func.value, ast.Name)
        and func.value.id == "getpass"
    )
