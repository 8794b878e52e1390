"""Settings classes and schemes, for discovery (python.py): pydantic's `BaseSettings` subclasses, whose fields
are variables (named by `env_prefix` + the field, or by their aliases; upper-cased unless `case_sensitive`),
and django-environ's `Env(X=(type, default), **SCHEMA)` schemes.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Container
from dataclasses import dataclass

from secretguard.inventory.discover.python_constants import imported_node
from secretguard.inventory.discover.python_names import BoundNames
from secretguard.inventory.discover.python_nodes import argument, call_name, is_computed, keyword_arg
from secretguard.inventory.discover.python_values import Values

_SECRET_TYPES = {"SecretStr", "SecretBytes"}


@dataclass
class Settings:
    """A settings class's `env_prefix` and `case_sensitive` (its parent's unless it sets its own)."""

    prefix: str = ""
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class SettingRead:
    """A variable a settings field reads."""

    name: str
    optional: bool
    secret: bool
    default: str | None
    computed: bool  # its default is an expression or a factory: no one literal value


def is_settings_base(node: ast.AST, names: BoundNames, classes: Container[str]) -> bool:
    """pydantic's `BaseSettings` (imported by any name), or one of the module's own settings `classes`."""
    if isinstance(node, ast.Name):
        return node.id in names.settings_bases or node.id in classes
    if isinstance(node, ast.Attribute):
        return (
            node.attr == "BaseSettings"
            and isinstance(node.value, ast.Name)
            and (node.value.id in names.settings_modules)
        )
    return False


def class_settings(
    node: ast.ClassDef, inherited: Settings, text: Callable[[ast.AST | None], str | None]
) -> Settings:
    """A settings class's prefix and case: its own configuration over what its first settings parent has."""
    settings = Settings(inherited.prefix, inherited.case_sensitive)
    _settings_config(node, settings, text)
    return settings


def _settings_config(
    node: ast.ClassDef, settings: Settings, text: Callable[[ast.AST | None], str | None]
) -> None:
    for stmt in node.body:
        options: dict[str, ast.AST] = {}
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if (
                any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets)
                and stmt.value is not None
            ):
                value = stmt.value
                if isinstance(value, ast.Call):
                    options = {kw.arg: kw.value for kw in value.keywords if kw.arg}
                elif isinstance(value, ast.Dict):
                    options = {
                        k.value: v
                        for k, v in zip(value.keys, value.values, strict=True)
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    }
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":  # pydantic v1
            for inner in stmt.body:
                if (
                    isinstance(inner, ast.Assign)
                    and len(inner.targets) == 1
                    and isinstance(inner.targets[0], ast.Name)
                ):
                    options[inner.targets[0].id] = inner.value
        prefix = text(options.get("env_prefix"))
        if prefix is not None:
            settings.prefix = prefix
        case = options.get("case_sensitive")
        if isinstance(case, ast.Constant) and isinstance(case.value, bool):
            settings.case_sensitive = case.value


def field_reads(
    stmt: ast.AnnAssign, field_name: str, settings: Settings, values: Values
) -> list[SettingRead]:
    """The variables a field of a settings class reads: its aliases, else the prefixed field name."""
    if field_name.startswith("_") or field_name == "model_config" or _mentions(stmt.annotation, {"ClassVar"}):
        return []
    if _section(stmt.annotation) and stmt.value is None:
        return []  # `database: DatabaseSettings`: a section of settings read by its own class, not a variable
    has_default = stmt.value is not None
    default = values.default(stmt.value, typed=True)
    computed = is_computed(stmt.value)
    names: list[str] = []
    if isinstance(stmt.value, ast.Call) and call_name(stmt.value.func) == "Field":
        call = stmt.value
        has_default = bool(call.args) and not _is_ellipsis(call.args[0])
        default_kw = keyword_arg(call, "default")
        if default_kw is not None and not _is_ellipsis(default_kw):
            has_default = True
        given = argument(call, 0, "default")
        default = values.default(given, typed=True)
        computed = is_computed(given)
        if keyword_arg(call, "default_factory") is not None:
            has_default = computed = True
        for key in ("validation_alias", "alias", "env"):
            alias = keyword_arg(call, key)
            if alias is None:
                continue
            names = _alias_names(alias, values)
            if names:
                break
    elif stmt.value is not None and _is_ellipsis(stmt.value):
        has_default = False
    secret = _mentions(stmt.annotation, _SECRET_TYPES)
    if names:
        choices = len(names) > 1
        return [
            SettingRead(
                name if settings.case_sensitive else name.upper(),
                has_default or choices,
                secret,
                default,
                computed,
            )
            for name in names
        ]
    name = settings.prefix + field_name
    return [
        SettingRead(name if settings.case_sensitive else name.upper(), has_default, secret, default, computed)
    ]


def _section(annotation: ast.AST) -> bool:
    """An annotation naming another settings class (`DatabaseSettings`, `Optional[RedisConfig]`)."""
    if isinstance(annotation, ast.Subscript) and call_name(annotation.value) == "Optional":
        annotation = annotation.slice
    return (
        isinstance(annotation, ast.Name)
        and annotation.id.endswith(("Settings", "Config"))
        and len(annotation.id) > len("Settings")
    )


def _alias_names(node: ast.AST, values: Values) -> list[str]:
    single = values.text(node)
    if single is not None:
        return [single]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [t for t in (values.text(e) for e in node.elts) if t is not None]
    if isinstance(node, ast.Call) and call_name(node.func) == "AliasChoices":
        return [t for t in (values.text(a) for a in node.args) if t is not None]
    return []


def env_scheme(call: ast.Call, values: Values) -> list[tuple[str, ast.expr]]:
    """`Env(X=(str, "d"), **SCHEMA)`: each variable and its `(type, default)` spec; a `**SCHEMA` is a dict
    literal this module or a project module (`from app.settings import SCHEMA`) binds once."""
    found: list[tuple[str, ast.expr]] = []
    for kw in call.keywords:
        if kw.arg is not None:
            found.append((kw.arg, kw.value))
        elif isinstance(kw.value, ast.Name):
            found.extend(_dict_entries(_schema_node(kw.value.id, values)))
        else:  # `**{"X": (str, "d")}`
            found.extend(_dict_entries(kw.value))
    return found


def _schema_node(name: str, values: Values) -> ast.AST | None:
    """What a name spread into a call holds, unevaluated: a module-level value, else a project import."""
    if name in values.module_nodes:
        return values.module_nodes[name]
    if values.project is None or name not in values.module_imports:
        return None
    level, dotted = values.module_imports[name]
    return imported_node(values.project, values.file, level, dotted)


def _dict_entries(node: ast.AST | None) -> list[tuple[str, ast.expr]]:
    """The string-keyed entries of a dict literal: `{"X": v}` or `dict(X=v)`."""
    if isinstance(node, ast.Dict):
        return [
            (key.value, value)
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return [(kw.arg, kw.value) for kw in node.keywords if kw.arg is not None]
    return []


def _is_ellipsis(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id in names)
        or (isinstance(n, ast.Attribute) and n.attr in names)
        or (isinstance(n, ast.Constant) and isinstance(n.value, str) and any(x in n.value for x in names))
        for n in ast.walk(node)
    )
