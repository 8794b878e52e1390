"""Objects whose attributes are environment variables: an instance of a class whose `__getattr__` (or
`__getitem__`) reads the variable its parameter names.

    # app/conf.py
    class Config(dict):
        defaults = {"DB_HOST": "127.0.0.1", "SECRET_KEY": ""}
        def get(self, item, default=None):
            value = os.environ.get(item)
            return self.defaults.get(item) if value is None else value
        def __getattr__(self, item):
            return self.get(item)

    class ConfigManager:
        @classmethod
        def load(cls): return Config()

    # app/const.py
    CONFIG = ConfigManager.load()

    # app/settings.py
    from .const import CONFIG
    DATABASE_HOST = CONFIG.DB_HOST        # DB_HOST, default 127.0.0.1
    SECRET = CONFIG["SECRET_KEY"]         # SECRET_KEY
    TOKEN = CONFIG.get("API_TOKEN", "")   # API_TOKEN, default ""

An instance is a module-level name assigned a call of the class, or of a factory defined beside it (a class
or function of the class's module that names the class: what hands the instance out). Every module that
binds that name (by `from ... import`, following re-exports) reads `NAME.X` for each upper-case attribute
X. The class's defaults come from a literal dict its methods look names up in (`self.defaults.get(item)`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_constants import MAX_HOPS
from secretguard.inventory.discover.python_nodes import dotted_name
from secretguard.inventory.discover.python_project import ProjectModules
from secretguard.inventory.discover.python_values import Values
from secretguard.inventory.discover.python_walk import walk

_PROXY_METHODS = ("__getattr__", "__getitem__")
_ENV_GETTERS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})
_ENV_MAPPINGS = frozenset({"os.environ", "environ"})
_UPPER_NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")


@dataclass
class _Proxy:
    """A class whose instances' attributes are variables."""

    name: str
    methods: frozenset[str]  # its own method names: attributes that are no variables
    # the literal dict's entries: the default, and whether it is a boolean
    defaults: dict[str, tuple[str | None, bool]] = field(default_factory=dict)
    fallback: str | None = None  # `__getattr__`'s own `os.environ.get(name, "x")`
    gets: bool = False  # `get(name, default)` reads too


def proxy_reads(project: ProjectModules) -> list[Read]:
    """The reads of every attribute of every env proxy instance, wherever it is bound."""
    proxies = _proxy_classes(project)
    if not proxies:
        return []
    instances = _instances(project, proxies)
    if not instances:
        return []
    names = {name for _, name in instances}
    reads: list[Read] = []
    for rel, text in project.texts.items():
        if not any(n in text for n in names):
            continue
        bound = _bound_instances(project, rel, instances)
        if bound:
            tree = project.parsed(rel)
            if tree is not None:
                reads.extend(_uses(tree, rel, bound))
    return reads


def _proxy_classes(project: ProjectModules) -> dict[tuple[str, str], _Proxy]:
    found: dict[tuple[str, str], _Proxy] = {}
    for rel, wrappers in project.wrappers.items():
        if not any(f"self.{m}" in wrappers for m in _PROXY_METHODS):
            continue
        tree = project.tree(rel)
        for node in tree.body if tree is not None else []:
            if isinstance(node, ast.ClassDef) and (proxy := _proxy(node, rel, project, set(wrappers))):
                found[(rel, node.name)] = proxy
    return found


def _proxy(cls: ast.ClassDef, rel: str, project: ProjectModules, wrappers: set[str]) -> _Proxy | None:
    methods = {m.name: m for m in cls.body if isinstance(m, ast.FunctionDef)}
    reader = next((methods[m] for m in _PROXY_METHODS if m in methods), None)
    if reader is None or len(reader.args.args) < 2:
        return None
    param = reader.args.args[1].arg
    fallback: str | None = None
    values = Values(rel, project)
    reads = False
    for node in walk(reader):
        if not isinstance(node, ast.Call | ast.Subscript):
            continue
        if isinstance(node, ast.Subscript):
            if dotted_name(node.value) in _ENV_MAPPINGS and _is_param(node.slice, param):
                reads = True
            continue
        callee = dotted_name(node.func)
        if not node.args or not _is_param(node.args[0], param) or callee is None:
            continue
        if callee in _ENV_GETTERS:
            reads = True
            if len(node.args) > 1:
                fallback = values.default(node.args[1], typed=True)
        elif callee in wrappers:  # `self.get(item)`, a method that reads the variable it is given
            reads = True
    if not reads:
        return None
    gets = "get" in methods and "self.get" in wrappers
    return _Proxy(cls.name, frozenset(methods), _defaults(cls, values), fallback, gets)


def _is_param(node: ast.AST, param: str) -> bool:
    return isinstance(node, ast.Name) and node.id == param


