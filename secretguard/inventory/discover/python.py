"""Python, through `ast`: os.environ / os.getenv reads, pydantic BaseSettings fields, django-environ,
environs, python-decouple and Flask's prefixed configuration.

Only real reads count: a name in a comment, a docstring or an unrelated string never becomes a variable.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name

_ENVIRON_CALL_DEFAULT_ARG = {"get": 1, "setdefault": 1}
# django-environ readers that fall back to a conventional variable when called without a name.
_DJANGO_DEFAULT_VARS = {
    "db": "DATABASE_URL",
    "db_url": "DATABASE_URL",
    "cache": "CACHE_URL",
    "cache_url": "CACHE_URL",
    "email": "EMAIL_URL",
    "email_url": "EMAIL_URL",
    "search_url": "SEARCH_URL",
}
_NOT_READERS = {
    "read_env",
    "prefixed",
    "smart_cast",
    "parse_value",
    "ENVIRON",
    "escape_proxy",
    "dump",
    "seal",
}
_SETTINGS_BASES = {"BaseSettings"}
_SECRET_TYPES = {"SecretStr", "SecretBytes"}


@dataclass
class FlaskUse:
    """Flask `app.config.from_prefixed_env(prefix)` calls and config keys used: combined project-wide."""

    prefixes: list[tuple[str, str, int]] = field(default_factory=list)  # (prefix, file, line)
    keys: list[tuple[str, str, int, bool]] = field(default_factory=list)  # (key, file, line, has default)


@dataclass
class _Settings:
    prefix: str = ""
    case_sensitive: bool = False


class _Visitor(ast.NodeVisitor):
    def __init__(self, file: str, flask: FlaskUse) -> None:
        self.file = file
        self.flask = flask
        self.reads: list[Read] = []
        self.os_names: set[str] = set()  # `import os`, `import os as o`
        self.environ_names: set[str] = set()  # `from os import environ`, `env = os.environ`
        self.getenv_names: set[str] = set()  # `from os import getenv`
        self.env_modules: dict[str, bool] = {}  # `import environ` (django-environ: True), `import environs`
        self.env_classes: dict[str, bool] = {}  # `Env` from environ (True) / environs (False)
        # instance name -> ({var: has default} from Env(VAR=(type, default)), made by django-environ)
        self.env_instances: dict[str, tuple[dict[str, bool], bool]] = {}
        self.decouple_funcs: set[str] = set()  # `from decouple import config`
        self.decouple_modules: set[str] = set()
        self.autoconfig_classes: set[str] = set()
        self.settings_bases: set[str] = set(_SETTINGS_BASES)
        self.settings_modules: set[str] = set()  # `import pydantic_settings`
        self.settings_classes: dict[str, _Settings] = {}
        self.constants: dict[str, str] = {}
        self.optional_nodes: set[int] = set()
        self.or_defaults: dict[int, ast.AST] = {}  # `os.getenv("X") or "30"`: the read -> what follows

    # --- helpers -------------------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        node: ast.AST,
        optional: bool,
        source: str = "python",
        secret: bool = False,
        default: str | None = None,
    ) -> None:
        if is_env_name(name):
            line = getattr(node, "lineno", 1)
            if default is None and id(node) in self.or_defaults:
                default = self.text(self.or_defaults[id(node)])
            self.reads.append(
                Read(
                    name,
                    self.file,
                    line,
                    optional or id(node) in self.optional_nodes,
                    source,
                    secret,
                    default,
                )
            )

    def default(self, node: ast.AST | None, typed: bool) -> str | None:
        """A literal default as the environment would spell it. Only a string for plain reads
        (`os.getenv("X", 5)` hands the code an int that no environment value equals); numbers and booleans
        too for readers that parse the value (pydantic, django-environ, environs, decouple)."""
        text = self.text(node)
        if text is not None or not typed or node is None:
            return text
        negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        inner = node.operand if isinstance(node, ast.UnaryOp) and negative else node
        if not isinstance(inner, ast.Constant):
            return None
        value = inner.value
        if isinstance(value, bool):
            return None if negative else ("true" if value else "false")
        if isinstance(value, int | float):
            return ("-" if negative else "") + repr(value)
        return None

    def text(self, node: ast.AST | None) -> str | None:
        """The string a node evaluates to, when it is a literal or built from module constants."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.text(node.left), self.text(node.right)
            return left + right if left is not None and right is not None else None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                elif (
                    isinstance(value, ast.FormattedValue)
                    and value.conversion == -1
                    and value.format_spec is None
                ):
                    inner = self.text(value.value)
                    if inner is None:
                        return None
                    parts.append(inner)
                else:
                    return None
            return "".join(parts)
        return None

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
        if isinstance(node, ast.Attribute) and node.attr == "Env" and isinstance(node.value, ast.Name):
            return self.env_modules.get(node.value.id)
        return None

    def is_settings_base(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.settings_bases or node.id in self.settings_classes
        if isinstance(node, ast.Attribute):
            return (
                node.attr == "BaseSettings"
                and isinstance(node.value, ast.Name)
                and (node.value.id in self.settings_modules)
            )
        return False

    # --- module structure ----------------------------------------------------------------------------------

    def prepare(self, tree: ast.Module) -> None:
        """Imports, aliases and string constants anywhere in the file, before reads are matched."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    if alias.name == "os":
                        self.os_names.add(bound)
                    elif alias.name in ("environ", "environs"):
                        self.env_modules[bound] = alias.name == "environ"
                    elif alias.name == "decouple":
                        self.decouple_modules.add(bound)
                    elif alias.name in ("pydantic_settings", "pydantic"):
                        self.settings_modules.add(bound)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    bound = alias.asname or alias.name
                    if node.module == "os":
                        if alias.name in ("environ", "environb"):
                            self.environ_names.add(bound)
                        elif alias.name in ("getenv", "getenvb"):
                            self.getenv_names.add(bound)
                    elif node.module in ("environ", "environs") and alias.name == "Env":
                        self.env_classes[bound] = node.module == "environ"
                    elif node.module == "decouple":
                        if alias.name == "config":
                            self.decouple_funcs.add(bound)
                        elif alias.name == "AutoConfig":
                            self.autoconfig_classes.add(bound)
                    elif (
                        node.module.startswith(("pydantic_settings", "pydantic"))
                        and alias.name == "BaseSettings"
                    ):
                        self.settings_bases.add(bound)
            elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
                for value, fallback in zip(node.values[:-1], node.values[1:], strict=True):
                    self.optional_nodes.add(id(value))
                    self.or_defaults[id(value)] = fallback
        # String constants and aliases (`KEY = "X"`, `env = os.environ`, `env = environ.Env(...)`), in order.
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                self._assign(node.targets[0].id, node.value, node)
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.value is not None
            ):
                self._assign(node.target.id, node.value, node)

    def _assign(self, target: str, value: ast.AST, node: ast.AST) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.constants.setdefault(target, value.value)
        elif self.is_environ(value):
            self.environ_names.add(target)
        elif isinstance(value, ast.Call) and self.env_class(value.func) is not None:
            scheme: dict[str, bool] = {}
            for kw in value.keywords:
                if kw.arg is None:
                    continue
                has_default = isinstance(kw.value, ast.Tuple) and len(kw.value.elts) >= 2
                scheme[kw.arg] = has_default
                fallback = kw.value.elts[1] if isinstance(kw.value, ast.Tuple) and has_default else None
                self.add(kw.arg, kw.value, has_default, default=self.default(fallback, typed=True))
            self.env_instances[target] = (scheme, bool(self.env_class(value.func)))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and (value.func.id in self.autoconfig_classes)
        ):
            self.decouple_funcs.add(target)

    # --- reads ---------------------------------------------------------------------------------------------

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Load) and self.is_environ(node.value):
            name = self.text(node.slice)
            if name is not None:
                self.add(name, node, optional=False)
        elif self._is_config(node.value):
            key = self.text(node.slice)
            if key is not None:
                self.flask.keys.append((key, self.file, node.lineno, isinstance(node.ctx, ast.Store)))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        # `"X" in os.environ`: the code checks for presence, so handles absence.
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], ast.In | ast.NotIn)
            and self.is_environ(node.comparators[0])
        ):
            name = self.text(node.left)
            if name is not None:
                self.add(name, node, optional=True)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        first = self.text(node.args[0]) if node.args else None
        if self.is_getenv(func):
            if first is not None:
                self.add(
                    first,
                    node,
                    optional=len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=False),
                )
        elif isinstance(func, ast.Attribute) and self.is_environ(func.value):
            if func.attr in _ENVIRON_CALL_DEFAULT_ARG and first is not None:
                self.add(
                    first,
                    node,
                    optional=len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=False),
                )
        elif (isinstance(func, ast.Name) and func.id in self.decouple_funcs) or (
            isinstance(func, ast.Attribute)
            and func.attr == "config"
            and isinstance(func.value, ast.Name)
            and func.value.id in self.decouple_modules
        ):
            if first is not None:
                self.add(
                    first,
                    node,
                    optional=len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=True),
                )
        elif isinstance(func, ast.Name) and func.id in self.env_instances:
            # django-environ: env(var, cast=None, default=NOTSET); environs: env(var, default)
            if first is not None:
                scheme, django = self.env_instances[func.id]
                positional_default = len(node.args) > (2 if django else 1)
                self.add(
                    first,
                    node,
                    optional=scheme.get(first, False) or positional_default or _has_kw(node, "default"),
                    default=self.default(_arg(node, 2 if django else 1, "default"), typed=True),
                )
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in self.env_instances
            and func.attr not in _NOT_READERS
            and not func.attr.startswith("_")
        ):
            scheme = self.env_instances[func.value.id][0]
            name = first if first is not None else self.text(_kw(node, "var"))
            if name is None and not node.args and _kw(node, "var") is None:
                name = _DJANGO_DEFAULT_VARS.get(func.attr)
            if name is not None:
                self.add(
                    name,
                    node,
                    optional=scheme.get(name, False) or len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=True),
                )
        elif isinstance(func, ast.Attribute) and self._is_config(func.value):
            self._flask_config_call(func.attr, node)
        self.generic_visit(node)

    def _is_config(self, node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "config"
            and isinstance(node.value, ast.Name | ast.Attribute)
        )

    def _flask_config_call(self, method: str, node: ast.Call) -> None:
        if method == "from_prefixed_env":
            prefix = self.text(node.args[0]) if node.args else self.text(_kw(node, "prefix"))
            self.flask.prefixes.append((prefix if prefix is not None else "FLASK", self.file, node.lineno))
        elif method == "from_envvar":
            name = self.text(node.args[0]) if node.args else self.text(_kw(node, "variable_name"))
            silent = _kw(node, "silent")
            if name is not None:
                self.add(
                    name,
                    node,
                    optional=isinstance(silent, ast.Constant) and silent.value is True,
                    source="flask",
                )
        elif method == "get" and node.args:
            key = self.text(node.args[0])
            if key is not None:
                self.flask.keys.append((key, self.file, node.lineno, len(node.args) > 1))
        elif method in ("update", "setdefault"):
            for kw in node.keywords:
                if kw.arg:
                    self.flask.keys.append((kw.arg, self.file, node.lineno, True))

    # --- pydantic settings ---------------------------------------------------------------------------------

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        parents = [b for b in node.bases if self.is_settings_base(b)]
        if parents:
            inherited = next(
                (
                    self.settings_classes[b.id]
                    for b in parents
                    if isinstance(b, ast.Name) and b.id in self.settings_classes
                ),
                _Settings(),
            )
            settings = _Settings(inherited.prefix, inherited.case_sensitive)
            self._settings_config(node, settings)
            self.settings_classes[node.name] = settings
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    self._settings_field(stmt, stmt.target.id, settings)
        self.generic_visit(node)

    def _settings_config(self, node: ast.ClassDef, settings: _Settings) -> None:
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
            prefix = self.text(options.get("env_prefix"))
            if prefix is not None:
                settings.prefix = prefix
            case = options.get("case_sensitive")
            if isinstance(case, ast.Constant) and isinstance(case.value, bool):
                settings.case_sensitive = case.value

    def _settings_field(self, stmt: ast.AnnAssign, field_name: str, settings: _Settings) -> None:
        if (
            field_name.startswith("_")
            or field_name == "model_config"
            or _mentions(stmt.annotation, {"ClassVar"})
        ):
            return
        has_default = stmt.value is not None
        default = self.default(stmt.value, typed=True)
        names: list[str] = []
        if isinstance(stmt.value, ast.Call) and _call_name(stmt.value.func) == "Field":
            call = stmt.value
            has_default = bool(call.args) and not _is_ellipsis(call.args[0])
            default_kw = _kw(call, "default")
            if default_kw is not None and not _is_ellipsis(default_kw):
                has_default = True
            default = self.default(_arg(call, 0, "default"), typed=True)
            if _kw(call, "default_factory") is not None:
                has_default = True
            for key in ("validation_alias", "alias", "env"):
                alias = _kw(call, key)
                if alias is None:
                    continue
                names = self._alias_names(alias)
                if names:
                    break
        elif stmt.value is not None and _is_ellipsis(stmt.value):
            has_default = False
        secret = _mentions(stmt.annotation, _SECRET_TYPES)
        if names:
            choices = len(names) > 1
            for name in names:
                shown = name if settings.case_sensitive else name.upper()
                self.add(
                    shown,
                    stmt,
                    optional=has_default or choices,
                    source="pydantic-settings",
                    secret=secret,
                    default=default,
                )
        else:
            name = settings.prefix + field_name
            self.add(
                name if settings.case_sensitive else name.upper(),
                stmt,
                optional=has_default,
                source="pydantic-settings",
                secret=secret,
                default=default,
            )

    def _alias_names(self, node: ast.AST) -> list[str]:
        single = self.text(node)
        if single is not None:
            return [single]
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [t for t in (self.text(e) for e in node.elts) if t is not None]
        if isinstance(node, ast.Call) and _call_name(node.func) == "AliasChoices":
            return [t for t in (self.text(a) for a in node.args) if t is not None]
        return []


def _kw(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _arg(call: ast.Call, index: int, name: str) -> ast.AST | None:
    """The argument at position index, or given by keyword name."""
    return call.args[index] if len(call.args) > index else _kw(call, name)


def _has_kw(call: ast.Call, name: str) -> bool:
    return _kw(call, name) is not None


def _is_ellipsis(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id in names)
        or (isinstance(n, ast.Attribute) and n.attr in names)
        or (isinstance(n, ast.Constant) and isinstance(n.value, str) and any(x in n.value for x in names))
        for n in ast.walk(node)
    )


# A file without any of these cannot read the environment in a way this module understands: not parsed.
TRIGGERS = ("environ", "getenv", "BaseSettings", "decouple", "Env", ".config", "AutoConfig")


def discover_python(text: str, file: str, flask: FlaskUse) -> list[Read]:
    """Reads in one Python file; a file that does not parse yields nothing (it is not valid Python)."""
    if not any(t in text for t in TRIGGERS):
        return []
    try:
        tree = ast.parse(text, filename=file)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    visitor = _Visitor(file, flask)
    visitor.prepare(tree)
    try:
        visitor.visit(tree)
    except RecursionError:
        return visitor.reads
    return visitor.reads


def flask_reads(flask: FlaskUse) -> list[Read]:
    """Flask's `from_prefixed_env(P)` loads every `P_<KEY>`: the keys the project uses become variables."""
    reads: list[Read] = []
    for prefix, _file, _line in flask.prefixes:
        keys = sorted({k for k, *_ in flask.keys if k.isupper()})
        for key in keys:
            uses = [(f, ln, d) for k, f, ln, d in flask.keys if k == key]
            has_default = any(d for _, _, d in uses)
            for f, ln, _ in uses:
                reads.append(Read(f"{prefix}_{key}", f, ln, has_default, "flask"))
    return reads
