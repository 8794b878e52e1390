"""Python, through `ast`: os.environ / os.getenv reads, pydantic BaseSettings fields, django-environ,
environs, python-decouple, starlette's Config and Flask's prefixed configuration.

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
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from secretguard.inventory.discover.base import (
    FILE_SOURCE,
    Read,
    boolean_default,
    is_env_name,
    plain_setting,
    scope_of_read,
)
from secretguard.inventory.discover.python_classes import (
    SELF_METHOD,
    class_readers,
    method_readers,
    test_class_spans,
)
from secretguard.inventory.discover.python_configparser import (
    env_interpolations,
    ini_paths,
    interpolated_parsers,
    option_reads,
    valued_options,
)
from secretguard.inventory.discover.python_env_proxies import proxy_reads
from secretguard.inventory.discover.python_fallback_nodes import FallbackNodes, name_fallback
from secretguard.inventory.discover.python_fallbacks import builds_password_url, unset_fallbacks
from secretguard.inventory.discover.python_flask import (
    FlaskUse,
    config_call,
    flask_reads,
    is_config,
    note_walk,
    prefix_walk,
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
from secretguard.inventory.discover.python_imported_readers import (
    adopt,
    imported_readers,
    reader_import_used,
)
from secretguard.inventory.discover.python_libraries import (
    LibraryRead,
    library_read,
    library_readers,
    starlette_prefix,
    url_config,
    url_config_read,
)
from secretguard.inventory.discover.python_loop_guards import narrowed, split_envs
from secretguard.inventory.discover.python_names import URL_CONFIGS
from secretguard.inventory.discover.python_nodes import (
    argument,
    call_name,
    dotted_name,
    is_computed,
    is_none,
    keyword_arg,
    simple_assignment,
)
from secretguard.inventory.discover.python_project import (
    ProjectModules,
    Wrapper,
    WrapperRead,
    parse_module,
)
from secretguard.inventory.discover.python_scripts import (
    developer_settings,
    manual_harness_spans,
    prompting_script,
    runs_test_runner,
    test_settings,
)
from secretguard.inventory.discover.python_settings import (
    Settings,
    class_settings,
    env_scheme,
    field_reads,
    is_settings_base,
)
from secretguard.inventory.discover.python_settings_bases import imported_settings, mentions_settings_class
from secretguard.inventory.discover.python_values import (
    MARK,
    UNKNOWN,
    Entries,
    Row,
    Scope,
    loop_elements,
    mark,
    name_template,
    target_names,
    unpack,
)
from secretguard.inventory.discover.python_walk import FastVisitor, ModuleWalk, walk
from secretguard.inventory.discover.shell import maintenance_script

# What discover/__init__.py and the tests import from here (Flask's part lives in python_flask).
__all__ = ["FlaskUse", "discover_python", "discover_python_project", "flask_reads"]

_ENVIRON_CALL_DEFAULT_ARG = {"get": 1, "setdefault": 1}
# Framework settings whose documented structure holds credentials: a variable whose whole value (parsed from
# JSON or not) becomes one is a secret. django-allauth's providers carry each app's `secret`; Django's
# DATABASES each connection's PASSWORD.
_CREDENTIAL_SETTINGS = frozenset({"SOCIALACCOUNT_PROVIDERS", "DATABASES"})
_PARSERS = frozenset({"loads", "safe_load", "load", "literal_eval"})  # json, yaml, ast
_SEPARATOR_PARAMS = ("separator", "sep", "delimiter", "delim")


_MAX_ENVS = 512  # loop bindings followed at once (nested loops over literals multiply)
_MAX_ROUNDS = 6  # wrappers of wrappers of ... wrappers
_DEFAULT_PARAMS = ("default", "fallback", "default_value", "defval", "dflt")
_VALUE_PARAMS = ("value", "val")


class _Visitor(FallbackNodes, FastVisitor, ast.NodeVisitor):  # FastVisitor: ast.NodeVisitor, faster
    """Walks one module and records its reads. What its names stand for (python_names), what expressions
    evaluate to (python_values) and which reads have a fallback (python_fallback_nodes) are the layers below;
    `prepare` fills them before the walk."""

    def __init__(
        self, file: str, flask: FlaskUse, project: PythonProject | None = None, collect: bool = False
    ) -> None:
        super().__init__(file, project)
        self.flask = flask
        # Summarising functions (`collect`): parameters are bound to marks, and only reads whose name is
        # built from a parameter are kept, as the function's `wrapper_reads`.
        self.collect = collect
        self.wrapper_reads: list[WrapperRead] = []
        self.reads: list[Read] = []
        self.environ_stores: list[tuple[int, str]] = []  # `os.environ[key] = v`: line and key (dumped)
        # What loops and comprehensions over literals bind: one environment per iteration.
        self.envs: list[dict[str, object]] = [{}]
        self.wrappers: dict[str, Wrapper] = {}  # callable by this name: a wrapper of this or another module
        self.preparing = False  # reads found by prepare() are the file's own reads in either mode
        self.settings_classes: dict[str, Settings] = {}
        self.module_classes: dict[str, ast.ClassDef] = {}  # the module's top-level classes (settings mixins)
        # per enclosing function: `os.environ[key] = v` there, the key's dump -> the first line writing it
        self.written: list[dict[str, int]] = []
        self.secret_nodes: set[int] = set()  # reads whose value becomes a setting holding credentials
        self.sentinels: set[int] = set()  # reads whose empty default only feeds a test (python_guards)
        self.tested: set[int] = set()  # reads without a default whose value is only tested (python_guards)
        self.guarded: list[frozenset[str]] = []  # variables known set in the enclosing branches
        # conditional expressions' branches run once these variables are set, and each one's other branch
        self.unset_branches: list[tuple[frozenset[str], ast.expr]] = []
        self.guarded_reads: set[Read] = set()  # reads made where their variable is known set
        self.lookups = Lookups(self._read_of, self._held, self.is_environ, self.text, self.is_env_read)

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
        choice: tuple[str, str] | None = None,
        raises: bool = False,
    ) -> None:
        # `os.environ.get("X", "") or "d"`: an empty default is falsy, so the `or` gives the value
        if (default is None or default == "") and not computed and id(node) in self.or_defaults:
            fallback = self.or_defaults[id(node)]
            # a helper parser's fallback is a value of its type (`cast_int(os.getenv("X"), 20000)`), and so is
            # a number after `or` (`os.getenv("PORT") or 8080`)
            typed = (
                id(node) in self.typed_fallbacks or _number_literal(fallback) or _holds_number(self, fallback)
            )
            default, computed = self.default(fallback, typed=typed), is_computed(fallback)
            # `os.getenv("X") or f"amqp://{user}:{password}@{host}"`: the value carries a password
            secret = secret or builds_password_url(fallback)
        guarded = bool(self.guarded) and not self.collect and any(name in names for names in self.guarded)
        optional = optional or guarded or id(node) in self.optional_nodes
        unset = self._unset_value(name) if guarded else None
        if unset is not None:  # its own fallback is never used: the expression's other branch is the default
            default, computed = unset
            guarded = False  # a place of its own, not a read that never falls back (see _settle_guarded)
        secret = secret or id(node) in self.secret_nodes
        boolean = id(node) in self.boolean_nodes
        if self.collect and not self.preparing:
            self._collect(name, optional, source, secret, default, choice)
        elif is_env_name(name):
            line = getattr(node, "lineno", 1)
            read = Read(name, self.file, line, optional, source, secret, default)
            read = replace(read, computed_default=True) if computed and default is None else read
            read = replace(read, boolean_use=True) if boolean else read
            read = replace(read, holds_path=True) if id(node) in self.path_nodes else read
            read = replace(read, raises=True) if raises else read
            self.reads.append(read)
            if guarded:
                self.guarded_reads.add(read)  # reached only once set: see _settle_guarded

    def _collect(
        self,
        name: str,
        optional: bool,
        source: str,
        secret: bool,
        default: str | None,
        choice: tuple[str, str] | None = None,
    ) -> None:
        template = name_template(name)
        if template is None:
            return
        default_param = None
        if default is not None and MARK in default:
            given = name_template(default)
            default_param = given[1] if given is not None and given[0] == given[2] == "" else None
            default = None
        prefix, param, suffix = template
        choice = choice if default_param is not None else None
        read = WrapperRead(param, prefix, suffix, optional, default, default_param, source, secret, choice)
        self.wrapper_reads.append(read)

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
        given = node.args[1] if len(node.args) > 1 else keyword_arg(node, "default")
        return None if name is None else (name, given if isinstance(given, ast.expr) else None)

    def _held(self, name: str) -> ast.AST | None:
        """What a name assigned once holds: a local of the enclosing function, else a module name."""
        for scope in reversed(self.scopes):
            if name in scope.names:
                local = scope.names[name]
                return local if isinstance(local, ast.AST) else None
        return self.module_nodes.get(name)

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
            ast.Import: self.bind_import,
            ast.ImportFrom: self.bind_import_from,
            ast.BoolOp: self.or_fallback,
            ast.IfExp: self.if_fallback,
        }
        assignments: list[tuple[str, ast.AST, ast.AST]] = []
        prefixes: list[tuple[str, str]] = []  # `env.prefix = "APP_"`: django-environ's prefix of every read
        fallbacks: list[tuple[str, ast.AST]] = []  # `NAME or d` and the like, for held_fallbacks
        falsy_defaults: list[ast.Call] = []  # `f(x, "")`: maybe a read whose "" only feeds a test
        bare: list[ast.Call] = []  # `f(x)`: maybe a read without a default, perhaps only tested
        around: list[ast.Call] = []  # `f(os.getenv("X"), 20)`: maybe a helper parser around a read
        stores: list[ast.Subscript] = []  # `x[k] = v`: maybe writes of the environment
        ifs: list[ast.If] = []  # for unset_fallbacks (one walk of the module serves every pass)
        tries: list[ast.Try] = []  # `try: X = int(os.environ["X"]) except ...: X = 5`
        dicts: list[ast.Dict] = []  # for sibling_fallbacks
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []  # for returned_fallbacks
        walked = ModuleWalk(tree)  # one walk; the guards' passes share its parents
        for node in walked.nodes:
            if isinstance(node, ast.Subscript):
                if isinstance(node.ctx, ast.Store):
                    stores.append(node)
            elif isinstance(node, ast.Dict):
                dicts.append(node)
            elif isinstance(node, ast.If):
                ifs.append(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.append(node)
            elif isinstance(node, ast.Try):
                tries.append(node)
            kind = type(node)  # parsed trees hold no subclasses: the exact type picks the checks that apply
            handler = handlers.get(kind)
            if handler is not None:
                handler(node)
                name, fallback = name_fallback(node)
                if name is not None and fallback is not None:
                    fallbacks.append((name, fallback))
            elif kind is ast.Assign or kind is ast.AnnAssign:
                if (assignment := simple_assignment(node)) is not None:
                    assignments.append(assignment)
                elif (prefixed := _prefix_assignment(node)) is not None:
                    prefixes.append(prefixed)
            elif kind is ast.Call:
                assert isinstance(node, ast.Call)
                if falsy_default_candidates(node):
                    falsy_defaults.append(node)
                elif bare_read_candidates(node):
                    bare.append(node)
                if any(isinstance(a, ast.Call) for a in node.args):
                    around.append(node)
                if node.args and call_name(node.func) in _FILE_OPENERS:
                    self.path_nodes.add(id(node.args[0]))
        self.module_names(tree)
        if self.project is not None and self.from_imports:  # `from app.settings import *` brings its `env`
            adopt(self, imported_readers(self.project, self.file, self.from_imports))
        self.bind_env_subclasses(tree)
        self.environ_stores = [(n.lineno, ast.dump(n.slice)) for n in stores if self.is_environ(n.value)]
        self.held_fallbacks(tree, fallbacks)
        self.sibling_fallbacks(dicts)
        if tries or ifs:
            self.branch_fallbacks(tries, ifs)
        if functions:
            self.returned_fallbacks(functions)
        # String constants and aliases (`KEY = "X"`, `env = os.environ`, `env = environ.Env(...)`), in order,
        # once every import is known.
        for target, value, node in assignments:
            self._assign(target, value, node)
            if target in _CREDENTIAL_SETTINGS:
                self.secret_nodes.add(id(_unparsed(value)))
        for instance, prefix in prefixes:
            if instance in self.env_instances and self.env_instances[instance][1]:
                self.env_prefixes[instance] = prefix
        # `if DEBUG: PROTOCOL = "http" else: PROTOCOL = "https"`: a name given two literals has no one value
        literals: dict[str, set[str]] = {}
        for target, value, _node in assignments:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                literals.setdefault(target, set()).add(value.value)
        for target, values in literals.items():
            if len(values) > 1:
                self.constants.pop(target, None)
        if falsy_defaults:
            self.sentinels = sentinel_reads(walked.parents, falsy_defaults, self.lookups)
        if bare:
            self.tested = tested_reads(walked.parents, bare, self.lookups)
        if around:
            self.parser_fallbacks(tree, around)
        unset = unset_fallbacks(ifs)
        for target, value, _node in assignments if unset else []:
            if isinstance(value, ast.Call) and any(builds_password_url(f) for f in unset.get(target, [])):
                self.secret_nodes.add(id(value))  # `if not X: X = f"amqp://{user}:{password}@..."`

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
            self.add(name, node, optional=True, default=self.wrapped_fallback(node, parents, local))

    def _reads_named(self, node: ast.AST, param: str) -> bool:
        """Whether the node reads the variable the parameter `param` names."""
        if isinstance(node, ast.Call) and self.is_env_read(node):
            first = node.args[0]
        elif isinstance(node, ast.Subscript) and self.is_environ(node.value):
            first = node.slice
        else:
            return False
        return isinstance(first, ast.Name) and first.id == param

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
                    if target is not None and target != self.file:
                        for name, wrapper in project.exported_wrappers(target).items():
                            self.wrappers.setdefault(name, wrapper)
                    continue
                found = project.lookup_import(self.file, node.level, node.module, alias.name)
                if found is not None:
                    self.wrappers[alias.asname or alias.name] = found
        self.wrappers.update(project.wrappers.get(self.file, {}))
        for getter in self.getenv_names:  # this module's own `env = os.getenv`: read as the getter it is
            self.wrappers.pop(getter, None)

    def wrapper_for(self, func: ast.AST) -> Wrapper | None:
        """The wrapper a call's function is: a name imported or defined here, or `module.function`."""
        if isinstance(func, ast.Name):
            return self.wrappers.get(func.id)
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
        ):
            # `self.__get_env(key, value)`, or a method a base class of another module defines
            return self.wrappers.get(SELF_METHOD + func.attr) or self._inherited_wrapper(func.attr)
        if not isinstance(func, ast.Attribute) or self.project is None:
            return None
        chain = dotted_name(func.value)
        if chain is None:
            return None
        first, _, rest = chain.partition(".")
        if first not in self.module_imports:
            return None
        level, module = self.module_imports[first]
        target = self.project.resolve(self.file, level, f"{module}.{rest}" if rest else module)
        return None if target is None else self.project.lookup(target, func.attr)

    def _inherited_wrapper(self, method: str) -> Wrapper | None:
        """`self.get_config("X")` in a subclass of a class another module of the project defines."""
        if self.project is None:
            return None
        for base in self.class_attributes.bases():
            if base not in self.module_imports:
                continue
            level, dotted = self.module_imports[base]
            module = dotted.rpartition(".")[0]
            target = self.project.resolve(self.file, level, module) if module or level else None
            found = None if target is None else self.project.lookup(target, SELF_METHOD + method)
            if found is not None:
                return found
        return None

    def _assign(self, target: str, value: ast.AST, node: ast.AST) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.constants.setdefault(target, value.value)
        elif self.is_environ(value):
            self.environ_names.add(target)
        elif self.is_getenv(value) or (
            isinstance(value, ast.Attribute) and value.attr == "get" and self.is_environ(value.value)
        ):
            self.getenv_names.add(target)  # `env = os.environ.get`, then `env("DEBUG", "0")`
        elif isinstance(value, ast.Call) and self.env_class(value.func) is not None:
            scheme: dict[str, bool] = {}
            for name, spec in env_scheme(value, self):
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
        elif isinstance(value, ast.Call) and (prefix := starlette_prefix(value, self)) is not None:
            self.starlette_instances[target] = prefix

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
        scope = Scope(node)
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
        """Each branch knows which variables its test says are set (python_guards), and which elements of
        the enclosing loops reach it (python_loop_guards)."""
        if not clears_variable(node, self.is_environ):
            self.visit(node.test)
        when_true, when_false = (
            guarded_names(node.test, self.lookups) if not self.collect else (frozenset(), frozenset())
        )
        envs_true, envs_false = self._branch_envs(node.test)
        saved = self.envs
        for stmts, names, envs in ((node.body, when_true, envs_true), (node.orelse, when_false, envs_false)):
            self.guarded.append(names)
            self.envs, self.env = envs, envs[0]
            try:
                for stmt in stmts:
                    self.visit(stmt)
            finally:
                self.guarded.pop()
                self.envs, self.env = saved, saved[0]

    def visit_IfExp(self, node: ast.IfExp) -> None:
        """`None if "X" not in os.environ else os.environ.get("X", "yes")`: unset, the expression is the other
        branch's value, so that is the default of X's reads in the branch that runs once X is set."""
        self.visit(node.test)
        when_true, when_false = (
            guarded_names(node.test, self.lookups) if not self.collect else (frozenset(), frozenset())
        )
        envs_true, envs_false = self._branch_envs(node.test)
        saved = self.envs
        for part, names, envs, other in (
            (node.body, when_true, envs_true, node.orelse),
            (node.orelse, when_false, envs_false, node.body),
        ):
            self.guarded.append(names)
            self.unset_branches.append((names, other))
            self.envs, self.env = envs, envs[0]
            try:
                self.visit(part)
            finally:
                self.guarded.pop()
                self.unset_branches.pop()
                self.envs, self.env = saved, saved[0]

    def _unset_value(self, name: str) -> tuple[str | None, bool] | None:
        """(default, computed) of a read of `name` in a conditional expression's branch that runs only once
        it is set: what the other branch gives (a literal; None or anything else is no literal default)."""
        other = next((node for names, node in reversed(self.unset_branches) if name in names), None)
        if other is None:
            return None
        if isinstance(other, ast.Constant) and isinstance(other.value, bool):
            return boolean_default(name, other.value), False
        default = self.default(other, typed=True)
        return default, default is None

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        """`var in SECRETS and os.getenv(f"{var}_FILE")`: an operand is reached by the elements for which
        those before it did not settle the result."""
        saved = self.envs
        try:
            for value in node.values:
                self.visit(value)
                envs_true, envs_false = self._branch_envs(value)
                self.envs = envs_true if isinstance(node.op, ast.And) else envs_false
                self.env = self.envs[0]
        finally:
            self.envs, self.env = saved, saved[0]

    def _branch_envs(self, test: ast.AST) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        """The loop environments in which a test holds and those in which it fails (all of them in both
        when the test does not depend on the loops' data)."""
        split = split_envs(self, self.envs, test)
        if split is None:
            return self.envs, self.envs
        return narrowed(split[0], test, self.envs), narrowed(split[1], test, self.envs)

    def visit_For(self, node: ast.For) -> None:
        self._loop(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self._loop(node)

    def _loop(self, node: ast.For | ast.AsyncFor) -> None:
        if not self.collect and (prefix := prefix_walk(node, self.is_environ)) is not None:
            # `for key, value in os.environ.items(): if key.startswith(prefix): app.config[...] = value`
            note_walk(self.flask, prefix, self.scopes[-1].fn if self.scopes else None, self.file, node.lineno)
        self.visit(node.iter)
        saved = self.envs
        self.envs = self._bind(node.target, node.iter)
        try:
            for stmt in node.body:
                self.visit(stmt)
                if isinstance(stmt, ast.If) and not stmt.orelse and isinstance(stmt.body[-1], ast.Continue):
                    # `if var not in SECRETS: continue`: the rest of the body sees the other elements
                    self.envs = self._branch_envs(stmt.test)[1]
                    self.env = self.envs[0]
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
                    self.envs = self._branch_envs(cond)[0]  # `for n in NAMES if n in SECRETS`
                    self.env = self.envs[0]
            for part in parts:
                self.visit(part)
        finally:
            self.envs = saved
            self.env = saved[0]

    def _bind(self, target: ast.AST, iterable: ast.AST) -> list[dict[str, object]]:
        """The environments inside a loop: one per element when it runs over literal data (`for name in
        ("A", "B")`, `for key, default in DEFAULTS.items()`); else the loop's names are unknown there."""
        names = target_names(target)
        unknown = [{**env, **dict.fromkeys(names, UNKNOWN)} for env in self.envs]
        out: list[dict[str, object]] = []
        for env in self.envs:
            self.env = env
            elements = loop_elements(self.value(iterable))
            if elements is None:
                self.env = self.envs[0]
                return unknown
            for element in elements:
                bound: dict[str, object] = {}
                if unpack(target, element, bound):
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
        if name is not None:
            self._plain_read_of(node, name, name_node)
            return
        for held in self._table_names(name_node):
            self._plain_read_of(node, held, name_node)

    def _table_names(self, node: ast.AST | None) -> list[str]:
        """`os.getenv(ENV_HOMES[backend])` over a literal dict (or list) of variable names indexed by what the
        code only knows at run time: each name it holds."""
        if not isinstance(node, ast.Subscript) or self.value(node.slice) is not UNKNOWN:
            return []
        table = self.value(node.value)
        items = (
            list(table.values())
            if isinstance(table, dict)
            else list(table)
            if isinstance(table, tuple)
            else []
        )
        if not items or not all(isinstance(i, str) and is_env_name(i) and i.upper() == i for i in items):
            return []
        return [i for i in items if isinstance(i, str)]

    def _plain_read_of(self, node: ast.Call, name: str, name_node: ast.AST | None) -> None:
        source, alternative = self._source(name_node)
        given = argument(node, 1, "default")
        # `os.getenv("X", 120)`, `os.getenv("X", False) in (True, "true")`: the code's own fallback, written
        # as the environment would spell it; a `False` standing for "not set" (`HOST`, `URL`...) is none.
        default = self.default(given, typed=True)
        computed = False
        picked = self._choice(given) if self.collect and isinstance(given, ast.expr) else None
        choice: tuple[str, str] | None = None
        if picked is not None:
            default, choice = picked  # a wrapper's `"1" if default else "0"`: picked at each call
        if id(node) in self.sentinels:
            default = None  # `os.getenv("X", "") in (...)`: "" (or False) only stands for "unset" in a test
        elif self.enum_object(given):
            default, computed = None, True  # a plain Enum's member: the code gets the member, not a text
        elif isinstance(given, ast.Constant) and isinstance(given.value, bool):
            # `int(os.getenv("X", False))`: unset gives the number 0, not the text "false" (which `int()`
            # would refuse): no literal default
            numeric = id(node) in self.numeric_nodes
            default = None if numeric else boolean_default(name, given.value)
            computed = numeric
        self.add(
            name,
            node,
            optional=alternative or given is not None or id(node) in self.tested,
            source=source,
            secret=builds_password_url(given),  # `os.getenv("X", f"amqp://{user}:{password}@{host}")`
            default=default,
            # `os.getenv("X", None)` with no fallback after it: optional, but None is no literal, so it
            # disagrees with another place's
            computed=(computed or is_computed(given) or (is_none(given) and id(node) not in self.or_defaults))
            and choice is None,
            choice=choice,
        )

    def _choice(self, given: ast.expr | None) -> tuple[str, tuple[str, str]] | None:
        """`"1" if default else "0"` inside a wrapper whose parameter `default` is tested: the parameter's
        mark, and the two literals."""
        if not isinstance(given, ast.IfExp):
            return None
        tested = self.text(given.test)
        template = name_template(tested) if tested is not None else None
        when_true, when_false = self.default(given.body, typed=True), self.default(given.orelse, typed=True)
        if template is None or template[0] or template[2] or when_true is None or when_false is None:
            return None
        return tested or "", (when_true, when_false)

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
        elif is_config(node.value):
            key = self.text(node.slice)
            if key is not None:
                self.flask.keys.append((key, self.file, node.lineno, isinstance(node.ctx, ast.Store)))
                if isinstance(node.ctx, ast.Store):
                    self.flask.stores.append((key, self.file, node.lineno))
        self.generic_visit(node)

    def _subscript_read(self, node: ast.AST) -> None:
        assert isinstance(node, ast.Subscript)
        name = self.text(node.slice)
        if name is not None:
            source, alternative = self._source(node.slice)
            # `os.environ["X"]`: a KeyError when unset, never a null the code goes on with
            self.add(name, node, optional=alternative, source=source, raises=not alternative)

    def visit_Compare(self, node: ast.Compare) -> None:
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], ast.Eq | ast.NotEq)
            and isinstance(node.comparators[0], ast.Constant)
        ):
            self.compared_nodes.add(id(node.left))  # a switch or a mode, not a credential
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
        if isinstance(func, ast.Attribute) and is_config(func.value):
            envvar = config_call(self.flask, func.attr, node, self.file, self)
            if envvar is not None:  # `app.config.from_envvar("X", silent=True)`
                self.add(envvar[0], node, optional=envvar[1], source="flask")
        elif isinstance(func, ast.Attribute) and func.attr == "from_envvar" and node.args:
            # a Flask `Config` of its own (`config = Config(root); config.from_envvar("X", silent=True)`)
            name = self.text(node.args[0])
            silent = any(
                k.arg == "silent" and isinstance(k.value, ast.Constant) and k.value.value
                for k in node.keywords
            )
            if name is not None:
                self.add(name, node, optional=silent, source="flask")
            self._each_env(node, self._call_read)
        else:
            self._each_env(node, self._call_read)
        if isinstance(func, ast.Attribute) and func.attr == "tag":
            self._trait_env(node)
        elif node.keywords and any(k.arg == "envvar" for k in node.keywords):
            self._option_env(node)
        self.generic_visit(node)

    def _option_env(self, node: ast.Call) -> None:
        """A command-line option the environment may set too (click's `@click.option("--port",
        envvar="APP_PORT", default=8000)`, typer's `typer.Option(2, envvar="WORKERS")`; a list names several):
        optional unless required, with the option's literal default."""
        given = keyword_arg(node, "envvar")
        if isinstance(given, ast.Constant):
            names = [given.value]
        elif isinstance(given, ast.List | ast.Tuple):
            names = [e.value for e in given.elts if isinstance(e, ast.Constant)]
        else:
            return
        fallback = keyword_arg(node, "default")
        first = node.args[0] if node.args else None
        if (
            fallback is None
            and call_name(node.func) == "Option"
            and first is not None
            and not (isinstance(first, ast.Constant) and (first.value is Ellipsis or _flag_text(first.value)))
        ):
            fallback = first  # typer's Option: its first argument is the default (`...`: required)
        required = isinstance(needed := keyword_arg(node, "required"), ast.Constant) and needed.value is True
        required = required or (
            isinstance(first, ast.Constant) and first.value is Ellipsis and fallback is None
        )
        default = None if fallback is None or is_none(fallback) else self.default(fallback, typed=True)
        for name in names:
            if isinstance(name, str):
                self.add(name, node, optional=not required, default=default)

    def _trait_env(self, node: ast.Call) -> None:
        """A traitlets trait tagged with the variable that sets it (`Unicode().tag(config=True,
        env="JPY_COOKIE_SECRET")`): the application reads it when the trait is not configured."""
        for keyword in node.keywords:
            if keyword.arg in ("env", "envvar", "env_var") and isinstance(keyword.value, ast.Constant):
                name = keyword.value.value
                if isinstance(name, str) and is_env_name(name) and name.upper() == name:
                    self.add(name, node, optional=True)

    def _call_read(self, call: ast.AST) -> None:
        assert isinstance(call, ast.Call)
        node = call
        func = node.func
        if self.is_getenv(func):
            self._plain_read(node)
        elif isinstance(func, ast.Attribute) and self.is_environ(func.value):
            if func.attr in _ENVIRON_CALL_DEFAULT_ARG:
                self._plain_read(node)
        elif isinstance(func, ast.Attribute) and func.attr == _CFENV_READER and self._uses_cfenv():
            # cfenv's `AppEnv().get_credential("X", default)`: a bound service's credential, else os.getenv
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
            for name in loop_elements(self.value(node.args[1])) or []:
                if isinstance(name, str):
                    self.add(name, node, optional=False)
        elif (library := url_config(func, self)) is not None:
            self._library_read(url_config_read(library, node, self), node)
        elif (wrapper := self.wrapper_for(func)) is not None:
            self._wrapper_call(wrapper, node)
        else:  # python-decouple, django-environ, environs
            self._library_read(library_read(node, self), node)

    def _uses_cfenv(self) -> bool:
        return isinstance(self.project, PythonProject) and self.project.cfenv

    def _library_read(self, read: LibraryRead | None, node: ast.Call) -> None:
        if read is not None:
            if read.boolean:
                self.boolean_nodes.add(id(node))
            self.add(
                read.name,
                node,
                optional=read.optional,
                secret=read.secret,
                default=read.default,
                computed=read.computed,
            )

    def _wrapper_call(self, wrapper: Wrapper, node: ast.Call) -> None:
        """A call of a project function that reads the variable named by its argument: each read it makes,
        with the default given here or its parameter's own."""
        given = wrapper.arguments(node, self._spread)
        if given is None:
            return
        joiner = self._joiner(wrapper, given)
        for read in wrapper.reads:
            if read.via is not None and not self._reader_reference(given.get(read.via)):
                continue  # the getter handed here is no reader of the environment
            arg = given.get(read.param)
            base = self.text(arg) if arg is not None else wrapper.defaults[read.param][1]
            if base is None:
                continue
            optional, default, computed = read.optional, read.default, False
            if read.default_param is not None and read.choice is not None:
                optional, default = True, self._chosen(read.choice, wrapper, read.default_param, given)
            elif read.default_param is not None:
                default_arg = given.get(read.default_param)
                if default_arg is not None:
                    if isinstance(default_arg, ast.Call) and call_name(default_arg.func) == "str":
                        default_arg = default_arg.args[0] if len(default_arg.args) == 1 else default_arg
                    optional, default = True, self.default(default_arg, typed=True, joiner=joiner)
                    computed = is_computed(default_arg)
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
                or (
                    wrapper.secret
                    and read.source != FILE_SOURCE
                    and not plain_setting(read.prefix + base)
                    and not self._plain_value(
                        node, given.get(read.default_param) if read.default_param is not None else None
                    )
                ),
                default=default,
                computed=computed,
            )

    def _plain_value(self, node: ast.Call, default: ast.AST | None) -> bool:
        """A helper named for secrets given a number or a boolean as the fallback
        (`get_secret("RETENTION_DAYS", 14)`), or whose value is compared with a literal
        (`get_secret("SQS", False) == "True"`): a number or a switch, no credential, whatever the helper is
        called."""
        if id(node) in self.compared_nodes or id(node) in self.numeric_nodes:
            return True
        return (
            isinstance(default, ast.Constant)
            and isinstance(default.value, bool | int | float)
            and not isinstance(default.value, str)
        )

    def _reader_reference(self, node: ast.AST | None) -> bool:
        """`os.getenv`, `os.environ.get`, `env.str` (a library reader): a function reading the variable its
        first argument names."""
        if node is None or not isinstance(node, ast.Name | ast.Attribute):
            return False
        if self.is_getenv(node) or (
            isinstance(node, ast.Attribute) and node.attr == "get" and self.is_environ(node.value)
        ):
            return True
        probe = ast.Call(func=node, args=[ast.Constant("PROBE_NAME")], keywords=[])
        return library_read(probe, self) is not None

    def _chosen(
        self, choice: tuple[str, str], wrapper: Wrapper, param: int, given: dict[int, ast.AST]
    ) -> str | None:
        """Which of a wrapper's two defaults a call picks by the truth of its argument (or the parameter's
        own default): None when that is not a literal."""
        arg = given.get(param)
        if isinstance(arg, ast.Constant) and isinstance(arg.value, bool | None):
            return choice[0] if arg.value else choice[1]  # `value` keeps no booleans
        if arg is not None:
            value = self.value(arg)
            if isinstance(value, bool | int | float | str):
                return choice[0] if value else choice[1]
            return None
        has_default, text = wrapper.defaults[param]
        if not has_default or text is None:
            return choice[1] if has_default else None  # `default=None`: false
        return choice[1] if text.lower() in ("false", "0", "") else choice[0]

    def _spread(self, node: ast.expr) -> tuple[ast.AST, ...] | dict[object, ast.AST] | None:
        """What `*row` / `**entry` unpack when the name holds literal data (a loop over a table of tuples or
        dicts binds one row per element): the expressions of its items, or of each key."""
        value = self.value(node)
        if isinstance(value, Row):
            return value.nodes
        return dict(value.nodes) if isinstance(value, Entries) else None

    def _joiner(self, wrapper: Wrapper, given: dict[int, ast.AST]) -> str | None:
        """How a list default of a wrapper's call spells as the variable's text: joined by the wrapper's
        separator parameter (`get_list_from_env(key, separator=",", default=None)`), else by commas."""
        for i, param in enumerate(wrapper.params):
            if param.lower() in _SEPARATOR_PARAMS:
                arg = given.get(i)
                separator = self.text(arg) if arg is not None else wrapper.defaults[i][1]
                return separator or None
        return ","

    def visit_Module(self, node: ast.Module) -> None:
        self.module_classes = {stmt.name: stmt for stmt in node.body if isinstance(stmt, ast.ClassDef)}
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """A pydantic settings class: each field reads a variable (python_settings), also the fields of the
        plain model classes of the module it mixes in (`class Settings(EditableSettings, BaseSettings)`)."""
        inherited = next((s for s in map(self._base_settings, node.bases) if s is not None), None)
        if inherited is not None:
            settings = class_settings(node, inherited, self.text)
            self.settings_classes[node.name] = settings
            for stmt in [*node.body, *self._mixin_fields(node)]:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    for read in field_reads(stmt, stmt.target.id, settings, self):
                        self.add(
                            read.name,
                            stmt,
                            optional=read.optional,
                            source="pydantic-settings",
                            secret=read.secret,
                            default=read.default,
                            computed=read.computed,
                        )
        self.class_attributes.enter(node)
        try:
            self.generic_visit(node)
        finally:
            self.class_attributes.leave()

    def _mixin_fields(self, node: ast.ClassDef) -> list[ast.AnnAssign]:
        """The annotated fields of the module's non-settings classes a settings class inherits from, through
        their own bases of the module (a field the class itself declares wins)."""
        own = {
            s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
        }
        out: list[ast.AnnAssign] = []
        seen: set[str] = {node.name}
        todo = [b.id for b in node.bases if isinstance(b, ast.Name)]
        while todo and len(seen) < _MAX_MIXINS:
            name = todo.pop(0)
            cls = self.module_classes.get(name)
            if name in seen or cls is None or name in self.settings_classes:
                continue
            seen.add(name)
            for stmt in cls.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id not in own
                ):
                    own.add(stmt.target.id)
                    out.append(stmt)
            todo.extend(b.id for b in cls.bases if isinstance(b, ast.Name))
        return out

    def _base_settings(self, base: ast.expr) -> Settings | None:
        """What a base class brings to a settings class: BaseSettings, a settings class of this module, or
        one of another project module (python_settings_bases); None for any other base."""
        if isinstance(base, ast.Name) and base.id in self.settings_classes:
            return self.settings_classes[base.id]
        if is_settings_base(base, self, ()):
            return Settings()
        return None if self.project is None else imported_settings(self.project, self.file, base, self)


