"""Python, through `ast`: os.environ / os.getenv reads, pydantic BaseSettings fields, django-environ,
environs, python-decouple and Flask's prefixed configuration.

Only real reads count: a name in a comment, a docstring or an unrelated string never becomes a variable.

Across the project: a function whose parameter flows into an environment read (`def envbool(name,
default="False"): return os.getenv(name, default) == "True"`, or into another such function) is a reader
itself, wherever it is imported (`from settings_parsers import envbool`, `parsers.envbool(...)`); its calls
read the name they are given, with the default given at the call or the function's own. Names held in data
are followed too: loops and comprehensions over literal lists, tuples and dicts (`for name in ("A", "B")`,
`[os.getenv(n) for n in NAMES]`, `os.getenv(task["env_key"])`). A name built as `name + "_FILE"` is the
docker-secret file variant of `name`.
"""

from __future__ import annotations

import ast
import contextlib
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

from secretguard.inventory.discover.base import (
    FILE_SOURCE,
    Read,
    boolean_default,
    is_env_name,
    plain_setting,
    scope_of_read,
)
from secretguard.inventory.discover.python_classes import class_readers, test_class_spans
from secretguard.inventory.discover.python_configparser import (
    env_interpolations,
    ini_paths,
    interpolated_parsers,
    option_reads,
    valued_options,
)
from secretguard.inventory.discover.python_constants import (
    MAX_HOPS,
    ClassAttributes,
    imported_constant,
    imported_node,
)
from secretguard.inventory.discover.python_fallbacks import (
    boolean_parser,
    builds_password_url,
    fallback_params,
    given_default,
    unset_fallbacks,
)
from secretguard.inventory.discover.python_guards import (
    Lookups,
    bare_read_candidates,
    clears_variable,
    falsy_default_candidates,
    guarded_names,
    sentinel_reads,
    tested_reads,
)
from secretguard.inventory.discover.python_scripts import prompting_script, runs_test_runner
from secretguard.inventory.discover.shell import maintenance_script

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
    "channels": "CHANNELS_URL",
    "channels_url": "CHANNELS_URL",
}
# The same names as django-environ's class constants (`environ.Env.DEFAULT_DATABASE_ENV`).
_DJANGO_DEFAULT_ENVS = {
    "DEFAULT_DATABASE_ENV": "DATABASE_URL",
    "DEFAULT_CACHE_ENV": "CACHE_URL",
    "DEFAULT_EMAIL_ENV": "EMAIL_URL",
    "DEFAULT_SEARCH_ENV": "SEARCH_URL",
    "DEFAULT_CHANNELS_ENV": "CHANNELS_URL",
}
# URL-configuration libraries: `config(env=DEFAULT_ENV, default=...)` reads the variable their constant
# `DEFAULT_ENV` names unless given another, and falls back to `default` or to their own (module: (variable,
# the library's fallback)). django-cache-url falls back to a local-memory cache.
_URL_CONFIGS: dict[str, tuple[str, str | None]] = {
    "dj_database_url": ("DATABASE_URL", None),
    "dj_email_url": ("EMAIL_URL", None),
    "django_cache_url": ("CACHE_URL", "locmem://"),
    "dj_search_url": ("SEARCH_URL", None),
}
# Framework settings whose documented structure holds credentials: a variable whose whole value (parsed from
# JSON or not) becomes one is a secret. django-allauth's providers carry each app's `secret`; Django's
# DATABASES each connection's PASSWORD.
_CREDENTIAL_SETTINGS = frozenset({"SOCIALACCOUNT_PROVIDERS", "DATABASES"})
_PARSERS = frozenset({"loads", "safe_load", "load", "literal_eval"})  # json, yaml, ast
_SEPARATOR_PARAMS = ("separator", "sep", "delimiter", "delim")
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
# `from M import x`: what x is, for the libraries discovery knows.
_FROM_IMPORTS = {
    ("os", "environ"): "environ",
    ("os", "environb"): "environ",
    ("os", "getenv"): "getenv",
    ("os", "getenvb"): "getenv",
    ("environ", "Env"): "env_class",
    ("environ", "FileAwareEnv"): "env_class",  # django-environ's Env that also reads X_FILE
    ("environs", "Env"): "env_class",
    ("decouple", "config"): "decouple_config",
    ("decouple", "AutoConfig"): "autoconfig",
}
_SECRET_TYPES = {"SecretStr", "SecretBytes"}
# django-environ's own subclasses of Env, read the same way (FileAwareEnv also takes X from the file X_FILE).
_DJANGO_ENV_SUBCLASSES = ("FileAwareEnv",)


T = TypeVar("T")


@dataclass
class FlaskUse:
    """Flask `app.config.from_prefixed_env(prefix)` calls and config keys used: combined project-wide."""

    prefixes: list[tuple[str, str, int]] = field(default_factory=list)  # (prefix, file, line)
    keys: list[tuple[str, str, int, bool]] = field(default_factory=list)  # (key, file, line, has default)


@dataclass
class _Settings:
    prefix: str = ""
    case_sensitive: bool = False


# --- values the code builds names from ------------------------------------------------------------------

_UNKNOWN: Final = object()  # a value this module cannot know
_SHADOW: Final = object()  # a local name (a parameter, a loop target...) that hides a module constant
_MARK = "\x00"  # wraps a parameter's index while a function is summarised: `\x000\x00_FILE`
_MAX_DEPTH = 24
_MAX_ENVS = 512  # loop bindings followed at once (nested loops over literals multiply)
_MAX_ROUNDS = 6  # wrappers of wrappers of ... wrappers
_DEFAULT_PARAMS = ("default", "fallback", "default_value", "defval", "dflt")


def _mark(index: int) -> str:
    return f"{_MARK}{index}{_MARK}"


def _template(text: str) -> tuple[str, int, str] | None:
    """`APP_\x000\x00_FILE` -> ("APP_", 0, "_FILE"): a name made of one parameter and literal text."""
    parts = text.split(_MARK)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    prefix, suffix = parts[0], parts[2]
    if not all(c.isascii() and (c.isalnum() or c == "_") for c in prefix + suffix):
        return None
    return prefix, int(parts[1]), suffix


@dataclass(frozen=True, slots=True)
class _WrapperRead:
    """One read a wrapper makes: the name is prefix + (the argument of `param`) + suffix."""

    param: int
    prefix: str
    suffix: str
    optional: bool
    default: str | None  # a literal default given inside the wrapper
    default_param: int | None  # the parameter whose argument is the default
    source: str
    secret: bool


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A function that reads the environment variable(s) named by one of its parameters."""

    params: tuple[str, ...]
    positional: int  # how many of params may be given by position
    defaults: tuple[tuple[bool, str | None], ...]  # per parameter: has a default, and the literal one
    reads: tuple[_WrapperRead, ...]
    secret: bool  # its name says it reads secrets (`envsecret`, `get_secret`)

    def arguments(self, call: ast.Call) -> dict[int, ast.AST] | None:
        """The call's argument for each parameter index; None when `*args` hides the positions."""
        found: dict[int, ast.AST] = {}
        for i, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                return None
            if i < self.positional:
                found[i] = arg
        for kw in call.keywords:
            if kw.arg is not None and kw.arg in self.params:
                found[self.params.index(kw.arg)] = kw.value
        return found


def _dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of names and attributes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


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
            scope[arg.arg] = _SHADOW
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
        body.extend(ast.iter_child_nodes(node))
    for name, values in assigned.items():
        if name in scope or name in other:
            continue
        if len(values) == 1:
            scope[name] = values[0]
        # assigned several times: left to the file's constants, as before
    for name in other:
        scope[name] = _SHADOW
    return scope, other | set(assigned)


class _Scope:
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


def _elements(value: object) -> list[object] | None:
    """What a loop over a literal value binds: a tuple's items, a dict's keys."""
    if isinstance(value, tuple):
        return [v for v in value if v is not _UNKNOWN]
    if isinstance(value, dict):
        return list(value)
    return None


def _unpack(target: ast.AST, value: object, out: dict[str, object]) -> bool:
    if isinstance(target, ast.Name):
        out[target.id] = value
        return True
    if isinstance(target, ast.Tuple | ast.List):
        if not isinstance(value, tuple) or len(value) != len(target.elts):
            return False
        return all(_unpack(t, v, out) for t, v in zip(target.elts, value, strict=True))
    return False


def _target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


