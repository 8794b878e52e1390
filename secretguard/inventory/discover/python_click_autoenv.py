"""click command trees run with `auto_envvar_prefix`: click then reads every option of the invoked group and
command from `<PREFIX>_<PARAM>`, the prefix growing by each command's name on the way down.

    @click.group(cls=click.CommandCollection, sources=[server_commands])
    @click.option("--basedir", "-b")                 # OCTOPRINT_BASEDIR
    def octo(): ...

    @click.group()
    def server_commands(): ...

    @server_commands.command(name="serve")
    @click.option("--port", type=int)                # OCTOPRINT_SERVE_PORT
    @click.option("--iknowwhatimdoing", "allow_root", is_flag=True)   # OCTOPRINT_SERVE_ALLOW_ROOT
    def serve_command(port, allow_root): ...

    octo(args=args, auto_envvar_prefix="OCTOPRINT")  # or context_settings={"auto_envvar_prefix": ...}

The parameter's name is click's: an identifier among the declarations, else the longest-prefixed flag
(`--no-color` -> `no_color`). A command's name is its `name`, else the function's (`_` as `-`, a trailing
`_command`/`_cmd`/`_group`/`_grp` dropped). Options come from the command's own decorators, from helper
functions whose body builds them (`@standard_options()`) and from module names holding them (`@server_options`
with `server_options = bulk_options([click.option(...), ...])`). Children: `@group.command(...)`,
`group.add_command(cmd)`, and the sources of a `CommandCollection`, which join the group's own level. The
option's literal default (`false` for a flag, `0` for a counter) is the variable's default.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_nodes import constant_text
from secretguard.inventory.discover.python_project import ProjectModules, parse_module

SOURCE = "click-auto-env"
TRIGGER = "auto_envvar_prefix"
_MAX_DEPTH = 6
_SUFFIXES = ("command", "cmd", "group", "grp")
_OPTION_CALLS = frozenset({"option", "password_option"})
_T = TypeVar("_T")


_Key = tuple[str, str]  # (module file, function name)


@dataclass
class _Command:
    function: str
    name: str
    file: str
    decorators: list[ast.expr]
    children: list[_Key] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # CommandCollection sources: children at this level

    @property
    def key(self) -> _Key:
        return (self.file, self.function)


@dataclass
class _Option:
    name: str
    default: str | None
    line: int
    file: str


class _Tree:
    def __init__(self, modules: dict[str, ast.Module], project: ProjectModules) -> None:
        self.modules = modules
        self.project = project
        self.commands: dict[_Key, _Command] = {}
        self.helpers: dict[_Key, ast.AST] = {}  # a def building options, or the value assigned them
        self._by_function: dict[str, list[_Key]] = {}
        for rel, tree in modules.items():
            self._collect(rel, tree)
        for rel, tree in modules.items():
            self._link(rel, tree)

    def _collect(self, rel: str, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                command = _command_of(node, rel)
                if command is not None:
                    self.commands.setdefault(command.key, command)
                    self._by_function.setdefault(node.name, []).append(command.key)
                elif _builds_options(node):
                    self.helpers.setdefault((rel, node.name), node)
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and _builds_options(node.value)
            ):
                self.helpers.setdefault((rel, node.targets[0].id), node.value)

    def _link(self, rel: str, tree: ast.Module) -> None:
        for node in ast.walk(tree):  # `cli.add_command(serve, name="serve")`
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_command"
                and isinstance(node.func.value, ast.Name)
                and node.args
                and isinstance(node.args[0], ast.Name)
            ):
                parent = self.command(rel, node.func.value.id)
                child = self.command(rel, node.args[0].id)
                if parent is not None and child is not None:
                    parent.children.append(child.key)
        for command in [c for c in self.commands.values() if c.file == rel]:
            for decorator in command.decorators:
                parent_name = _parent_group(decorator)
                parent = self.command(rel, parent_name) if parent_name is not None else None
                if parent is not None:
                    parent.children.append(command.key)

    def resolve(self, rel: str, name: str, table: dict[_Key, _T]) -> _T | None:
        """What `name` is in module rel: its own definition, else the one its `from x import name` names."""
        if (rel, name) in table:
            return table[(rel, name)]
        imported = self.project.imports_of(rel)[0].get(name)
        if imported is not None:
            level, module, original = imported
            target = self.project.resolve(rel, level, module)
            if target is not None and (target, original) in table:
                return table[(target, original)]
        return None

    def command(self, rel: str, name: str) -> _Command | None:
        found = self.resolve(rel, name, self.commands)
        if found is None and len(self._by_function.get(name, [])) == 1:
            found = self.commands[self._by_function[name][0]]  # imported inside a function
        return found

    def options(self, command: _Command) -> Iterator[_Option]:
        for decorator in command.decorators:
            yield from self._decorator_options(decorator, command.file)

    def _decorator_options(self, node: ast.expr, file: str) -> Iterator[_Option]:
        if isinstance(node, ast.Call) and _callee(node.func) in _OPTION_CALLS:
            option = _option(node, file)
            if option is not None:
                yield option
            return
        target = node.func if isinstance(node, ast.Call) else node
        if not isinstance(target, ast.Name):
            return
        body = self.resolve(file, target.id, self.helpers)
        if body is None:
            return
        helper_file = next(rel for (rel, _), b in self.helpers.items() if b is body)
        for inner in ast.walk(body):
            if isinstance(inner, ast.Call) and _is_option_call(inner, body):
                option = _option(inner, helper_file)
                if option is not None:
                    yield option


def click_auto_env_reads(files: Sequence[tuple[str, str]]) -> list[Read]:
    """The variables click reads for the options of command trees run with a literal auto_envvar_prefix."""
    if not any(TRIGGER in text for _, text in files):
        return []
    modules: dict[str, ast.Module] = {}
    for rel, text in files:
        if "click" in text or TRIGGER in text:
            parsed = parse_module(text, rel)
            if parsed is not None:
                modules[rel] = parsed
    tree = _Tree(modules, ProjectModules(files))
    out: list[Read] = []
    for root, prefix in _roots(modules, tree):
        out.extend(_walk(tree, root, prefix, 0, set()))
    return out


def _roots(modules: dict[str, ast.Module], tree: _Tree) -> Iterator[tuple[_Command, str]]:
    for rel, node in ((rel, n) for rel, module in modules.items() for n in ast.walk(module)):
        if not isinstance(node, ast.Call):
            continue
        prefix = _prefix_keyword(node)
        if prefix is None:
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "main":
            func = func.value  # `cli.main(auto_envvar_prefix="APP")`
        if isinstance(func, ast.Name):
            root = tree.command(rel, func.id)
            if root is not None:
                yield root, prefix
    for command in tree.commands.values():  # `@click.group(context_settings={"auto_envvar_prefix": "APP"})`
        for decorator in command.decorators:
            if isinstance(decorator, ast.Call):
                settings = next((k.value for k in decorator.keywords if k.arg == "context_settings"), None)
                prefix = _settings_prefix(settings)
                if prefix is not None:
                    yield command, prefix


def _walk(tree: _Tree, command: _Command, prefix: str, depth: int, seen: set[_Key]) -> Iterator[Read]:
    if depth > _MAX_DEPTH or command.key in seen:
        return
    seen = seen | {command.key}
    for option in tree.options(command):
        name = f"{prefix}_{option.name.upper()}"
        if is_env_name(name):
            yield Read(name, option.file, option.line, True, SOURCE, default=option.default)
    for source in command.sources:  # a CommandCollection's sources: their commands sit at this level
        inner = tree.command(command.file, source)
        if inner is not None and inner.key not in seen:
            for child in inner.children:
                found = tree.commands.get(child)
                if found is not None:
                    yield from _walk(tree, found, _child_prefix(prefix, found.name), depth + 1, seen)
    for child in command.children:
        found = tree.commands.get(child)
        if found is not None:
            yield from _walk(tree, found, _child_prefix(prefix, found.name), depth + 1, seen)


def _child_prefix(prefix: str, name: str) -> str:
    return f"{prefix}_{name.upper()}".replace("-", "_")


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr if isinstance(func.value, ast.Name) and func.value.id == "click" else ""
    return func.id if isinstance(func, ast.Name) else ""


def _command_of(node: ast.FunctionDef | ast.AsyncFunctionDef, rel: str) -> _Command | None:
    """A function made a click command or group by one of its decorators."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        func = call.func if call is not None else decorator
        if not (isinstance(func, ast.Attribute | ast.Name)):
            continue
        kind = func.attr if isinstance(func, ast.Attribute) else func.id
        if kind not in ("command", "group"):
            continue
        if isinstance(func, ast.Name) or isinstance(func.value, ast.Name):
            name = _explicit_name(call) or _derived_name(node.name)
            sources = _sources(call)
            return _Command(node.name, name, rel, list(node.decorator_list), sources=sources)
    return None