def _unparsed(value: ast.AST) -> ast.AST:
    """The read inside `json.loads(os.getenv("X", "{}"))` (and yaml's, ast's parsers): the node whose
    whole value the setting takes."""
    for _ in range(3):
        if isinstance(value, ast.Call) and value.args and call_name(value.func) in _PARSERS:
            value = value.args[0]
    return value


_MAX_MIXINS = 200  # classes a settings class's mixins are followed through
# A file without any of these cannot read the environment in a way this module understands: not parsed.
TRIGGERS = (
    "environ",
    "getenv",
    "get_credential",  # cfenv's AppEnv
    "BaseSettings",
    "decouple",
    "Env",
    ".config",
    "AutoConfig",
    "starlette",
    "env=",  # a traitlets trait's `.tag(env="X")`
    "envvar=",  # a click or typer option's `envvar="X"`
    "envparse",
    "from_envvar",  # a Flask `Config` of its own
    *URL_CONFIGS,
)
# Calls whose first argument names a file: `open(os.environ["KEY_FILE"])`, `Path(os.getenv("CERT"))`.
_FILE_OPENERS = frozenset({"open", "Path", "PurePath", "isfile"})  # by the callee's last name
# A file without any of these defines no wrapper of its own (wrappers of other wrappers are found by name).
_CFENV_READER = "get_credential"
_WRAPPER_TRIGGERS = ("environ", "getenv", _CFENV_READER)
# Nor of a library reader's (`env = environ.Env()`, `from decouple import config`, `config = Config(...)`),
# unless it imports one from the project (python_imported_readers.reader_import_used).
_LIBRARY_TRIGGERS = ("decouple", "starlette")


