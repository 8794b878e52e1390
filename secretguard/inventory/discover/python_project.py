"""The project's Python modules, for discovery across files (python.py): each file's syntax tree, the file an
import names (of several candidates, the nearest to the importer), what a module defines (followed through
re-exports), and the wrappers found in them: functions that read the variable a parameter names.

python.py finds the wrappers (it needs its visitor to); here they are only kept and looked up.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from secretguard.inventory.discover.python_constants import MAX_HOPS
from secretguard.inventory.discover.python_fstrings import without_new_fstrings

if TYPE_CHECKING:
    from secretguard.inventory.discover.python_settings import Settings

T = TypeVar("T")
# What `*row` / `**entry` unpack: the items' expressions, or each key's; None when unknown.
Spread = Callable[[ast.expr], tuple[ast.AST, ...] | dict[object, ast.AST] | None]


@dataclass(frozen=True, slots=True)
class WrapperRead:
    """One read a wrapper makes: the name is prefix + (the argument of `param`) + suffix."""

    param: int
    prefix: str
    suffix: str
    optional: bool
    default: str | None  # a literal default given inside the wrapper
    default_param: int | None  # the parameter whose argument is the default
    source: str
    secret: bool
    # `os.getenv(name, "1" if default else "0")`: the default when that argument is true, and when false
    choice: tuple[str, str] | None = None
    # `getter(new_key, default)` with `getter` a parameter: the read happens only at calls that hand a reader
    # (`env.str`, `os.getenv`) to that parameter
    via: int | None = None


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A function that reads the environment variable(s) named by one of its parameters."""

    params: tuple[str, ...]
    positional: int  # how many of params may be given by position
    defaults: tuple[tuple[bool, str | None], ...]  # per parameter: has a default, and the literal one
    reads: tuple[WrapperRead, ...]
    secret: bool  # its name says it reads secrets (`envsecret`, `get_secret`)

    def arguments(self, call: ast.Call, spread: Spread | None = None) -> dict[int, ast.AST] | None:
        """The call's argument for each parameter index; None when `*args` hides the positions. `spread`
        gives what `*row` and `**entry` unpack when they hold literal data: the items' expressions, bound
        by position, and each key's, bound to the parameter of its name (an unknown `**entry` binds none)."""
        found: dict[int, ast.AST] = {}
        items: list[ast.AST] = []
        for arg in call.args:
            if not isinstance(arg, ast.Starred):
                items.append(arg)
                continue
            unpacked = spread(arg.value) if spread is not None else None
            if not isinstance(unpacked, tuple):
                return None
            items.extend(unpacked)
        for i, item in enumerate(items[: self.positional]):
            found[i] = item
        for kw in call.keywords:
            if kw.arg is not None:
                pairs: list[tuple[object, ast.AST]] = [(kw.arg, kw.value)]
            else:
                unpacked = spread(kw.value) if spread is not None else None
                pairs = list(unpacked.items()) if isinstance(unpacked, dict) else []
            for key, value in pairs:
                if isinstance(key, str) and key in self.params:
                    found[self.params.index(key)] = value
        return found


def parse_module(text: str, file: str) -> ast.Module | None:
    """The module's tree; for a Jinja-templated module (a cookiecutter project's `settings/production.py`
    with `{% if cookiecutter.use_sentry %}` lines), the tree of its text with the template's tags taken out
    (every branch kept, line numbers unchanged); for a module using Python 3.12's f-strings, the tree with
    those rewritten (python_fstrings.py). None when it does not parse."""
    try:
        return ast.parse(text, filename=file)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    if "{%" not in text and "{{" not in text:
        return without_new_fstrings(text, file) if ("f'" in text or 'f"' in text) else None
    lines = _untemplated(text).split("\n")
    for _ in range(_TEMPLATED_LINES_DROPPED + 1):
        try:
            tree = ast.parse("\n".join(lines), filename=file)
        except SyntaxError as exc:
            # a tag inside an expression (`'HOST': {{ if .x }}'a'{{ else }}os.getenv("H"){{ end }},`):
            # that line is left out, the module's other lines still read
            at = (exc.lineno or 0) - 1
            if not 0 <= at < len(lines) or not lines[at].strip():
                return None
            lines[at] = ""
            continue
        except (ValueError, RecursionError, MemoryError):
            return None
        return _TemplatedText().visit(tree)  # type: ignore[no-any-return]
    return None


