"""Flask's configuration, for discovery (python.py): `app.config.from_prefixed_env(prefix)` loads every
`<prefix>_<KEY>`, so the config keys the project uses (`app.config["KEY"]`, `.get("KEY")`, `.update(KEY=...)`)
become variables once every file is read; `app.config.from_envvar("X")` reads X itself.

A project's own walk does the same: `for key, value in os.environ.items(): if key.startswith(prefix):
app.config[key[len(prefix):]] = value` (the prefix a literal, or the function's parameter given by its calls:
`app_config_from_env(app, prefix="FLASKBB_")`). The keys are also every upper-case attribute of the classes
`app.config.from_object("pkg.configs.default.DefaultConfig")` loads (and of their bases in the project), each
attribute's literal value the variable's default."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.prefix_walks import declared_under
from secretguard.inventory.discover.python_nodes import keyword_arg
from secretguard.inventory.discover.python_project import parse_module
from secretguard.inventory.discover.python_values import Values


@dataclass
class FlaskUse:
    """Flask `app.config.from_prefixed_env(prefix)` calls and config keys used: combined project-wide."""

    prefixes: list[tuple[str, str, int]] = field(default_factory=list)  # (prefix with its `_`, file, line)
    keys: list[tuple[str, str, int, bool]] = field(default_factory=list)  # (key, file, line, has default)
    # functions walking os.environ by a prefix parameter: (function, parameter index, its name, its default)
    walkers: list[tuple[str, int, str, str | None]] = field(default_factory=list)
    walked: list[str] = field(default_factory=list)  # every prefix read (`GRAMPSWEB_`), once resolved
    stores: list[tuple[str, str, int]] = field(
        default_factory=list
    )  # `app.config["K"] = ...`: key, file, line


def is_config(node: ast.AST) -> bool:
    """`app.config`, `current_app.config`, `self.app.config`: a Flask application's config (not a provider's
    own `self.config` of stored options)."""
    if not (isinstance(node, ast.Attribute) and node.attr == "config"):
        return False
    owner = node.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
    return name.lower().endswith("app") or name.lower() == "application"


def config_call(
    flask: FlaskUse, method: str, node: ast.Call, file: str, values: Values
) -> tuple[str, bool] | None:
    """`app.config.<method>(...)`: the prefix or the keys it uses, noted in `flask`; for `from_envvar`, the
    variable it reads and whether the call lets it be unset (`silent=True`)."""
    if method == "from_prefixed_env":
        prefix = values.text(node.args[0]) if node.args else values.text(keyword_arg(node, "prefix"))
        flask.prefixes.append(((prefix if prefix is not None else "FLASK") + "_", file, node.lineno))
    elif method == "from_envvar":
        name = values.text(node.args[0]) if node.args else values.text(keyword_arg(node, "variable_name"))
        silent = keyword_arg(node, "silent")
        if name is not None:
            return name, isinstance(silent, ast.Constant) and silent.value is True
    elif method == "get" and node.args:
        key = values.text(node.args[0])
        if key is not None:
            flask.keys.append((key, file, node.lineno, len(node.args) > 1))
    elif method in ("update", "setdefault"):
        for kw in node.keywords:
            if kw.arg:
                flask.keys.append((kw.arg, file, node.lineno, True))
    return None


def prefix_walk(node: ast.For | ast.AsyncFor, is_environ: Callable[[ast.AST], bool]) -> ast.expr | None:
    """`for key, value in os.environ.items(): if key.startswith(P): ... app.config[...] = value`: P."""
    iterated = node.iter
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute) and not iterated.args:
        iterated = iterated.func.value if iterated.func.attr in ("items", "keys") else iterated
    target = node.target.elts[0] if isinstance(node.target, ast.Tuple) and node.target.elts else node.target
    if not (is_environ(iterated) and isinstance(target, ast.Name)):
        return None
    prefix: ast.expr | None = None
    stores = False
    for inner in (n for stmt in node.body for n in ast.walk(stmt)):
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "startswith"
            and isinstance(inner.func.value, ast.Name)
            and inner.func.value.id == target.id
            and len(inner.args) == 1
        ):
            prefix = inner.args[0]
        elif isinstance(inner, ast.Subscript) and isinstance(inner.ctx, ast.Store) and is_config(inner.value):
            stores = True
    return prefix if stores else None


def note_walk(flask: FlaskUse, prefix: ast.expr, fn: ast.AST | None, file: str, line: int) -> None:
    """A prefix walk's prefix: a literal, or the enclosing function's parameter (its calls give it)."""
    if isinstance(prefix, ast.Constant) and isinstance(prefix.value, str) and prefix.value:
        flask.prefixes.append((prefix.value, file, line))
        return
    if not (isinstance(prefix, ast.Name) and isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)):
        return
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if prefix.id not in params:
        return
    index = params.index(prefix.id)
    defaults = fn.args.defaults
    at = index - (len(params) - len(defaults))
    default = defaults[at] if 0 <= at < len(defaults) else None
    literal = default.value if isinstance(default, ast.Constant) and isinstance(default.value, str) else None
    flask.walkers.append((fn.name, index, prefix.id, literal))


def flask_reads(flask: FlaskUse, files: Sequence[tuple[str, str]] = ()) -> list[Read]:
    """Flask's `from_prefixed_env(P)` loads every `P_<KEY>` (a project's own walk, every `P<KEY>`): the keys
    the project uses, and those of the classes it loads with `from_object`, become variables."""
    reads: list[Read] = []
    trees = _Trees(files)  # each module parsed at most once, only when asked for
    prefixes = [p for p, _f, _l in flask.prefixes] + _walked_prefixes(flask, trees)
    flask.walked = prefixes
    if not prefixes:
        return reads
    by_key: dict[str, list[tuple[str, int, bool, str | None]]] = {}  # each key's uses (one pass, not per key)
    for k, f, ln, d in flask.keys:
        by_key.setdefault(k, []).append((f, ln, d, None))
    for k, f, ln, default in _object_keys(trees):
        by_key.setdefault(k, []).append((f, ln, True, default))
    # `_EMBEDDING_FUNCTION`: a private key the app keeps for itself, no setting; one the app sets after its
    # `from_prefixed_env` call in that file overwrites what the environment gave
    overwritten = {
        key for key, file, line in flask.stores if any(f == file and line > at for _, f, at in flask.prefixes)
    }
    keys = sorted(
        k for k in by_key if k.isupper() and is_env_name(k) and not k.startswith("_") and k not in overwritten
    )
    for prefix in dict.fromkeys(prefixes):
        for key in keys:
            uses = by_key[key]
            has_default = any(d for _, _, d, _ in uses)
            for f, ln, _, default in uses:
                reads.append(Read(f"{prefix}{key}", f, ln, has_default, "flask", default=default))
    return reads


def walked_declarations(flask: FlaskUse, reads: Sequence[Read]) -> list[Read]:
    """A name a deployment declares under a prefix the app reads whole (`ENV GRAMPSWEB_CELERY_CONFIG__x` in
    its image, with `from_prefixed_env("GRAMPSWEB")`): the walk reads it at run time, whatever key of the
    config it fills (Flask's `__` fills a nested one)."""
    return declared_under(flask.walked, reads, "flask")


class _Trees:
    """The project's Python modules, each parsed (parse_module) the first time a question needs it."""

    def __init__(self, files: Sequence[tuple[str, str]]) -> None:
        self.files = files
        self._trees: dict[str, ast.Module | None] = {}

    def tree(self, rel: str, text: str) -> ast.Module | None:
        if rel not in self._trees:
            self._trees[rel] = parse_module(text, rel)
        return self._trees[rel]

    def calls(self, rel: str, text: str, name: str) -> list[ast.Call]:
        """`name(...)` / `x.name(...)` calls of the module."""
        tree = self.tree(rel, text)
        if tree is None:
            return []
        return [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and (
                (isinstance(n.func, ast.Name) and n.func.id == name)
                or (isinstance(n.func, ast.Attribute) and n.func.attr == name)
            )
        ]


def _walked_prefixes(flask: FlaskUse, trees: _Trees) -> list[str]:
    """The prefixes the walking functions' calls give (`app_config_from_env(app, prefix="FLASKBB_")`), or
    their parameters' defaults when no call gives one."""
    found: list[str] = []
    for name, index, param, default in flask.walkers:
        given: list[str] = []
        for rel, text in trees.files:
            if name + "(" not in text:
                continue
            for call in trees.calls(rel, text, name):
                value = call.args[index] if index < len(call.args) else keyword_arg(call, param)
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    given.append(value.value)
        found.extend(given or ([default] if default else []))
    return found


def _object_keys(trees: _Trees) -> list[tuple[str, str, int, str | None]]:
    """The upper-case attributes of the classes `app.config.from_object(...)` loads, and of their bases in
    the project: (key, file, line, literal default)."""
    targets: set[str] = set()
    for rel, text in trees.files:
        if ".from_object(" in text:
            for call in trees.calls(rel, text, "from_object"):
                if call.args and isinstance(call.func, ast.Attribute) and is_config(call.func.value):
                    arg = call.args[0]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        targets.add(arg.value)
                    elif isinstance(arg, ast.Name):
                        targets.add(arg.id)
                    elif isinstance(arg, ast.Attribute):
                        targets.add(arg.attr)
    out: list[tuple[str, str, int, str | None]] = []
    seen: set[tuple[str, str]] = set()
    todo = sorted(targets)
    while todo:
        module, _, name = todo.pop().rpartition(".")
        found = _class(trees, name, module)
        if found is None or (found[0], name) in seen:
            continue
        seen.add((found[0], name))
        rel, node = found
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                key = stmt.targets[0].id
                if key.isupper() and not key.startswith("_"):
                    out.append((key, rel, stmt.lineno, _literal(stmt.value)))
        todo.extend(b.id for b in node.bases if isinstance(b, ast.Name) and b.id != "object")
    return out


def _class(trees: _Trees, name: str, module: str) -> tuple[str, ast.ClassDef] | None:
    """The class `name` of the project: in the module's file when the dotted path names one (`a/b.py`,
    `a/b/__init__.py`), else the only class of that name."""
    wanted = module.replace(".", "/")
    found: list[tuple[str, ast.ClassDef]] = []
    for rel, text in trees.files:
        if f"class {name}" not in text:
            continue
        tree = trees.tree(rel, text)
        if tree is None:
            continue
        found.extend((rel, n) for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    if wanted:
        exact = [f for f in found if f[0].endswith((f"{wanted}.py", f"{wanted}/__init__.py"))]
        if exact:
            return exact[0]
    return found[0] if len(found) == 1 else None


def _literal(value: ast.expr) -> str | None:
    """A class attribute's value as a variable's default: a string, a number, a boolean (`"true"`)."""
    if isinstance(value, ast.Constant):
        if isinstance(value.value, bool):
            return "true" if value.value else "false"
        if isinstance(value.value, str | int | float) and value.value != "":
            return str(value.value)
    return None