class _Visitor(ast.NodeVisitor):
    def __init__(
        self, file: str, flask: FlaskUse, project: PythonProject | None = None, collect: bool = False
    ) -> None:
        self.file = file
        self.flask = flask
        self.project = project
        # Summarising functions (`collect`): parameters are bound to marks, and only reads whose name is
        # built from a parameter are kept, as the function's `wrapper_reads`.
        self.collect = collect
        self.wrapper_reads: list[_WrapperRead] = []
        self.reads: list[Read] = []
        self.module_nodes: dict[str, ast.AST] = {}  # module-level names assigned once: their value
        self.module_enums: dict[str, ast.ClassDef] = {}  # module-level Enum classes, by name
        self.environ_stores: list[tuple[int, str]] = []  # `os.environ[key] = v`: line and key (dumped)
        self.module_values: dict[str, object] = {}
        self.scopes: list[_Scope] = []  # the enclosing functions' own names
        # What loops and comprehensions over literals bind: one environment per iteration.
        self.envs: list[dict[str, object]] = [{}]
        self.env: dict[str, object] = {}
        self.wrappers: dict[str, Wrapper] = {}  # callable by this name: a wrapper of this or another module
        self.module_imports: dict[str, tuple[int, str]] = {}  # bound name -> (level, module)
        self.from_imports: list[ast.ImportFrom] = []
        self.preparing = False  # reads found by prepare() are the file's own reads in either mode
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
        self.class_attributes = ClassAttributes()  # `self.X` in a method: the class body's X
        # per enclosing function: `os.environ[key] = v` there, the key's dump -> the first line writing it
        self.written: list[dict[str, int]] = []
        self.imported_values: dict[str, object] = {}  # `from app.limits import X`: X's literal, if any
        self.optional_nodes: set[int] = set()
        self.or_defaults: dict[int, ast.AST] = {}  # `os.getenv("X") or "30"`: the read -> what follows
        self.typed_fallbacks: set[int] = set()  # of those, the ones a helper parser gives (python_fallbacks)
        self.boolean_nodes: set[int] = set()  # reads parsed as a boolean (`parse_boolean(os.getenv("X"))`)
        self.url_modules: dict[str, str] = {}  # `import dj_database_url` (as name) -> the library
        self.url_funcs: dict[str, str] = {}  # `from dj_database_url import config` -> the library
        self.secret_nodes: set[int] = set()  # reads whose value becomes a setting holding credentials
        self.sentinels: set[int] = set()  # reads whose empty default only feeds a test (python_guards)
        self.tested: set[int] = set()  # reads without a default whose value is only tested (python_guards)
        self.guarded: list[frozenset[str]] = []  # variables known set in the enclosing branches
        self.guarded_reads: set[Read] = set()  # reads made where their variable is known set
        self.lookups = Lookups(self._read_of, self._held, self.is_environ, self.text, self._env_read)

    # --- helpers -------------------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        node: ast.AST,
        optional: bool,
        source: str = "python",
        secret: bool = False,
        default: str | None = None,
        computed: bool = False,
    ) -> None:
        if default is None and not computed and id(node) in self.or_defaults:
            fallback = self.or_defaults[id(node)]
            # a helper parser's fallback is a value of its type (`cast_int(os.getenv("X"), 20000)`)
            typed = id(node) in self.typed_fallbacks
            default, computed = self.default(fallback, typed=typed), _computed(fallback)
            # `os.getenv("X") or f"amqp://{user}:{password}@{host}"`: the value carries a password
            secret = secret or builds_password_url(fallback)
        guarded = bool(self.guarded) and not self.collect and any(name in names for names in self.guarded)
        optional = optional or guarded or id(node) in self.optional_nodes
        secret = secret or id(node) in self.secret_nodes
        boolean = id(node) in self.boolean_nodes
        if self.collect and not self.preparing:
            self._collect(name, optional, source, secret, default)
        elif is_env_name(name):
            line = getattr(node, "lineno", 1)
            read = Read(name, self.file, line, optional, source, secret, default)
            read = replace(read, computed_default=True) if computed and default is None else read
            read = replace(read, boolean_use=True) if boolean else read
            self.reads.append(read)
            if guarded:
                self.guarded_reads.add(read)  # reached only once set: see _settle_guarded

    def _collect(self, name: str, optional: bool, source: str, secret: bool, default: str | None) -> None:
        template = _template(name)
        if template is None:
            return
        default_param = None
        if default is not None and _MARK in default:
            given = _template(default)
            default_param = given[1] if given is not None and given[0] == given[2] == "" else None
            default = None
        prefix, param, suffix = template
        read = _WrapperRead(param, prefix, suffix, optional, default, default_param, source, secret)
        self.wrapper_reads.append(read)

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
        """A number a name or attribute holds (`MAX_HEIGHT_DEFAULT = 20000`, here or imported)."""
        known = self.value(node) if isinstance(node, ast.Name | ast.Attribute) else None
        return repr(known) if isinstance(known, int | float) and not isinstance(known, bool) else None

    def text(self, node: ast.AST | None) -> str | None:
        """The string a node evaluates to, when it is a literal or built from constants, literal data and
        what the enclosing loops bind."""
        value = self.value(node)
        return value if isinstance(value, str) else None

    def value(self, node: ast.AST | None, depth: int = 0) -> object:
        """What a node evaluates to when it is built from literals (strings, numbers, tuples, lists, dicts),
        else _UNKNOWN. Lists and sets are tuples here."""
        if node is None or depth > _MAX_DEPTH:
            return _UNKNOWN
        evaluate = _EVALUATORS.get(type(node))
        return _UNKNOWN if evaluate is None else evaluate(self, node, depth + 1)

    def _constant_value(self, node: ast.Constant, depth: int) -> object:
        ok = isinstance(node.value, str | int | float) and not isinstance(node.value, bool)
        return node.value if ok else _UNKNOWN

    def _name_node_value(self, node: ast.Name, depth: int) -> object:
        return self._name_value(node.id, depth)

    def _binop_value(self, node: ast.BinOp, depth: int) -> object:
        left, right = self.value(node.left, depth), self.value(node.right, depth)
        if not (isinstance(left, str) and isinstance(right, str)):
            return _UNKNOWN
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Mod) and left.count("%") == 1 and "%s" in left:
            return left.replace("%s", right, 1)
        return _UNKNOWN

    def _fstring_value(self, node: ast.JoinedStr, depth: int) -> object:
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
                continue
            if not (
                isinstance(part, ast.FormattedValue) and part.conversion == -1 and part.format_spec is None
            ):
                return _UNKNOWN
            inner = self.value(part.value, depth)
            if not isinstance(inner, str):
                return _UNKNOWN
            parts.append(inner)
        return "".join(parts)

    def _sequence_value(self, node: ast.List | ast.Tuple | ast.Set, depth: int) -> object:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return _UNKNOWN
        return tuple(self.value(e, depth) for e in node.elts)

    def _dict_value(self, node: ast.Dict, depth: int) -> object:
        found: dict[object, object] = {}
        for key, item in zip(node.keys, node.values, strict=True):
            known = self.value(key, depth) if key is not None else _UNKNOWN
            if isinstance(known, str | int):
                found[known] = self.value(item, depth)
        return found

    def _subscript_value(self, node: ast.Subscript, depth: int) -> object:
        return _index(self.value(node.value, depth), self.value(node.slice, depth))

    def _name_value(self, name: str, depth: int) -> object:
        if name in self.env:
            return self.env[name]
        for scope in reversed(self.scopes):
            if name in scope.names:
                local = scope.names[name]
                return self.value(local, depth) if isinstance(local, ast.AST) else _UNKNOWN
        if name in self.module_nodes:
            if name not in self.module_values:  # worked out once, outside any function or loop
                self.module_values[name] = _UNKNOWN  # until known: a name defined by itself is unknown
                self.module_values[name] = self._detached_value(self.module_nodes[name])
            found = self.module_values[name]
            if found is not _UNKNOWN:
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
            return _UNKNOWN
        if name not in self.imported_values:
            level, dotted = self.module_imports[name]
            found = imported_constant(self.project, self.file, level, dotted)
            self.imported_values[name] = _UNKNOWN if found is None else found
        return self.imported_values[name]

    def _call_value(self, node: ast.Call, depth: int) -> object:
        func = node.func
        if node.keywords:
            return _UNKNOWN
        if isinstance(func, ast.Name) and len(node.args) == 1:
            inner = self.value(node.args[0], depth)
            if func.id == "str" and isinstance(inner, str):
                return inner
            if func.id in ("list", "tuple", "set", "sorted", "frozenset"):
                elements = _elements(inner)
                return _UNKNOWN if elements is None else tuple(elements)
            return _UNKNOWN
        if not isinstance(func, ast.Attribute):
            return _UNKNOWN
        owner = self.value(func.value, depth)
        args = [self.value(a, depth) for a in node.args]
        if isinstance(owner, dict):
            return _dict_method(owner, func.attr, args)
        if isinstance(owner, str):
            return _str_method(owner, func.attr, args)
        return _UNKNOWN

    def _attribute_value(self, node: ast.Attribute, depth: int) -> object:
        """A library's constant for the variable it reads: `dj_database_url.DEFAULT_ENV`,
        `environ.Env.DEFAULT_DATABASE_ENV` (also through an `Env()` instance)."""
        owner = node.value
        known = self.class_attributes.value(node, self._detached_value)
        if known is not None:
            return known
        if isinstance(owner, ast.Name) and (member := self._enum_member(owner.id, node.attr)) is not None:
            return member  # `Environment.PRODUCTION`: the environment spells the member by its value
        if node.attr == "DEFAULT_ENV" and isinstance(owner, ast.Name) and owner.id in self.url_modules:
            return _URL_CONFIGS[self.url_modules[owner.id]][0]
        if node.attr in _DJANGO_DEFAULT_ENVS and (
            self.env_class(owner) is True
            or (isinstance(owner, ast.Name) and self.env_instances.get(owner.id, ({}, False))[1])
        ):
            return _DJANGO_DEFAULT_ENVS[node.attr]
        return _UNKNOWN

    def _enum_member(self, enum: str, member: str) -> str | int | float | None:
        """The literal value of `enum.member`: an Enum class of this module or one imported from the
        project."""
        found: ast.ClassDef | None = self.module_enums.get(enum)
        if found is None and enum in self.module_imports and self.project is not None:
            level, dotted = self.module_imports[enum]
            module, _, name = dotted.rpartition(".")
            if module or level:
                found = self.project.defined(self.file, level, module or None, name, _enum_named)
        return None if found is None else _member_value(found, member)

    def _read_of(self, node: ast.AST) -> tuple[str, ast.expr | None] | None:
        """A plain read, `os.getenv(name, d)` / `os.environ.get(name, d)`: its name and default."""
        if not isinstance(node, ast.Call) or not node.args:
            return None
        func = node.func
        if not (
            self.is_getenv(func)
            or (isinstance(func, ast.Attribute) and func.attr == "get" and self.is_environ(func.value))
        ):
            return None
        name = self.text(node.args[0])
        given = node.args[1] if len(node.args) > 1 else _kw(node, "default")
        return None if name is None else (name, given if isinstance(given, ast.expr) else None)

    def _held(self, name: str) -> ast.AST | None:
        """What a name assigned once holds: a local of the enclosing function, else a module name."""
        for scope in reversed(self.scopes):
            if name in scope.names:
                local = scope.names[name]
                return local if isinstance(local, ast.AST) else None
        return self.module_nodes.get(name)

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
            if node.attr == "Env" or (node.attr in _DJANGO_ENV_SUBCLASSES and django):
                return django
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
        self.preparing = True
        try:
            self._prepare(tree)
        finally:
            self.preparing = False
            self.module_values.clear()  # worked out while constants were still being collected

    def _prepare(self, tree: ast.Module) -> None:
        handlers: dict[type, Callable[[Any], None]] = {
            ast.Import: self._import,
            ast.ImportFrom: self._import_from,
            ast.BoolOp: self._bool_op,
            ast.IfExp: self._if_exp,
        }
        assignments: list[tuple[str, ast.AST, ast.AST]] = []
        fallbacks: list[tuple[str, ast.AST]] = []  # `NAME or d` and the like, for _held_fallbacks
        falsy_defaults: list[ast.Call] = []  # `f(x, "")`: maybe a read whose "" only feeds a test
        bare: list[ast.Call] = []  # `f(x)`: maybe a read without a default, perhaps only tested
        around: list[ast.Call] = []  # `f(os.getenv("X"), 20)`: maybe a helper parser around a read
        stores: list[ast.Subscript] = []  # `x[k] = v`: maybe writes of the environment
        ifs: list[ast.If] = []  # for unset_fallbacks (one walk of the module serves every pass)
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                stores.append(node)
            elif isinstance(node, ast.If):
                ifs.append(node)
            handler = handlers.get(type(node))
            if handler is not None:
                handler(node)
                name, fallback = _name_fallback(node)
                if name is not None and fallback is not None:
                    fallbacks.append((name, fallback))
            elif (assignment := _simple_assignment(node)) is not None:
                assignments.append(assignment)
            elif falsy_default_candidates(node):
                assert isinstance(node, ast.Call)
                falsy_defaults.append(node)
            elif bare_read_candidates(node):
                assert isinstance(node, ast.Call)
                bare.append(node)
            if isinstance(node, ast.Call) and any(isinstance(a, ast.Call) for a in node.args):
                around.append(node)
        self._module_names(tree)
        self._env_subclasses(tree)
        self.environ_stores = [(n.lineno, ast.dump(n.slice)) for n in stores if self.is_environ(n.value)]
        self._held_fallbacks(tree, fallbacks)
        # String constants and aliases (`KEY = "X"`, `env = os.environ`, `env = environ.Env(...)`), in order,
        # once every import is known.
        for target, value, node in assignments:
            self._assign(target, value, node)
            if target in _CREDENTIAL_SETTINGS:
                self.secret_nodes.add(id(_unparsed(value)))
        if falsy_defaults:
            self.sentinels = sentinel_reads(tree, falsy_defaults, self.lookups)
        if bare:
            self.tested = tested_reads(tree, bare, self.lookups)
        if around:
            self._parser_fallbacks(tree, around)
        unset = unset_fallbacks(ifs)
        for target, value, _node in assignments if unset else []:
            if isinstance(value, ast.Call) and any(builds_password_url(f) for f in unset.get(target, [])):
                self.secret_nodes.add(id(value))  # `if not X: X = f"amqp://{user}:{password}@..."`

    def _parser_fallbacks(self, tree: ast.Module, calls: list[ast.Call]) -> None:
        """`cast_int_or_default(os.getenv("X"), 20000)`: a helper of the project that returns one argument
        when the read it is given is missing or does not parse makes that argument the read's default."""
        local = {fn.name: fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)}
        for call in calls:
            if call.args and isinstance(call.args[0], ast.Call) and boolean_parser(_call_name(call.func)):
                self.boolean_nodes.add(id(call.args[0]))
            for i, arg in enumerate(call.args):
                if not (isinstance(arg, ast.Call) and self._env_get(arg)) or id(arg) in self.or_defaults:
                    continue
                fn = self._function_def(call.func, local)
                found = fallback_params(fn) if fn is not None else None
                if fn is None or found is None or found[0] != i:
                    continue
                given = given_default(fn, call, found[1])
                if given is not None and not (isinstance(given, ast.Constant) and given.value is None):
                    self.optional_nodes.add(id(arg))
                    self.or_defaults[id(arg)] = given
                    self.typed_fallbacks.add(id(arg))

    def configparser_reads(self, tree: ast.Module) -> None:
        """The options read from a ConfigParser whose interpolation reads the variable of the option's name
        (python_configparser): optional (the INI file holds each), with the fallback the code gives."""
        classes = env_interpolations(tree, self._reads_named)
        parsers = interpolated_parsers(tree, classes)
        if not parsers:
            return
        # An interpolation filling only empty values never reads the variable of an option its INI file
        # gives a value (`SESSION_COOKIE_SAMESITE = Lax`).
        valued: set[str] = set()
        if self.project is not None and classes and all(classes.values()):
            for path in ini_paths(tree, parsers, self.file):
                text = self.project.read_file(path)
                found = valued_options(text) if text is not None else None
                if found is not None:
                    valued = found | {o.lower() for o in found}
                    break
        parents = {id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        local = {fn.name: fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)}
        for name, node in option_reads(tree, parsers):
            if name in valued:
                continue
            self.add(name, node, optional=True, default=self._wrapped_fallback(node, parents, local))

    def _wrapped_fallback(
        self,
        node: ast.AST,
        parents: dict[int, ast.AST],
        local: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
    ) -> str | None:
        """The fallback of a value through the helpers wrapping it: `cast(value, default=False)` (a helper
        returning its default for an unset value, python_fallbacks) or `cast(value) or "x"`."""
        for _ in range(MAX_HOPS):
            if id(node) in self.or_defaults:
                return self.default(self.or_defaults[id(node)], typed=True)
            call = parents.get(id(node))
            index = (
                next((i for i, a in enumerate(call.args) if a is node), None)
                if isinstance(call, ast.Call)
                else None
            )
            if not isinstance(call, ast.Call) or index is None:
                return None
            fn = self._function_def(call.func, local)
            found = fallback_params(fn) if fn is not None else None
            if fn is not None and found is not None and found[0] == index:
                given = given_default(fn, call, found[1])
                if given is not None and not _is_none(given):
                    return self.default(given, typed=True)
            node = call  # `cast(value) or "x"`: a helper returning None leaves the `or` to give it
        return None

    def _reads_named(self, node: ast.AST, param: str) -> bool:
        """Whether the node reads the variable the parameter `param` names."""
        if isinstance(node, ast.Call) and self._env_read(node):
            first = node.args[0]
        elif isinstance(node, ast.Subscript) and self.is_environ(node.value):
            first = node.slice
        else:
            return False
        return isinstance(first, ast.Name) and first.id == param

    def _env_read(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and bool(node.args) and self._env_get(node)

    def _env_get(self, call: ast.Call) -> bool:
        """`os.getenv(...)` / `os.environ.get(...)`."""
        func = call.func
        return self.is_getenv(func) or (
            isinstance(func, ast.Attribute) and func.attr == "get" and self.is_environ(func.value)
        )

    def _function_def(
        self, func: ast.AST, local: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The project's definition of a called function: this module's, or one imported from the project
        (`from app.helpers import f`, `helpers.f`)."""
        if isinstance(func, ast.Name) and func.id in local:
            return local[func.id]
        if isinstance(func, ast.Name) and func.id in self.module_imports:
            level, dotted = self.module_imports[func.id]
            module, _, name = dotted.rpartition(".")
        elif isinstance(func, ast.Attribute) and (chain := _dotted(func.value)) is not None:
            first, _, rest = chain.partition(".")
            if first not in self.module_imports:
                return None
            level, module = self.module_imports[first]
            module, name = (f"{module}.{rest}" if rest else module), func.attr
        else:
            return None
        project = self.project
        if project is None or not (module or level):
            return None
        found = project.defined(self.file, level, module or None, name, _function_named)
        return (
            found if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef) else None
        )  # (mypy joins to stmt)

    def _import(self, node: ast.Import) -> None:
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
            elif alias.name in _URL_CONFIGS:
                self.url_modules[bound] = alias.name

    def _import_from(self, node: ast.ImportFrom) -> None:
        """`from M import x`: maybe a project wrapper; for the libraries discovery knows, what x is."""
        self._project_import(node)
        if node.module is None or node.level:
            return
        for alias in node.names:
            bound = alias.asname or alias.name
            if node.module in _URL_CONFIGS:  # `from dj_database_url import config, DEFAULT_ENV`
                if alias.name == "config":
                    self.url_funcs[bound] = node.module
                elif alias.name == "DEFAULT_ENV":
                    self.constants.setdefault(bound, _URL_CONFIGS[node.module][0])
                continue
            kind = _FROM_IMPORTS.get((node.module, alias.name))
            if kind is None and node.module.startswith("pydantic") and alias.name == "BaseSettings":
                kind = "settings_base"
            if kind == "environ":
                self.environ_names.add(bound)
            elif kind == "getenv":
                self.getenv_names.add(bound)
            elif kind == "env_class":
                self.env_classes[bound] = node.module == "environ"
            elif kind == "decouple_config":
                self.decouple_funcs.add(bound)
            elif kind == "autoconfig":
                self.autoconfig_classes.add(bound)
            elif kind == "settings_base":
                self.settings_bases.add(bound)

    def _bool_op(self, node: ast.BoolOp) -> None:
        """`a or b`: a read in `a` has `b` as its fallback."""
        if isinstance(node.op, ast.Or):
            for value, fallback in zip(node.values[:-1], node.values[1:], strict=True):
                self.optional_nodes.add(id(value))
                self.or_defaults[id(value)] = fallback

    def _if_exp(self, node: ast.IfExp) -> None:
        """`os.getenv("X") if os.getenv("X") else "d"` (or `"d" if not os.getenv("X") else os.getenv("X")`):
        the same expression tested and used, the other branch its fallback, like `or`."""
        test = node.test
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        tested = test.operand if isinstance(test, ast.UnaryOp) and negated else test
        used, fallback = (node.orelse, node.body) if negated else (node.body, node.orelse)
        if isinstance(tested, ast.Call) and ast.dump(tested) == ast.dump(used):
            for value in (tested, used):
                self.optional_nodes.add(id(value))
                self.or_defaults[id(value)] = fallback

    def _held_fallbacks(self, tree: ast.Module, fallbacks: list[tuple[str, ast.AST]]) -> None:
        """`DB_ENGINE = os.getenv("DB_ENGINE")` at module level, then `DB_ENGINE or "sqlite"` (or `DB_ENGINE
        if DB_ENGINE else "sqlite"`) further on: the fallback of the read the name holds, when every such
        use agrees and the module assigns the name once."""
        held: dict[str, ast.Call] = {}
        assigned: dict[str, int] = {}
        for stmt in tree.body:
            found = _simple_assignment(stmt)
            if found is not None:
                assigned[found[0]] = assigned.get(found[0], 0) + 1
                if isinstance(found[1], ast.Call):
                    held[found[0]] = found[1]
        held = {name: call for name, call in held.items() if assigned[name] == 1}
        if not held:
            return
        uses: dict[str, list[ast.AST]] = {}
        for name, fallback in fallbacks:  # collected by _prepare's walk (BoolOp and IfExp nodes)
            if name in held:
                uses.setdefault(name, []).append(fallback)
        for name, same in uses.items():
            call = held[name]
            if id(call) not in self.or_defaults and len({ast.dump(f) for f in same}) == 1:
                self.optional_nodes.add(id(call))
                self.or_defaults[id(call)] = same[0]

    def _module_names(self, tree: ast.Module) -> None:
        """Module-level names assigned once: literal data (`NAMES = ["A", "B"]`) and the like."""
        counts: dict[str, int] = {}
        for stmt in tree.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else []
            if isinstance(stmt, ast.AnnAssign | ast.AugAssign):
                targets = [stmt.target]
            for target in targets:
                for name in _target_names(target):
                    counts[name] = counts.get(name, 0) + 1
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                self.module_nodes[stmt.targets[0].id] = stmt.value
            elif isinstance(stmt, ast.ClassDef) and _is_enum(stmt):
                self.module_enums[stmt.name] = stmt
        for name, count in counts.items():
            if count > 1:
                self.module_nodes.pop(name, None)

    def _project_import(self, node: ast.ImportFrom) -> None:
        """`from M import f`: f may be a wrapper of the project, or a module (`from pkg import parsers`)."""
        self.from_imports.append(node)
        for alias in node.names:
            if alias.name != "*":
                module = f"{node.module}.{alias.name}" if node.module else alias.name
                self.module_imports.setdefault(alias.asname or alias.name, (node.level, module))

    def link(self) -> None:
        """The wrappers callable here by name: this module's own and those imported (as far as they are
        known: the project finds wrappers of wrappers round by round)."""
        project = self.project
        self.wrappers = {}
        if project is None:
            return
        for node in self.from_imports:
            for alias in node.names:
                if alias.name == "*":
                    target = project.resolve(self.file, node.level, node.module)
                    if target is not None:
                        for name, wrapper in project.wrappers.get(target, {}).items():
                            self.wrappers.setdefault(name, wrapper)
                    continue
                found = project.lookup_import(self.file, node.level, node.module, alias.name)
                if found is not None:
                    self.wrappers[alias.asname or alias.name] = found
        self.wrappers.update(project.wrappers.get(self.file, {}))

    def wrapper_for(self, func: ast.AST) -> Wrapper | None:
        """The wrapper a call's function is: a name imported or defined here, or `module.function`."""
        if isinstance(func, ast.Name):
            return self.wrappers.get(func.id)
        if not isinstance(func, ast.Attribute) or self.project is None:
            return None
        chain = _dotted(func.value)
        if chain is None:
            return None
        first, _, rest = chain.partition(".")
        if first not in self.module_imports:
            return None
        level, module = self.module_imports[first]
        target = self.project.resolve(self.file, level, f"{module}.{rest}" if rest else module)
        return None if target is None else self.project.lookup(target, func.attr)

    def _assign(self, target: str, value: ast.AST, node: ast.AST) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.constants.setdefault(target, value.value)
        elif self.is_environ(value):
            self.environ_names.add(target)
        elif isinstance(value, ast.Call) and self.env_class(value.func) is not None:
            scheme: dict[str, bool] = {}
            for name, spec in self._env_scheme(value):
                has_default = isinstance(spec, ast.Tuple) and len(spec.elts) >= 2
                scheme[name] = has_default
                fallback = spec.elts[1] if isinstance(spec, ast.Tuple) and has_default else None
                self.add(name, spec, has_default, default=self.default(fallback, typed=True))
            self.env_instances[target] = (scheme, bool(self.env_class(value.func)))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and (value.func.id in self.autoconfig_classes)
        ):
            self.decouple_funcs.add(target)

    def _env_subclasses(self, tree: ast.Module) -> None:
        """`class Settings(environ.Env): ...`: the module's own Env classes, their instances read alike."""
        for stmt in tree.body:
            if isinstance(stmt, ast.ClassDef):
                for base in stmt.bases:
                    kind = self.env_class(base)
                    if kind is not None:
                        self.env_classes[stmt.name] = kind
                        break

    def _env_scheme(self, call: ast.Call) -> list[tuple[str, ast.expr]]:
        """`Env(X=(str, "d"), **SCHEMA)`: each variable and its `(type, default)` spec; a `**SCHEMA` is a dict
        literal this module or a project module (`from app.settings import SCHEMA`) binds once."""
        found: list[tuple[str, ast.expr]] = []
        for kw in call.keywords:
            if kw.arg is not None:
                found.append((kw.arg, kw.value))
            elif isinstance(kw.value, ast.Name):
                found.extend(_dict_entries(self._schema_node(kw.value.id)))
            else:  # `**{"X": (str, "d")}`
                found.extend(_dict_entries(kw.value))
        return found

    def _schema_node(self, name: str) -> ast.AST | None:
        """What a name spread into a call holds, unevaluated: a module-level value, else a project import."""
        if name in self.module_nodes:
            return self.module_nodes[name]
        if self.project is None or name not in self.module_imports:
            return None
        level, dotted = self.module_imports[name]
        return imported_node(self.project, self.file, level, dotted)

    # --- scopes and literal loops ---------------------------------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        """The body in its own scope: parameters and locals hide module names and outer loop bindings."""
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
        scope = _Scope(node)
        saved = self.envs
        if len(saved) > 1 or saved[0]:
            self.envs = [{k: v for k, v in env.items() if k not in scope.names} for env in saved]
        self.scopes.append(scope)
        self.written.append(self._environ_writes(node))
        try:
            for stmt in [node.body] if isinstance(node, ast.Lambda) else node.body:
                self.visit(stmt)
        finally:
            self.scopes.pop()
            self.written.pop()
            self.envs = saved
            self.env = saved[0]

    def visit_If(self, node: ast.If) -> None:
        """Each branch knows which variables its test says are set (python_guards)."""
        if not clears_variable(node, self.is_environ):
            self.visit(node.test)
        when_true, when_false = (
            guarded_names(node.test, self.lookups) if not self.collect else (frozenset(), frozenset())
        )
        for stmts, names in ((node.body, when_true), (node.orelse, when_false)):
            self.guarded.append(names)
            try:
                for stmt in stmts:
                    self.visit(stmt)
            finally:
                self.guarded.pop()

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        when_true, when_false = (
            guarded_names(node.test, self.lookups) if not self.collect else (frozenset(), frozenset())
        )
        for part, names in ((node.body, when_true), (node.orelse, when_false)):
            self.guarded.append(names)
            try:
                self.visit(part)
            finally:
                self.guarded.pop()

    def visit_For(self, node: ast.For) -> None:
        self._loop(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self._loop(node)

    def _loop(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        saved = self.envs
        self.envs = self._bind(node.target, node.iter)
        try:
            for stmt in node.body:
                self.visit(stmt)
        finally:
            self.envs = saved
            self.env = saved[0]
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._comprehension(node.generators, [node.elt])

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node.generators, [node.key, node.value])

    def _comprehension(self, generators: list[ast.comprehension], parts: list[ast.expr]) -> None:
        saved = self.envs
        try:
            for gen in generators:
                self.visit(gen.iter)
                self.envs = self._bind(gen.target, gen.iter)
                for cond in gen.ifs:
                    self.visit(cond)
            for part in parts:
                self.visit(part)
        finally:
            self.envs = saved
            self.env = saved[0]

    def _bind(self, target: ast.AST, iterable: ast.AST) -> list[dict[str, object]]:
        """The environments inside a loop: one per element when it runs over literal data (`for name in
        ("A", "B")`, `for key, default in DEFAULTS.items()`); else the loop's names are unknown there."""
        names = _target_names(target)
        unknown = [{**env, **dict.fromkeys(names, _UNKNOWN)} for env in self.envs]
        out: list[dict[str, object]] = []
        for env in self.envs:
            self.env = env
            elements = _elements(self.value(iterable))
            if elements is None:
                self.env = self.envs[0]
                return unknown
            for element in elements:
                bound: dict[str, object] = {}
                if _unpack(target, element, bound):
                    out.append({**env, **bound})
                if len(out) > _MAX_ENVS:
                    self.env = self.envs[0]
                    return unknown
        self.env = self.envs[0]
        return out or unknown

    def _each_env(self, node: ast.AST, read: Callable[[ast.AST], object]) -> None:
        """Run a read once per loop environment (a name from data gives one read per element), then keep only
        the distinct reads that made."""
        if len(self.envs) == 1:
            self.env = self.envs[0]
            read(node)
            return
        start, collected = len(self.reads), len(self.wrapper_reads)
        for env in self.envs:
            self.env = env
            read(node)
        self.env = self.envs[0]
        self.reads[start:] = list(dict.fromkeys(self.reads[start:]))
        self.wrapper_reads[collected:] = list(dict.fromkeys(self.wrapper_reads[collected:]))

    # --- reads ---------------------------------------------------------------------------------------------

    def _source(self, name_node: ast.AST | None) -> tuple[str, bool]:
        """(source, optional) for a name: `name + "_FILE"` is the docker-secret file variant of `name`, an
        alternative to it (so optional)."""
        node = name_node
        for _ in range(3):  # `file_var = f"{name}_FILE"; os.getenv(file_var)`
            if not isinstance(node, ast.Name):
                break
            local = next((s.names[node.id] for s in reversed(self.scopes) if node.id in s.names), None)
            node = local if isinstance(local, ast.AST) else None
        last: ast.AST | None = None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            last = node.right
        elif isinstance(node, ast.JoinedStr) and len(node.values) > 1:
            last = node.values[-1]
        if (
            isinstance(last, ast.Constant)
            and isinstance(last.value, str)
            and last.value.upper().endswith("_FILE")
            and last.value.upper() == last.value
        ):
            return FILE_SOURCE, True
        return "python", False

    def _plain_read(self, node: ast.Call) -> None:
        """`os.getenv(name, default)` and `os.environ.get(name, default)`."""
        name_node = node.args[0] if node.args else None
        name = self.text(name_node)
        if name is None:
            return
        source, alternative = self._source(name_node)
        given = _arg(node, 1, "default")
        # `os.getenv("X", 120)`, `os.getenv("X", False) in (True, "true")`: the code's own fallback, written
        # as the environment would spell it; a `False` standing for "not set" (`HOST`, `URL`...) is none.
        default = self.default(given, typed=True)
        if id(node) in self.sentinels:
            default = None  # `os.getenv("X", "") in (...)`: "" (or False) only stands for "unset" in a test
        elif isinstance(given, ast.Constant) and isinstance(given.value, bool):
            default = boolean_default(name, given.value)
        self.add(
            name,
            node,
            optional=alternative or given is not None or id(node) in self.tested,
            source=source,
            secret=builds_password_url(given),  # `os.getenv("X", f"amqp://{user}:{password}@{host}")`
            default=default,
            # `os.getenv("X", None)` with no fallback after it: optional, but None is no literal, so it
            # disagrees with another place's
            computed=_computed(given) or (_is_none(given) and id(node) not in self.or_defaults),
        )

    def _environ_writes(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> dict[str, int]:
        """`os.environ[key] = v` inside the function: each key's first line (from the module's stores, found
        once in `prepare`, rather than a walk of every function)."""
        found: dict[str, int] = {}
        end = fn.end_lineno or fn.lineno
        for line, key in self.environ_stores:
            if fn.lineno <= line <= end:
                found[key] = min(found.get(key, line), line)
        return found

    def _own_value(self, node: ast.Subscript) -> bool:
        """`os.environ[key] = str(v)` then `log(os.environ[key])`: the function reads back what it set."""
        if not self.written:
            return False
        first = self.written[-1].get(ast.dump(node.slice))
        return first is not None and node.lineno > first

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Load) and self.is_environ(node.value):
            if not self._own_value(node):
                self._each_env(node, self._subscript_read)
        elif self._is_config(node.value):
            key = self.text(node.slice)
            if key is not None:
                self.flask.keys.append((key, self.file, node.lineno, isinstance(node.ctx, ast.Store)))
        self.generic_visit(node)

    def _subscript_read(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Subscript)
        name = self.text(node.slice)
        if name is not None:
            source, alternative = self._source(node.slice)
            self.add(name, node, optional=alternative, source=source)

    def visit_Compare(self, node: ast.Compare) -> None:
        # `"X" in os.environ`, `os.getenv("X") is not None`: the code checks for presence, so handles absence.
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], ast.In | ast.NotIn)
            and self.is_environ(node.comparators[0])
        ):
            self._each_env(node, self._presence_read)
        elif (
            len(node.ops) == 1
            and isinstance(node.ops[0], ast.Is | ast.IsNot)
            and isinstance(node.comparators[0], ast.Constant)
            and node.comparators[0].value is None
        ):
            self.optional_nodes.add(id(node.left))
        self.generic_visit(node)

    def _presence_read(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Compare)
        name = self.text(node.left)
        if name is not None:
            self.add(name, node, optional=True, source=self._source(node.left)[0])

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and self._is_config(func.value):
            self._flask_config_call(func.attr, node)
        else:
            self._each_env(node, self._call_read)
        self.generic_visit(node)

    def _call_read(self, call: ast.AST) -> None:
        assert isinstance(call, ast.Call)
        node = call
        func = node.func
        if self.is_getenv(func):
            self._plain_read(node)
        elif isinstance(func, ast.Attribute) and self.is_environ(func.value):
            if func.attr in _ENVIRON_CALL_DEFAULT_ARG:
                self._plain_read(node)
        elif (
            isinstance(func, ast.Name)
            and func.id == "map"
            and len(node.args) == 2
            and (
                self.is_getenv(node.args[0])
                or (
                    isinstance(node.args[0], ast.Attribute)
                    and node.args[0].attr == "get"
                    and self.is_environ(node.args[0].value)
                )
            )
        ):
            # `map(os.getenv, NAMES)`
            for name in _elements(self.value(node.args[1])) or []:
                if isinstance(name, str):
                    self.add(name, node, optional=False)
        elif (library := self._url_config(func)) is not None:
            self._url_config_read(library, node)
        elif (wrapper := self.wrapper_for(func)) is not None:
            self._wrapper_call(wrapper, node)
        elif (isinstance(func, ast.Name) and func.id in self.decouple_funcs) or (
            isinstance(func, ast.Attribute)
            and func.attr == "config"
            and isinstance(func.value, ast.Name)
            and func.value.id in self.decouple_modules
        ):
            first = self.text(node.args[0]) if node.args else None
            if first is not None:
                self.add(
                    first,
                    node,
                    optional=len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=True),
                )
        elif isinstance(func, ast.Name) and func.id in self.env_instances:
            # django-environ: env(var, cast=None, default=NOTSET); environs: env(var, default)
            first = self.text(node.args[0]) if node.args else None
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
            first = self.text(node.args[0]) if node.args else None
            name = first if first is not None else self.text(_kw(node, "var"))
            if name is None and not node.args and _kw(node, "var") is None:
                name = _DJANGO_DEFAULT_VARS.get(func.attr)
            if name is not None:
                # `env.list("X", default=["a", "b"])`: split on commas (environs: `delimiter=`)
                listed = func.attr in ("list", "tuple")
                joiner = (self.text(_kw(node, "delimiter")) or ",") if listed else None
                self.add(
                    name,
                    node,
                    optional=scheme.get(name, False) or len(node.args) > 1 or _has_kw(node, "default"),
                    default=self.default(_arg(node, 1, "default"), typed=True, joiner=joiner),
                )

    def _url_config(self, func: ast.AST) -> str | None:
        """The URL-configuration library whose `config` a call's function is (`dj_database_url.config`)."""
        if isinstance(func, ast.Name):
            return self.url_funcs.get(func.id)
        if isinstance(func, ast.Attribute) and func.attr == "config" and isinstance(func.value, ast.Name):
            return self.url_modules.get(func.value.id)
        return None

    def _url_config_read(self, library: str, node: ast.Call) -> None:
        """`dj_database_url.config(env=..., default=...)`: the variable named (the library's own when none
        is), with the default given, else the library's."""
        variable, fallback = _URL_CONFIGS[library]
        given = _arg(node, 0, "env")
        name = variable if given is None else self.text(given)
        if name is None:
            return
        default_node = _arg(node, 1, "default")
        if default_node is None or (isinstance(default_node, ast.Constant) and default_node.value is None):
            self.add(name, node, optional=fallback is not None, default=fallback)
            return
        default = self.default(default_node, typed=False)
        self.add(name, node, optional=True, default=default, computed=_computed(default_node))

    def _wrapper_call(self, wrapper: Wrapper, node: ast.Call) -> None:
        """A call of a project function that reads the variable named by its argument: each read it makes,
        with the default given here or its parameter's own."""
        given = wrapper.arguments(node)
        if given is None:
            return
        joiner = self._joiner(wrapper, given)
        for read in wrapper.reads:
            arg = given.get(read.param)
            base = self.text(arg) if arg is not None else wrapper.defaults[read.param][1]
            if base is None:
                continue
            optional, default, computed = read.optional, read.default, False
            if read.default_param is not None:
                default_arg = given.get(read.default_param)
                if default_arg is not None:
                    if isinstance(default_arg, ast.Call) and _call_name(default_arg.func) == "str":
                        default_arg = default_arg.args[0] if len(default_arg.args) == 1 else default_arg
                    optional, default = True, self.default(default_arg, typed=True, joiner=joiner)
                    computed = _computed(default_arg)
                elif wrapper.defaults[read.default_param][0]:
                    optional, default = True, wrapper.defaults[read.default_param][1]
            self.add(
                read.prefix + base + read.suffix,
                node,
                optional=optional,
                source=read.source,
                # a helper named for secrets (`get_secret`) says how a value may come (a Docker secret's
                # file), not that every name it is given is a credential (`get_secret("DB_HOST", "")`)
                secret=read.secret
                or (wrapper.secret and read.source != FILE_SOURCE and not plain_setting(read.prefix + base)),
                default=default,
                computed=computed,
            )

    def _joiner(self, wrapper: Wrapper, given: dict[int, ast.AST]) -> str | None:
        """How a list default of a wrapper's call spells as the variable's text: joined by the wrapper's
        separator parameter (`get_list_from_env(key, separator=",", default=None)`), else by commas."""
        for i, param in enumerate(wrapper.params):
            if param.lower() in _SEPARATOR_PARAMS:
                arg = given.get(i)
                separator = self.text(arg) if arg is not None else wrapper.defaults[i][1]
                return separator or None
        return ","

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
        self.class_attributes.enter(node)
        try:
            self.generic_visit(node)
        finally:
            self.class_attributes.leave()

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


