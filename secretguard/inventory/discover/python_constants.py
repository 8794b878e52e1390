"""Literal constants of Python modules and classes, for discovery's names and defaults (python.py).

- A module's constant another module imports: `from app.fetchers import MAX_HEIGHT_DEFAULT` then
  `int(os.getenv("MAX_HEIGHT", MAX_HEIGHT_DEFAULT))`, with `MAX_HEIGHT_DEFAULT = 20000` in app/fetchers
  (followed through re-exports: `from .limits import MAX_HEIGHT_DEFAULT` in a package's __init__).
- A class's attribute a method reads through `self`/`cls`: `proxy_keys = ["server", "username"]` in the
  class body, then `for k in self.proxy_keys: os.getenv("proxy_" + k)`.

Only names bound once (and, for a class attribute, never assigned through an instance) count: anything
else may hold another value when the read runs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Protocol, TypeVar

from secretguard.inventory.discover.python_nodes import call_name
from secretguard.inventory.discover.python_walk import walk

MAX_HOPS = 4  # re-exports followed from the importing module to the defining one


T = TypeVar("T")


class _Project(Protocol):
    def resolve(self, importer: str, level: int, module: str | None) -> str | None: ...

    def tree(self, rel: str, keep: bool = True) -> ast.Module | None: ...

    def defined(
        self,
        importer: str,
        level: int,
        module: str | None,
        name: str,
        pick: Callable[[ast.Module, str], T | None],
    ) -> T | None: ...


def _literal(node: ast.AST | None) -> object:
    """A string or number constant (`20000`, `-1`, `"x"`), else None; booleans are no value here."""
    negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    inner = node.operand if isinstance(node, ast.UnaryOp) and negative else node
    if not isinstance(inner, ast.Constant) or isinstance(inner.value, bool):
        return None
    value = inner.value
    if isinstance(value, int | float):
        return -value if negative else value
    return value if isinstance(value, str) and not negative else None


def bound_once(body: list[ast.stmt]) -> dict[str, ast.expr]:
    """The names a block (a module's or class's body) assigns exactly once, with the value assigned."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for stmt in body:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
            targets = [stmt.target]
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            counts[stmt.name] = counts.get(stmt.name, 0) + 1
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    counts[node.id] = counts.get(node.id, 0) + 1
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            values[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            values[stmt.target.id] = stmt.value
    return {name: value for name, value in values.items() if counts.get(name) == 1}


def imported_constant(project: _Project, importer: str, level: int, dotted: str) -> object:
    """The literal a `from M import NAME` binds (`dotted` is `M.NAME`), or None when it is no literal constant
    of a project module."""
    module, _, name = dotted.rpartition(".")
    if not (module or level):
        return None
    return _literal(project.defined(importer, level, module or None, name, _bound_once_named))


def imported_node(project: _Project, importer: str, level: int, dotted: str) -> ast.AST | None:
    """What a `from M import NAME` binds when a project module assigns it once (`dotted` is `M.NAME`): the
    assigned expression, unevaluated (a schema dict spread into a call), or None."""
    module, _, name = dotted.rpartition(".")
    if not (module or level):
        return None
    return project.defined(importer, level, module or None, name, _bound_once_named)


def imported_data(project: _Project, importer: str, level: int, dotted: str) -> ast.expr | None:
    """What a `from M import TABLE` binds when M assigns it once literal data made of literals alone (lists,
    tuples and dicts of strings and numbers, `dict(key="x")`): its expression, which means the same in any
    module (it names nothing of M's)."""
    node = imported_node(project, importer, level, dotted)
    if not isinstance(node, ast.List | ast.Tuple | ast.Dict):
        return None
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id == "dict" and isinstance(sub.ctx, ast.Load):
            continue  # `dict(...)`'s own name
        if isinstance(sub, ast.Call) and not (isinstance(sub.func, ast.Name) and sub.func.id == "dict"):
            return None
        if not isinstance(sub, _DATA_NODES):
            return None
    return node


# What literal data is made of (a `-1` is a unary minus; a call is only `dict(...)`, checked above).
_DATA_NODES = (
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.Constant,
    ast.UnaryOp,
    ast.USub,
    ast.Load,
    ast.Call,
    ast.keyword,
)


def _bound_once_named(tree: ast.Module, name: str) -> ast.AST | None:
    return bound_once(tree.body).get(name)


def class_constants(tree: ast.Module, name: str) -> dict[str, object] | None:
    """The literal attributes of the module's class `name` (`class Theme: LIGHT = "light"`), read from
    outside as `Theme.LIGHT`: those its body binds once to a string or number, less any the module assigns
    through the class (`Theme.LIGHT = ...`) or an instance; None when the module defines no such class (an
    Enum's members are no plain attributes: python_values reads them)."""
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if cls is None or any(isinstance(n, ast.ClassDef) and n.name == name and n is not cls for n in tree.body):
        return None
    if any(call_name(b) in _ENUM_BASES for b in cls.bases):
        return None
    attributes = _class_attributes(cls)
    stores = _attribute_stores(tree)
    found = {attr: _literal(value) for attr, value in attributes.items() if (name, attr) not in stores}
    return {attr: value for attr, value in found.items() if value is not None}


def _attribute_stores(tree: ast.Module) -> frozenset[tuple[str, str]]:
    """Every `Name.attr = ...` (or `del`) in the module, found once per tree (many modules may read the
    classes of one)."""
    stores: frozenset[tuple[str, str]] | None = getattr(tree, "_attribute_stores", None)
    if stores is None:
        stores = frozenset(
            (sub.value.id, sub.attr)
            for sub in walk(tree)
            if isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Store | ast.Del)
            and isinstance(sub.value, ast.Name)
        )
        setattr(tree, "_attribute_stores", stores)  # noqa: B010 - an AST node takes any attribute
    return stores