class PythonProject(ProjectModules):
    """The project's Python files, and the wrappers they define: functions that read the environment
    variable named by a parameter, directly or through other wrappers (found round by round until no round
    finds more)."""

    def __init__(
        self, files: Sequence[tuple[str, str]], read: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(files, read)
        self._prepared: dict[str, _Visitor] = {}
        self.cfenv = any("cfenv" in text for text in self.texts.values())  # Cloud Foundry's AppEnv
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

    def take_prepared(self, rel: str) -> _Visitor | None:
        return self._prepared.pop(rel, None)

    def _find_wrappers(self) -> None:
        pending = [
            rel
            for rel, text in self.texts.items()
            if ("def " in text or _GETTER_ALIAS.search(text) is not None)
            and (
                any(t in text for t in (*_WRAPPER_TRIGGERS, *_LIBRARY_TRIGGERS))
                or reader_import_used(self, rel, text)
            )
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


# `get_secret = os.environ.get` / `env = os.getenv` at a module's top: a shorthand other modules may import.
_GETTER_ALIAS = re.compile(r"(?m)^[A-Za-z_]\w*\s*=\s*(?:os\.)?(?:environ\.get|getenv)\s*(?:#.*)?$")


def _alias_functions(tree: ast.Module, visitor: _Visitor) -> list[ast.FunctionDef]:
    """`get_secret = os.environ.get` at a module's top, as the function it stands for (`def get_secret(key,
    default=None): return os.environ.get(key, default)`, on the alias's line): another module importing it
    calls a wrapper."""
    out: list[ast.FunctionDef] = []
    for stmt in tree.body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id in visitor.getenv_names
        ):
            continue
        name, getter = stmt.targets[0].id, ast.unparse(stmt.value)
        fn = ast.parse(f"def {name}(key, default=None): return {getter}(key, default)\n").body[0]
        if isinstance(fn, ast.FunctionDef):
            ast.increment_lineno(fn, stmt.lineno - 1)
            out.append(fn)
    return out


def _collect_wrappers(tree: ast.Module, rel: str, project: PythonProject) -> dict[str, Wrapper]:
    """The module-level functions of one file that read the variable a parameter names."""
    visitor = project.prepared(rel, tree)
    lines = project.texts.get(rel, "").splitlines()
    words = (*_WRAPPER_TRIGGERS, *visitor.environ_names, *visitor.getenv_names, *project.names)
    words += tuple(library_readers(visitor))
    found: dict[str, Wrapper] = {}
    functions = [fn for fn in tree.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)]
    # Helpers defined inside a function (`def parse_bool_flag(key, default): return os.environ.get(key, ...)`
    # in `main()`), by names no module-level function has: called by those names in that body.
    top = {fn.name for fn in functions}
    nested = [
        inner
        for fn in functions
        for inner in fn.body
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name not in top
    ]
    nested += [
        inner
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for method in cls.body
        if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in method.body
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name not in top
    ]

    def reads_env(node: ast.stmt) -> bool:
        source = "\n".join(lines[node.lineno - 1 : node.end_lineno or len(lines)])
        return any(word in source for word in words)

    aliases = _alias_functions(tree, visitor)
    constructors, keep_nothing = class_readers(tree, reads_env)
    for fn in [
        *functions,
        *constructors,
        *method_readers(tree, reads_env),
        *nested,
        *aliases,
    ]:
        if fn in nested and fn.name in found:
            continue  # two helpers of one name in two functions: the first stands
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
        scope = Scope(fn)
        # A parameter rebound only after the function's first read (`variable_name =
        # variable_name.removesuffix("_FILE")` in a later branch) still names the variable where it is read.
        late = (
            _rebound_after_read(fn, scope.rebound, visitor.is_env_get)
            if scope.rebound & set(params)
            else set()
        )
        env: dict[str, object] = {
            p: mark(i) for i, p in enumerate(params) if p not in scope.rebound or p in late
        }
        try:
            reads = _wrapper_reads(visitor, fn, env, scope, params)
            source = "\n".join(lines[fn.lineno - 1 : fn.end_lineno or len(lines)])
            called = [p for p in params if f"{p}(" in source]  # cheap: a parameter called at all
            getters = _getter_params(fn, params) if called else set()
            # `getter(new_key, getter(old_key, default))`: new_key's fallback is another variable's value
            chained = _chained_getter_params(fn, params, getters) if getters else set()
            if (
                getters
            ):  # `getter(new_key, default)`: as `os.getenv(new_key, default)` where a reader is handed
                reads += _getter_reads(visitor, fn, env, scope, params, getters, reads, chained)
        except RecursionError:
            continue
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
        if fn in constructors and fn.name in keep_nothing:
            fallback = None  # a constructor's `default_port` is the fallback of the reads naming it only
        elif (
            fallback is None
        ):  # `set_option(name, value)`: a reader's value parameter is what it falls back to
            fallback = next(
                (
                    i
                    for i, p in enumerate(params)
                    if i and p.lower() in _VALUE_PARAMS and not _compared(fn, p)
                ),
                None,
            )
        # `value = os.environ.get(key, "")` then `if value == "": return default`: the empty read stands for
        # unset, the parameter returned is the fallback
        returned = fallback is not None and _returns_param(fn, params[fallback])
        reads = [
            WrapperRead(
                r.param, r.prefix, r.suffix, r.optional, None, fallback, r.source, r.secret, via=r.via
            )
            if r.default_param is None
            and (r.default is None or (r.default == "" and returned))
            and r.source != FILE_SOURCE
            and fallback not in (None, r.param)
            and not (r.via is not None and r.param in chained)
            else r
            for r in reads
        ]
        lowered = fn.name.lower()
        # a shorthand (`get_secret = os.environ.get`) is named by habit; a function by what it is for
        secret = ("secret" in lowered or "password" in lowered) and fn not in aliases
        found[fn.name] = Wrapper(params, len(positional), defaults, tuple(reads), secret)
    return found


