"""A Python file under an INI-style name (`gunicorn.ini`, `gunicorn.conf`): gunicorn runs its `-c FILE`
(`--config FILE`) as Python whatever the file's extension, so a project may keep `bind =
os.environ.get("GUNICORN_BIND", ...)` in `gunicorn.ini`. Such a file is read as Python (python.py) when its
whole text parses as a Python module that imports `os` at its top and names the environment.

A real INI or conf file never passes: its `[section]` headers may parse, but a value with spaces, a `%(x)s`
interpolation, a `key: value` line or a bare `KEY=0.0.0.0:8000` does not, and no INI file holds an `import
os` statement. Where the file sits still decides its scope, like any Python file's.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.python_project import parse_module

# Words the text of such a file holds: without them it imports no `os` or reads no environment.
_ENV_WORDS = ("environ", "getenv")


def python_config_file(text: str, rel: str) -> bool:
    """Whether an `.ini` / `.conf` file is Python that reads the environment (see above)."""
    if "import" not in text or not any(word in text for word in _ENV_WORDS):
        return False
    tree = parse_module(text, rel)
    return tree is not None and any(_imports_os(stmt) for stmt in tree.body)


def _imports_os(stmt: ast.stmt) -> bool:
    """`import os`, `import os.path`, `import os as o`, `from os import environ`."""
    if isinstance(stmt, ast.Import):
        return any(alias.name == "os" or alias.name.startswith("os.") for alias in stmt.names)
    return isinstance(stmt, ast.ImportFrom) and not stmt.level and stmt.module in ("os", "os.path")