_EVALUATORS: dict[type, Callable[[Any, Any, int], object]] = {
    ast.Constant: _Visitor._constant_value,
    ast.Name: _Visitor._name_node_value,
    ast.BinOp: _Visitor._binop_value,
    ast.JoinedStr: _Visitor._fstring_value,
    ast.List: _Visitor._sequence_value,
    ast.Tuple: _Visitor._sequence_value,
    ast.Set: _Visitor._sequence_value,
    ast.Dict: _Visitor._dict_value,
    ast.Subscript: _Visitor._subscript_value,
    ast.Call: _Visitor._call_value,
    ast.Attribute: _Visitor._attribute_value,
}


def _name_fallback(node: ast.AST) -> tuple[str | None, ast.AST | None]:
    """`NAME or d`, `NAME if NAME else d`, `d if not NAME else NAME`: (NAME, d); else (None, None)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
        first = node.values[0]
        return (first.id, node.values[1]) if isinstance(first, ast.Name) else (None, None)
    if isinstance(node, ast.IfExp):
        test, body, orelse = node.test, node.body, node.orelse
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, body, orelse = test.operand, orelse, body
        if isinstance(test, ast.Name) and isinstance(body, ast.Name) and test.id == body.id:
            return test.id, orelse
    return None, None


def _simple_assignment(node: ast.AST) -> tuple[str, ast.AST, ast.AST] | None:
    """`name = value` / `name: T = value`: (name, value, node)."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id, node.value, node
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return node.target.id, node.value, node
    return None