def _wrapper_reads(
    visitor: _Visitor,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    env: dict[str, object],
    scope: Scope,
    params: tuple[str, ...],
) -> list[WrapperRead]:
    """The reads a function's body makes of the variables its parameters (marked in env) name."""
    visitor.envs, visitor.env, visitor.scopes = [env], env, [scope]
    visitor.wrapper_reads = []
    for stmt in fn.body:
        visitor.visit(stmt)
    return [r for r in dict.fromkeys(visitor.wrapper_reads) if r.param < len(params)]


def _getter_reads(
    visitor: _Visitor,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    env: dict[str, object],
    scope: Scope,
    params: tuple[str, ...],
    getters: set[str],
    plain: list[WrapperRead],
    chained: set[int],
) -> list[WrapperRead]:
    """The reads a function makes through a getter parameter, taken as a reader (see WrapperRead.via)."""
    via = params.index(sorted(getters)[0])
    visitor.getenv_names |= getters
    try:
        found = _wrapper_reads(visitor, fn, env, scope, params)
    finally:
        visitor.getenv_names -= getters
    return [
        replace(r, via=via, default=None, default_param=None) if r.param in chained else replace(r, via=via)
        for r in found
        if r not in plain and r.param != via
    ]


def _getter_calls(fn: ast.FunctionDef | ast.AsyncFunctionDef, params: tuple[str, ...]) -> list[ast.Call]:
    """Calls of a parameter with another parameter first: `getter(new_key, ...)`."""
    return [
        node
        for node in walk(fn)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in params
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in params
        and node.args[0].id != node.func.id
    ]