_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"})


class ClassAttributes:
    """The attributes the enclosing class bodies bind once, for `self.X` / `cls.X` in their methods."""

    def __init__(self) -> None:
        # each enclosing class, and its attributes once asked for (most classes never are)
        self._stack: list[tuple[ast.ClassDef, dict[str, ast.expr] | None]] = []

    def enter(self, node: ast.ClassDef) -> None:
        self._stack.append((node, None))

    def leave(self) -> None:
        self._stack.pop()

    def value(self, node: ast.Attribute, evaluate: Callable[[ast.expr], object]) -> object | None:
        """What `self.X`, `cls.X` or `Owner.X` reads in the innermost class, evaluated; None if unknown."""
        if not self._stack or not isinstance(node.value, ast.Name):
            return None
        cls, attributes = self._stack[-1]
        if node.value.id not in ("self", "cls", cls.name):
            return None
        if attributes is None:
            attributes = _class_attributes(cls)
            self._stack[-1] = (cls, attributes)
        if node.attr not in attributes:
            return None
        return evaluate(attributes[node.attr])

    def bases(self) -> list[str]:
        """The names of the innermost class's bases (`class ComposeSettings(CommunityBaseSettings)`)."""
        if not self._stack:
            return []
        return [b.id for b in self._stack[-1][0].bases if isinstance(b, ast.Name)]


def class_data(tree: ast.Module, name: str) -> dict[str, object] | None:
    """The attributes of the module's class `name` its body binds once to literal data (`_PROVIDERS =
    {"github": {...}}`), as python_values represents data (lists as tuples); None when there is no such
    class. What a subclass's method reads as `self._PROVIDERS`."""
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    if cls is None:
        return None
    found: dict[str, object] = {}
    for attr, value in _class_attributes(cls).items():
        try:
            data = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        found[attr] = _as_data(data)
    return found


def _as_data(value: object) -> object:
    if isinstance(value, list | tuple | set):
        return tuple(_as_data(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_data(v) for k, v in value.items()}
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _class_attributes(node: ast.ClassDef) -> dict[str, ast.expr]:
    """What the class body binds once, less what `self.X = ...` anywhere in the class may change."""
    found = bound_once(node.body)
    for sub in walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store | ast.Del):
            found.pop(sub.attr, None)
    return found
