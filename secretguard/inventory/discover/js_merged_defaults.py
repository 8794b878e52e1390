"""Defaults an environment-read config object takes from the objects it is merged over:
`config = merge({}, defaults, fileConfig, envConfig)`, `let config = require("./default"); merge(config,
require("./environment"))`, `defaultsDeep(envConfig, defaults)`, where the env object's leaves read the
environment (`port: toIntegerConfig(process.env.PORT)`, `minio: { port: ... }`) and a module (or a literal of
the file) under it holds literals at the same key paths (`port: 3000`). The read at a path gets the literal
at that path of the nearest object under it: the merge skips the read's undefined when the variable is unset.

Only merges that skip undefined values do this: lodash's (and underscore's) `merge`, `mergeWith`,
`defaultsDeep` and `defaults` (shallow: top-level keys only), `defu`, and the `extend` package (deep when its
first argument is `true`). `Object.assign`, spreads and `deepmerge` copy an undefined value over the default:
nothing is under an unset read there. Lists and expressions are no defaults (js_config_layers.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.javascript import JsProject
from secretguard.inventory.discover.js_config_layers import (
    EnvLeaf,
    Layer,
    LayerReader,
    Literal,
    env_aliases,
    exported_objects,
    passes_unset_value,
)
from secretguard.inventory.discover.js_imports import imported_names
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    Token,
    bracket_arguments,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    tokenize,
)

# name -> (deep, later arguments win)
_FUNCTIONS = {
    "merge": (True, True),
    "mergeWith": (True, True),
    "defaultsDeep": (True, False),
    "defaults": (False, False),
    "defu": (True, False),
    "extend": (False, True),
}
_LODASH = frozenset({"lodash", "lodash-es", "underscore"})
_BY_LOWER = {name.lower(): name for name in _FUNCTIONS}
# A call of one: bare (imported), or a member of lodash's object (`$.extend(` is jQuery's: not followed).
_CALL = re.compile(
    r"(?<![.\w$])(?:merge|mergeWith|defaultsDeep|defaults|defu|extend)\s*\(|\.(?:merge|mergeWith|defaultsDeep|defaults)\s*\("
)
_WORDS = ("merge", "defaults", "defu", "extend")  # cheap tests first: most files name none
# A library whose merge skips undefined, named by the file, or lodash's usual global `_` (substring tests:
# the bundles of a big monorepo hold tens of megabytes).
_LIBRARIES = ("lodash", "underscore", "'defu'", '"defu"', "'extend'", '"extend"')
_GLOBAL = re.compile(r"\b_\.(?:merge|mergeWith|defaultsDeep|defaults)\s*\(")
_RELATIVE = re.compile(r"""(?:\brequire\s*\(\s*|\bfrom\s*)["'](\.{1,2}/[^"'\n]+)["']""")
_MAX_FILES = 200  # merge sites read per project


@dataclass(slots=True)
class _Module:
    tokens: list[Token]
    match: dict[int, int]
    bindings: dict[str, tuple[str, str]]  # local -> (spec, imported name; "default" for a whole module)
    exported: dict[str, int]
    aliases: frozenset[str]
    layers: dict[str, Layer | None] = field(default_factory=dict)


def _bindings(tokens: list[Token], match: dict[int, int]) -> dict[str, tuple[str, str]]:
    """`import` bindings, `import * as _ from "m"` (the whole module), `const x = require("m")`,
    `const x = require("m").y`, `const { a, b: c } = require("m")`."""
    out = imported_names(tokens, match)
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        if tok.text == "import" and is_op(tokens, i + 1, "*") and is_id(tokens, i + 2, "as"):
            if is_id(tokens, i + 3) and is_id(tokens, i + 4, "from") and (spec := literal(tokens, i + 5)):
                out[tokens[i + 3].text] = (spec, "default")
            continue
        if tok.text != "require" or not is_op(tokens, i + 1, "(") or not is_op(tokens, i + 3, ")"):
            continue
        spec = literal(tokens, i + 2)
        if spec is None or not is_op(tokens, i - 1, "="):
            continue
        prop = tokens[i + 5].text if is_op(tokens, i + 4, ".") and is_id(tokens, i + 5) else "default"
        if is_id(tokens, i - 2):
            out[tokens[i - 2].text] = (spec, prop)
        elif is_op(tokens, i - 2, "}"):
            opener = next((o for o in range(i - 3, max(-1, i - 200), -1) if match.get(o) == i - 2), None)
            if opener is None or prop != "default":
                continue
            for start, end in bracket_arguments(tokens, match, opener):
                if is_id(tokens, start):
                    local = (
                        tokens[end - 1].text if end - start == 3 and is_op(tokens, start + 1, ":") else None
                    )
                    out[local or tokens[start].text] = (spec, tokens[start].text)
    return out


@dataclass
class _Project:
    read_file: Callable[[str], str | None]
    files: set[str]
    modules: dict[str, _Module | None] = field(default_factory=dict)

    def module(self, file: str) -> _Module | None:
        if file not in self.modules:
            text = self.read_file(file)
            if text is None:
                self.modules[file] = None
            else:
                tokens = tokenize(text, JAVASCRIPT)
                match = bracket_pairs(tokens)
                self.modules[file] = _Module(
                    tokens,
                    match,
                    _bindings(tokens, match),
                    exported_objects(tokens, match),
                    env_aliases(tokens),
                )
        return self.modules[file]

    def target(self, importer: str, spec: str) -> str | None:
        return JsProject.module_file(importer, spec, self.files)

    def exported(self, importer: str, spec: str, name: str) -> Layer | None:
        """The layer a module's export is: `name`'s object, or the key `name` of its default object."""
        file = self.target(importer, spec)
        mod = None if file is None else self.module(file)
        if file is None or mod is None:
            return None
        if name not in mod.layers:
            mod.layers[name] = None
            if name in mod.exported:
                mod.layers[name] = self.layer(file, mod, mod.exported[name])
            elif name != "default" and (whole := self.exported(importer, spec, "default")) is not None:
                mod.layers[name] = _below(whole, name)
        return mod.layers[name]

    def layer(self, file: str, mod: _Module, open_: int) -> Layer:
        def passes(function: str, count: int) -> bool:
            return self.passes_unset(file, mod, function, count)

        return LayerReader(mod.tokens, mod.match, file, passes, mod.aliases).layer(open_)

    def passes_unset(self, file: str, mod: _Module, function: str, count: int) -> bool:
        """Whether the conversion a leaf calls, defined in the file or in the module it is imported from,
        gives back an unset value untouched."""
        found = passes_unset_value(mod.tokens, mod.match, function, count)
        if found is not None:
            return found
        bound = mod.bindings.get(function)
        target = None if bound is None else self.target(file, bound[0])
        other = None if target is None else self.module(target)
        if bound is None or other is None:
            return False
        return passes_unset_value(other.tokens, other.match, bound[1], count) is True


def _below(layer: Layer, key: str) -> Layer | None:
    leaves = {path[1:]: leaf for path, leaf in layer.leaves.items() if len(path) > 1 and path[0] == key}
    return Layer(layer.file, leaves) if leaves else None


def _function(tokens: list[Token], i: int, bindings: dict[str, tuple[str, str]]) -> str | None:
    """The merge function a call at tokens[i] (the callee's last name) is, when it comes from a library
    whose merge skips undefined values."""
    name = tokens[i].text
    if is_op(tokens, i - 1, "."):
        owner = tokens[i - 2].text if is_id(tokens, i - 2) and not is_op(tokens, i - 3, ".") else None
        if owner is None or name not in _FUNCTIONS or name in ("defu", "extend"):
            return None
        bound = bindings.get(owner)
        if bound is None:
            return name if owner in ("_", "lodash") else None
        return name if bound[0] in _LODASH and bound[1] == "default" else None
    bound = bindings.get(name)
    if bound is None:
        return None
    spec, imported = bound
    if spec in _LODASH:
        return imported if imported in _FUNCTIONS else None
    if spec in ("defu", "extend"):
        return spec if imported in ("default", spec) else None
    base = spec.removeprefix("lodash-es/").removeprefix("lodash/").removeprefix("lodash.")
    if base != spec and imported == "default":
        return _BY_LOWER.get(base.lower())
    return None


@dataclass
class _Site:
    """One file's merge calls, read in order: each variable's stack of layers (lowest priority first)."""

    project: _Project
    file: str
    mod: _Module
    stacks: dict[str, list[Layer]] = field(default_factory=dict)
    done: list[tuple[list[Layer], bool]] = field(default_factory=list)  # (stack, shallow)
    locals_: dict[str, int] = field(default_factory=dict)  # `const x = {...}` of the file

    def run(self) -> list[tuple[list[Layer], bool]]:
        tokens, match = self.mod.tokens, self.mod.match
        for i, tok in enumerate(tokens):
            if tok.kind != ID:
                continue
            if tok.text in ("const", "let", "var") and is_id(tokens, i + 1) and is_op(tokens, i + 2, "="):
                if is_op(tokens, i + 3, "{") and i + 3 in match:
                    self.locals_[tokens[i + 1].text] = i + 3
                continue
            if not is_op(tokens, i + 1, "(") or i + 1 not in match:
                continue
            function = _function(tokens, i, self.mod.bindings)
            if function is not None:
                self.call(i, function)
        return self.done

    def call(self, i: int, function: str) -> None:
        tokens = self.mod.tokens
        deep, later_wins = _FUNCTIONS[function]
        args = bracket_arguments(tokens, self.mod.match, i + 1)
        if (
            function == "extend"
            and args
            and args[0][1] - args[0][0] == 1
            and is_id(tokens, args[0][0], "true")
        ):
            deep, args = True, args[1:]
        if not args:
            return
        parts = [self.operand(*span) for span in args]
        ordered = [layer for part in parts for layer in part] if later_wins else []
        if not later_wins:
            for part in reversed(parts):
                ordered.extend(part)
        self.done.append((ordered, not deep))
        first = args[0]
        if first[1] - first[0] == 1 and is_id(tokens, first[0]):
            self.stacks[tokens[first[0]].text] = ordered  # the target is changed in place
        start = i - 2 if is_op(tokens, i - 1, ".") else i
        if is_op(tokens, start - 1, "=") and is_id(tokens, start - 2):
            self.stacks[tokens[start - 2].text] = ordered

    def operand(self, start: int, end: int) -> list[Layer]:
        """The layers one argument stands for, lowest priority first (none when it is not known)."""
        tokens, match = self.mod.tokens, self.mod.match
        if is_op(tokens, start, "{") and match.get(start) == end - 1:
            return [self.project.layer(self.file, self.mod, start)]
        if (
            is_id(tokens, start, "require")
            and is_op(tokens, start + 1, "(")
            and (spec := literal(tokens, start + 2))
        ):
            name = "default"
            if end - start == 6 and is_op(tokens, start + 4, ".") and is_id(tokens, start + 5):
                name = tokens[start + 5].text
            elif end - start != 4:
                return []
            found = self.project.exported(self.file, spec, name)
            return [] if found is None else [found]
        if end - start != 1 or not is_id(tokens, start):
            return []
        name = tokens[start].text
        if name in self.stacks:
            return list(self.stacks[name])
        if name in self.locals_:
            return [self.project.layer(self.file, self.mod, self.locals_[name])]
        bound = self.mod.bindings.get(name)
        if bound is not None:
            found = self.project.exported(self.file, *bound)
            return [] if found is None else [found]
        return []


def _defaults(stack: list[Layer], shallow: bool, found: dict[tuple[str, str, int], str]) -> None:
    """Each env leaf's literal in the nearest layer under it defining its path (an env leaf under it is
    skipped too: it is undefined as well when everything is unset)."""
    for j, layer in enumerate(stack):
        for path, leaf in layer.leaves.items():
            if not isinstance(leaf, EnvLeaf) or (shallow and len(path) > 1):
                continue
            for lower in reversed(stack[:j]):
                below = lower.leaves.get(path)
                if below is None or isinstance(below, EnvLeaf):
                    continue
                if isinstance(below, Literal):
                    found.setdefault((layer.file, leaf.name, leaf.line), below.value)
                break


@dataclass
class MergedDefaults:
    """JavaScript files of the walk, and those calling a merge function; `defaulted` once every read is in."""

    files: set[str] = field(default_factory=set)
    sites: list[str] = field(default_factory=list)

    def add(self, text: str, rel: str) -> None:
        self.files.add(rel)
        if (
            len(self.sites) < _MAX_FILES
            and any(word in text for word in _WORDS)
            and ("require" in text or "import" in text)
            and (
                any(name in text for name in _LIBRARIES)
                or ("_." in text and _GLOBAL.search(text) is not None)
            )
            and _CALL.search(text) is not None
        ):
            self.sites.append(rel)

    def relevant(self, site: str, undefaulted: set[str], read_file: Callable[[str], str | None]) -> bool:
        """Whether the merge site itself or a module it imports by a relative path has a read without a
        default (most merges of a big client app merge UI options, nothing reads the environment there)."""
        if site in undefaulted:
            return True
        text = read_file(site) or ""
        return any(
            JsProject.module_file(site, spec, self.files) in undefaulted for spec in _RELATIVE.findall(text)
        )

    def defaulted(self, reads: list[Read], read_file: Callable[[str], str | None]) -> list[Read]:
        """The reads an env object's leaves make, with the default the objects merged under it give."""
        if not self.sites:
            return reads
        project = _Project(read_file, self.files)
        undefaulted = {r.file for r in reads if r.source == "javascript" and r.default is None}
        found: dict[tuple[str, str, int], str] = {}
        for site in self.sites:
            if not self.relevant(site, undefaulted, read_file):
                continue
            mod = project.module(site)
            if mod is None:
                continue
            for stack, shallow in _Site(project, site, mod).run():
                _defaults(stack, shallow, found)
        if not found:
            return reads
        out: list[Read] = []
        for read in reads:
            value = found.get((read.file, read.name, read.line))
            if (
                value is None
                or read.source != "javascript"
                or read.default is not None
                or read.computed_default
            ):
                out.append(read)
            else:
                out.append(replace(read, optional=True, default=value or None))
        return out