def _getter_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, params: tuple[str, ...]) -> set[str]:
    """Parameters the function calls with another parameter first: `getter(new_key, ...)` (kpi's
    `constance_env(env.str, "CONSTANCE_X", "KOBO_X", default)`)."""
    return {call.func.id for call in _getter_calls(fn, params) if isinstance(call.func, ast.Name)}


def _chained_getter_params(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, params: tuple[str, ...], getters: set[str]
) -> set[int]:
    """The parameters a getter reads with another call as the fallback: `getter(new_key, getter(...))`."""
    return {
        params.index(call.args[0].id)
        for call in _getter_calls(fn, params)
        if isinstance(call.func, ast.Name)
        and call.func.id in getters
        and isinstance(call.args[0], ast.Name)
        and len(call.args) > 1
        and isinstance(call.args[1], ast.Call)
    }


def _rebound_after_read(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, rebound: set[str], is_env_get: Callable[[ast.Call], bool]
) -> set[str]:
    """The rebound parameters every assignment to which comes after the function's first environment read
    (one walk of the function)."""
    first_read: int | None = None
    first_assigned: dict[str, int] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and is_env_get(node):
            first_read = node.lineno if first_read is None else min(first_read, node.lineno)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            for target in _targets(node):
                if isinstance(target, ast.Name) and target.id in rebound:
                    old = first_assigned.get(target.id)
                    first_assigned[target.id] = node.lineno if old is None else min(old, node.lineno)
    if first_read is None:
        return set()
    return {p for p, line in first_assigned.items() if first_read < line}


