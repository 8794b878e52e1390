"""What Python expressions evaluate to when they are built from literals, for discovery's names and defaults
(python.py): strings, numbers, tuples, lists and dicts, joined, formatted, indexed and looked up through the
names that hold them (a module's constants, a function's locals, what a loop over literal data binds, a
constant another module of the project defines, an Enum member, a library's constant naming a variable).

While a function is summarised as a wrapper, its parameters evaluate to marks (`\x000\x00` for the first):
a name built from one (`"APP_" + name + "_FILE"`) is a template the wrapper's callers fill in.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from secretguard.inventory.discover.python_constants import (
    ClassAttributes,
    class_constants,
    class_data,
    imported_constant,
    imported_data,
)
from secretguard.inventory.discover.python_name_builders import bound_arguments, name_builder, returned
from secretguard.inventory.discover.python_names import URL_CONFIGS, BoundNames
from secretguard.inventory.discover.python_nodes import call_name
from secretguard.inventory.discover.python_project import ProjectModules
from secretguard.inventory.discover.python_walk import child_nodes

# The same names as django-environ's class constants (`environ.Env.DEFAULT_DATABASE_ENV`).
_DJANGO_DEFAULT_ENVS = {
    "DEFAULT_DATABASE_ENV": "DATABASE_URL",
    "DEFAULT_CACHE_ENV": "CACHE_URL",
    "DEFAULT_EMAIL_ENV": "EMAIL_URL",
    "DEFAULT_SEARCH_ENV": "SEARCH_URL",
    "DEFAULT_CHANNELS_ENV": "CHANNELS_URL",
}

UNKNOWN: Final = object()  # a value this module cannot know
SHADOW: Final = object()  # a local name (a parameter, a loop target...) that hides a module constant
MARK = "\x00"  # wraps a parameter's index while a function is summarised: `\x000\x00_FILE`
_MAX_DEPTH = 24
_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})
_VALUE_ENUM_BASES = frozenset({"StrEnum", "IntEnum", "str", "int"})  # members that are strings or numbers
_BUILTINS = frozenset({"str", "list", "tuple", "set", "sorted", "frozenset"})


class Row(tuple[object, ...]):
    """A literal list's or tuple's value that keeps its items' expressions, for `f(*row)`: each item binds a
    parameter as the expression it is (a `False` or `-1` default is no value here, yet is one there)."""

    nodes: tuple[ast.expr, ...] = ()


class Entries(dict[object, object]):
    """A literal dict's value (`{"name": "X"}`, `dict(name="X")`) that keeps each key's expression, for
    `f(**entry)`."""

    nodes: dict[object, ast.expr]


@dataclass(frozen=True, slots=True)
class BoolLiteral:
    """A literal dict's `True`/`False` value, kept as such when a loop walks the dict's items (`for key,
    value in DEFAULTS.items(): os.environ.get(key, value)`): a default the environment spells `false`."""

    value: bool


def mark(index: int) -> str:
    return f"{MARK}{index}{MARK}"


def name_template(text: str) -> tuple[str, int, str] | None:
    """`APP_\x000\x00_FILE` -> ("APP_", 0, "_FILE"): a name made of one parameter and literal text."""
    parts = text.split(MARK)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    prefix, suffix = parts[0], parts[2]
    if not all(c.isascii() and (c.isalnum() or c == "_") for c in prefix + suffix):
        return None
    return prefix, int(parts[1]), suffix


def _scope_names(
    fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
) -> tuple[dict[str, object], set[str]]:
    """A function's own names: each assigned once by a plain `name = value` maps to that value's node; its
    parameters and other bound names (loop targets, `with ... as`, several assignments of a parameter) hide
    the module's. Also the names the body rebinds (so a parameter reassigned is no longer the argument)."""
    scope: dict[str, object] = {}
    args = fn.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            scope[arg.arg] = SHADOW
    assigned: dict[str, list[ast.AST]] = {}
    other: set[str] = set()
    body: list[ast.AST] = [fn.body] if isinstance(fn, ast.Lambda) else list(fn.body)
    while body:
        node = body.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            other.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        target: ast.AST | None = None
        value: ast.AST | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and value is not None:
            assigned.setdefault(target.id, []).append(value)
            body.append(value)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            other.add(node.id)
        body.extend(child_nodes(node))
    for name, values in assigned.items():
        if name in scope or name in other:
            continue
        if len(values) == 1:
            scope[name] = values[0]
        # assigned several times: left to the file's constants, as before
    for name in other:
        scope[name] = SHADOW
    return scope, other | set(assigned)