_JINJA_LINE = re.compile(r"(?m)^[ \t]*(?:{%-?.*?-?%}|{#.*?#})[ \t]*$")
_JINJA_INLINE = re.compile(r"{%-?.*?-?%}|{{.*?}}|{#.*?#}")
_MARK = "jinja_value"
_TEMPLATED_LINES_DROPPED = 20  # lines a template's tags leave unparsable, left out of a templated module


def _untemplated(text: str) -> str:
    """The text with lines holding only a Jinja statement or comment emptied (both branches of an `if`
    stay) and each tag inside a line made a name: what the template fills in there is not known."""
    return _JINJA_INLINE.sub(_MARK, _JINJA_LINE.sub("", text))


class _TemplatedText(ast.NodeTransformer):
    """A string the template fills in part of (`"{{ cookiecutter.domain_name }}"`) is an expression, no
    literal: no default is taken from it."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str) and _MARK in node.value:
            return ast.copy_location(ast.Name(id=_MARK, ctx=ast.Load()), node)
        return node


def _module_name(rel: str) -> str:
    """`app/settings_parsers.py` -> `app.settings_parsers`; a package's `__init__.py` is the package."""
    path = rel.replace("\\", "/").rsplit(".", 1)[0]
    if path.endswith("/__init__") or path == "__init__":
        path = path[: -len("__init__")].rstrip("/")
    return path.replace("/", ".")


