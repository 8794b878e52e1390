"""Environment readers a module gets from another module of the project (for python.py).

`from app.settings import *` binds every public name of app/settings.py in the importing module (only those
its `__all__` lists, when it has one): an `env = FileAwareEnv()` there reads in the importer too
(`env.int("WORKERS", 4)`), and so do `os`, an alias of `os.environ`, `getenv`, django-environ's and environs'
classes and instances, python-decouple's `config` and starlette's `Config` instances. `from app.settings
import env` binds that one name. Only the project's own modules are followed, a few star imports deep
(`production.py` doing `from .base import *`, then a worker's settings `from .production import *`); a
library's star import brings nothing here.

Each module is parsed once per project, and only when its text mentions a reader at all.
"""

from __future__ import annotations

import ast
import posixpath
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import re2

from secretguard.inventory.discover.python_constants import MAX_HOPS
from secretguard.inventory.discover.python_nodes import argument

# django-environ's (`environ`) and environs' classes that read the environment: True for django-environ,
# whose call is `env(var, cast, default)`, False for environs' `env(var, default)`.
ENV_CLASSES: dict[tuple[str, str], bool] = {
    ("environ", "Env"): True,
    ("environ", "FileAwareEnv"): True,
    ("environs", "Env"): False,
    ("environs", "FileAwareEnv"): False,
    ("envparse", "Env"): False,  # envparse's class: `Env(X=int)`, read like environs'
}
_ENV_MODULES = {"environ": True, "environs": False}
# Words a module binding any reader holds: one without them exports none (and is not parsed).
_WORDS = ("import os", "environ", "getenv", "Env", "decouple", "starlette", "import *")
# `from M import *`, `from .m import a, b as c`, `from m import (a, b)`: dots, the module, the names
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\*|\([^)]*\)|[^\n#;\\]+)", re.MULTILINE)
_GIVING = re2.compile(r"Env\(|environ|decouple|AutoConfig|starlette|import \*")  # one pass over each text
_ASSIGNED = re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^\n=]*)?=(?!=)", re.MULTILINE)

# `from M import x`: what x is, for the libraries discovery knows (python_names.py binds the module's own
# imports by it, `_library_name` the names other modules give away).
LIBRARY_NAMES: dict[tuple[str, str], str] = {
    ("os", "environ"): "environ",
    ("os", "environb"): "environ",
    ("os", "getenv"): "getenv",
    ("os", "getenvb"): "getenv",
    **dict.fromkeys(ENV_CLASSES, "env_class"),  # environ's and environs' Env and FileAwareEnv
    ("decouple", "config"): "decouple_config",
    ("decouple", "AutoConfig"): "autoconfig",
    ("starlette.config", "Config"): "starlette_class",
    ("starlette", "config"): "starlette_module",
}
# Reader kinds kept as a set of names, by the attribute holding them (python_names.BoundNames).
SET_KINDS: dict[str, str] = {
    "os": "os_names",
    "environ": "environ_names",
    "getenv": "getenv_names",
    "decouple_config": "decouple_funcs",
    "decouple_module": "decouple_modules",
    "autoconfig": "autoconfig_classes",
    "settings_base": "settings_bases",
    "starlette_class": "starlette_classes",
    "starlette_module": "starlette_modules",
}


@dataclass(frozen=True, slots=True)
class Reader:
    """What a bound name is: `os`, `environ` (an `os.environ` alias), `getenv`, `env_module`, `env_class`,
    `env_instance`, `decouple_config` (a `config` function), `decouple_module`, `autoconfig`, or starlette's
    `starlette_package` (`import starlette.config`), `starlette_module`, `starlette_class` (`Config`) and
    `starlette_instance`."""

    kind: str
    django: bool = False  # of an env_module / env_class / env_instance: django-environ's
    prefix: str = ""  # of a starlette_instance: its env_prefix


@dataclass(frozen=True, slots=True)
class _Module:
    readers: dict[str, Reader]  # the module's own top-level bindings that are readers
    stars: tuple[tuple[int, str | None], ...]  # `from M import *`
    imports: tuple[tuple[str, int, str | None, str], ...]  # (bound, level, module, name) of other modules
    public: frozenset[str] | None  # its `__all__`, when a literal


class _Project(Protocol):
    @property
    def texts(self) -> dict[str, str]: ...

    def resolve(self, importer: str, level: int, module: str | None) -> str | None: ...

    def parsed(self, rel: str) -> ast.Module | None: ...