class Scope:
    """A function's own names (see _scope_names), worked out when a name is first looked up in it."""

    def __init__(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.fn = fn
        self._names: dict[str, object] | None = None
        self._rebound: set[str] = set()

    @property
    def names(self) -> dict[str, object]:
        if self._names is None:
            self._names, self._rebound = _scope_names(self.fn)
        return self._names

    @property
    def rebound(self) -> set[str]:
        _ = self.names
        return self._rebound


def loop_elements(value: object) -> list[object] | None:
    """What a loop over a literal value binds: a tuple's items, a dict's keys."""
    if isinstance(value, tuple):
        return [v for v in value if v is not UNKNOWN]
    if isinstance(value, dict):
        return list(value)
    return None


def unpack(target: ast.AST, value: object, out: dict[str, object]) -> bool:
    if isinstance(target, ast.Name):
        out[target.id] = value
        return True
    if isinstance(target, ast.Tuple | ast.List):
        if not isinstance(value, tuple) or len(value) != len(target.elts):
            return False
        return all(unpack(t, v, out) for t, v in zip(target.elts, value, strict=True))
    return False


def target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


class Values(BoundNames):
    """Evaluates a module's expressions (see the module's docstring); the visitor keeps `env` and `scopes`
    up to date as it walks loops and functions."""

    def __init__(self, file: str, project: ProjectModules | None) -> None:
        super().__init__()
        self.file = file
        self.project = project
        self.module_nodes: dict[str, ast.AST] = {}  # module-level names assigned once: their value
        self.module_enums: dict[str, ast.ClassDef] = {}  # module-level Enum classes, by name
        self.module_values: dict[str, object] = {}
        self.scopes: list[Scope] = []  # the enclosing functions' own names
        self.env: dict[str, object] = {}  # what the enclosing loops bind (python.py's `envs`)
        self.class_attributes = ClassAttributes()  # `self.X` in a method: the class body's X
        self.imported_values: dict[str, object] = {}  # `from app.limits import X`: X's literal, if any
        # functions building a name from their arguments alone (python_name_builders), here or imported
        self.module_builders: dict[str, ast.FunctionDef | None] = {}
        self.module_tree: ast.Module | None = None
        self.class_values: dict[str, dict[str, object]] = {}  # `Theme.LIGHT`: each class's literal attributes

    def default(self, node: ast.AST | None, typed: bool, joiner: str | None = None) -> str | None:
        """A literal default as the environment would spell it: a string, or with `typed` a number or a
        boolean too (`os.getenv("X", 5)`, pydantic, django-environ, environs, decouple: `true`, `120`).
        With a `joiner`, for a reader that splits the value into a list, a literal list is its items joined
        (`default=["http", "https"]` -> `http,https`)."""
        text = self.text(node)
        if text is not None or not typed or node is None:
            return text
        if joiner is not None and isinstance(node, ast.List | ast.Tuple):
            items = [self.default(e, typed=True) for e in node.elts]
            if not items or any(i is None or joiner in i for i in items):
                return None
            return joiner.join(i for i in items if i is not None)
        negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        inner = node.operand if isinstance(node, ast.UnaryOp) and negative else node
        if not isinstance(inner, ast.Constant):
            return self._number(node)
        value = inner.value
        if isinstance(value, bool):
            return None if negative else ("true" if value else "false")
        if isinstance(value, int | float):
            return ("-" if negative else "") + repr(value)
        return None

    def _number(self, node: ast.AST) -> str | None:
        """A number a name or attribute holds (`MAX_HEIGHT_DEFAULT = 20000`, here or imported), or a dict's
        boolean a loop bound it to."""
        known = self.value(node) if isinstance(node, ast.Name | ast.Attribute) else None
        if isinstance(known, BoolLiteral):
            return "true" if known.value else "false"
        return repr(known) if isinstance(known, int | float) and not isinstance(known, bool) else None

    def text(self, node: ast.AST | None) -> str | None:
        """The string a node evaluates to, when it is a literal or built from constants, literal data and
        what the enclosing loops bind."""
        value = self.value(node)
        return value if isinstance(value, str) else None

    def value(self, node: ast.AST | None, depth: int = 0) -> object:
        """What a node evaluates to when it is built from literals (strings, numbers, tuples, lists, dicts),
        else UNKNOWN. Lists and sets are tuples here."""
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        evaluate = _EVALUATORS.get(type(node))
        return UNKNOWN if evaluate is None else evaluate(self, node, depth + 1)

    def _constant_value(self, node: ast.Constant, depth: int) -> object:
        ok = isinstance(node.value, str | int | float) and not isinstance(node.value, bool)
        return node.value if ok else UNKNOWN

    def _name_node_value(self, node: ast.Name, depth: int) -> object:
        return self._name_value(node.id, depth)

    def _binop_value(self, node: ast.BinOp, depth: int) -> object:
        left, right = self.value(node.left, depth), self.value(node.right, depth)
        if not (isinstance(left, str) and isinstance(right, str)):
            return UNKNOWN
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Mod) and left.count("%") == 1 and "%s" in left:
            return left.replace("%s", right, 1)
        return UNKNOWN

    def _fstring_value(self, node: ast.JoinedStr, depth: int) -> object:
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
                continue
            if not (
                isinstance(part, ast.FormattedValue) and part.conversion == -1 and part.format_spec is None
            ):
                return UNKNOWN
            inner = self.value(part.value, depth)
            if not isinstance(inner, str):
                return UNKNOWN
            parts.append(inner)
        return "".join(parts)

    def _sequence_value(self, node: ast.List | ast.Tuple | ast.Set, depth: int) -> object:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return UNKNOWN
        if isinstance(node, ast.Set):  # no order: its items bind no positions
            return tuple(self.value(e, depth) for e in node.elts)
        row = Row(self.value(e, depth) for e in node.elts)
        row.nodes = tuple(node.elts)
        return row

    def _dict_value(self, node: ast.Dict, depth: int) -> object:
        pairs = [
            (self.value(k, depth) if k is not None else UNKNOWN, v)
            for k, v in zip(node.keys, node.values, strict=True)
        ]
        return self._entries(pairs, depth)

    def _entries(self, pairs: list[tuple[object, ast.expr]], depth: int) -> Entries:
        found = Entries()
        found.nodes = {}
        for known, item in pairs:
            if isinstance(known, str | int):
                found[known] = self.value(item, depth)
                found.nodes[known] = item  # a key given twice: the last one holds, as in Python
        return found

    def _subscript_value(self, node: ast.Subscript, depth: int) -> object:
        return _index(self.value(node.value, depth), self.value(node.slice, depth))

    def _name_value(self, name: str, depth: int) -> object:
        if name in self.env:
            return self.env[name]
        for scope in reversed(self.scopes):
            if name in scope.names:
                local = scope.names[name]
                return self.value(local, depth) if isinstance(local, ast.AST) else UNKNOWN
        if name in self.module_nodes:
            if name not in self.module_values:  # worked out once, outside any function or loop
                self.module_values[name] = UNKNOWN  # until known: a name defined by itself is unknown
                self.module_values[name] = self._detached_value(self.module_nodes[name])
            found = self.module_values[name]
            if found is not UNKNOWN:
                return found
        if name in self.constants:
            return self.constants[name]
        return self._imported_value(name)

    def _detached_value(self, node: ast.AST) -> object:
        """What a module- or class-level node evaluates to: outside any function or loop."""
        saved = self.env, self.scopes
        self.env, self.scopes = {}, []
        try:
            return self.value(node)
        finally:
            self.env, self.scopes = saved

    def _imported_value(self, name: str) -> object:
        """A literal constant another module of the project defines and this one imports by name."""
        if self.project is None or name not in self.module_imports:
            return UNKNOWN
        if name not in self.imported_values:
            level, dotted = self.module_imports[name]
            found = imported_constant(self.project, self.file, level, dotted)
            if found is None and (data := imported_data(self.project, self.file, level, dotted)) is not None:
                found = Values(self.file, None).value(data)  # literals alone: the same value here
            self.imported_values[name] = UNKNOWN if found is None else found
        return self.imported_values[name]

    def _call_value(self, node: ast.Call, depth: int) -> object:
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id == "dict"
            and not node.args
            and all(kw.arg is not None for kw in node.keywords)
            and not self._local(func.id)
        ):
            return self._entries([(kw.arg, kw.value) for kw in node.keywords], depth)  # `dict(name="X")`
        if node.keywords:
            return UNKNOWN
        if isinstance(func, ast.Name) and len(node.args) == 1 and func.id in _BUILTINS:
            inner = self.value(node.args[0], depth)
            if func.id == "str" and isinstance(inner, str):
                return inner
            if func.id == "str" and isinstance(inner, int | float) and not isinstance(inner, bool):
                return repr(inner)  # `os.environ.get(X, str(9))`: the text "9"
            if func.id != "str":
                elements = loop_elements(inner)
                return UNKNOWN if elements is None else tuple(elements)
            return UNKNOWN
        if isinstance(func, ast.Name):
            return self._built_name(func.id, node, depth)
        if not isinstance(func, ast.Attribute):
            return UNKNOWN
        if (
            func.attr == "join"
            and len(node.args) == 1
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "path"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "os"
        ):
            joined = self.value(node.args[0], depth)  # `os.path.join("static")` is "static"
            return joined if isinstance(joined, str) else UNKNOWN
        owner = self.value(func.value, depth)
        args = [self.value(a, depth) for a in node.args]
        if isinstance(owner, dict):
            return _dict_method(owner, func.attr, args)
        if isinstance(owner, str):
            return _str_method(owner, func.attr, args)
        return UNKNOWN

    def _built_name(self, name: str, node: ast.Call, depth: int) -> object:
        """What a call of a project function building a name from its arguments returns (see
        python_name_builders): its expression evaluated with nothing but its parameters bound."""
        if self._local(name):
            return UNKNOWN  # a local name, not the module's function
        fn = self._builder(name)
        if fn is None:
            return UNKNOWN
        given = [self.value(a, depth) for a in node.args]
        if any(isinstance(g, str) and MARK in g for g in given):
            return UNKNOWN  # a wrapper's parameter: its callers' names are not built here
        bound = bound_arguments(fn, given)
        if bound is None:
            return UNKNOWN
        inner = Values(self.file, None)
        inner.env = bound
        return inner.value(returned(fn), depth)

    def _local(self, name: str) -> bool:
        """Whether a loop or an enclosing function binds the name (hiding the module's or a builtin)."""
        return name in self.env or any(name in scope.names for scope in self.scopes)

    def _builder(self, name: str) -> ast.FunctionDef | None:
        if name not in self.module_builders:
            found = None
            if self.project is not None and name in self.module_imports:
                level, dotted = self.module_imports[name]
                module, _, original = dotted.rpartition(".")
                if module or level:
                    found = self.project.defined(self.file, level, module or None, original, name_builder)
            self.module_builders[name] = found
        return self.module_builders[name]

    def _attribute_value(self, node: ast.Attribute, depth: int) -> object:
        """A library's constant for the variable it reads: `dj_database_url.DEFAULT_ENV`,
        `environ.Env.DEFAULT_DATABASE_ENV` (also through an `Env()` instance)."""
        owner = node.value
        known = self.class_attributes.value(node, self._detached_value)
        if known is not None:
            return known
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            for base in self.class_attributes.bases():  # `self._PROVIDERS` a base class of the project binds
                inherited = self._class_data(base).get(node.attr)
                if inherited is not None:
                    return inherited
        if isinstance(owner, ast.Name) and (member := self._enum_member(owner.id, node.attr)) is not None:
            return member  # `Environment.PRODUCTION`: the environment spells the member by its value
        if isinstance(owner, ast.Name) and not self._local(owner.id):
            found = self._class_constants(owner.id).get(node.attr)
            if found is not None:
                return found  # `Theme.LIGHT`, with `class Theme: LIGHT = "light"` here or imported
        if (
            node.attr in ("value", "name")
            and isinstance(owner, ast.Attribute)
            and isinstance(owner.value, ast.Name)
            and (member := self._enum_member(owner.value.id, owner.attr)) is not None
        ):
            return member if node.attr == "value" else owner.attr  # `Mode.FAST.value`, `Mode.FAST.name`
        if node.attr == "DEFAULT_ENV" and isinstance(owner, ast.Name) and owner.id in self.url_modules:
            return URL_CONFIGS[self.url_modules[owner.id]][0]
        if node.attr in _DJANGO_DEFAULT_ENVS and (
            self.env_class(owner) is True
            or (isinstance(owner, ast.Name) and self.env_instances.get(owner.id, ({}, False))[1])
        ):
            return _DJANGO_DEFAULT_ENVS[node.attr]
        return UNKNOWN

    def _enum_member(self, enum: str, member: str) -> str | int | float | None:
        """The literal value of `enum.member`: an Enum class of this module or one imported from the
        project."""
        found = self._enum_class(enum)
        return None if found is None else _member_value(found, member)

    def _enum_class(self, enum: str) -> ast.ClassDef | None:
        found: ast.ClassDef | None = self.module_enums.get(enum)
        if found is None and enum in self.module_imports and self.project is not None:
            level, dotted = self.module_imports[enum]
            module, _, name = dotted.rpartition(".")
            if module or level:
                found = self.project.defined(self.file, level, module or None, name, _enum_named)
        return found

    def enum_object(self, node: ast.AST | None) -> bool:
        """Whether the node is a member of a plain Enum (`Mode.FAST`, `class Mode(Enum)`): an object, not
        the string or number its value is (a `str` or `int` Enum's member is one: `class Mode(str, Enum)`,
        StrEnum, IntEnum). pydantic reads the variable's text into the member by value; `os.getenv("X",
        Mode.FAST)` hands the code the member itself."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            return False
        found = self._enum_class(node.value.id)
        if found is None or _member_value(found, node.attr) is None:
            return False
        return not any(call_name(base) in _VALUE_ENUM_BASES for base in found.bases)

    def _class_data(self, name: str) -> dict[str, object]:
        """The literal data attributes of a class of this module or imported from the project."""
        return self._class_picked("\0data:" + name, name, class_data)

    def _class_constants(self, name: str) -> dict[str, object]:
        """The literal attributes of a class of this module, or of one imported from the project (see
        python_constants.class_constants)."""
        return self._class_picked(name, name, class_constants)

    def _class_picked(
        self, key: str, name: str, pick: Callable[[ast.Module, str], dict[str, object] | None]
    ) -> dict[str, object]:
        """What `pick` finds of the class `name`, defined here or imported from the project (kept by key)."""
        if key not in self.class_values:
            found = pick(self.module_tree, name) if self.module_tree is not None else None
            if found is None and name in self.module_imports and self.project is not None:
                level, dotted = self.module_imports[name]
                module, _, original = dotted.rpartition(".")
                if module or level:
                    found = self.project.defined(self.file, level, module or None, original, pick)
            self.class_values[key] = found or {}
        return self.class_values[key]

    def module_names(self, tree: ast.Module) -> None:
        """Module-level names assigned once: literal data (`NAMES = ["A", "B"]`) and the like."""
        self.module_tree = tree
        counts: dict[str, int] = {}
        for stmt in tree.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else []
            if isinstance(stmt, ast.AnnAssign | ast.AugAssign):
                targets = [stmt.target]
            for target in targets:
                for name in target_names(target):
                    counts[name] = counts.get(name, 0) + 1
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                self.module_nodes[stmt.targets[0].id] = stmt.value
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
                self.module_nodes[stmt.target.id] = stmt.value  # `NAMES: dict[str, str] = {...}`
            elif isinstance(stmt, ast.ClassDef) and _is_enum(stmt):
                self.module_enums[stmt.name] = stmt
            elif isinstance(stmt, ast.FunctionDef) and returned(stmt) is not None:
                self.module_builders[stmt.name] = stmt
        for name, count in counts.items():
            if count > 1:
                self.module_nodes.pop(name, None)


_EVALUATORS: dict[type, Callable[[Any, Any, int], object]] = {
    ast.Constant: Values._constant_value,
    ast.Name: Values._name_node_value,
    ast.BinOp: Values._binop_value,
    ast.JoinedStr: Values._fstring_value,
    ast.List: Values._sequence_value,
    ast.Tuple: Values._sequence_value,
    ast.Set: Values._sequence_value,
    ast.Dict: Values._dict_value,
    ast.Subscript: Values._subscript_value,
    ast.Call: Values._call_value,
    ast.Attribute: Values._attribute_value,
}


def _dict_method(owner: dict[object, object], method: str, args: list[object]) -> object:
    """`d.items()`, `d.keys()`, `d.values()`, `d.get(k, default)` of a literal dict."""
    if method == "items" and not args:
        return tuple((key, _boolean_kept(owner, key, value)) for key, value in owner.items())
    if method == "keys" and not args:
        return tuple(owner)
    if method == "values" and not args:
        return tuple(owner.values())
    if method == "get" and args:
        return owner.get(args[0], args[1] if len(args) > 1 else UNKNOWN)
    return UNKNOWN


def _boolean_kept(owner: dict[object, object], key: object, value: object) -> object:
    """A literal dict's `False` as a BoolLiteral (a value is UNKNOWN for a boolean everywhere else)."""
    node = owner.nodes.get(key) if isinstance(owner, Entries) and value is UNKNOWN else None
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return BoolLiteral(node.value)
    return value


