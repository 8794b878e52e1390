"""Python scripts a person runs by hand: a standalone file (`if __name__ == "__main__":` or a PEP 723
`# /// script` header) outside any package (no `__init__.py` beside it, so no app module imports it) that
asks at the terminal (`getpass()`, `input()`) in the function that reads the environment: `token =
os.getenv("GITHUB_TOKEN") or getpass("Token: ")` in a script regenerating AUTHORS.md. The running
application never prompts; what such a script reads is a maintainer's, `dev` scope.

A management command that prompts (`manage.py createsuperuser`) lives in a package and stays the app's.

A standalone file that starts a test runner (`quicktest.py` / `runtests.py` configuring settings, then
`DiscoverRunner().run_tests(...)`, `pytest.main()`, `unittest.main()`) is how the project's tests are run:
what it reads is `test` scope, whatever its name.

A settings package's variant for developers (`settings/development.py`, `settings/dev.py` doing `from .base
import *`, or `settings/local.py` beside a `settings/production.py`, cookiecutter-django's layout): only a
developer's machine points the settings module there, so what it reads is `dev` scope.
Its variant for the test suite (`settings/test.py`, `settings/testing.py` doing `from .base import *`), or a
settings module named for tests (`settings_tests.py`, `testing_settings.py`): only the test runner selects it
(`DJANGO_SETTINGS_MODULE` in pytest.ini or tox), so what it reads is `test` scope, and a default it gives
(another database's port) is never the running application's.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Collection, Container

_PROMPTS = frozenset({"getpass", "input"})
# Calls that run a test suite, by the dotted name they resolve to through the file's imports.
_RUNNERS = frozenset(
    """
    pytest.main unittest.main unittest.TextTestRunner nose.run nose.main nose.core.run nose.core.main
    nose2.main nose2.discover django.test.utils.get_runner django.test.runner.DiscoverRunner
    """.split()
)


_DEV_SETTINGS = frozenset({"dev", "development", "develop", "devel"})
# cookiecutter-django's `config/settings/{base,local,production,test}.py`: beside a production variant,
# `local.py` is the developer's (local.yml / manage.py default to it; every deployment names production).
_LOCAL_SETTINGS = "local"
_PRODUCTION_SETTINGS = ("production", "prod")


def developer_settings(rel: str, tree: ast.Module, files: Container[str] = ()) -> bool:
    """Whether the file is a settings package's developer variant that star-imports the base settings.
    `files` holds the project's Python files, `/`-separated (where a production variant is looked for)."""
    folder, name = posixpath.split(rel.replace("\\", "/"))
    stem = name.rsplit(".", 1)[0]
    if posixpath.basename(folder) != "settings":
        return False
    if stem not in _DEV_SETTINGS and not (
        stem == _LOCAL_SETTINGS
        and any(posixpath.join(folder, f"{p}.py") in files for p in _PRODUCTION_SETTINGS)
    ):
        return False
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    return any(alias.name == "*" for node in imports for alias in node.names)


_TEST_WORDS = frozenset({"test", "tests", "testing"})


def test_settings(rel: str, tree: ast.Module) -> bool:
    """Whether the file is a settings package's test variant that star-imports the base settings, or a
    settings module its name gives to the tests (see above)."""
    folder, name = posixpath.split(rel.replace("\\", "/"))
    stem = name.rsplit(".", 1)[0].lower()
    words = stem.replace("-", "_").split("_")
    if len(words) == 2 and "settings" in words and not _TEST_WORDS.isdisjoint(words):
        return True
    if posixpath.basename(folder) != "settings" or stem not in _TEST_WORDS:
        return False
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    return any(alias.name == "*" for node in imports for alias in node.names)


def _standalone(rel: str, files: Container[str]) -> bool:
    """No `__init__.py` beside the file: no package holds it, so no app module imports it."""
    folder = posixpath.dirname(rel.replace("\\", "/"))
    return posixpath.join(folder, "__init__.py") not in files


# The runners' modules: a file naming none of them imports no runner (two tree walks saved).
_RUNNER_MODULES = ("pytest", "unittest", "nose", "django.test")


def runs_test_runner(rel: str, text: str, tree: ast.Module, files: Container[str]) -> bool:
    """Whether the file is a standalone script that runs a test runner (see above). `files` holds the
    project's Python files, `/`-separated."""
    if not _standalone(rel, files) or not any(m in text for m in _RUNNER_MODULES):
        return False
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):  # imports inside functions too (`def run(): from django.test.runner ...`)
        if isinstance(node, ast.Import):
            for alias in node.names:  # `import a.b` binds `a`; `import a.b as x` binds x to `a.b`
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return any(
        isinstance(node, ast.Call) and _resolved(node.func, aliases) in _RUNNERS for node in ast.walk(tree)
    )


def _resolved(func: ast.AST, aliases: dict[str, str]) -> str | None:
    """`runner.DiscoverRunner` -> `django.test.runner.DiscoverRunner` after `from django.test import
    runner`; a name the file never imported resolves to nothing."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in aliases:
        return None
    return ".".join([aliases[func.id], *reversed(parts)])


def prompting_script(
    rel: str, text: str, tree: ast.Module, files: Container[str], read_lines: Collection[int]
) -> bool:
    """Whether the file is a standalone script asking its user for what the environment lacks (see above):
    a function reading the environment (a line of `read_lines`) also prompts. `files` holds the project's
    Python files, `/`-separated."""
    if not _standalone(rel, files):
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


# Module names a program is started as (`python -m app.server`, `python main.py`): their `__main__` block
# is how the application runs, never a harness.
_ENTRY_STEMS = frozenset(
    """
    main app server run wsgi asgi manage __main__ cli worker workers bot start serve daemon application
    entrypoint launch launcher service scheduler
    """.split()
)


def manual_harness_spans(rel: str, tree: ast.Module, files: Container[str]) -> list[tuple[int, int]]:
    """The `if __name__ == "__main__":` blocks of a module inside a package that is not an entry point
    (`common/data_source/jira/connector.py` ending in a block that builds a connector from `JIRA_*` and
    prints what it fetches): the app imports the module; only a developer runs it as a script, to try it."""
    if _standalone(rel, files):
        return []
    stem = posixpath.basename(rel.replace("\\", "/")).rsplit(".", 1)[0].lower()
    if stem in _ENTRY_STEMS or any(w in _ENTRY_STEMS for w in stem.replace("-", "_").split("_")):
        return []
    return [(stmt.lineno, stmt.end_lineno or stmt.lineno) for stmt in tree.body if _main_guard(stmt)]


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