class ProjectModules:
    """The project's Python files (rel, text) and the wrappers they define (filled by python.py, which finds
    them round by round)."""

    def __init__(
        self, files: Sequence[tuple[str, str]], read: Callable[[str], str | None] | None = None
    ) -> None:
        self.texts = dict(files)
        self._read = read  # the project's other files (an INI file a ConfigParser reads), by path
        self.wrappers: dict[str, dict[str, Wrapper]] = {}
        self._trees: dict[str, ast.Module | None] = {}
        self._publics: dict[str, frozenset[str] | None] = {}
        self._imports: dict[
            str, tuple[dict[str, tuple[int, str | None, str]], list[tuple[int, str | None]]]
        ] = {}
        # Every dotted tail of every module: `src.app.parsers`, `app.parsers`, `parsers` (src layouts and
        # scripts run from a sub-folder import by the shorter names).
        self.modules: dict[str, list[str]] = {}
        self.names: frozenset[str] = frozenset()  # every wrapper's name (so far, while they are found)
        self.files = {rel.replace("\\", "/"): rel for rel in self.texts}
        # python_settings_bases: what each project class is (a settings class or None), and the names that
        # may be settings classes
        self.settings_classes: dict[tuple[str, str], Settings | None] = {}
        self.settings_names: frozenset[str] | None = None
        for rel in self.texts:
            parts = _module_name(rel).split(".")
            for i in range(len(parts)):
                if parts[i:] != [""]:
                    self.modules.setdefault(".".join(parts[i:]), []).append(rel)

    def read_file(self, rel: str) -> str | None:
        return None if self._read is None or rel.startswith("../") else self._read(rel)

    def tree(self, rel: str, keep: bool = True) -> ast.Module | None:
        if rel in self._trees:
            return self._trees[rel] if keep else self._trees.pop(rel)
        tree = parse_module(self.texts.get(rel, ""), rel)
        if keep:
            self._trees[rel] = tree
        return tree

    def parsed(self, rel: str) -> ast.Module | None:
        """The module's tree: the one kept, else parsed anew and not kept (a module parsed once, not twice,
        while its tree is kept)."""
        if rel in self._trees:
            return self._trees[rel]
        return parse_module(self.texts.get(rel, ""), rel)

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
        text = self.texts.get(rel, "")
        if found is not None or depth > MAX_HOPS or not (self.mentions_wrapper(text) or "import *" in text):
            return found  # a module that names no wrapper re-exports none (but by a star import)
        names, stars = self.imports_of(rel)
        if name in names:
            level, module, original = names[name]
            target = self.resolve(rel, level, module)
            return None if target is None else self.lookup(target, original, depth + 1)
        for level, module in stars:
            target = self.resolve(rel, level, module)
            if target is not None and (found := self.lookup(target, name, depth + 1)) is not None:
                return found
        return None

    def exported_wrappers(self, rel: str, hops: int = 0, seen: set[str] | None = None) -> dict[str, Wrapper]:
        """The wrappers `from rel import *` binds: rel's own, those it imports by name, and those its own
        star imports bind (`settings/__init__.py` doing `from .base import *`, base defining
        `bool_from_env`), a few hops deep, each module once (a cycle ends there); only the names its
        `__all__` lists when it has one, else those without a leading `_`."""
        seen = set() if seen is None else seen
        if rel in seen or hops > MAX_HOPS:
            return {}
        seen.add(rel)
        found: dict[str, Wrapper] = {}
        if "import" in self.texts.get(rel, ""):
            names, stars = self.imports_of(rel)
            for level, module in stars:
                target = self.resolve(rel, level, module)
                if target is not None:
                    found.update(self.exported_wrappers(target, hops + 1, seen))
            for bound, (level, module, original) in names.items():
                if original in self.names and (wrapper := self.lookup_import(rel, level, module, original)):
                    found[bound] = wrapper
        found.update(self.wrappers.get(rel, {}))
        public = self._public(rel)
        if public is None:
            return {n: w for n, w in found.items() if not n.startswith("_")}
        return {n: w for n, w in found.items() if n in public}

    def _public(self, rel: str) -> frozenset[str] | None:
        """The module's `__all__`, when it assigns a literal list or tuple at its top."""
        if rel not in self._publics:
            public: frozenset[str] | None = None
            text = self.texts.get(rel, "")
            tree = self.tree(rel) if "__all__" in text else None
            for node in tree.body if tree is not None else []:
                if (
                    isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
                    and isinstance(node.value, ast.List | ast.Tuple)
                ):
                    public = frozenset(
                        e.value
                        for e in node.value.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    )
            self._publics[rel] = public
        return self._publics[rel]

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
        found = self.definition(importer, level, module, name, pick)
        return None if found is None else found[1]

    def definition(
        self,
        importer: str,
        level: int,
        module: str | None,
        name: str,
        pick: Callable[[ast.Module, str], T | None],
        stars: bool = False,
    ) -> tuple[str, T] | None:
        """`defined`, with the module that defines it; with `stars`, `from .base import *` re-exports are
        followed too."""
        target = self.resolve(importer, level, module)
        for _ in range(MAX_HOPS):
            tree = self.tree(target) if target is not None else None
            if target is None or tree is None:
                return None
            found = pick(tree, name)
            if found is not None:
                return target, found
            names, star_imports = self.imports_of(target)
            if name not in names:
                if not stars:
                    return None
                for star_level, star_module in star_imports:
                    within = self.resolve(target, star_level, star_module)
                    tree = self.tree(within) if within is not None and within != target else None
                    if within is not None and tree is not None and (hit := pick(tree, name)) is not None:
                        return within, hit
                return None
            level, module, name = names[name]
            target = self.resolve(target, level, module)
        return None

    def imports_of(
        self, rel: str
    ) -> tuple[dict[str, tuple[int, str | None, str]], list[tuple[int, str | None]]]:
        if rel not in self._imports:
            names: dict[str, tuple[int, str | None, str]] = {}
            stars: list[tuple[int, str | None]] = []
            text = self.texts.get(rel, "")
            tree = (
                self._trees.get(rel)
                if rel in self._trees
                else (parse_module(text, rel) if "import" in text else None)
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