def _flag_text(value: object) -> bool:
    """An option's declaration (`"--workers"`, `"-w"`), not its default."""
    return isinstance(value, str) and value.startswith("-")


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]


def _holds_number(visitor: _Visitor, node: ast.AST) -> bool:
    """`or AGENT_DEFAULT_HITS` with `AGENT_DEFAULT_HITS = 15` (here or imported): a number's name."""
    if not isinstance(node, ast.Name | ast.Attribute):
        return False
    value = visitor.value(node)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_literal(node: ast.AST) -> bool:
    inner = node.operand if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) else node
    return (
        isinstance(inner, ast.Constant)
        and isinstance(inner.value, int | float)
        and not isinstance(inner.value, bool)
    )


def _compared(fn: ast.FunctionDef | ast.AsyncFunctionDef, param: str) -> bool:
    """Whether the function compares the parameter with something (`os.environ.get(name) == value`): then
    it is what the value is tested against, not a fallback."""
    return any(
        isinstance(node, ast.Compare)
        and any(isinstance(n, ast.Name) and n.id == param for n in (node.left, *node.comparators))
        for node in ast.walk(fn)
    )


def _returns_param(fn: ast.FunctionDef | ast.AsyncFunctionDef, param: str) -> bool:
    """Whether the function returns the parameter itself somewhere (`return default`)."""
    return any(
        isinstance(node, ast.Return) and isinstance(node.value, ast.Name) and node.value.id == param
        for node in ast.walk(fn)
    )


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
    if (
        not any(t in text for t in TRIGGERS)
        and not project.mentions_wrapper(text)
        and not reader_import_used(project, file, text)
        and not mentions_settings_class(project, text)  # `class LDAPConfig(ProjectBaseSettings)`
    ):
        return [], set()
    tree = project.tree(file, keep=False) if file in project.texts else parse_module(text, file)
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
        # `settings/development.py` over `from .base import *`, `settings/local.py` beside `production.py`
        or developer_settings(file, tree, project.files)
    ):
        return _rescoped(visitor.reads, visitor.guarded_reads, "dev")
    if visitor.reads and test_settings(file, tree):  # `settings/test.py` over `from .base import *`
        return _rescoped(visitor.reads, visitor.guarded_reads, "test")
    spans = test_class_spans(tree) if visitor.reads else []
    if spans:  # `class TestingConfig(Config)` in the app's settings module: what the tests load
        _rescope_spans(visitor, spans, "test")
    harness = manual_harness_spans(file, tree, project.files) if visitor.reads and "__main__" in text else []
    if harness:  # a library module's `if __name__ == "__main__":` try-out block
        _rescope_spans(visitor, harness, "dev")
    if visitor.reads and runs_test_runner(file, text, tree, project.files):  # `quicktest.py` runs the suite
        return _rescoped(visitor.reads, visitor.guarded_reads, "test")
    return visitor.reads, visitor.guarded_reads


def _prefix_assignment(node: ast.AST) -> tuple[str, str] | None:
    """`env.prefix = "APP_"`: (instance, prefix)."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    target = node.targets[0]
    if (
        isinstance(target, ast.Attribute)
        and target.attr == "prefix"
        and isinstance(target.value, ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return target.value.id, node.value.value
    return None


def _rescope_spans(visitor: _Visitor, spans: list[tuple[int, int]], scope: str) -> None:
    """The visitor's runtime reads on the lines of spans given `scope` instead."""
    inside = [r for r in visitor.reads if any(start <= r.line <= end for start, end in spans)]
    moved, _ = _rescoped(inside, set(), scope)
    by_read = dict(zip(inside, moved, strict=True))
    visitor.reads = [by_read.get(r, r) for r in visitor.reads]
    visitor.guarded_reads = {by_read.get(r, r) for r in visitor.guarded_reads}


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
        reads.extend(proxy_reads(project))  # `CONFIG.SECRET_KEY` over a class whose __getattr__ reads it
        return _settle_guarded(reads, guarded)
    finally:
        if enabled:
            gc.enable()
