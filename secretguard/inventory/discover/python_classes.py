"""Classes that read the variable their constructor is given: `SettingValue(bool, False, "APP_DEBUG")` whose
`__init__` keeps `self.env_name = env_name` and whose other method reads `os.environ[self.env_name]`.

Such a class is seen as one function: the constructor's parameters (without `self`) and, as body, the other
methods' bodies with each `self.<attribute>` the constructor set from a parameter replaced by that parameter.
The wrapper analysis then runs on it as on any function, so a call of the class is a read of the name it is
given, with the default bound to the parameter the class uses as its default.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable

_Method = ast.FunctionDef | ast.AsyncFunctionDef


def class_readers(
    tree: ast.Module, reads_env: Callable[[ast.stmt], bool]
) -> tuple[list[ast.FunctionDef], set[str]]:
    """One function per module-level class whose constructor keeps a parameter on `self`, or reads the
    environment itself (named as the class: the constructor's statements, then the other methods' with
    `self.<kept>` as the parameter). A subclass without its own `__init__` takes that of its base class in
    the same module. Only classes of which one in the chain `reads_env` (its text names the environment or
    a wrapper) are built: copying every class's methods costs more than the rest of the analysis. Also the
    names of those whose constructor reads but keeps nothing on `self` (no method falls back to a kept
    parameter: only the reads naming one have a fallback)."""
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    found: list[ast.FunctionDef] = []
    keep_nothing: set[str] = set()
    for cls in classes.values():
        chain = _chain(cls, classes)
        if not any(reads_env(c) for c in chain):
            continue
        init = next((m for c in chain for m in _methods(c) if m.name == "__init__"), None)
        if init is None or not isinstance(init, ast.FunctionDef):
            continue
        positional = [*init.args.posonlyargs, *init.args.args]
        if not positional:
            continue  # a static __init__ is no constructor
        kept = _kept_params(init, positional[0].arg)
        own = reads_env(init)  # `os.getenv(prefix + "PORT")` in the constructor itself
        if not kept and not own:
            continue
        body: list[ast.stmt] = list(init.body) if own else []
        for c in chain:
            for method in _methods(c):
                if method.name == "__init__" or not method.args.args or not reads_env(method):
                    continue
                body.extend(_substituted(method, method.args.args[0].arg, kept))
        if not body:
            continue
        args = copy.copy(init.args)  # without `self` (never given a default, so the defaults stay aligned)
        if args.posonlyargs:
            args.posonlyargs = args.posonlyargs[1:]
        else:
            args.args = args.args[1:]
        fn = ast.FunctionDef(name=cls.name, args=args, body=body, decorator_list=[], returns=None)
        if not kept:
            keep_nothing.add(cls.name)
        found.append(ast.copy_location(fn, cls))
    return found, keep_nothing


def _chain(cls: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> list[ast.ClassDef]:
    """The class and its bases defined in the same module (first base first), nearest first."""
    chain = [cls]
    while len(chain) < 8:
        base = next(
            (classes[b.id] for b in chain[-1].bases if isinstance(b, ast.Name) and b.id in classes), None
        )
        if base is None or base in chain:
            break
        chain.append(base)
    return chain


def _methods(cls: ast.ClassDef) -> list[_Method]:
    return [node for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _kept_params(init: ast.FunctionDef, self_name: str) -> dict[str, str]:
    """Attribute -> parameter, for each `self.<attribute> = <parameter>` of the constructor's own body."""
    params = {a.arg for a in (*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs)} - {self_name}
    kept: dict[str, str] = {}
    for stmt in init.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == self_name
            and isinstance(value, ast.Name)
            and value.id in params
        ):
            kept[target.attr] = value.id
    return kept


class _SelfAttributes(ast.NodeTransformer):
    def __init__(self, self_name: str, kept: dict[str, str]) -> None:
        self.self_name, self.kept = self_name, kept

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == self.self_name
            and isinstance(node.ctx, ast.Load)
            and node.attr in self.kept
        ):
            return ast.copy_location(ast.Name(id=self.kept[node.attr], ctx=ast.Load()), node)
        return self.generic_visit(node)


def _substituted(method: _Method, self_name: str, kept: dict[str, str]) -> list[ast.stmt]:
    """The method's body (a copy) reading the constructor's parameters instead of the attributes."""
    if self_name in kept.values():
        return []
    body = copy.deepcopy(method.body)
    transformer = _SelfAttributes(self_name, kept)
    return [transformer.visit(stmt) for stmt in body]


# `TestingConfig`, `TestConfig`, `TestsSettings`, `IntegrationTestingConfig`: CamelCase words of a class name.
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_TEST_WORDS = frozenset({"test", "tests", "testing"})
_CONFIG_WORDS = frozenset({"config", "configuration", "settings"})


def test_class_spans(tree: ast.Module) -> list[tuple[int, int]]:
    """The line spans of module-level classes named as the test suite's configuration: the first word is
    Test/Tests/Testing (`TestingConfig(ServerConfig)`), or the name ends in Testing + Config/Settings. The
    running app selects its own configuration; this one is what the tests load. `ABTestConfig` (an A/B
    test's settings, read at run time) stays the app's."""
    spans: list[tuple[int, int]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        words = [w.lower() for w in _WORDS.findall(node.name)]
        if not words:
            continue
        if words[0] in _TEST_WORDS or (
            len(words) >= 2 and words[-2] == "testing" and words[-1] in _CONFIG_WORDS
        ):
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans


# A method reading the variable its parameter names (`def __get_env(self, key, value)`) is called on the
# instance (`self.__get_env(key, value)`): registered under this prefix, so no function of the module clashes.
SELF_METHOD = "self."


def method_readers(tree: ast.Module, reads_env: Callable[[ast.stmt], bool]) -> list[ast.FunctionDef]:
    """Each method of a module-level class that mentions the environment, as a function without its first
    parameter (a static method keeps all of its own), named `self.<method>`: what `self.<method>(...)` calls,
    here or in a subclass."""
    found: list[ast.FunctionDef] = []
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for method in cls.body:
            if not isinstance(method, ast.FunctionDef) or not method.args.args or not reads_env(method):
                continue
            static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in method.decorator_list)
            if not static and len(method.args.args) < 2:
                continue
            bound = copy.copy(method)
            bound.args = copy.copy(method.args)
            bound.args.args = method.args.args if static else method.args.args[1:]
            bound.name = SELF_METHOD + method.name
            found.append(bound)
    return found