def _dict_method(owner: dict[object, object], method: str, args: list[object]) -> object:
    """`d.items()`, `d.keys()`, `d.values()`, `d.get(k, default)` of a literal dict."""
    if method == "items" and not args:
        return tuple(owner.items())
    if method == "keys" and not args:
        return tuple(owner)
    if method == "values" and not args:
        return tuple(owner.values())
    if method == "get" and args:
        return owner.get(args[0], args[1] if len(args) > 1 else _UNKNOWN)
    return _UNKNOWN


def _str_method(owner: str, method: str, args: list[object]) -> object:
    """`s.upper()`, `s.lower()`, `s.strip()` and `"{}_{}".format(a, b)` of a known string."""
    if method in ("upper", "lower", "strip") and not args and _MARK not in owner:
        return str(getattr(owner, method)())
    pieces = owner.split("{}")
    if method != "format" or len(pieces) != len(args) + 1 or any("{" in p or "}" in p for p in pieces):
        return _UNKNOWN
    out = pieces[0]
    for arg, piece in zip(args, pieces[1:], strict=True):
        if not isinstance(arg, str):
            return _UNKNOWN
        out += arg + piece
    return out


def _index(owner: object, key: object) -> object:
    if isinstance(owner, dict) and isinstance(key, str | int):
        return owner.get(key, _UNKNOWN)
    if (
        isinstance(owner, tuple)
        and isinstance(key, int)
        and not isinstance(key, bool)
        and -len(owner) <= key < len(owner)
    ):
        return owner[key]
    return _UNKNOWN