def _str_method(owner: str, method: str, args: list[object]) -> object:
    """`s.upper()`, `s.lower()`, `s.strip()`, `s.replace(a, b)`, `sep.join([a, b])` and `"{}_{}".format(a,
    b)` of a known string."""
    if method in ("upper", "lower", "strip") and not args and MARK not in owner:
        return str(getattr(owner, method)())
    if method == "replace" and len(args) == 2 and all(isinstance(a, str) and MARK not in a for a in args):
        return UNKNOWN if MARK in owner else owner.replace(str(args[0]), str(args[1]))
    if method == "join" and len(args) == 1 and isinstance(args[0], tuple):
        items = args[0]  # each item known: an unknown one would drop a piece of the name
        return owner.join(items) if all(isinstance(i, str) for i in items) else UNKNOWN
    pieces = owner.split("{}")
    if method != "format" or len(pieces) != len(args) + 1 or any("{" in p or "}" in p for p in pieces):
        return UNKNOWN
    out = pieces[0]
    for arg, piece in zip(args, pieces[1:], strict=True):
        if not isinstance(arg, str):
            return UNKNOWN
        out += arg + piece
    return out


def _index(owner: object, key: object) -> object:
    if isinstance(owner, dict) and isinstance(key, str | int):
        return owner.get(key, UNKNOWN)
    if (
        isinstance(owner, tuple)
        and isinstance(key, int)
        and not isinstance(key, bool)
        and -len(owner) <= key < len(owner)
    ):
        return owner[key]
    return UNKNOWN


def _is_enum(node: ast.ClassDef) -> bool:
    return any(call_name(base) in _ENUM_BASES for base in node.bases)


def _enum_named(tree: ast.Module, name: str) -> ast.ClassDef | None:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name and _is_enum(node):
            return node
    return None


def _member_value(enum: ast.ClassDef, member: str) -> str | int | float | None:
    """`MEMBER = "x"` (or a number) in the class body; None for `auto()` and anything else."""
    for stmt in enum.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == member
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str | int | float)
            and not isinstance(stmt.value.value, bool)
        ):
            return stmt.value.value
    return None