class ReaderNames(Protocol):
    """The names a module's visitor (python.py) knows as readers, filled with the imported ones."""

    os_names: set[str]
    environ_names: set[str]
    getenv_names: set[str]
    env_modules: dict[str, bool]
    env_classes: dict[str, bool]
    env_instances: dict[str, tuple[dict[str, bool], bool]]
    decouple_funcs: set[str]
    decouple_modules: set[str]
    autoconfig_classes: set[str]
    starlette_classes: set[str]
    starlette_modules: set[str]
    starlette_instances: dict[str, str]


@dataclass
class _Cache:
    modules: dict[str, _Module | None]  # each module's scan
    bound: dict[str, dict[str, Reader]]  # each module's top-level readers (empty while being worked out)
    assigned: dict[str, frozenset[str]]  # the names each module assigns at its top (`env = Env()`), by text
    stems: frozenset[str] | None = None  # the last names of the modules that may give a reader away


_CACHES: weakref.WeakKeyDictionary[Any, _Cache] = weakref.WeakKeyDictionary()


def _cache(project: _Project) -> _Cache:
    found = _CACHES.get(project)
    if found is None:
        found = _CACHES[project] = _Cache({}, {}, {})
    return found


def _top_statements(body: Iterable[ast.stmt]) -> Iterable[ast.stmt]:
    """A module's statements that bind its top-level names, those inside `if`/`try`/`with` blocks too."""
    for stmt in body:
        if isinstance(stmt, ast.If | ast.Try | ast.With):
            blocks = [stmt.body, getattr(stmt, "orelse", []), getattr(stmt, "finalbody", [])]
            blocks += [h.body for h in getattr(stmt, "handlers", [])]
            for block in blocks:
                yield from _top_statements(block)
        else:
            yield stmt


def _env_class(node: ast.AST, readers: dict[str, Reader]) -> Reader | None:
    """`Env` / `FileAwareEnv` imported from environ/environs, `environ.Env`, or a subclass defined here."""
    if isinstance(node, ast.Name):
        found = readers.get(node.id)
        return found if found is not None and found.kind == "env_class" else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        module = readers.get(node.value.id)
        if module is not None and module.kind == "env_module":
            name = "environ" if module.django else "environs"
            if (name, node.attr) in ENV_CLASSES:
                return Reader("env_class", module.django)
    return None


def config_prefix(call: ast.Call, is_environ: Callable[[ast.AST], bool]) -> str | None:
    """Of a call of starlette's `Config(env_file=None, environ=os.environ, env_prefix="")`: the prefix its
    reads put before each name ("" for none); None when it reads no environment (`Config(environ={...})`
    reads the mapping given) or its prefix is not a literal."""
    environ = argument(call, 1, "environ")
    if environ is not None and not is_environ(environ):
        return None
    prefix = argument(call, 2, "env_prefix")
    if prefix is None:
        return ""
    return prefix.value if isinstance(prefix, ast.Constant) and isinstance(prefix.value, str) else None


def _starlette_class(node: ast.AST, readers: dict[str, Reader]) -> bool:
    """`Config` from starlette.config, `config.Config` (`from starlette import config`), or
    `starlette.config.Config`."""
    if isinstance(node, ast.Name):
        found = readers.get(node.id)
        return found is not None and found.kind == "starlette_class"
    if not (isinstance(node, ast.Attribute) and node.attr == "Config"):
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        found = readers.get(owner.id)
        return found is not None and found.kind == "starlette_module"
    if isinstance(owner, ast.Attribute) and owner.attr == "config" and isinstance(owner.value, ast.Name):
        found = readers.get(owner.value.id)
        return found is not None and found.kind == "starlette_package"
    return False