def _unparsed(value: ast.AST) -> ast.AST:
    """The read inside `json.loads(os.getenv("X", "{}"))` (and yaml's, ast's parsers): the node whose
    whole value the setting takes."""
    for _ in range(3):
        if isinstance(value, ast.Call) and value.args and _call_name(value.func) in _PARSERS:
            value = value.args[0]
    return value


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


def _kw(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _arg(call: ast.Call, index: int, name: str) -> ast.AST | None:
    """The argument at position index, or given by keyword name."""
    return call.args[index] if len(call.args) > index else _kw(call, name)


def _has_kw(call: ast.Call, name: str) -> bool:
    return _kw(call, name) is not None


def _computed(node: ast.AST | None) -> bool:
    """A default given as an expression (`SITE_ROOT + "/ping/"`, `BASE_DIR / "db.sqlite"`), not a literal
    nor `None` nor a literal list of constants (`["*"]`): the variable has no one literal default."""
    if isinstance(node, ast.List | ast.Tuple):
        return not all(isinstance(e, ast.Constant) for e in node.elts)
    return node is not None and not isinstance(node, ast.Constant)


def _is_none(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


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
TRIGGERS = ("environ", "getenv", "BaseSettings", "decouple", "Env", ".config", "AutoConfig", *_URL_CONFIGS)
# A file without any of these defines no wrapper of its own (wrappers of other wrappers are found by name).
_WRAPPER_TRIGGERS = ("environ", "getenv")


def _parse(text: str, file: str) -> ast.Module | None:
    try:
        return ast.parse(text, filename=file)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _module_name(rel: str) -> str:
    """`app/settings_parsers.py` -> `app.settings_parsers`; a package's `__init__.py` is the package."""
    path = rel.replace("\\", "/").rsplit(".", 1)[0]
    if path.endswith("/__init__") or path == "__init__":
        path = path[: -len("__init__")].rstrip("/")
    return path.replace("/", ".")


_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})


