"""configparser with an interpolation that reads the environment by option name.

`class EnvInterpolation(configparser.BasicInterpolation)` whose `before_get(self, parser, section, option,
value, defaults)` returns `os.getenv(option)`, used by
`config = ConfigParser(interpolation=EnvInterpolation())`:
each option the code reads from that parser (`config["server"]["DATABASE_URL"]`, `config.get("server",
"X")`, `config["server"].get("X")`) is a variable of the option's name. configparser hands `before_get` the
option as `optionxform` made it: lower case unless the code sets `config.optionxform = str`.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
from collections.abc import Callable, Collection, Iterator

_GETTERS = frozenset({"get", "getint", "getfloat", "getboolean"})


def env_interpolations(tree: ast.Module, reads_env: Callable[[ast.AST, str], bool]) -> dict[str, bool]:
    """Module-level classes whose `before_get` reads the environment variable named by its option
    parameter (`reads_env(node, param)` says whether a node reads the variable that parameter names):
    class name -> whether it consults the environment only for an empty value (it tests the value for
    emptiness: `if value == "" and envvar:`)."""
    found: dict[str, bool] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for method in cls.body:
            if not isinstance(method, ast.FunctionDef) or method.name != "before_get":
                continue
            params = [a.arg for a in (*method.args.posonlyargs, *method.args.args)]
            if len(params) >= 5 and any(reads_env(node, params[3]) for node in ast.walk(method)):
                found[cls.name] = any(_empty_test(node, params[4]) for node in ast.walk(method))
    return found


def _empty_test(node: ast.AST, name: str) -> bool:
    """`value == ""`, `not value`, `value in ("", None)`."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return isinstance(node.operand, ast.Name) and node.operand.id == name
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name)):
        return False
    right = node.comparators[0]
    values = right.elts if isinstance(right, ast.Tuple | ast.List | ast.Set) else [right]
    return (
        node.left.id == name
        and isinstance(node.ops[0], ast.Eq | ast.In)
        and any(isinstance(v, ast.Constant) and v.value == "" for v in values)
    )


def ini_paths(tree: ast.Module, parsers: Collection[str], file: str) -> list[str]:
    """Where `parser.read(path)` finds its INI file, as project paths to try: the literal parts of the
    path (a module-level name is followed once) joined, beside the module (`os.path.join(
    os.path.dirname(__file__), "config.ini")`) or from the project's root (the working directory)."""
    assigned = {
        t.id: stmt.value
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        for t in stmt.targets
        if isinstance(t, ast.Name)
    }
    paths: list[str] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "read"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in parsers
            and len(node.args) >= 1
        ):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Name):
            arg = assigned.get(arg.id, arg)
        parts = [n.value for n in ast.walk(arg) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        if not parts or not parts[-1].endswith((".ini", ".cfg", ".conf")):
            continue
        tail = posixpath.normpath("/".join(p.strip("/") for p in parts if p.strip("/")))
        paths += [posixpath.normpath(posixpath.join(posixpath.dirname(file), tail)), tail]
    return paths


def valued_options(text: str) -> set[str] | None:
    """The options an INI file gives a non-empty value (their case kept); None if it does not parse."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return {o for section in parser.sections() for o, v in parser.items(section, raw=True) if v != ""}


def interpolated_parsers(tree: ast.Module, classes: Collection[str]) -> dict[str, bool]:
    """Module-level parsers built with one of those interpolations: name -> whether option names keep
    their case (`parser.optionxform = str`)."""
    parsers: dict[str, bool] = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Call)):
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        interpolation = next((k.value for k in stmt.value.keywords if k.arg == "interpolation"), None)
        if (
            isinstance(interpolation, ast.Call)
            and isinstance(interpolation.func, ast.Name)
            and interpolation.func.id in classes
        ):
            parsers.update({t.id: False for t in targets if isinstance(t, ast.Name)})
    for stmt in tree.body:  # `parser.optionxform = str` (or `lambda option: option`)
        if isinstance(stmt, ast.Assign) and _keeps_case(stmt.value):
            for target in stmt.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "optionxform"
                    and isinstance(target.value, ast.Name)
                    and target.value.id in parsers
                ):
                    parsers[target.value.id] = True
    return parsers


def _keeps_case(value: ast.AST) -> bool:
    if isinstance(value, ast.Name):
        return value.id == "str"
    return (
        isinstance(value, ast.Lambda)
        and len(value.args.args) == 1
        and isinstance(value.body, ast.Name)
        and value.body.id == value.args.args[0].arg
    )


def option_reads(tree: ast.Module, parsers: dict[str, bool]) -> Iterator[tuple[str, ast.expr]]:
    """(option name as the interpolation sees it, the node reading it) for each literal option read."""
    for node in ast.walk(tree):
        found = _option_read(node, parsers)
        if found is not None:
            option, keeps_case = found
            assert isinstance(node, ast.expr)
            yield (option if keeps_case else option.lower()), node


def _option_read(node: ast.AST, parsers: dict[str, bool]) -> tuple[str, bool] | None:
    # `parser["section"]["OPTION"]`
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        keeps = _section_of(node.value, parsers)
        option = _literal(node.slice)
        return (option, keeps) if keeps is not None and option is not None else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if node.func.attr not in _GETTERS or not node.args:
        return None
    owner = node.func.value
    # `parser.get("section", "OPTION")`
    if isinstance(owner, ast.Name) and owner.id in parsers and len(node.args) >= 2:
        option = _literal(node.args[1])
        return (option, parsers[owner.id]) if option is not None else None
    # `parser["section"].get("OPTION")`
    keeps = _section_of(owner, parsers)
    option = _literal(node.args[0])
    return (option, keeps) if keeps is not None and option is not None else None


def _section_of(node: ast.AST, parsers: dict[str, bool]) -> bool | None:
    """For `parser["section"]`: whether the parser keeps option case; None for anything else."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id in parsers
        and _literal(node.slice) is not None
    ):
        return parsers[node.value.id]
    return None


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