def _explicit_name(call: ast.Call | None) -> str | None:
    if call is None:
        return None
    given = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "name"), None)
    if isinstance(given, ast.Constant) and isinstance(given.value, str):
        return given.value
    return None


def _derived_name(function: str) -> str:
    name = function.lower().replace("_", "-")
    left, sep, suffix = name.rpartition("-")
    return left if sep and suffix in _SUFFIXES else name


def _sources(call: ast.Call | None) -> list[str]:
    given = next((k.value for k in call.keywords if k.arg == "sources"), None) if call is not None else None
    if not isinstance(given, ast.List | ast.Tuple):
        return []
    return [e.id for e in given.elts if isinstance(e, ast.Name)]


def _parent_group(decorator: ast.expr) -> str | None:
    """`@cli.command(...)` / `@cli.group(...)`: the parent group's function name."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    if (
        isinstance(func, ast.Attribute)
        and func.attr in ("command", "group")
        and isinstance(func.value, ast.Name)
        and func.value.id != "click"
    ):
        return func.value.id
    return None


def _builds_options(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and _is_option_call(n, node) for n in ast.walk(node))


def _is_option_call(call: ast.Call, scope: ast.AST) -> bool:
    """`click.option(...)`, or a call of a local name bound to it (`factory = click.option`)."""
    if _callee(call.func) in _OPTION_CALLS:
        return True
    if not isinstance(call.func, ast.Name):
        return False
    name = call.func.id
    return any(
        isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        and _callee(n.value) in _OPTION_CALLS
        for n in ast.walk(scope)
    )


def _option(call: ast.Call, file: str) -> _Option | None:
    if any(
        k.arg == "allow_from_autoenv" and isinstance(k.value, ast.Constant) and not k.value.value
        for k in call.keywords
    ):
        return None
    decls = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if _callee(call.func) == "password_option" and not decls:
        decls = ["--password"]
    name = _param_name(decls)
    if name is None:
        return None
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    default: str | None = None
    if "default" in keywords:
        default = constant_text(keywords["default"]) or None
    elif _true(keywords.get("is_flag")) or any("/" in d for d in decls):
        default = "false"
    elif _true(keywords.get("count")):
        default = "0"
    return _Option(name, default, call.lineno, file)


def _true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _param_name(decls: list[str]) -> str | None:
    """click's name for an option declared by `decls`."""
    possible: list[tuple[str, str]] = []
    for decl in decls:
        if decl.isidentifier():
            return decl
        first = decl.split(";" if decl[:1] == "/" else "/", 1)[0].rstrip()
        if not first or first[0].isalnum():
            continue
        prefix = first[:2] if first[1:2] == first[0] else first[0]
        possible.append((prefix, first[len(prefix) :]))
    if not possible:
        return None
    possible.sort(key=lambda p: -len(p[0]))
    name = possible[0][1].replace("-", "_").lower()
    return name if name.isidentifier() else None


def _prefix_keyword(call: ast.Call) -> str | None:
    given = next((k.value for k in call.keywords if k.arg == TRIGGER), None)
    if isinstance(given, ast.Constant) and isinstance(given.value, str) and given.value:
        return given.value.upper().replace("-", "_")
    return None


def _settings_prefix(settings: ast.expr | None) -> str | None:
    if isinstance(settings, ast.Dict):
        for key, value in zip(settings.keys, settings.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and key.value == TRIGGER
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and value.value
            ):
                return value.value.upper().replace("-", "_")
    if isinstance(settings, ast.Call) and isinstance(settings.func, ast.Name) and settings.func.id == "dict":
        return _prefix_keyword(settings)
    return None