def _is_enum(node: ast.ClassDef) -> bool:
    return any(_call_name(base) in _ENUM_BASES for base in node.bases)


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


def _function_named(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name == name:
            return fn
    return None


class PythonProject:
    """The project's Python files, and the wrappers they define: functions that read the environment
    variable named by a parameter, directly or through other wrappers (found round by round until no round
    finds more)."""

    def __init__(
        self, files: Sequence[tuple[str, str]], read: Callable[[str], str | None] | None = None
    ) -> None:
        self.texts = dict(files)
        self._read = read  # the project's other files (an INI file a ConfigParser reads), by path
        self.wrappers: dict[str, dict[str, Wrapper]] = {}
        self._trees: dict[str, ast.Module | None] = {}
        self._prepared: dict[str, _Visitor] = {}
        self._imports: dict[
            str, tuple[dict[str, tuple[int, str | None, str]], list[tuple[int, str | None]]]
        ] = {}
        # Every dotted tail of every module: `src.app.parsers`, `app.parsers`, `parsers` (src layouts and
        # scripts run from a sub-folder import by the shorter names).
        self.modules: dict[str, list[str]] = {}
        self.names: frozenset[str] = frozenset()  # every wrapper's name (so far, while they are found)
        self.files = {rel.replace("\\", "/"): rel for rel in self.texts}
        for rel in self.texts:
            parts = _module_name(rel).split(".")
            for i in range(len(parts)):
                if parts[i:] != [""]:
                    self.modules.setdefault(".".join(parts[i:]), []).append(rel)
        self._find_wrappers()
        self.names = frozenset(name for found in self.wrappers.values() for name in found)

    def prepared(self, rel: str, tree: ast.Module) -> _Visitor:
        """The file's visitor with its imports, aliases and constants read (once for all rounds and the
        reads themselves)."""
        visitor = self._prepared.get(rel)
        if visitor is None:
            visitor = self._prepared[rel] = _Visitor(rel, FlaskUse(), self, collect=True)
            visitor.prepare(tree)
        visitor.link()
        return visitor

    def read_file(self, rel: str) -> str | None:
        return None if self._read is None or rel.startswith("../") else self._read(rel)

    def take_prepared(self, rel: str) -> _Visitor | None:
        return self._prepared.pop(rel, None)

    def tree(self, rel: str, keep: bool = True) -> ast.Module | None:
        if rel in self._trees:
            return self._trees[rel] if keep else self._trees.pop(rel)
        tree = _parse(self.texts.get(rel, ""), rel)
        if keep:
            self._trees[rel] = tree
        return tree

    def _find_wrappers(self) -> None:
        pending = [
            rel
            for rel, text in self.texts.items()
            if "def " in text and any(t in text for t in _WRAPPER_TRIGGERS)
        ]
        for _ in range(_MAX_ROUNDS):
            changed: set[str] = set()
            for rel in pending:
                tree = self.tree(rel)
                if tree is None:
                    continue
                found = _collect_wrappers(tree, rel, self)
                if found != self.wrappers.get(rel, {}):
                    changed |= {n for n in found if found[n] != self.wrappers.get(rel, {}).get(n)}
                    self.wrappers[rel] = found
            self.names = frozenset(name for found in self.wrappers.values() for name in found)
            if not changed:
                break
            pending = [
                rel for rel, text in self.texts.items() if "def " in text and any(n in text for n in changed)
            ]
        self.wrappers = {rel: found for rel, found in self.wrappers.items() if found}

    def resolve(self, importer: str, level: int, module: str | None) -> str | None:
        """The project's file for a module `importer` imports (`from .x import`, `import app.x`)."""
        if level:
            parts = importer.replace("\\", "/").split("/")[:-1]
            if level - 1 > len(parts):
                return None
            base = parts[: len(parts) - (level - 1)]
            path = "/".join(base + (module.split(".") if module else []))
            for candidate in (f"{path}.py", f"{path}/__init__.py", f"{path}.pyi", f"{path}/__init__.pyi"):
                if candidate.lstrip("/") in self.files:
                    return self.files[candidate.lstrip("/")]
            return None
        if not module:
            return None
        candidates = self.modules.get(module)
        if not candidates:
            return None
        home = importer.replace("\\", "/").split("/")

        def nearness(rel: str) -> tuple[int, int]:
            parts = rel.replace("\\", "/").split("/")
            shared = 0
            for a, b in zip(parts[:-1], home[:-1], strict=False):
                if a != b:
                    break
                shared += 1
            return shared, -len(parts)

        return max(sorted(candidates), key=nearness)

    def lookup_import(self, importer: str, level: int, module: str | None, name: str) -> Wrapper | None:
        target = self.resolve(importer, level, module)
        return None if target is None else self.lookup(target, name)

    def lookup(self, rel: str, name: str, depth: int = 0) -> Wrapper | None:
        """The wrapper `name` is in module `rel`: defined there, or imported there from another module."""
        found = self.wrappers.get(rel, {}).get(name)
        if found is not None or depth > 4 or not self.mentions_wrapper(self.texts.get(rel, "")):
            return found  # a module that names no wrapper re-exports none
        names, stars = self._imports_of(rel)
        if name in names:
            level, module, original = names[name]
            target = self.resolve(rel, level, module)
            return None if target is None else self.lookup(target, original, depth + 1)
        for level, module in stars:
            target = self.resolve(rel, level, module)
            if target is not None and (found := self.lookup(target, name, depth + 1)) is not None:
                return found
        return None

    def defined(
        self,
        importer: str,
        level: int,
        module: str | None,
        name: str,
        pick: Callable[[ast.Module, str], T | None],
    ) -> T | None:
        """What `pick` finds named `name` in a module the importer imports from, following re-exports (`from
        .helpers import f` in a package's `__init__`)."""
        target = self.resolve(importer, level, module)
        for _ in range(MAX_HOPS):
            tree = self.tree(target) if target is not None else None
            if target is None or tree is None:
                return None
            found = pick(tree, name)
            if found is not None:
                return found
            names = self._imports_of(target)[0]
            if name not in names:
                return None
            level, module, name = names[name]
            target = self.resolve(target, level, module)
        return None

    def _imports_of(
        self, rel: str
    ) -> tuple[dict[str, tuple[int, str | None, str]], list[tuple[int, str | None]]]:
        if rel not in self._imports:
            names: dict[str, tuple[int, str | None, str]] = {}
            stars: list[tuple[int, str | None]] = []
            text = self.texts.get(rel, "")
            tree = (
                self._trees.get(rel)
                if rel in self._trees
                else (_parse(text, rel) if "import" in text else None)
            )
            for node in tree.body if tree is not None else []:
                if isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        if alias.name == "*":
                            stars.append((node.level, node.module))
                        else:
                            names[alias.asname or alias.name] = (node.level, node.module, alias.name)
            self._imports[rel] = (names, stars)
        return self._imports[rel]

    def mentions_wrapper(self, text: str) -> bool:
        return any(name in text for name in self.names)


def _collect_wrappers(tree: ast.Module, rel: str, project: PythonProject) -> dict[str, Wrapper]:
    """The module-level functions of one file that read the variable a parameter names."""
    visitor = project.prepared(rel, tree)
    lines = project.texts.get(rel, "").splitlines()
    words = (*_WRAPPER_TRIGGERS, *visitor.environ_names, *visitor.getenv_names, *project.names)
    found: dict[str, Wrapper] = {}
    functions = [fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)]

    def reads_env(node: ast.stmt) -> bool:
        source = "\n".join(lines[node.lineno - 1 : node.end_lineno or len(lines)])
        return any(word in source for word in words)

    for fn in [*functions, *class_readers(tree, reads_env)]:
        if not reads_env(fn):
            continue  # reads nothing from the environment, nor calls a wrapper
        args = fn.args
        positional = [*args.posonlyargs, *args.args]
        params = tuple(a.arg for a in (*positional, *args.kwonlyargs))
        given = [None] * (len(positional) - len(args.defaults)) + list(args.defaults) + list(args.kw_defaults)
        separator = next(
            (visitor.text(n) for p, n in zip(params, given, strict=True) if p.lower() in _SEPARATOR_PARAMS),
            ",",
        )
        defaults = tuple(
            (
                node is not None,
                visitor.default(node, typed=True, joiner=separator) if node is not None else None,
            )
            for node in given
        )
        scope = _Scope(fn)
        env: dict[str, object] = {p: _mark(i) for i, p in enumerate(params) if p not in scope.rebound}
        visitor.envs, visitor.env, visitor.scopes = [env], env, [scope]
        visitor.wrapper_reads = []
        try:
            for stmt in fn.body:
                visitor.visit(stmt)
        except RecursionError:
            continue
        reads = [r for r in dict.fromkeys(visitor.wrapper_reads) if r.param < len(params)]
        if not reads:
            continue
        fallback = next(
            (
                i
                for i, p in enumerate(params)
                if p.lower() in _DEFAULT_PARAMS or p.lower().startswith("default")
            ),
            None,
        )
        reads = [
            _WrapperRead(r.param, r.prefix, r.suffix, r.optional, r.default, fallback, r.source, r.secret)
            if r.default_param is None
            and r.default is None
            and r.source != FILE_SOURCE
            and fallback not in (None, r.param)
            else r
            for r in reads
        ]
        lowered = fn.name.lower()
        secret = "secret" in lowered or "password" in lowered
        found[fn.name] = Wrapper(params, len(positional), defaults, tuple(reads), secret)
    return found


