"""Settings classes of the project's other modules, for discovery (python.py): `class LDAP(BaseConfigSet)`
where `from app.config.configset import BaseConfigSet` and `class BaseConfigSet(BaseSettings)` there. Such a
class is a pydantic settings class too, and inherits its base's `env_prefix` and `case_sensitive` (from
`model_config = SettingsConfigDict(...)` or a pydantic v1 inner `class Config`).

Bases are followed across modules (imports resolved as python_project does, re-exports included) up to a
few levels; what each project class is gets worked out once per project.
"""

from __future__ import annotations

import ast
import re

from secretguard.inventory.discover.python_constants import bound_once
from secretguard.inventory.discover.python_names import BoundNames
from secretguard.inventory.discover.python_nodes import dotted_name
from secretguard.inventory.discover.python_project import ProjectModules
from secretguard.inventory.discover.python_settings import Settings, class_settings, is_settings_base

_MAX_LEVELS = 8  # classes between a settings class and BaseSettings
# `class Name(Base, other.Base):` - the bases of a class statement, as text (for the cheap text filter)
_CLASS_BASES = re.compile(r"^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.MULTILINE)


def settings_class_names(project: ProjectModules) -> frozenset[str]:
    """The names of the project's classes that may be settings classes, judged by their text alone (a class
    whose base is named `BaseSettings` or one of these): a file naming none needs no parsing for them."""
    if project.settings_names is None:
        names = {"BaseSettings"}
        for _ in range(_MAX_LEVELS):
            found = {
                cls
                for text in project.texts.values()
                if any(name in text for name in names)
                for cls, bases in _CLASS_BASES.findall(text)
                if cls not in names and any(_last(b) in names for b in bases.split(","))
            }
            if not found:
                break
            names |= found
        project.settings_names = frozenset(names - {"BaseSettings"})
    return project.settings_names


def mentions_settings_class(project: ProjectModules, text: str) -> bool:
    """Whether a file may define a subclass of a project settings class (`class X(ProjectBase)`)."""
    names = settings_class_names(project)
    return (
        bool(names)
        and any(name in text for name in names)
        and any(_last(b) in names for _cls, bases in _CLASS_BASES.findall(text) for b in bases.split(","))
    )


def imported_settings(
    project: ProjectModules, importer: str, base: ast.expr, names: BoundNames
) -> Settings | None:
    """The settings a base class brings when it is a project settings class the module imports (`from
    app.configset import BaseConfigSet`, `import app.configset as cs` then `cs.BaseConfigSet`). A base whose
    name no settings class of the project has is not looked up (models' bases are many)."""
    dotted = dotted_name(base)
    if dotted is None or _last(dotted) not in settings_class_names(project):
        return None
    return _imported(project, importer, base, names, 0)


def _imported(
    project: ProjectModules, importer: str, base: ast.expr, names: BoundNames, depth: int
) -> Settings | None:
    dotted = dotted_name(base)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head not in names.module_imports:
        return None
    level, module = names.module_imports[head]
    path = f"{module}.{rest}" if rest else module  # `cs.BaseConfigSet` -> `app.configset.BaseConfigSet`
    module_name, _, cls_name = path.rpartition(".")
    if not (module_name or level):
        return None
    found = project.definition(importer, level, module_name or None, cls_name, _class_named, stars=True)
    return None if found is None else _settings_of(project, found[0], found[1], depth + 1)


def _settings_of(project: ProjectModules, rel: str, cls: ast.ClassDef, depth: int) -> Settings | None:
    """What a class of module `rel` is: a settings class (its prefix and case), or None."""
    key = (rel, cls.name)
    if key in project.settings_classes:
        return project.settings_classes[key]
    project.settings_classes[key] = None  # a cycle of imports finds no settings
    tree = project.tree(rel)
    if tree is None or depth > _MAX_LEVELS:
        return None
    names = _module_names(tree)
    local = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    inherited: Settings | None = None
    for base in cls.bases:
        if is_settings_base(base, names, ()):
            inherited = Settings()
        elif isinstance(base, ast.Name) and base.id in local and local[base.id] is not cls:
            inherited = _settings_of(project, rel, local[base.id], depth + 1)
        else:
            inherited = _imported(project, rel, base, names, depth)
        if inherited is not None:
            break
    if inherited is None:
        return None
    constants = bound_once(tree.body)

    def text(node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Name) and node.id in constants:
            node = constants[node.id]
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    found = class_settings(cls, inherited, text)
    project.settings_classes[key] = found
    return found


def _module_names(tree: ast.Module) -> BoundNames:
    """What a module's top-level imports bind (BaseSettings by any name, project modules and classes)."""
    names = BoundNames()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.bind_import(node)
        elif isinstance(node, ast.ImportFrom):
            names.bind_import_from(node)
    return names


def _class_named(tree: ast.Module, name: str) -> ast.ClassDef | None:
    return next(
        (n for n in reversed(tree.body) if isinstance(n, ast.ClassDef) and n.name == name),
        None,
    )


def _last(base: str) -> str:
    """`pkg.mod.Base` -> `Base` (a keyword argument such as `metaclass=M` names no base)."""
    base = base.strip()
    return "" if "=" in base else base.rsplit(".", 1)[-1].split("[", 1)[0].strip()