def _value_reader(value: ast.AST, readers: dict[str, Reader]) -> Reader | None:
    """What `name = value` binds: an `os.environ` alias, an Env instance, a decouple `AutoConfig()`, a
    starlette `Config(...)`."""
    if isinstance(value, ast.Attribute) and value.attr in ("environ", "environb"):
        owner = readers.get(value.value.id) if isinstance(value.value, ast.Name) else None
        return Reader("environ") if owner is not None and owner.kind == "os" else None
    if isinstance(value, ast.Name):
        return readers.get(value.id)  # `getenv = os_getenv`, `ENV = env`
    if isinstance(value, ast.Call):
        found = _env_class(value.func, readers)
        if found is not None:
            return Reader("env_instance", found.django)
        if _starlette_class(value.func, readers):
            prefix = config_prefix(value, lambda node: _value_reader(node, readers) == Reader("environ"))
            return None if prefix is None else Reader("starlette_instance", prefix=prefix)
        func = readers.get(value.func.id) if isinstance(value.func, ast.Name) else None
        if func is not None and func.kind == "autoconfig":
            return Reader("decouple_config")
    return None


def _import(stmt: ast.Import, readers: dict[str, Reader]) -> None:
    for alias in stmt.names:
        bound = alias.asname or alias.name.split(".")[0]
        readers.pop(bound, None)
        if alias.name == "os" or (alias.name.startswith("os.") and not alias.asname):
            readers[bound] = Reader("os")
        elif alias.name in _ENV_MODULES:
            readers[bound] = Reader("env_module", _ENV_MODULES[alias.name])
        elif alias.name == "decouple":
            readers[bound] = Reader("decouple_module")
        elif alias.name == "starlette.config":
            readers[bound] = Reader("starlette_module" if alias.asname else "starlette_package")


def _library_name(module: str, name: str) -> Reader | None:
    kind = LIBRARY_NAMES.get((module, name))
    return None if kind is None else Reader(kind, ENV_CLASSES.get((module, name), False))


def _scan(tree: ast.Module | None) -> _Module | None:
    if tree is None:  # not Python (a syntax error)
        return None
    readers: dict[str, Reader] = {}
    stars: list[tuple[int, str | None]] = []
    imports: list[tuple[str, int, str | None, str]] = []
    public: frozenset[str] | None = None
    for stmt in _top_statements(tree.body):
        if isinstance(stmt, ast.Import):
            _import(stmt, readers)
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                bound = alias.asname or alias.name
                if alias.name == "*":
                    stars.append((stmt.level, stmt.module))
                    continue
                readers.pop(bound, None)
                known = _library_name(stmt.module or "", alias.name) if not stmt.level else None
                if known is not None:
                    readers[bound] = known
                else:
                    imports.append((bound, stmt.level, stmt.module, alias.name))
        elif isinstance(stmt, ast.ClassDef):
            base = next((b for b in (_env_class(n, readers) for n in stmt.bases) if b), None)
            if base is not None:
                readers[stmt.name] = base
        elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if not isinstance(target, ast.Name):
                    continue
                if target.id == "__all__" and isinstance(stmt.value, ast.List | ast.Tuple):
                    elts = stmt.value.elts
                    public = frozenset(
                        e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    )
                found = _value_reader(stmt.value, readers)
                if found is None:
                    readers.pop(target.id, None)
                else:
                    readers[target.id] = found
    return _Module(readers, tuple(stars), tuple(imports), public)


def _module(project: _Project, rel: str) -> _Module | None:
    modules = _cache(project).modules
    if rel not in modules:
        text = project.texts.get(rel, "")
        modules[rel] = _scan(project.parsed(rel)) if any(w in text for w in _WORDS) else None
    return modules[rel]


def _bound(project: _Project, rel: str, hops: int) -> dict[str, Reader]:
    """Every top-level name of module rel that is a reader: its own, and those it imports from the project
    (star imports first: what the module binds itself afterwards wins). Worked out once per module; a
    module importing itself back (a cycle) sees it empty."""
    done = _cache(project).bound
    if rel in done:
        return done[rel]
    module = _module(project, rel)
    if module is None or hops > MAX_HOPS:
        return {}
    found: dict[str, Reader] = {}
    done[rel] = found
    for level, name in module.stars:
        target = project.resolve(rel, level, name)
        if target is not None:
            found.update(_exported(project, target, hops + 1))
    for bound, level, name, original in module.imports:
        target = project.resolve(rel, level, name)
        if target is not None:
            reader = _bound(project, target, hops + 1).get(original)
            if reader is not None:
                found[bound] = reader
    found.update(module.readers)
    return found


def _exported(project: _Project, rel: str, hops: int) -> dict[str, Reader]:
    """The readers `from rel import *` binds: those `__all__` lists, else every name without a leading `_`."""
    module = _module(project, rel)
    if module is None:
        return {}
    bound = _bound(project, rel, hops)
    if module.public is not None:
        return {n: r for n, r in bound.items() if n in module.public}
    return {n: r for n, r in bound.items() if not n.startswith("_")}