def discover_python(
    text: str, file: str, flask: FlaskUse, project: PythonProject | None = None
) -> list[Read]:
    """Reads in one Python file; a file that does not parse yields nothing (it is not valid Python). Without
    a project, the file's own wrappers are still followed."""
    reads, guarded = _file_reads(text, file, flask, project)
    return _settle_guarded(reads, guarded)


def _file_reads(
    text: str, file: str, flask: FlaskUse, project: PythonProject | None
) -> tuple[list[Read], set[Read]]:
    """The file's reads, and those of them reached only once a test said their variable is set."""
    if project is None:
        project = PythonProject([(file, text)])
    if not any(t in text for t in TRIGGERS) and not project.mentions_wrapper(text):
        return [], set()
    tree = project.tree(file, keep=False) if file in project.texts else _parse(text, file)
    if tree is None:
        return [], set()
    visitor = project.take_prepared(file)
    if visitor is None:
        visitor = _Visitor(file, flask, project)
        visitor.prepare(tree)
    visitor.collect, visitor.flask = False, flask
    visitor.envs, visitor.env, visitor.scopes = [{}], {}, []
    visitor.link()
    with contextlib.suppress(RecursionError):
        visitor.visit(tree)
    if "interpolation" in text:
        visitor.configparser_reads(tree)
    if visitor.reads and (
        maintenance_script(file, text)  # `bin/release_manager.py`: a maintainer's tool
        or prompting_script(file, text, tree, project.files, {r.line for r in visitor.reads})
    ):
        return _rescoped(visitor.reads, visitor.guarded_reads, "dev")
    spans = test_class_spans(tree) if visitor.reads else []
    if spans:  # `class TestingConfig(Config)` in the app's settings module: what the tests load
        inside = [r for r in visitor.reads if any(start <= r.line <= end for start, end in spans)]
        moved, _ = _rescoped(inside, set(), "test")
        by_read = dict(zip(inside, moved, strict=True))
        visitor.reads = [by_read.get(r, r) for r in visitor.reads]
        visitor.guarded_reads = {by_read.get(r, r) for r in visitor.guarded_reads}
    if visitor.reads and runs_test_runner(file, tree, project.files):  # `quicktest.py` running the suite
        return _rescoped(visitor.reads, visitor.guarded_reads, "test")
    return visitor.reads, visitor.guarded_reads