def _defaults(cls: ast.ClassDef, values: Values) -> dict[str, tuple[str | None, bool]]:
    """The literal dict of the class body its methods look names up in (`self.defaults.get(item)`,
    `self.defaults[item]`): each name's default, and whether it is a boolean (what such a class converts
    the value to, by its default's type)."""
    looked_up: set[str] = set()
    for node in walk(cls):
        target = (
            node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
        )
        if isinstance(node, ast.Subscript):
            target = node.value
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls")
        ):
            looked_up.add(target.attr)
    tables = {
        node.targets[0].id: node.value
        for node in cls.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in looked_up
        and isinstance(node.value, ast.Dict)
    }
    # `defaults` beside `old_config_map` (old names by new): the one named for defaults holds them
    named = {name: table for name, table in tables.items() if "default" in name.lower()}
    out: dict[str, tuple[str | None, bool]] = {}
    for table in (named or tables).values():
        for key, value in zip(table.keys, table.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and is_env_name(key.value):
                boolean = isinstance(value, ast.Constant) and isinstance(value.value, bool)
                out[key.value] = (values.default(value, typed=True), boolean)
    return out


def _instances(
    project: ProjectModules, proxies: dict[tuple[str, str], _Proxy]
) -> dict[tuple[str, str], _Proxy]:
    """Module-level names assigned an instance: `CONFIG = Config()`, `CONFIG = ConfigManager.load()`."""
    # The factories: what each proxy's module defines that names the class (the class itself too).
    factories: dict[tuple[str, str], _Proxy] = {}
    for (rel, name), proxy in proxies.items():
        tree = project.tree(rel)
        word = re.compile(rf"\b{re.escape(name)}\b")
        lines = project.texts[rel].splitlines()
        for node in tree.body if tree is not None else []:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                source = "\n".join(lines[node.lineno - 1 : node.end_lineno])
                if node.name == name or word.search(source):
                    factories.setdefault((rel, node.name), proxy)
    words = {name for _, name in factories}
    found: dict[tuple[str, str], _Proxy] = {}
    for rel, text in project.texts.items():
        if not any(w in text for w in words):
            continue
        tree = project.parsed(rel)
        for node in tree.body if tree is not None else []:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
                and (head := dotted_name(node.value.func)) is not None
            ):
                first = head.split(".")[0]
                key = (rel, first) if (rel, first) in factories else _imported(project, rel, first)
                if key is not None and key in factories:
                    found[(rel, node.targets[0].id)] = factories[key]
    return found


def _imported(project: ProjectModules, rel: str, name: str) -> tuple[str, str] | None:
    """The module and name a module's `from ... import name` binds, following re-exports."""
    here, wanted = rel, name
    for _ in range(MAX_HOPS):
        names, _stars = project.imports_of(here)
        if wanted not in names:
            return (here, wanted) if here != rel else None
        level, module, original = names[wanted]
        target = project.resolve(here, level, module)
        if target is None:
            return None
        here, wanted = target, original
    return None


def _bound_instances(
    project: ProjectModules, rel: str, instances: dict[tuple[str, str], _Proxy]
) -> dict[str, _Proxy]:
    bound = {name: proxy for (where, name), proxy in instances.items() if where == rel}
    names, _stars = project.imports_of(rel)
    for local in names:
        origin = _imported(project, rel, local)
        if origin is not None and origin in instances:
            bound[local] = instances[origin]
    return bound


def _uses(tree: ast.Module, rel: str, bound: dict[str, _Proxy]) -> list[Read]:
    values = Values(rel, None)
    out: list[Read] = []
    for node in walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            proxy = bound[node.value.id]
            if (
                isinstance(node.ctx, ast.Load)
                and node.attr not in proxy.methods
                and _UPPER_NAME.match(node.attr)
            ):
                out.append(_read(node.attr, rel, node.lineno, proxy, None))
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in bound:
            proxy = bound[node.value.id]
            key = node.slice
            if (
                isinstance(node.ctx, ast.Load)
                and "__getitem__" in proxy.methods
                and isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and is_env_name(key.value)
            ):
                out.append(_read(key.value, rel, node.lineno, proxy, None))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in bound
            and bound[node.func.value.id].gets
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and is_env_name(node.args[0].value)
        ):
            given = values.default(node.args[1], typed=True) if len(node.args) > 1 else None
            out.append(_read(node.args[0].value, rel, node.lineno, bound[node.func.value.id], given))
    return out


def _read(name: str, rel: str, line: int, proxy: _Proxy, given: str | None) -> Read:
    default, boolean = proxy.defaults.get(name, (proxy.fallback, False))
    return Read(
        name, rel, line, True, "python", default=default if given is None else given, boolean_use=boolean
    )
