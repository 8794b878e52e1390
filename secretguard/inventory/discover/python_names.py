"""What the names of a Python module stand for, for discovery (python.py): `os`, `os.environ` and `os.getenv`
under any alias; the readers of environment libraries (django-environ's and environs' `Env` and its
instances, python-decouple's `config`, starlette's `Config` and its instances, pydantic's `BaseSettings`,
dj-database-url and its siblings); the
project modules it imports from; and its string constants (`KEY = "X"`).

The visitor fills these from the module's imports and assignments before any read is matched.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.python_imported_readers import ENV_CLASSES, LIBRARY_NAMES, SET_KINDS
from secretguard.inventory.discover.python_nodes import dotted_name

# URL-configuration libraries: `config(env=DEFAULT_ENV, default=...)` reads the variable their constant
# `DEFAULT_ENV` names unless given another, and falls back to `default` or to their own (module: (variable,
# the library's fallback)). django-cache-url falls back to a local-memory cache.
URL_CONFIGS: dict[str, tuple[str, str | None]] = {
    "dj_database_url": ("DATABASE_URL", None),
    "dj_email_url": ("EMAIL_URL", None),
    "django_cache_url": ("CACHE_URL", "locmem://"),
    "dj_search_url": ("SEARCH_URL", None),
}
_SETTINGS_BASES = {"BaseSettings"}


class BoundNames:
    """The module's names bound to what discovery knows (see the module's docstring)."""

    def __init__(self) -> None:
        self.module_imports: dict[str, tuple[int, str]] = {}  # bound name -> (level, module)
        self.from_imports: list[ast.ImportFrom] = []
        self.os_names: set[str] = set()  # `import os`, `import os as o`
        self.environ_names: set[str] = set()  # `from os import environ`, `env = os.environ`
        self.getenv_names: set[str] = set()  # `from os import getenv`
        self.env_modules: dict[str, bool] = {}  # `import environ` (django-environ: True), `import environs`
        self.env_classes: dict[str, bool] = {}  # `Env` from environ (True) / environs (False)
        # instance name -> ({var: has default} from Env(VAR=(type, default)), made by django-environ)
        self.env_instances: dict[str, tuple[dict[str, bool], bool]] = {}
        self.env_prefixes: dict[str, str] = {}  # django-environ instance -> its `prefix`
        self.decouple_funcs: set[str] = set()  # `from decouple import config`
        self.decouple_modules: set[str] = set()
        self.autoconfig_classes: set[str] = set()
        self.starlette_classes: set[str] = set()  # `from starlette.config import Config`
        # the dotted names of starlette.config: `import starlette.config` (then `starlette.config`), `as sc`
        self.starlette_modules: set[str] = set()
        self.starlette_instances: dict[str, str] = {}  # `config = Config(".env")` -> its env_prefix
        self.settings_bases: set[str] = set(_SETTINGS_BASES)
        self.settings_modules: set[str] = set()  # `import pydantic_settings`
        self.url_modules: dict[str, str] = {}  # `import dj_database_url` (as name) -> the library
        self.url_funcs: dict[str, str] = {}  # `from dj_database_url import config` -> the library
        self.constants: dict[str, str] = {}

    def is_os(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.os_names

    def is_environ(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.environ_names
        return (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "environb")
            and self.is_os(node.value)
        )

    def is_getenv(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.getenv_names
        return (
            isinstance(node, ast.Attribute) and node.attr in ("getenv", "getenvb") and self.is_os(node.value)
        )

    def env_class(self, node: ast.AST) -> bool | None:
        """For an `Env` class: True for django-environ, False for environs; None for anything else."""
        if isinstance(node, ast.Name):
            return self.env_classes.get(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            django = self.env_modules.get(node.value.id)
            if django is not None and ("environ" if django else "environs", node.attr) in ENV_CLASSES:
                return django
        return None

    def is_starlette_class(self, node: ast.AST) -> bool:
        """starlette's `Config` class: imported by name, or `starlette.config.Config`."""
        if isinstance(node, ast.Name):
            return node.id in self.starlette_classes
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "Config"
            and dotted_name(node.value) in self.starlette_modules
        )

    def is_env_read(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and bool(node.args) and self.is_env_get(node)

    def is_env_get(self, call: ast.Call) -> bool:
        """`os.getenv(...)` / `os.environ.get(...)`."""
        func = call.func
        return self.is_getenv(func) or (
            isinstance(func, ast.Attribute) and func.attr == "get" and self.is_environ(func.value)
        )

    def bind_import(self, node: ast.Import) -> None:
        """`import os`, `import environ`, `import decouple`, `import pydantic_settings` (and `as` names)."""
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            self.module_imports[bound] = (0, alias.name if alias.asname else bound)
            if alias.name == "os" or (alias.name.startswith("os.") and not alias.asname):
                self.os_names.add(bound)  # `import os.path` binds `os` too (`as` would bind the submodule)
            elif alias.name in ("environ", "environs"):
                self.env_modules[bound] = alias.name == "environ"
            elif alias.name == "decouple":
                self.decouple_modules.add(bound)
            elif alias.name in ("pydantic_settings", "pydantic"):
                self.settings_modules.add(bound)
            elif alias.name in URL_CONFIGS:
                self.url_modules[bound] = alias.name
            elif alias.name == "starlette.config":
                self.starlette_modules.add(alias.asname or alias.name)

    def bind_import_from(self, node: ast.ImportFrom) -> None:
        """`from M import x`: maybe a project wrapper; for the libraries discovery knows, what x is."""
        self._project_import(node)
        if node.module is None or node.level:
            return
        for alias in node.names:
            bound = alias.asname or alias.name
            if node.module in URL_CONFIGS:  # `from dj_database_url import config, DEFAULT_ENV`
                if alias.name == "config":
                    self.url_funcs[bound] = node.module
                elif alias.name == "DEFAULT_ENV":
                    self.constants.setdefault(bound, URL_CONFIGS[node.module][0])
                continue
            if (
                node.module == "envparse" and alias.name == "env"
            ):  # envparse's ready instance, read like environs'
                self.env_instances[bound] = ({}, False)
                continue
            kind = LIBRARY_NAMES.get((node.module, alias.name))
            if kind is None and node.module.startswith("pydantic") and alias.name == "BaseSettings":
                kind = "settings_base"
            if kind in SET_KINDS:
                getattr(self, SET_KINDS[kind]).add(bound)
            elif kind == "env_class":
                self.env_classes[bound] = node.module == "environ"

    def _project_import(self, node: ast.ImportFrom) -> None:
        """`from M import f`: f may be a wrapper of the project, or a module (`from pkg import parsers`)."""
        self.from_imports.append(node)
        for alias in node.names:
            if alias.name != "*":
                module = f"{node.module}.{alias.name}" if node.module else alias.name
                self.module_imports.setdefault(alias.asname or alias.name, (node.level, module))

    def bind_env_subclasses(self, tree: ast.Module) -> None:
        """`class Settings(environ.Env): ...`: the module's own Env classes, their instances read alike."""
        for stmt in tree.body:
            if isinstance(stmt, ast.ClassDef):
                for base in stmt.bases:
                    kind = self.env_class(base)
                    if kind is not None:
                        self.env_classes[stmt.name] = kind
                        break