def _rescoped(reads: list[Read], guarded: set[Read], scope: str) -> tuple[list[Read], set[Read]]:
    """The reads with those a place would call runtime given `scope` instead."""
    moved = {r: replace(r, scope=scope) for r in reads if scope_of_read(r) == "runtime"}
    return [moved.get(r, r) for r in reads], {moved.get(r, r) for r in guarded}


def _settle_guarded(reads: list[Read], guarded: set[Read]) -> list[Read]:
    """A read reached only once its variable is set (`if os.getenv("X") is not None: parse("X", "no")`)
    never falls back: its default stands only when no other read of the variable gives one, so it never
    makes the places disagree (`MODE = os.getenv("X", "default"); if MODE != "default": parse("X")`)."""
    if not guarded:
        return reads
    others = {r.name for r in reads if r not in guarded and (r.default is not None or r.computed_default)}
    return [
        replace(r, default=None, computed_default=False) if r in guarded and r.name in others else r
        for r in reads
    ]


def discover_python_project(
    files: Sequence[tuple[str, str]], flask: FlaskUse, read: Callable[[str], str | None] | None = None
) -> list[Read]:
    """Reads in every Python file of a project (rel, text), wrappers followed across modules; `read` gives
    the project's other files by path."""
    # The syntax trees of the files that define wrappers are kept between the passes. They hold no reference
    # cycles, yet each collection would walk them all (parsing allocates enough to run many): collection is
    # paused meanwhile, and restored as it was.
    enabled = gc.isenabled()
    gc.disable()
    try:
        project = PythonProject(files, read)
        reads: list[Read] = []
        guarded: set[Read] = set()
        for rel, text in files:
            found, reached_once_set = _file_reads(text, rel, flask, project)
            reads.extend(found)
            guarded |= reached_once_set
        return _settle_guarded(reads, guarded)
    finally:
        if enabled:
            gc.enable()


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