def imported_readers(project: _Project, rel: str, imports: Sequence[ast.ImportFrom]) -> dict[str, Reader]:
    """The readers a module's `from M import ...` statements bind, for the project's modules M."""
    found: dict[str, Reader] = {}
    for node in imports:
        target = project.resolve(rel, node.level, node.module)
        if target is None or target == rel or _module(project, target) is None:
            continue
        for alias in node.names:
            if alias.name == "*":
                found.update(_exported(project, target, 1))
            elif (reader := _bound(project, target, 1).get(alias.name)) is not None:
                found[alias.asname or alias.name] = reader
    return found


def reader_import_used(project: _Project, rel: str, text: str) -> bool:
    """Whether a module that mentions no reader itself uses one it imports from the project (`from
    app.settings import *` or `import env`, then `env.int(...)`, `env(...)`): then it is read like any
    other. A name imported by name must be assigned at the top of its module (`env = Env()`)."""
    stems = _giving_stems(project)
    if "import" not in text or not stems:
        return False
    for match in _from_imports(text):
        module, names = match.group(2), match.group(3).strip("()")
        if module.rpartition(".")[2] not in stems and (module or not stems.intersection(names.split())):
            continue  # (`from . import settings`: the names are the modules)
        target = project.resolve(rel, len(match.group(1)), module or None)
        if target is None or target == rel:
            continue  # a library's module, or the package itself
        if "*" in names:
            used = _exported(project, target, 1)
        else:
            bound = dict(_aliases(names))
            if not _top_assigned(project, target).intersection(bound.values()):
                continue
            readers = _bound(project, target, 1)
            used = {b: readers[n] for b, n in bound.items() if n in readers}
        if any(f"{name}." in text or f"{name}(" in text for name in used):
            return True
    return False


def _from_imports(text: str) -> Iterator[re.Match[str]]:
    """The `from M import ...` statements of a module's text (found by their word first: much faster than
    a pattern tried at every character)."""
    at = text.find("from ")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if not text[start:at].strip(" \t") and (match := _FROM.match(text, start)) is not None:
            yield match
        at = text.find("from ", at + 5)


def _giving_stems(project: _Project) -> frozenset[str]:
    """The last names of the modules whose text may bind a reader an importer uses without naming a reader
    itself (an `Env()` instance, an `os.environ` alias, decouple's `config`), or pass one on (`import *`)."""
    cache = _cache(project)
    if cache.stems is None:
        stems: set[str] = set()
        for rel, text in project.texts.items():
            if _GIVING.search(text):
                folder, name = posixpath.split(rel.replace("\\", "/"))
                stem = name.rsplit(".", 1)[0]
                stems.add(posixpath.basename(folder) if stem == "__init__" else stem)
        cache.stems = frozenset(stems)
    return cache.stems


def _top_assigned(project: _Project, rel: str) -> frozenset[str]:
    """The names a module assigns at the start of a line (a cheap look before it is parsed)."""
    assigned = _cache(project).assigned
    if rel not in assigned:
        assigned[rel] = frozenset(_ASSIGNED.findall(project.texts.get(rel, "")))
    return assigned[rel]


def _aliases(names: str) -> list[tuple[str, str]]:
    """`a, b as c` -> [(a, a), (c, b)]: each bound name and the name imported."""
    out: list[tuple[str, str]] = []
    for part in names.replace("\n", " ").split(","):
        words = part.split()
        if len(words) == 1:
            out.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as":
            out.append((words[2], words[0]))
    return out


def adopt(names: ReaderNames, readers: dict[str, Reader]) -> None:
    """Record imported readers as the module's own (its own bindings, found afterwards, win)."""
    for bound, reader in readers.items():
        kind = reader.kind
        if kind in SET_KINDS:
            getattr(names, SET_KINDS[kind]).add(bound)
        elif kind == "env_module":
            names.env_modules.setdefault(bound, reader.django)
        elif kind == "env_class":
            names.env_classes.setdefault(bound, reader.django)
        elif kind == "env_instance":
            names.env_instances.setdefault(bound, ({}, reader.django))
        elif kind == "starlette_instance":
            names.starlette_instances.setdefault(bound, reader.prefix)
