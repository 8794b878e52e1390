"""JavaScript and TypeScript: `process.env.X`, `process.env["X"]`, destructuring from `process.env`, and
Vite's `import.meta.env.X`, SvelteKit's `env` from `$env/dynamic/*` and names imported from `$env/static/*`
(js_sveltekit.py). A `||` or `??` after the read is a default.

Aliases of the environment object are followed: `const env = process.env; env.X`, `const { X } = env`,
`const { env } = process`, the rest of a destructuring (`const { A, ...rest } = process.env; rest.X`), a class
field or `this.env = process.env` (`this.env.X`), `new Proxy(process.env, ...)`, `{ ...process.env }`,
`Object.freeze(process.env)`. Across files (with a `JsProject`): a module exporting such an object
(`export default process.env`, `export const env = ...`, `module.exports = process.env`, re-exports) makes
member reads on the binding that imports it reads (`import env from "./utils/environment"; env.X`).

Validation schemas (envalid `cleanEnv`, t3-env `createEnv`, zod `z.object({...}).parse(process.env)`) name
the variables they accept, and their result is an environment object limited to their keys: js_schema.py.
A fallback naming a constant (`?? DEFAULT_PORT`, or its text: `DEFAULT_PORT.toString()`, `String(X)`, `${X}`;
of the file or imported: js_constants.py) is its literal. Imports through the tsconfig `paths` aliases of the
importer's nearest config resolve as the compiler resolves them (js_tsconfig.py).
Effect's `Config.string("X")` reads are js_effect.py's; `` process.env[`X${suffix}`] `` with a constant
of known values, js_template_keys.py's; `process.env[key + "_FILE"]` in a loop over a spec's keys (or a
literal array's elements), js_key_loops.py's: each key's file variant. A read of a validated schema's result
keeps the schema's default (a raw read's fallback rules would take `if (!env.X) {...}` for another).

Functions reading the variable their parameter names (`getEnvOrFile("DB_HOST")`) are followed in the file
and across modules (js_wrappers.py); defaults given by statements and chains are read by js_defaults.py.
A Proxy whose get trap also reads `${prop}_FILE` makes every name read through it a file variant too
(js_proxy.py). An instance of an env class (`export default new Environment()`) whose fields each hold one
variable of their own name is an environment object for those names, and `@Public` fields are not secrets
(js_fields.py). `process.env` in a browser bundle's source is build-time (js_frontend.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TypeVar

from secretguard.inventory.discover.base import FILE_SOURCE, Read, is_env_name, scope_of_read, secret_by_name
from secretguard.inventory.discover.js_casts import may_cast, uncast
from secretguard.inventory.discover.js_chains import chain_helpers, chained
from secretguard.inventory.discover.js_compared import compared_with
from secretguard.inventory.discover.js_config_layers import env_aliases
from secretguard.inventory.discover.js_constants import ProjectConstants, file_constants
from secretguard.inventory.discover.js_defaults import (
    Fallback,
    after_string_methods,
    chain,
    converted,
    guarded,
    preset,
    ternary,
    through_local,
)
from secretguard.inventory.discover.js_definitions import ConfigDefinitions
from secretguard.inventory.discover.js_effect import effect_config_reads
from secretguard.inventory.discover.js_entry_tables import table_names
from secretguard.inventory.discover.js_fields import env_fields, public_field_spans
from secretguard.inventory.discover.js_frontend import BrowserBundles
from secretguard.inventory.discover.js_imports import import_clause
from secretguard.inventory.discover.js_key_loops import affixed, key_loops, local_value
from secretguard.inventory.discover.js_lists import bound_elements, element_spans, joined_key, property_values
from secretguard.inventory.discover.js_maps import ObjectMap, looked_up, object_maps
from secretguard.inventory.discover.js_member_fallbacks import MemberFallbacks
from secretguard.inventory.discover.js_packages import WorkspacePackages
from secretguard.inventory.discover.js_proxy import proxy_file_suffixes
from secretguard.inventory.discover.js_schema import Entry, SchemaReader, expression_end, literal_value
from secretguard.inventory.discover.js_schema_helpers import HelperCall, SchemaHelpers
from secretguard.inventory.discover.js_sveltekit import DYNAMIC_MODULES, PATTERN, STATIC_MODULES, TRIGGER
from secretguard.inventory.discover.js_template_keys import TemplateKeys
from secretguard.inventory.discover.js_tsconfig import TsPaths
from secretguard.inventory.discover.js_use_hints import assigned_name, path_target, tls_secret
from secretguard.inventory.discover.js_wrappers import (
    Argument,
    Wrapper,
    WrapperRead,
    call_arguments,
    call_reads,
    summarise,
)
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    NUM,
    OP,
    STR,
    Token,
    bracket_arguments,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    literal_default,
    tokenize,
)

# Values Vite puts on import.meta.env itself: not variables anyone sets.
_VITE_BUILTINS = frozenset({"MODE", "DEV", "PROD", "SSR", "BASE_URL"})
TRIGGERS = ("process", "import.meta", "ProcessEnv", "std-env", TRIGGER)
# What a file must say to read the environment itself: `process.env` (also `process?.env`, `process["env"]`),
# `{ env } = process`, the `process` module imported, or `import.meta.env`. A vendored bundle that only says
# "process" or `import.meta.url` (pdf.js: 1.8 MB) is not tokenized.
_ENV_TEXT = re.compile(
    r"""process\s*(?:\?\.|\.|\[)\s*["'`]?env\b|\benv\b[^;{}]*\}\s*=\s*(?:globalThis\.)?process\b"""
    r"""|["'`](?:node:)?process["'`]|["'`]std-env["'`]|import\.meta\s*(?:\?\.|\.)\s*env\b|\bProcessEnv\b|"""
    + PATTERN
)
# Files that may use another module's environment object.
_IMPORT_TRIGGERS = ("import", "require", "from")
# A script starting webpack's development server (create-react-app's ejected `scripts/start.js`): a
# developer's, whatever its folder.
_DEV_SERVER = re.compile(
    r"""(?:require\(\s*|from\s+)['"](?:webpack-dev-server|react-dev-utils/WebpackDevServerUtils)['"]"""
)
_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte", ".astro")
# `import { env as stdEnv } from "std-env"` (local name, module)
_STD_ENV_IMPORT = re.compile(r"""import\s*\{[^}]*?\benv\s+as\s+([\w$]+)[^}]*\}\s*from\s*["']([\w:-]+)["']""")
_PROCESS_MODULES = ("process", "node:process", "std-env")  # std-env's `env`: a proxy over process.env
_MAX_CHAIN = 12
_FILE_READERS = ("readFileSync", "readFile", "createReadStream")
_OPENERS = {"(": ")", "[": "]", "{": "}"}


def declares_schema(text: str) -> bool:
    """A t3-env schema whose runtimeEnv a helper builds (`runtimeEnv: withPrefix("DB_")`): the file itself
    may name no `process`, its keys are variables all the same."""
    return "createEnv" in text and "runtimeEnv" in text


def mentions_env(text: str) -> bool:
    return any(t in text for t in TRIGGERS) and _ENV_TEXT.search(text) is not None


@dataclass(frozen=True, slots=True)
class EnvObject:
    """An object holding environment variables: `process.env` (any member is a variable) or a validated
    schema's result (only its keys, each (optional, default))."""

    source: str
    keys: Mapping[str, tuple[bool, str | None]] | None = None
    # Read through a Proxy whose get trap also reads NAME + suffix (`${prop}_FILE`: js_proxy.py).
    file_suffixes: tuple[str, ...] = ()
    # An env class's instance (js_fields.env_fields): its importers matter only where they give a fallback.
    instance: bool = False
    # Schema key -> the variable filling it, when runtimeEnv maps them apart (`PASSWORD` from `DB_PASSWORD`).
    renamed: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ImportRef:
    """What a binding imports: `spec`'s export `name` (`default` for the module's default export)."""

    spec: str
    name: str


@dataclass(frozen=True, slots=True)
class _LocalRef:
    """Whatever the file's binding `name` holds (`const config = env`)."""

    name: str


@dataclass(frozen=True, slots=True)
class _Proxied:
    """A Proxy over the object the file's binding `name` holds, whose get trap reads NAME + each suffix."""

    name: str
    file_suffixes: tuple[str, ...]


_Origin = EnvObject | ImportRef
_Value = EnvObject | ImportRef | _LocalRef | _Proxied


@dataclass(frozen=True, slots=True)
class _Use:
    """A member read on a binding imported from another module, waiting for that module to be known."""

    ref: ImportRef
    name: str
    file: str
    line: int
    optional: bool
    default: str | None
    computed: bool = False  # the fallback is an expression, not a literal
    public: bool = False  # a field declared public (`@Public`) holds it
    constant: ImportRef | None = None  # the fallback is a constant imported from another module


@dataclass(frozen=True, slots=True)
class _Call:
    """A call of a function imported from another module, with a name-like literal among its arguments:
    a read if that function turns out to be an environment wrapper (js_wrappers.py)."""

    ref: ImportRef
    file: str
    line: int
    args: tuple[Argument, ...]
    after: Argument | None  # a default after the call: `getEnv("X") || "a"`
    compared: str | None  # the literal its value is compared with (`getEnv("MODE") === "fast"`)


@dataclass(slots=True)
class _Exports:
    named: dict[str, _Origin] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)  # `export * from "spec"`
    wrappers: dict[str, Wrapper] = field(default_factory=dict)  # exported functions reading env[param]


@dataclass
class JsProject:
    """Modules exporting an environment object, and member reads on bindings imported from other modules:
    `add` every file (discover_javascript does), then `resolve` once."""

    modules: dict[str, _Exports] = field(default_factory=dict)
    uses: list[tuple[str, _Use]] = field(default_factory=list)  # (importing file, use)
    calls: list[_Call] = field(default_factory=list)  # calls of imported functions, maybe wrappers
    deferred: list[str] = field(default_factory=list)  # files that may only import an environment object
    # The project's reader: with it, `process.env` in a browser bundle's source is build-time (js_frontend).
    read_file: Callable[[str], str | None] | None = None
    bundles: BrowserBundles | None = None
    schema_helpers: SchemaHelpers = field(default_factory=SchemaHelpers)
    files: set[str] = field(default_factory=set)  # every JS/TS file seen
    constants: ProjectConstants = field(default_factory=ProjectConstants)
    # reads whose fallback is a constant another module exports: (read, importing file, the import)
    constant_reads: list[tuple[Read, str, ImportRef]] = field(default_factory=list)
    # reads whose name is such a constant (`configService.get(Env.HOST)`): (read, file, the import, the
    # constant its fallback names, if any)
    key_reads: list[tuple[Read, str, ImportRef, str | None]] = field(default_factory=list)
    # reads given to an imported function, maybe a default chain: (read, file, the import, the next argument)
    chain_reads: list[tuple[Read, str, ImportRef, Fallback | None]] = field(default_factory=list)
    paths: TsPaths | None = None  # the tsconfig `paths` aliases, read once an import needs them
    definitions: ConfigDefinitions = field(default_factory=ConfigDefinitions)  # convict, figue
    # configuration objects' members read bare, given a fallback where they are used
    member_fallbacks: MemberFallbacks = field(default_factory=MemberFallbacks)
    # the monorepo's packages by name (launch.py fills it): `@acme/utils` is packages/utils' entry
    workspace: WorkspacePackages | None = None

    def discover(self, text: str, file: str) -> list[Read]:
        """A file of the project walk. One that never names `process` or `import.meta` can only use another
        module's environment object: it is put off until `finish` knows which modules export one, and read
        again only if it names one of them (most files are never tokenized twice, or at all)."""
        effect = effect_config_reads(text, file)  # Effect's `Config.string("X")` names no `process`
        self.files.add(file)
        self.schema_helpers.add_file(text, file)
        self.constants.add_file(text, file)
        self.definitions.add(text, file)
        self.member_fallbacks.add(text, file)
        if not mentions_env(text) and not declares_schema(text) and not _imports_reader(text):
            if any(t in text for t in _IMPORT_TRIGGERS):
                self.deferred.append(file)
            return self.scoped(effect)
        reads = discover_javascript(text, file, self) + effect
        if _DEV_SERVER.search(text):  # `scripts/start.js` of an ejected create-react-app: the dev server's
            reads = [replace(r, scope="dev") if scope_of_read(r) == "runtime" else r for r in reads]
        return self.scoped(reads)

    def scoped(self, reads: list[Read]) -> list[Read]:
        if self.read_file is None or not reads:
            return reads
        if self.bundles is None:
            self.bundles = BrowserBundles(self.read_file)
        return self.bundles.scoped(reads)

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        """The put-off files that import an environment object (re-exports followed), then every member read
        on an imported one."""
        reads: list[Read] = []
        pending = self.deferred
        self.deferred = []
        relevant = self.relevant()
        while pending and relevant:
            instances = {f for f in relevant if self.instance_only(f)}
            imports = _import_pattern(relevant - instances)
            # an env class's instance is used all over an app (`env.URL`): only a use with a fallback after it
            # (`env.POOL_MAX ?? 5`) adds anything, so only a file showing one is read
            instance_imports = _import_pattern(instances)
            fallbacks = self.fallback_pattern(instances)
            rest: list[str] = []
            for file in pending:
                text = read_file(file)
                if text is None:
                    continue
                if (imports is not None and imports.search(text) is not None) or (
                    fallbacks is not None
                    and instance_imports is not None
                    and instance_imports.search(text) is not None
                    and fallbacks.search(text) is not None
                ):
                    reads.extend(discover_javascript(text, file, self))
                else:
                    rest.append(file)
            known = len(relevant)
            relevant = self.relevant()
            if len(relevant) == known:
                break
            pending = rest  # a new re-export: the files importing it may still be put off
        defaulted = self.schema_helpers.resolve()  # first: the schemas' keys it fills serve the uses below
        defaulted.extend(self.constant_value(*waiting) for waiting in self.constant_reads)
        defaulted.extend(self.keyed_reads())
        defaulted.extend(self.chain_value(*waiting) for waiting in self.chain_reads)
        self.constant_reads.clear()
        self.chain_reads.clear()
        target = partial(self.target, among=self.files)
        defined = self.definitions.finish(read_file, target)
        defined += self.member_fallbacks.finish(read_file, target)
        return self.scoped(reads + defaulted + defined + self.resolve())

    def chain_value(self, read: Read, file: str, ref: ImportRef, fallback: Fallback | None) -> Read:
        """The read with the default the argument after it gives, when the imported function it is given to
        is a default-chain helper (js_chains.py)."""
        target = self.target(file, ref.spec, self.files)
        found = self.constants.chain_helper(
            target, ref.name, self.read_file, lambda module, spec: self.target(module, spec, self.files)
        )
        return _chain_default(read, fallback or _own_default(found[0])) if found is not None else read

    def keyed_reads(self) -> list[Read]:
        """The reads whose name an imported constant holds, named (those naming no variable dropped)."""
        out: list[Read] = []
        for read, file, ref, _named in self.key_reads:
            name = self.constant_of(file, ref)
            if name is not None and is_env_name(name):
                out.append(replace(read, name=name))
        self.key_reads.clear()
        return out

    def constant_value(self, read: Read, file: str, ref: ImportRef) -> Read:
        """The read with the literal of the imported constant its fallback names, when it is one."""
        value = self.constant_of(file, ref)
        return read if value is None else replace(read, default=value, computed_default=False)

    def constant_of(self, importer: str, ref: ImportRef) -> str | None:
        """The literal of the constant an import names, through the barrel modules re-exporting it."""
        target = self.target(importer, ref.spec, self.files)
        return self.constants.exported(
            target, ref.name, self.read_file, lambda module, spec: self.target(module, spec, self.files)
        )

    def instance_only(self, file: str) -> bool:
        named = self.modules[file].named.values()
        return (
            not self.modules[file].wrappers
            and bool(named)
            and all(isinstance(o, EnvObject) and o.instance for o in named)
        )

    def fallback_pattern(self, files: set[str]) -> re.Pattern[str] | None:
        """`.KEY ??` / `.KEY ||` for the keys of the env class instances these modules export."""
        keys = sorted(
            {
                key
                for f in files
                for o in self.modules[f].named.values()
                if isinstance(o, EnvObject) and o.keys
                for key in o.keys
            }
        )
        if not keys:
            return None
        return re.compile(r"\.(?:" + "|".join(map(re.escape, keys)) + r")\b[\s)!]*(?:\?\?|\|\|)")

    def relevant(self) -> set[str]:
        """The modules that export an environment object, themselves or by re-exporting one."""
        found = {
            f
            for f, e in self.modules.items()
            if e.wrappers or any(isinstance(o, EnvObject) for o in e.named.values())
        }
        others = {f: e for f, e in self.modules.items() if f not in found}
        for _ in range(_MAX_CHAIN):
            new = {
                f
                for f, e in others.items()
                if any(
                    self.target(f, spec, found) is not None
                    for spec in [o.spec for o in e.named.values() if isinstance(o, ImportRef)] + e.stars
                )
            }
            if not new:
                break
            found |= new
            others = {f: e for f, e in others.items() if f not in new}
        return found

    def resolve(self) -> list[Read]:
        reads: list[Read] = []
        relevant = self.relevant()
        for file, use in self.uses:
            found = self._lookup(file, use.ref, relevant, 0)
            if found is None:
                continue
            if use.constant is not None:
                value = self.constant_of(file, use.constant)
                if value is not None:
                    use = replace(use, default=value, computed=False)  # noqa: PLW2901 - the use, resolved
            reads.extend(
                _member_reads(
                    found,
                    use.name,
                    use.file,
                    use.line,
                    use.optional,
                    use.default,
                    computed=use.computed,
                    public=use.public,
                )
            )
        for call in self.calls:
            wrapper = self._lookup_wrapper(call.file, call.ref, relevant, 0)
            if wrapper is not None:
                made = call_reads(wrapper, list(call.args), call.file, call.line, call.after)
                reads.extend(_compared(r, call.compared) for r in made)
        self.modules.clear()
        self.uses.clear()
        self.calls.clear()
        return reads

    def _lookup_wrapper(self, importer: str, ref: ImportRef, among: set[str], depth: int) -> Wrapper | None:
        library = _LIBRARY_READERS.get(ref.spec.removesuffix(".js"), {}).get(ref.name)
        if library is not None:
            return library
        return self._follow(importer, ref, among, depth, lambda exports, name: exports.wrappers.get(name))

    def _lookup(self, importer: str, ref: ImportRef, among: set[str], depth: int) -> EnvObject | None:
        return self._follow(importer, ref, among, depth, _env_object)

    def _follow(
        self,
        importer: str,
        ref: ImportRef,
        among: set[str],
        depth: int,
        pick: Callable[[_Exports, str], _Found | None],
    ) -> _Found | None:
        """What `pick` finds under the imported name, following re-exports (`export { x } from`,
        `export * from`) at most _MAX_CHAIN modules deep."""
        if depth > _MAX_CHAIN:
            return None
        target = self.target(importer, ref.spec, among)
        if target is None:
            return None
        exports = self.modules[target]
        found = pick(exports, ref.name)
        if found is not None:
            return found
        origin = exports.named.get(ref.name)
        if isinstance(origin, ImportRef):
            return self._follow(target, origin, among, depth + 1, pick)
        if ref.name != "default":
            for spec in exports.stars:
                found = self._follow(target, ImportRef(spec, ref.name), among, depth + 1, pick)
                if found is not None:
                    return found
        return None

    def target(self, importer: str, spec: str, among: set[str]) -> str | None:
        """The file among `among` an import specifier names: by the importer's tsconfig `paths` when one of
        its aliases matches a file of the project (the compiler's answer, even when that file is not among
        them), by a workspace package's name, else as `module_file` guesses."""
        if self.read_file is not None and not spec.startswith("."):
            if self.paths is None:
                self.paths = TsPaths(self.read_file)
            for base in self.paths.bases(importer, spec):
                found = next((c for c in _candidates(base) if c in self.files), None)
                if found is not None:
                    return found if found in among else None
        if self.workspace is not None and not spec.startswith("."):
            named = self.workspace.targets(spec, among)
            if named:  # a workspace package's own entry, not another package's folder of the same name
                return sorted(named, key=_source_first)[0]
        return self.module_file(importer, spec, among)

    @staticmethod
    def module_file(importer: str, spec: str, among: set[str]) -> str | None:
        """The file among `among` an import specifier names: relative to the importer, or by an alias
        (`~/env`, `@/lib/env`, `#env`, a workspace package `@acme/env`) whose path the file's ends with."""
        if spec.startswith("."):
            folder = os.path.dirname(importer)  # noqa: PTH120 - relative display paths stay strings
            base = os.path.normpath(os.path.join(folder, spec)).replace(os.sep, "/")
            return next((c for c in _candidates(base) if c in among), None)
        rest = spec
        if rest.startswith("@") and "/" in rest:
            rest = rest.split("/", 1)[1]  # `@/x`, `@scope/x`
        elif rest.startswith(("~/", "#/", "$lib/", "$/")):
            rest = rest.split("/", 1)[1]
        elif rest.startswith(("~", "#")):
            rest = rest[1:]
        elif "/" not in rest:
            return None  # a package: never one of the project's files
        rest = rest.strip("/")
        if not rest:
            return None
        # `@server/env` is server/env.ts when there is one (an alias of a folder), before any other env.ts
        for option in (spec.lstrip("@~#$/"), rest):
            tails = tuple(f"/{c}" for c in _candidates(option) + _candidates(option + "/src"))
            at_root = set(_candidates(option))
            # the same module as TypeScript and as a compiled shim (`util.ts` beside `util.js` requiring
            # `./dist/util`): the source first
            found = sorted((f for f in among if f.endswith(tails) or f in at_root), key=_source_first)
            if found:
                return next((f for f in found if f in at_root), found[0])
        return None


_Found = TypeVar("_Found", "Wrapper", "EnvObject")


def _env_object(exports: _Exports, name: str) -> EnvObject | None:
    origin = exports.named.get(name)
    return origin if isinstance(origin, EnvObject) else None


_JS_EXTENSION = re.compile(r"\.[cm]?[jt]sx?$")


def _import_pattern(files: set[str]) -> re.Pattern[str] | None:
    """How an import of one of these modules may end its specifier: `/name`, `#name`, `@name` or `"name`,
    maybe with `/index` and an extension, then the closing quote (`./env"`, `@/lib/env.mjs'`, `~/env`, `#env`,
    `@env`), name being the file's stem or, for an index file, its folder's (and its parent's: `@acme/env` for
    packages/env/src/index.ts). Anchored on the quote: a bare `/src` would match nearly every import of an app
    whose package index re-exports an environment object."""
    stems: set[str] = set()
    for file in files:
        parts = file.split("/")
        stem = parts[-1].split(".", 1)[0]
        # `env.server.ts` is imported as `~/server/env.server`: its name without the extension
        named = _JS_EXTENSION.sub("", parts[-1])
        stems.update(parts[-3:-1] if stem == "index" else {stem, named})
    stems.discard("")
    if not stems:
        return None
    alternatives = "|".join(map(re.escape, sorted(stems)))
    return re.compile(r"[/#@'\"`](?:" + alternatives + r")(?:/index)?(?:\.[cm]?[jt]sx?)?['\"`]")


# A conversion to a boolean by its name: `Boolean`, `toBool`, `parseEnvVarBoolean`, `getBooleanEnv`, `asBool`.
_BOOLEAN_CALL = re.compile(r"^(?:Boolean|(?:to|parse|as|get|read|is)\w*Bool(?:ean)?\w*)$")


def _boolean_parse(tokens: list[Token], i: int, after: int) -> bool:
    """The read at i..after is the first argument of a call converting it to a boolean."""
    return (
        is_op(tokens, i - 1, "(")
        and is_id(tokens, i - 2)
        and _BOOLEAN_CALL.match(tokens[i - 2].text) is not None
        and is_op(tokens, after, ",", ")")
    )


def _source_first(path: str) -> tuple[str, int]:
    stem, _, ext = path.rpartition(".")
    rank = _EXTENSIONS.index("." + ext) if "." + ext in _EXTENSIONS else len(_EXTENSIONS)
    return (stem, rank) if stem else (path, rank)


def _candidates(base: str) -> list[str]:
    stem = base
    for ext in (".js", ".mjs", ".cjs", ".jsx"):  # TypeScript's ESM imports name the compiled file
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
            break
    out = [base]
    out.extend(stem + ext for ext in _EXTENSIONS)
    out.extend(f"{stem}/index{ext}" for ext in _EXTENSIONS)
    return out


def _local_spec(spec: str) -> bool:
    """A specifier that may name one of the project's own modules."""
    return spec.startswith((".", "~", "#", "$", "/")) or "/" in spec


def _compared(read: Read, literal: str | None) -> Read:
    """A wrapper call's read, with the literal the call's value is compared with when it has no default."""
    return read if read.optional or literal is None else replace(read, compared_with=literal)


def _member_read(
    obj: EnvObject, name: str, file: str, line: int, optional: bool, default: str | None
) -> Read | None:
    if not is_env_name(name):
        return None
    if obj.source == "import.meta.env" and name in _VITE_BUILTINS:
        return None
    if obj.keys is not None:
        if name not in obj.keys:
            return None
        optional = optional or obj.keys[name][0]
        name = obj.renamed.get(name, name) if obj.renamed else name
    return Read(name, file, line, optional, obj.source, default=default)


def _member_reads(
    obj: EnvObject,
    name: str,
    file: str,
    line: int,
    optional: bool,
    default: str | None,
    *,
    computed: bool = False,
    public: bool = False,
) -> list[Read]:
    """The read of `name` on obj, and of `name + "_FILE"` when obj is a Proxy whose get trap reads that
    too (docker secrets: the file variant is another way to supply the variable).

    A validated schema's result already holds the schema's default: what a raw read's fallback rules make of
    the code around it (`if (!env.X) {...}`, `(env.X || !domain) && ...`) is a use, not another default."""
    held = obj.keys.get(name) if obj.keys is not None else None
    if held is not None and held[1] is not None and (computed or default is None):
        default, computed = held[1], False
    read = _member_read(obj, name, file, line, optional, default)
    if read is None:
        return []
    if computed or public:
        read = replace(read, computed_default=computed, public_hint=public)
    out = [read]
    for suffix in obj.file_suffixes:
        if not name.upper().endswith(suffix) and is_env_name(name + suffix):
            out.append(Read(name + suffix, file, line, True, FILE_SOURCE))
    return out


def _proxied(inner: _Value | None, suffixes: tuple[str, ...]) -> _Value | None:
    """A Proxy over inner whose get trap reads NAME + each suffix too."""
    if not suffixes:
        return inner
    if isinstance(inner, EnvObject):
        return _with_suffixes(inner, suffixes)
    if isinstance(inner, _LocalRef):
        return _Proxied(inner.name, suffixes)
    return inner


# A walk over the environment's keys, then an object filled from it inside: a copy of process.env.
_ENV_WALK = re.compile(
    r"Object\.(?:keys|entries)\(\s*process\.env\s*\)|\bfor\s*\(\s*(?:const|let|var)\s+[\w$]+\s+in\s+process\.env\b"
)
_COPIED_INTO = re.compile(r"\b([A-Za-z_$][\w$]*)\s*\[[^\]\n]{1,80}\]\s*=\s*[^;\n]{0,80}?process\.env\s*\[")
_WALK_BODY = 400  # characters after the walk where the copy's assignment is looked for


# A name typed as the environment (`env: NodeJS.ProcessEnv`, `vars?: typeof process.env`): a parameter or a
# destructured option the caller hands `process.env` to.
_TYPED_ENV = re.compile(
    r"\b([A-Za-z_$][\w$]*)\s*\??\s*:\s*(?:(?:NodeJS\.)?ProcessEnv\b|typeof\s+process\.env\b)"
)


def _typed_env_names(text: str) -> set[str]:
    if "ProcessEnv" not in text and "typeof process.env" not in text:
        return set()
    return set(_TYPED_ENV.findall(text))


def env_copies(text: str) -> set[str]:
    """Objects a module fills with every variable (`Object.keys(process.env).forEach((k) => { shadow[k.trim()]
    = process.env[k] })`): reading them is reading the environment."""
    if "process.env" not in text:
        return set()
    out: set[str] = set()
    for walk in _ENV_WALK.finditer(text):
        copied = _COPIED_INTO.search(text, walk.end(), walk.end() + _WALK_BODY)
        if copied is not None and copied.group(1) not in ("process", "env"):
            out.add(copied.group(1))
    return out


def _origin(value: _Value, found: Mapping[str, _Origin]) -> _Origin | None:
    """What a binding's value holds, with the names already followed in found."""
    if isinstance(value, _LocalRef):
        return found.get(value.name)
    if isinstance(value, _Proxied):
        inner = found.get(value.name)
        return _with_suffixes(inner, value.file_suffixes) if isinstance(inner, EnvObject) else inner
    return value


def _with_suffixes(obj: EnvObject, suffixes: tuple[str, ...]) -> EnvObject:
    return replace(obj, file_suffixes=tuple(dict.fromkeys(obj.file_suffixes + suffixes)))


def _env_object_end(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """If tokens[i:] start `process.env` or `import.meta.env`, (index after it, source); else None."""
    if is_id(tokens, i, "process") and is_op(tokens, i + 1, ".", "?.") and is_id(tokens, i + 2, "env"):
        return i + 3, "javascript"
    if (
        is_id(tokens, i, "import")
        and is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "meta")
        and is_op(tokens, i + 3, ".", "?.")
        and is_id(tokens, i + 4, "env")
    ):
        return i + 5, "import.meta.env"
    return None


_MAX_GUARD = 24  # tokens of a ternary's condition before `? process.env : {}`


def _guarded_env(tokens: list[Token], s: int) -> str | None:
    """`typeof process !== "undefined" && process.env ? process.env : {}` (either order): the environment
    where there is one, an empty object elsewhere (a browser build): an environment object."""
    line = tokens[s].line if s < len(tokens) else -1
    k = s
    while k < len(tokens) and k < s + _MAX_GUARD and tokens[k].line == line:
        if tokens[k].kind == OP and tokens[k].text in (";", ",", ")", "]", "}", "="):
            return None
        if is_op(tokens, k, "?"):
            break
        k += 1
    else:
        return None
    first = _env_object_end(tokens, k + 1)
    if first is not None and is_op(tokens, first[0], ":") and _empty_object(tokens, first[0] + 1):
        return first[1]
    if _empty_object(tokens, k + 1) and is_op(tokens, k + 3, ":"):
        second = _env_object_end(tokens, k + 4)
        if second is not None and not is_op(tokens, second[0], ".", "?.", "[", "("):
            return second[1]
    return None


def _empty_object(tokens: list[Token], k: int) -> bool:
    return is_op(tokens, k, "{") and is_op(tokens, k + 1, "}")


def _defaulted(tokens: list[Token], i: int) -> tuple[bool, str | None]:
    """(a default follows, its literal value when it is one)."""
    j = i
    while is_op(tokens, j, "!"):  # TypeScript non-null assertion
        j += 1
    j = _after_cast(tokens, j)
    if not is_op(tokens, j, "||", "??"):
        return False, None
    return True, literal_default(tokens, j + 1)


def _after_cast(tokens: list[Token], j: int) -> int:
    """After a TypeScript cast of the read, `(process.env.X as Mode) || "a"`: the index past the type and
    the parentheses closing around the cast; j itself when there is no cast."""
    if not is_id(tokens, j, "as", "satisfies"):
        return j
    depth = 0
    end = j
    for k in range(j + 1, min(len(tokens), j + 64)):
        if is_op(tokens, k, "(", "[", "{", "<"):
            depth += 1
        elif depth and is_op(tokens, k, ">", ")", "]", "}"):
            depth -= 1
        elif depth == 0 and is_op(tokens, k, ")", ";", ",", "||", "??", "}", "]"):
            end = k
            break
    while is_op(tokens, end, ")"):
        end += 1
    return end


def _empty_fallback(tokens: list[Token], i: int) -> bool:
    """`(env || {})` / `(env ?? {})` around the name at i: the object, or an empty one when it is unset."""
    return (
        is_op(tokens, i - 1, "(")
        and is_op(tokens, i + 1, "||", "??")
        and is_op(tokens, i + 2, "{")
        and is_op(tokens, i + 3, "}")
        and is_op(tokens, i + 4, ")")
    )


def _member(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """The member read at j, just after an environment object: `.X`, `?.X`, `["X"]`, `?.["X"]`, `!.X`
    (name, index after it); None for anything else, a method call or an assignment."""
    while is_op(tokens, j, "!"):
        j += 1
    name: str | None = None
    if is_op(tokens, j, ".", "?.") and is_id(tokens, j + 1):
        name, after = tokens[j + 1].text, j + 2
    elif is_op(tokens, j, "[") or (is_op(tokens, j, "?.") and is_op(tokens, j + 1, "[")):
        k = j + 1 if is_op(tokens, j, "[") else j + 2
        joined = joined_key(tokens, k)  # `["X"]`, `["AWS" + "_REGION"]`
        if joined is None or not is_op(tokens, joined[1], "]"):
            return None
        name, after = joined[0], joined[1] + 1
    else:
        return None
    if is_op(tokens, after, "(", "=", "??=", "||=", "&&=") or (
        is_op(tokens, after, "?.") and is_op(tokens, after + 1, "(")
    ):
        return None  # a method (`env.hasOwnProperty(...)`) or an assignment, not a read
    return name, after


# Options whose name says they take a key file's path: `keyFile`, `ssl_key_path`, MongoDB's
# `tlsCertificateKeyFile` (compared without case, `_` and `-`). Not `key`/`sslKey`: Node's TLS options and
# older drivers take the key's text there.
_PATH_OPTIONS = frozenset(
    """
    sslkeyfile sslkeypath tlskeyfile tlskeypath keyfile keypath privatekeyfile privatekeypath
    tlscertificatekeyfile
    """.split()
)


def _path_option(tokens: list[Token], i: int) -> bool:
    """The read starting at i is given, whole or as the first of a chain, to an option naming a key file
    (`{ sslkey: process.env.PG_SSL_KEY }`, `keyFile: env.TLS_KEY || "./certs/key.pem"`)."""
    if not (is_op(tokens, i - 1, ":") and i >= 2 and tokens[i - 2].kind in (ID, STR)):
        return False
    option = tokens[i - 2].text.lower().replace("_", "").replace("-", "")
    return option in _PATH_OPTIONS and is_op(tokens, i - 3, "{", ",")


def _brackets(tokens: list[Token]) -> dict[int, int]:
    """Each bracket's partner, both ways (unbalanced ones left out)."""
    pairs = bracket_pairs(tokens)
    return pairs | {close: open_ for open_, close in pairs.items()}


# Libraries' own readers of the variable their first argument names (LangChain's `getEnvironmentVariable`;
# next-runtime-env's `env("NEXT_PUBLIC_X")`, which the server fills in when it serves the page: read at run
# time even in browser code, unlike the `process.env.NEXT_PUBLIC_X` a build inlines).
RUNTIME_ENV_SOURCE = "next-runtime-env"  # not inlined by a bundler: the page gets it from the server
_NAME_READER = Wrapper(
    ("name",), ((False, None),), (WrapperRead(0, "", "", "javascript", None, False),), None
)
_RUNTIME_READER = Wrapper(
    ("name",), ((False, None),), (WrapperRead(0, "", "", RUNTIME_ENV_SOURCE, None, False),), None
)
# `getEnv("X", "100")`: the second argument is what the reader hands back when X is unset (its own "" else).
_FALLBACK_READER = Wrapper(
    ("name", "fallback"),
    ((False, None), (True, "")),
    (WrapperRead(0, "", "", "javascript", None, False),),
    1,
)
_LIBRARY_READERS: dict[str, dict[str, Wrapper]] = {
    "@langchain/core/utils/env": {"getEnvironmentVariable": _NAME_READER},
    "next-runtime-env": {"env": _RUNTIME_READER},
    # Silverhand's essentials: `getEnv(key, fallback = "")`, `getEnvAsStringArray(key, fallback = [])`,
    # `assertEnv(key)` (throws when unset).
    "@silverhand/essentials": {
        "getEnv": _FALLBACK_READER,
        "getEnvAsStringArray": _FALLBACK_READER,
        "assertEnv": _NAME_READER,
    },
}


def _own_default(value: str | None) -> Fallback | None:
    """A call giving no fallback argument falls back to the helper's parameter default
    (`stringToBoolean(process.env.X)` with `defaultValue = false`)."""
    return None if value is None else Fallback(value, False)


def _chain_default(read: Read, fallback: Fallback | None) -> Read:
    """A read given to a default chain: the argument after it is its fallback (none when it is the last)."""
    if fallback is None:
        return read
    return replace(read, optional=True, default=fallback.default, computed_default=fallback.computed)


def _imports_reader(text: str) -> bool:
    """The file imports a library's reader (js: its calls name variables though `process` is never said)."""
    return any(spec in text for spec in _LIBRARY_READERS)


class _Module:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.text = text
        self.tokens = tokenize(text, JAVASCRIPT)
        if may_cast(text):
            self.tokens = uncast(self.tokens)  # `(env as any)["X"]` reads as `env["X"]`
        self.template_keys: TemplateKeys | None = None  # names built from templates (js_template_keys.py)
        self.match = _brackets(self.tokens)
        self.direct: list[tuple[int, Read]] = []  # reads of process.env / import.meta.env, by token index
        self.schema = SchemaReader(self)  # validation schemas (js_schema.py)
        self.schemas: dict[int, EnvObject] = {}  # where an expression producing a validated env starts
        self.bindings: dict[str, list[_Value]] = {}
        self.env_names: frozenset[str] | None = None  # env_alias's names from the text, found once asked
        self.exports: dict[str, _Value] = {}
        self.stars: list[str] = []
        self.classes: set[str] = set()
        # functions of this file that return a Proxy, with the `_FILE` suffixes its get trap reads
        self.wrappers: dict[str, tuple[str, ...]] | None = None
        self.file_args: set[str] | None = None  # names given to readFileSync(...) in this file
        # names bound to each element of a literal array, and where (js_lists.py), once needed
        self.element_spans: list[tuple[str, int, int, list[str]]] | None = None
        self.maps: list[ObjectMap] | None = None  # literal object maps of names (js_maps.py), once needed
        self.readers: dict[str, Wrapper] = {}  # functions of this file reading env[param] (js_wrappers.py)
        self.exported_readers: dict[str, str] = {}  # exported name -> local name
        # branches of ternaries over a read (`X ? X : "d"`): the read there shares the condition's fallback
        self.ternary_values: list[tuple[int, int, Fallback]] = []
        self.aliases: frozenset[str] = frozenset()  # bindings holding an environment object (or an import)
        self.public: list[tuple[int, int]] | None = None
        self.literals: dict[str, str] | None = None  # `const NAME = "literal"` bindings, once needed
        self.constant_reads: list[tuple[Read, Fallback]] = []  # fallbacks naming a constant of no literal
        # this file's default-chain helpers (js_chains.py), once needed, with their fallbacks' own defaults
        self.helpers: dict[str, str | None] | None = None
        self.chain_reads: list[tuple[Read, str, Fallback | None]] = []  # reads given to another function

    # --- helpers ---------------------------------------------------------------------------------------

    def close(self, i: int) -> int:
        return self.match.get(i, len(self.tokens) - 1)

    def segments(self, open_: int) -> list[tuple[int, int]]:
        """(start, end) of each top-level, comma-separated part between a bracket and its partner."""
        close = self.close(open_)
        out: list[tuple[int, int]] = []
        start = k = open_ + 1
        while k < close:
            if self.tokens[k].kind == OP and self.tokens[k].text in _OPENERS and k in self.match:
                k = self.match[k] + 1
                continue
            if is_op(self.tokens, k, ","):
                out.append((start, k))
                start = k + 1
            k += 1
        if start < close:
            out.append((start, close))
        return out

    def entries(self, open_: int) -> list[Entry]:
        """`{ KEY: value, "KEY": value, KEY, ...spread }`: keyed entries with their value's range."""
        tokens = self.tokens
        out: list[Entry] = []
        for start, end in self.segments(open_):
            key = tokens[start].text if tokens[start].kind in (ID, STR, NUM) else None
            if key is None:
                continue
            if is_op(tokens, start + 1, ":"):
                out.append(Entry(key, tokens[start].line, start + 2, end))
            elif start + 1 == end and tokens[start].kind == ID:
                out.append(Entry(key, tokens[start].line, start, end))
        return out

    def pattern(self, open_: int) -> list[Entry]:
        """`{ A, B = 'x', C: c = 1, "D": d, ...rest }`: each key, its binding and where its default may be."""
        tokens = self.tokens
        out: list[Entry] = []
        for start, end in self.segments(open_):
            if is_op(tokens, start, "..."):
                if is_id(tokens, start + 1):
                    out.append(Entry("", tokens[start].line, end, end, tokens[start + 1].text, rest=True))
                continue
            if not (tokens[start].kind == ID or literal(tokens, start) is not None):
                continue
            key = tokens[start].text
            m = start + 1
            local: str | None = key if tokens[start].kind == ID else None
            if is_op(tokens, m, ":"):
                local = tokens[m + 1].text if is_id(tokens, m + 1) else None
                m += 2 if local is not None else 1
            out.append(Entry(key, tokens[start].line, m, end, local))
        return out

    def default_in(self, start: int, end: int) -> tuple[bool, str | None]:
        """A pattern entry's `= default` between start and end."""
        for m in range(start, end):
            if is_op(self.tokens, m, "="):
                return True, literal_value(self.tokens, m + 1)
            if self.tokens[m].kind == OP and self.tokens[m].text in _OPENERS and m in self.match:
                break
        return False, None

    def expression_end(self, j: int) -> bool:
        """Nothing more is applied to the value ending just before j (`env;`, `env,`, `env as Env`)."""
        return expression_end(self.tokens, j)

    def env_alias(self, name: str) -> bool:
        """Whether the file binds `name` to the environment object (`import { env as stdEnv } from
        "std-env"`, `const env = process.env`); schemas are read before the bindings, so an import of
        std-env's `env` is looked for in the text."""
        if any(isinstance(v, EnvObject) for v in self.bindings.get(name, [])):
            return True
        if self.env_names is None:
            found = _STD_ENV_IMPORT.findall(self.text)
            imported = {local for local, spec in found if spec in _PROCESS_MODULES}
            self.env_names = frozenset(imported) | env_aliases(self.tokens)
        return name in self.env_names

    def env_expression(self, i: int) -> str | None:
        """The source when `process.env` / `import.meta.env` is used whole at i (not one of its members)."""
        if is_op(self.tokens, i - 1, "."):
            return None
        found = _env_object_end(self.tokens, i)
        if found is None:
            return None
        j, source = found
        while is_op(self.tokens, j, "!"):
            j += 1
        if is_op(self.tokens, j, ".", "?.", "[", "("):
            return None
        return source

    # --- reads of process.env itself -------------------------------------------------------------------

    def direct_reads(self) -> None:
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            if tok.kind != ID or tok.text not in ("process", "import"):
                continue
            found = _env_object_end(tokens, i)
            if found is None or is_id(tokens, i - 1, "delete") or is_op(tokens, i - 1, "."):
                continue
            j, source = found
            member = _member(tokens, j)
            if member is None:
                listed = self.listed_members(i, j)
                if listed is None:
                    self.destructured(i, EnvObject(source))
                for name, after, held, variant in listed or []:
                    self.direct_read(i, name, after, variant or source, held, built=True)
                continue
            self.direct_read(i, *member, source)

    def listed_members(self, i: int, j: int) -> list[tuple[str, int, str | None, str]] | None:
        """`process.env[name]` where `name` is bound to each element of a literal array (js_lists.py), or
        `process.env[MAP[key]]` with MAP a literal object map (js_maps.py), or `process.env[entry.P]` with P
        a key holding names in the module's object literals; with the default an entry holds for each name
        (`process.env[entry.nameVar] ?? entry.defaultName`)."""
        tokens = self.tokens
        close = self.match.get(j) if is_op(tokens, j, "[") else None
        if close is None or is_op(tokens, close + 1, "=", "??=", "||=", "&&=", "("):
            return None  # assigned or called, not read
        mapped = self.mapped(j + 1, close)
        if mapped is not None:
            return [(n, close + 1, None, "") for n in mapped]
        if "${" in self.text:
            if self.template_keys is None:
                self.template_keys = TemplateKeys(self.text, tokens, self.match)
            built = self.template_keys.names(j, close)
            if built is not None:
                # `|| (isUS ? "us-east-2" : "eu-central-1")`: each branch's name takes that branch's default
                paired = self.template_keys.branch_defaults(
                    close + 1, self.template_keys.condition_of(j, close)
                )
                return [
                    (n, close + 1, None if paired is None or b is None else paired[b], "") for n, b in built
                ]
        if (
            close == j + 4
            and is_id(tokens, j + 1)
            and is_op(tokens, j + 2, ".", "?.")
            and is_id(tokens, j + 3)
        ):
            # `process.env[entry.customNameEnv]`: each name the table `entry` walks holds under that key
            # (js_entry_tables.py), else each held there in the module's objects that is shaped like one
            entry, prop = tokens[j + 1].text, tokens[j + 3].text
            held = table_names(tokens, self.match, entry, prop, i)
            if held is None:
                held = [n for n in property_values(tokens, self.match, prop) if n != n.lower()]
            defaults = self.held_defaults(close + 1, tokens[j + 1].text, tokens[j + 3].text) if held else {}
            return [(n, close + 1, defaults.get(n), "") for n in held] if held else None
        return self.loop_names(i, j + 1, close)

    def loop_names(self, i: int, start: int, close: int) -> list[tuple[str, int, str | None, str]] | None:
        """`process.env[name]` with `name` bound to each element of a literal array (js_lists.py) or each key
        of an object a loop walks (js_key_loops.py), maybe with literal text around it, in place or in a local
        (`key + "_FILE"`): each name it builds; a `_FILE` suffix names each variable's file variant."""
        tokens = self.tokens
        found = affixed(tokens, start, close, self.key_template)
        if found is None:
            return None
        if self.element_spans is None:
            self.element_spans = element_spans(tokens, self.match)
            if any(t.text in ("in", "keys", "entries") for t in tokens):
                self.element_spans += key_loops(tokens, self.match, self.schema.object_keys)
        items = bound_elements(self.element_spans, found[1], i)
        if items is None and found[0] == found[2] == "":
            held = local_value(tokens, self.match, found[1], start)  # `const fileKey = key + "_FILE"`
            found = affixed(tokens, *held, self.key_template) if held is not None else None
            items = None if found is None else bound_elements(self.element_spans, found[1], i)
        if found is None or items is None:
            return None
        prefix, _, suffix = found
        file = suffix.isupper() and suffix.endswith("_FILE")  # the docker-secrets convention
        return [(prefix + n + suffix, close + 1, None, FILE_SOURCE if file else "") for n in items]

    def constant_template(self, start: int, end: int) -> str | None:
        """`` `${PREFIX}CA` `` spanning start..end, PREFIX a constant of the module bound to one literal."""
        found = self.key_template(start, end)
        if found is None:
            return None
        prefix, local, tail = found
        value = self.constants().get(local)
        return prefix + value + tail if value is not None else None

    def key_template(self, start: int, end: int) -> tuple[str, str, str] | None:
        """`` `${key}_FILE` `` spanning start..end: (prefix, the interpolated name, tail)."""
        if "${" not in self.text:
            return None
        if self.template_keys is None:
            self.template_keys = TemplateKeys(self.text, self.tokens, self.match)
        found = self.template_keys.template_at(start, end)
        return None if found is None else found[0]

    def held_defaults(self, k: int, entry: str, prop: str) -> dict[str, str]:
        """`?? entry.Q` (or `|| entry.Q`) at k after `process.env[entry.prop]`: for each object literal of
        the module holding a literal name under `prop`, that name's default is its literal under Q."""
        tokens = self.tokens
        if not (is_op(tokens, k, "??", "||") and is_id(tokens, k + 1, entry) and is_op(tokens, k + 2, ".")):
            return {}
        if not is_id(tokens, k + 3) or not self.expression_end(k + 4):
            return {}
        other = tokens[k + 3].text
        found: dict[str, str] = {}
        for opener, tok in enumerate(tokens):
            if tok.kind != OP or tok.text != "{" or opener not in self.match:
                continue
            values = {e.key: literal(tokens, e.start) for e in self.entries(opener) if e.end == e.start + 1}
            name, default = values.get(prop), values.get(other)
            if name is not None and default is not None:
                found.setdefault(name, default)
        return found

    def mapped(self, start: int, end: int) -> tuple[str, ...] | None:
        """The names `MAP[key]` between start and end may be, with MAP a literal object map."""
        if not (is_id(self.tokens, start) and is_op(self.tokens, start + 1, "[")):
            return None
        if self.maps is None:
            self.maps = object_maps(self.tokens, self.match)
        return looked_up(self.tokens, self.match, start, end, self.maps)

    def call_arguments(self, opener: int) -> list[list[Argument]]:
        """The arguments of the call whose `(` is at opener; one list per name when the first argument is
        looked up in a literal object map (`env(flags[provider])`)."""
        args = call_arguments(self.tokens, self.match, opener)
        spans = bracket_arguments(self.tokens, self.match, opener)
        for n, (start, end) in enumerate(spans):  # `getFileEnv(oidcClientSecret)`: a constant of the file
            if end == start + 1 and args[n].literal is None and is_id(self.tokens, start):
                value = self.constants().get(self.tokens[start].text)
                if value is not None:
                    args[n] = Argument(value, False)
            elif end == start + 4 and args[n].literal is None:
                built = self.constant_template(start, end)  # `` boolFromEnv(`${DB_SSL_PREFIX}CA`) ``
                if built is not None:
                    args[n] = Argument(built, False)
        names = self.mapped(*spans[0]) if spans else None
        if names is None:
            return [args]
        return [[Argument(n, False), *args[1:]] for n in names]

    def direct_read(
        self, i: int, name: str, after: int, source: str, held: str | None = None, built: bool = False
    ) -> None:
        """One member read of `process.env` at i (its name ending before `after`), with its fallback (or the
        default the name's table entry holds). A name `built` from data (`process.env[`KEY_${k}`]`) says less
        than what the code keeps the value as: `config.securityKeys[k] = ...` holds secrets."""
        tokens, tok = self.tokens, self.tokens[i]
        has_default, default = _defaulted(tokens, after)
        fallback = self.fallback(i, after) if held is None else None
        if held is not None:
            has_default, default = True, held
        if fallback is not None:
            has_default, default = True, fallback.default
        variant = source == FILE_SOURCE  # X_FILE: another way to give X, never needed by itself
        read = _member_read(EnvObject(source), name, self.file, tok.line, has_default or variant, default)
        if read is not None:
            if fallback is not None and fallback.computed:
                read = replace(read, computed_default=True)
            if self.opened(i) or _path_option(tokens, i) or path_target(tokens, i):
                read = replace(read, holds_path=True)
            if tls_secret(tokens, self.match, i):  # `tls: { key: process.env.X }`: the key's text
                read = replace(read, secret_hint=True)
            if built and (target := assigned_name(tokens, self.match, i)) and secret_by_name(target):
                read = replace(read, secret_hint=True)
            if _boolean_parse(tokens, i, after):  # `parseEnvVarBoolean(process.env.X_TOKEN, false)`: a switch
                read = replace(read, boolean_use=True)
            if not has_default:
                read = replace(read, compared_with=compared_with(tokens, i, after))
            if fallback is None and held is None:
                read = self.note_chained(i, after, read)
            self.direct.append((i, read))
            self.note_constant(read, fallback)

    def opened(self, i: int) -> bool:
        """The read at i is opened as a file: given to `readFileSync(...)` itself, or assigned to a name
        (`const sslKey = ... || process.env.SSL_KEY`) that is given to one in this file."""
        tokens = self.tokens
        if is_op(tokens, i - 1, "(") and is_id(tokens, i - 2, *_FILE_READERS):
            return True
        if self.file_args is None:
            self.file_args = set()
            for k, tok in enumerate(tokens):
                if tok.kind == ID and tok.text in _FILE_READERS and is_op(tokens, k + 1, "("):
                    args = self.segments(k + 1)
                    if args and is_id(tokens, args[0][1] - 1):
                        self.file_args.add(tokens[args[0][1] - 1].text)
        if not self.file_args:
            return False
        k, steps = i - 1, 0
        while k > 0 and steps < 48:  # back to the start of the statement: `target = ... process.env.X`
            steps += 1
            tok = tokens[k]
            if tok.kind == OP and tok.text in (")", "]") and k in self.match:
                k = self.match[k] - 1
                continue
            if tok.kind == OP and tok.text in (";", "{", "}", "(", "[", ","):
                return False
            if is_op(tokens, k, "=") and is_id(tokens, k - 1):
                return tokens[k - 1].text in self.file_args
            k -= 1
        return False

    def fallback(self, i: int, after: int) -> Fallback | None:
        """A default given by the chain, conversion or statement around the read at i..after (js_defaults)."""
        tokens = self.tokens
        j = after
        while is_op(tokens, j, "!"):
            j += 1
        j = _after_cast(tokens, after_string_methods(tokens, j))
        negated = is_op(tokens, i - 1, "!")  # `!!process.env.X || false`: a boolean, not the value
        # `Boolean(process.env.A || process.env.B)`: whether either is set, no fallback of A's value
        # (also `!(A || B)`, `if (A || B)`: a condition)
        tested = negated or (
            is_op(tokens, i - 1, "(")
            and (is_id(tokens, i - 2, "Boolean", "if", "while") or is_op(tokens, i - 2, "!"))
        )
        if is_op(tokens, j, "||", "??"):
            return None if tested else chain(tokens, self.match, j, self.aliases, self.constants())
        for start, end, shared in self.ternary_values:
            if start <= i < end:
                return shared
        choice = ternary(tokens, self.match, i, j, self.constants())
        if choice is not None:
            self.ternary_values.append((*choice.value, choice.fallback))
            return choice.fallback
        return (
            (None if negated else converted(tokens, self.match, i, after, self.aliases, self.constants()))
            or guarded(tokens, self.match, i, after)
            or through_local(tokens, self.match, i, after, self.constants())
            or (None if negated else preset(tokens, self.match, i, after, self.constants()))
        )

    def constants(self) -> dict[str, str]:
        """`const DEFAULT_PORT = 3000;` in this file: names bound once to a literal, which a fallback may
        name instead of writing the literal."""
        if self.literals is None:
            self.literals = file_constants(self.tokens)
        return self.literals

    def imported(self, fallback: Fallback | None) -> ImportRef | None:
        """The import behind the name a fallback ends with (`?? DEFAULT_PORT`), when it is one."""
        if fallback is None or fallback.named is None:
            return None
        # `LogLevel.INFO`: a member of an imported enum, which the module indexes by that dotted name
        head, _, member = fallback.named.partition(".")
        ref = next((v for v in self.bindings.get(head, []) if isinstance(v, ImportRef)), None)
        return ref if ref is None or not member else ImportRef(ref.spec, f"{ref.name}.{member}")

    def note_chained(self, i: int, after: int, read: Read) -> Read:
        """A read given to a call with an argument after it (js_chains.py): with this file's default-chain
        helper, the read with that argument as its default; with an imported function, the read waits."""
        found = chained(self.tokens, self.match, i, after)
        if found is None:
            return read
        callee, fallback = found
        # `f(process.env.X, DEFAULT_DAYS)` with the constant set in this file
        if fallback is not None and fallback.named is not None and fallback.named in self.constants():
            fallback = Fallback(self.constants()[fallback.named], False)
        if self.helpers is None:
            self.helpers = chain_helpers(self.tokens, self.match)
        if callee in self.helpers:
            return _chain_default(read, fallback or _own_default(self.helpers[callee]))
        self.chain_reads.append((read, callee, fallback))  # an import? known once the file is bound
        return read

    def imported_chains(self, present: set[int]) -> list[tuple[Read, ImportRef, Fallback | None]]:
        """The reads still among the file's given to an imported function, with the import."""
        out: list[tuple[Read, ImportRef, Fallback | None]] = []
        for read, callee, fallback in self.chain_reads:
            ref = next((v for v in self.bindings.get(callee, []) if isinstance(v, ImportRef)), None)
            if ref is not None and id(read) in present:
                out.append((read, ref, fallback))
        return out

    def note_constant(self, read: Read, fallback: Fallback | None) -> None:
        """A read whose fallback is a name: whether it is an imported constant is known once bound."""
        if fallback is not None and fallback.named is not None:
            self.constant_reads.append((read, fallback))

    def imported_constants(self, present: set[int]) -> list[tuple[Read, ImportRef]]:
        """The reads still among the file's whose fallback names an imported constant, with the import."""
        out: list[tuple[Read, ImportRef]] = []
        for read, fallback in self.constant_reads:
            ref = self.imported(fallback)
            if ref is not None and id(read) in present:
                out.append((read, ref))
        return out

    def destructured(self, obj: int, env: EnvObject, ref: ImportRef | None = None) -> list[_Use]:
        """`const { A, B = 'x', C: c, ...rest } = OBJ` with obj the index of OBJ: reads (or, for an imported
        binding, uses) of its keys; a rest element is another alias."""
        tokens = self.tokens
        if not (is_op(tokens, obj - 1, "=") and is_op(tokens, obj - 2, "}")) or obj - 2 not in self.match:
            return []
        uses: list[_Use] = []
        for entry in self.pattern(self.match[obj - 2]):
            if entry.rest:
                if entry.local:
                    self.bind(entry.local, ref or env)
                continue
            has_default, default = self.default_in(entry.start, entry.end)
            if ref is not None:
                uses.append(_Use(ref, entry.key, self.file, entry.line, has_default, default))
                continue
            for read in _member_reads(env, entry.key, self.file, entry.line, has_default, default):
                self.direct.append((obj, read))
        return uses

    # --- validation schemas (js_schema.py) -------------------------------------------------------------

    def read_schemas(self) -> None:
        """The file's validation schemas (js_schema.py): each result is an environment object of its keys."""
        self.schema.read_schemas()
        for start, found in self.schema.validated.items():
            self.schemas[start] = EnvObject(found.source, found.keys, renamed=found.renamed)

    def member_end(self, i: int) -> int | None:
        """Where the member read of `process.env` / `import.meta.env` starting at i (`process.env.X`) ends."""
        found = _env_object_end(self.tokens, i)
        member = _member(self.tokens, found[0]) if found is not None else None
        return None if member is None else member[1]

    def helper_target(self, call: HelperCall, project: JsProject) -> str | None:
        """The project file the helper's import names, when it names one."""
        origin = next((v for v in self.bindings.get(call.callee, []) if isinstance(v, ImportRef)), None)
        return None if origin is None else project.target(self.file, origin.spec, project.files)

    # --- bindings --------------------------------------------------------------------------------------

    def value_at(self, s: int, depth: int = 0) -> _Value | None:
        """What the expression starting at s holds, when it is an environment object or an import."""
        tokens = self.tokens
        while is_id(tokens, s, "await"):
            s += 1
        if depth > 6 or s >= len(tokens):
            return None
        if s in self.schemas:
            return self.schemas[s]
        source = self.env_expression(s)
        if source is None:
            source = _guarded_env(tokens, s)
        if source is not None:
            return EnvObject(source)
        if is_id(tokens, s, "new") and is_id(tokens, s + 1) and tokens[s + 1].text in self.classes:
            # `export default new Environment()`: its fields holding one variable each (js_fields)
            keys = env_fields(tokens, self.match, tokens[s + 1].text, frozenset(self.origins()))
            return EnvObject("javascript", keys, instance=True) if keys else None
        if is_id(tokens, s, "new") and is_id(tokens, s + 1, "Proxy") and is_op(tokens, s + 2, "("):
            suffixes = proxy_file_suffixes(tokens, self.match, s + 2)
            return _proxied(self.value_at(s + 3, depth + 1), suffixes)
        if is_id(tokens, s) and is_op(tokens, s + 1, "(") and tokens[s].text in self.proxy_functions():
            # `withFileSecrets(process.env)`, `function withFileSecrets(env) { return new Proxy(env, ...) }`
            inner = self.value_at(s + 2, depth + 1)
            if not isinstance(inner, EnvObject | _LocalRef):
                return None
            return _proxied(inner, self.proxy_functions()[tokens[s].text])
        if is_op(tokens, s, "{") and is_op(tokens, s + 1, "..."):
            inner = self.value_at(s + 2, depth + 1)
            return inner if isinstance(inner, EnvObject | _LocalRef) else None
        if (
            is_id(tokens, s, "Object")
            and is_op(tokens, s + 1, ".")
            and is_id(tokens, s + 2, "freeze", "assign", "seal")
            and is_op(tokens, s + 3, "(")
        ):
            for a, _ in self.segments(s + 3):
                inner = self.value_at(a, depth + 1)
                if isinstance(inner, EnvObject | _LocalRef):
                    return inner
            return None
        if is_id(tokens, s, "require") and is_op(tokens, s + 1, "(") and is_op(tokens, s + 3, ")"):
            spec = literal(tokens, s + 2)
            if spec is None:
                return None
            if is_op(tokens, s + 4, ".") and is_id(tokens, s + 5):
                return ImportRef(spec, tokens[s + 5].text)
            return ImportRef(spec, "default")
        if is_id(tokens, s) and not is_op(tokens, s - 1, ".") and self.expression_end(s + 1):
            return _LocalRef(tokens[s].text)
        binding = self.schema.revalidated(s)
        return None if binding is None else _LocalRef(binding)

    def proxy_functions(self) -> dict[str, tuple[str, ...]]:
        """Functions declared in this file whose body makes a `new Proxy(...)`: wrappers of the object they
        are given (`function withFileSecrets(env) { return new Proxy(env, handler) }`, or arrow ones), with
        the suffixes its get trap appends to a name it reads (`${prop}_FILE`)."""
        if self.wrappers is not None:
            return self.wrappers
        tokens = self.tokens
        self.wrappers = {}
        for i, tok in enumerate(tokens):
            if tok.kind != ID or tok.text != "Proxy" or not is_id(tokens, i - 1, "new"):
                continue
            # the innermost function around it: `function NAME(` or `NAME = (...) =>` / `NAME = function`
            for j in range(i - 1, max(-1, i - 4000), -1):
                if is_id(tokens, j, "function") and is_id(tokens, j + 1):
                    body = self.function_end(j)
                    if body is not None and body > i:
                        self.wrappers[tokens[j + 1].text] = self.trap_suffixes(i)
                    break
                if (
                    is_op(tokens, j, "=")
                    and is_id(tokens, j - 1)
                    and (is_op(tokens, j + 1, "(") or is_id(tokens, j + 1, "function", "async"))
                ):
                    body = self.function_end(j + 1)
                    if body is not None and body > i:
                        self.wrappers[tokens[j - 1].text] = self.trap_suffixes(i)
                    break
        return self.wrappers

    def trap_suffixes(self, proxy: int) -> tuple[str, ...]:
        """The suffixes the get trap of the `new Proxy(` whose `Proxy` is at proxy reads names with."""
        if not is_op(self.tokens, proxy + 1, "("):
            return ()
        return proxy_file_suffixes(self.tokens, self.match, proxy + 1)

    def function_end(self, start: int) -> int | None:
        """Where the function starting at start (`function f(...) {`, `(...) => expr`) ends."""
        tokens = self.tokens
        k = start
        steps = 0
        while k < len(tokens) and steps < 64:
            steps += 1
            if is_op(tokens, k, "(") and k in self.match:
                k = self.match[k] + 1
                continue
            if is_op(tokens, k, "{") and k in self.match:
                return self.match[k]
            if is_op(tokens, k, "=>"):
                if is_op(tokens, k + 1, "{") and k + 1 in self.match:
                    return self.match[k + 1]
                end = k + 1
                while end < len(tokens) and not is_op(tokens, end, ";"):
                    if tokens[end].kind == OP and tokens[end].text in _OPENERS and end in self.match:
                        end = self.match[end]
                    elif is_op(tokens, end, ")", "}", "]"):
                        break
                    end += 1
                return end
            k += 1
        return None

    def bind_all(self) -> None:
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            if tok.kind == ID:
                self.keyword_at(i, tok.text)
            elif tok.kind == OP and tok.text == "=":
                self.assignment_at(i)
        for name in env_copies(self.text):  # `shadowEnv[trim(k)] = trim(process.env[k])` over its keys
            self.bind(name, EnvObject("javascript"))
        for name in _typed_env_names(self.text):  # `resolveConfig({ env }: { env: NodeJS.ProcessEnv })`
            self.bind(name, EnvObject("javascript"))
        # `const { A, ...rest } = process.env` and `const { X } = require("./env")`
        for i, tok in enumerate(tokens):
            if (
                tok.kind == ID
                and tok.text == "require"
                and is_op(tokens, i - 1, "=")
                and is_op(tokens, i - 2, "}")
            ):
                self.required_pattern(i)

    def keyword_at(self, i: int, word: str) -> None:
        """`import ...`, `export ...`, `class X`, `const { env } = process`."""
        tokens = self.tokens
        if word == "import" and not is_op(tokens, i + 1, ".", "("):
            self.import_statement(i)
        elif word == "export" and not is_op(tokens, i - 1, "."):
            self.export_statement(i)
        elif word == "class" and is_id(tokens, i + 1):
            self.classes.add(tokens[i + 1].text)
        elif (
            word == "process"
            and is_op(tokens, i - 1, "=")
            and self.expression_end(i + 1)
            and is_op(tokens, i - 2, "}")
            and i - 2 in self.match
        ):
            for entry in self.pattern(self.match[i - 2]):
                if entry.key == "env" and entry.local:
                    self.bind(entry.local, EnvObject("javascript"))

    def assignment_at(self, i: int) -> None:
        """`x = value`, `this.x = value`, `export const x = value`, `module.exports = value`."""
        target = self.assignment_target(i)
        if target is None:
            return
        kind, name = target
        value = self.value_at(i + 1)
        if kind == "module":  # module.exports = ...
            if is_op(self.tokens, i + 1, "{") and value is None:
                for entry in self.entries(i + 1):
                    entry_value = self.value_at(entry.start)
                    if entry_value is not None:
                        self.exports[entry.key] = entry_value
            elif value is not None:
                self.exports["default"] = value
        elif value is not None and kind == "export":
            self.exports[name] = value
        elif value is not None:
            self.bind(name, value)

    def required_pattern(self, i: int) -> None:
        """`const { X, Y: y } = require("./env")`: each local is the module's export of that name."""
        value = self.value_at(i)
        if isinstance(value, ImportRef) and i - 2 in self.match:
            for entry in self.pattern(self.match[i - 2]):
                if entry.local and not entry.rest:
                    self.bind(entry.local, ImportRef(value.spec, entry.key))

    def assignment_target(self, e: int) -> tuple[str, str] | None:
        """What `=` at e assigns: ("binding", name) for a variable, a class field or `this.name`;
        ("export", name) for `exports.name` / `module.exports.name`; ("module", "") for `module.exports`."""
        tokens = self.tokens
        j = e - 1
        if is_id(tokens, j, "exports") and is_op(tokens, j - 1, ".") and is_id(tokens, j - 2, "module"):
            return "module", ""
        if is_id(tokens, j) and is_op(tokens, j - 1, "."):
            if is_id(tokens, j - 2, "this") and not is_op(tokens, j - 3, "."):
                return "binding", tokens[j].text
            if is_id(tokens, j - 2, "exports") and (
                not is_op(tokens, j - 3, ".") or is_id(tokens, j - 4, "module")
            ):
                return "export", tokens[j].text
        elif is_id(tokens, j) and not is_op(tokens, j - 1, ":"):
            return "binding", tokens[j].text
        # `const env: NodeJS.ProcessEnv = process.env`, `private env: Env = process.env` (on one line)
        line = tokens[e].line
        k = j
        steps = 0
        while k > 0 and steps < 40 and tokens[k].line == line:
            steps += 1
            tok = tokens[k]
            if tok.kind == OP and tok.text in (")", "]", "}") and k in self.match:
                k = self.match[k] - 1
                continue
            if tok.kind == OP and tok.text in (";", "=", "=>", "{", "(", ","):
                return None
            if is_op(tokens, k, ":") and is_id(tokens, k - 1):
                before = k - 2
                if is_op(tokens, before, "!", "?"):
                    before -= 1
                if (
                    before < 0
                    or tokens[before].line < tokens[k - 1].line
                    or is_id(
                        tokens, before, "const", "let", "var", "readonly", "private", "public", "protected"
                    )
                    or is_id(tokens, before, "static", "declare", "override")
                    or is_op(tokens, before, ";", "{", "}")
                ):
                    return "binding", tokens[k - 1].text
                return None
            k -= 1
        return None

    def import_statement(self, i: int) -> None:
        """`import x from "s"`, `import x, { a as b } from "s"`, `import { env } from "process"`; type-only
        imports hold no values."""
        tokens = self.tokens
        clause = import_clause(tokens, self.match, i)
        if clause is None:
            return
        names, spec = clause
        for local, imported in names:
            if spec in DYNAMIC_MODULES and imported == "env":
                self.bind(local, EnvObject("javascript"))
            elif spec in STATIC_MODULES and is_env_name(imported):
                # inlined by the build: `import { API_KEY } from "$env/static/private"`
                read = Read(imported, self.file, tokens[i].line, False, "javascript", scope="build")
                self.direct.append((i, read))
            elif spec in _PROCESS_MODULES:
                if imported == "env":
                    self.bind(local, EnvObject("javascript"))
            elif _local_spec(spec) or spec in _LIBRARY_READERS:
                self.bind(local, ImportRef(spec, imported))

    def export_statement(self, i: int) -> None:
        """`export default X`, `export { a, b as c }`, `export { x } from "s"`, `export * from "s"`
        (`export const x = ...` is a binding the assignment pass sees; it is exported here)."""
        tokens = self.tokens
        k = i + 1
        if is_id(tokens, k, "default"):
            value = self.value_at(k + 1)
            if value is not None:
                self.exports["default"] = value
            return
        if (
            is_id(tokens, k, "const", "let", "var")
            and is_id(tokens, k + 1)
            and is_op(tokens, k + 2, "=", ":")
        ):
            self.exports[tokens[k + 1].text] = _LocalRef(tokens[k + 1].text)
            return
        if is_op(tokens, k, "*") and is_id(tokens, k + 1, "from"):
            spec = literal(tokens, k + 2)
            if spec is not None and _local_spec(spec):
                self.stars.append(spec)
            return
        if is_id(tokens, k, "type"):
            return
        if not (is_op(tokens, k, "{") and k in self.match):
            return
        close = self.match[k]
        spec = literal(tokens, close + 2) if is_id(tokens, close + 1, "from") else None
        for start, end in self.segments(k):
            if not is_id(tokens, start) or end - start not in (1, 3):
                continue
            local = tokens[start].text
            exported = (
                tokens[start + 2].text if end - start == 3 and is_id(tokens, start + 1, "as") else local
            )
            if spec is None:
                self.exports[exported] = _LocalRef(local)
            elif _local_spec(spec):
                self.exports[exported] = ImportRef(spec, local)

    def bind(self, name: str, value: _Value) -> None:
        values = self.bindings.setdefault(name, [])
        if value not in values:
            values.append(value)

    def origins(self) -> dict[str, _Origin]:
        """What each binding holds once names are followed (`const config = env`): the first environment
        object or import among its values, a few steps of names deep."""
        found: dict[str, _Origin] = {}
        for _ in range(_MAX_CHAIN):
            changed = False
            for name, values in self.bindings.items():
                if name in found:
                    continue
                for value in values:
                    origin = _origin(value, found)
                    if origin is not None:
                        found[name] = origin
                        changed = True
                        break
            if not changed:
                break
        return found

    # --- reads through bindings ------------------------------------------------------------------------

    def alias_reads(self) -> tuple[list[Read], list[_Use]]:
        tokens = self.tokens
        origins = self.origins()
        reads: list[Read] = []
        uses: list[_Use] = []
        if not origins:
            return reads, uses
        self.aliases = frozenset(origins)
        for i, tok in enumerate(tokens):
            if tok.kind != ID or tok.text not in origins:
                continue
            if is_id(tokens, i - 1, "delete"):
                continue
            if is_op(tokens, i - 1, "."):
                receiver = i - 2
                if not (
                    is_id(tokens, receiver, "this")
                    or (is_id(tokens, receiver) and tokens[receiver].text in self.classes)
                ) or is_op(tokens, receiver - 1, "."):
                    continue
            origin = origins[tok.text]
            member = _member(tokens, i + 1)
            if member is None and _empty_fallback(tokens, i):
                member = _member(tokens, i + 5)  # `(env || {}).MULTITENANCY`: a read of env's member
            if member is None:
                if self.expression_end(i + 1):
                    if isinstance(origin, EnvObject):
                        self.destructured(i, origin)
                    else:
                        uses.extend(self.destructured(i, EnvObject("javascript"), origin))
                continue
            name, after = member
            has_default, default = _defaulted(tokens, after)
            # `this.toOptionalNumber(env.X) ?? 10`, `env.A ?? env.B ?? "b"`: as for process.env itself
            fallback = self.fallback(i - 2 if is_op(tokens, i - 1, ".") else i, after)
            computed = False
            if fallback is not None:
                has_default, default, computed = True, fallback.default, fallback.computed
            public = any(a <= i < b for a, b in self.public_fields())
            if isinstance(origin, ImportRef):
                if is_env_name(name) and not any(c.islower() for c in name):
                    use = _Use(origin, name, self.file, tok.line, has_default, default, computed, public)
                    uses.append(replace(use, constant=self.imported(fallback)))
                continue
            found = _member_reads(
                origin, name, self.file, tok.line, has_default, default, computed=computed, public=public
            )
            start = i - 2 if is_op(tokens, i - 1, ".") else i
            if found and _path_option(tokens, start):
                found[0] = replace(found[0], holds_path=True)
            if found and not has_default:  # `env.DEMO === "true"`: a switch
                found[0] = replace(found[0], compared_with=compared_with(tokens, start, after))
            if found and fallback is None:  # `firstDefined(flags.x, env.X, "d")`: a chain helper's argument
                found[0] = self.note_chained(start, after, found[0])
            if found:
                self.note_constant(found[0], fallback)
            reads.extend(found)
        return reads, uses

    def public_fields(self) -> list[tuple[int, int]]:
        """Where the initialisers of class fields declared public (`@Public`: sent to the browser) are."""
        if self.public is None:
            self.public = public_field_spans(self.tokens, self.match)
        return self.public

    def exported(self) -> _Exports | None:
        named: dict[str, _Origin] = {}
        origins = self.origins() if self.exports else {}
        wrappers = {e: self.readers[n] for e, n in self.exported_readers.items() if n in self.readers}
        for name, value in self.exports.items():
            if isinstance(value, _LocalRef) and value.name in self.readers:
                wrappers[name] = self.readers[value.name]
                continue
            origin = _origin(value, origins)
            if origin is not None:
                named[name] = origin
        if not named and not self.stars and not wrappers:
            return None
        return _Exports(named, list(self.stars), wrappers)

    def reader_calls(self) -> tuple[list[Read], list[_Call]]:
        """Calls of this file's env wrappers (reads), and of imported functions that may be ones (`getEnv(
        "DB_HOST")`, `config.getEnv("DB_HOST")` on a required module)."""
        tokens = self.tokens
        origins = self.origins()
        reads: list[Read] = []
        calls: list[_Call] = []
        if not self.readers and not any(isinstance(o, ImportRef) for o in origins.values()):
            return reads, calls
        for i, tok in enumerate(tokens):
            if tok.kind != ID or not is_op(tokens, i + 1, "(") or is_id(tokens, i - 1, "function"):
                continue
            ref: ImportRef | None = None
            if is_op(tokens, i - 1, "."):
                owner = origins.get(tokens[i - 2].text) if is_id(tokens, i - 2) else None
                if isinstance(owner, ImportRef) and owner.name == "default" and not is_op(tokens, i - 3, "."):
                    ref = ImportRef(owner.spec, tok.text)
            elif tok.text in self.readers:
                after = self.after_call(i + 1)
                compared = self.call_compared(i)
                for args in self.call_arguments(i + 1):
                    found = call_reads(self.readers[tok.text], args, self.file, tok.line, after)
                    reads.extend(_compared(r, compared) for r in found)
                continue
            else:
                origin = origins.get(tok.text)
                ref = origin if isinstance(origin, ImportRef) else None
            if ref is None:
                continue
            for args in self.call_arguments(i + 1):
                texts = [a.literal for a in args] + [
                    v for a in args for _, v in a.fields
                ]  # `f({prefix: "X"})`
                if any(t and is_env_name(t) and not any(c.islower() for c in t) for t in texts):
                    after = self.after_call(i + 1)
                    calls.append(_Call(ref, self.file, tok.line, tuple(args), after, self.call_compared(i)))
        return reads, calls

    def call_compared(self, i: int) -> str | None:
        """The literal the value of the call whose name is at i is compared with (js_compared.py)."""
        close = self.match.get(i + 1)
        start = i - 2 if is_op(self.tokens, i - 1, ".") else i
        return None if close is None else compared_with(self.tokens, start, close + 1)

    def after_call(self, opener: int) -> Argument | None:
        """The fallback chained after a call whose `(` is at opener (`f("X") ?? 3`), or after a conversion
        of it (`Number(f("X")) || 587`), as an argument."""
        close = self.match.get(opener)
        if close is None:
            return None
        if is_op(self.tokens, close + 1, "||", "??"):
            fallback = chain(self.tokens, self.match, close + 1)
        else:
            fallback = converted(self.tokens, self.match, opener - 1, close + 1)
        return None if fallback is None else Argument(fallback.default, fallback.computed)


_ENV_KEY_CONSTANT = re.compile(r"""\bconst\s+([A-Za-z_$][\w$]*)\s*=\s*["']env["']""")


def spelled_out(text: str) -> str:
    """`process["env"]`, or `process[ENV]` after `const ENV = 'env'` (a way around a bundler's filter), as
    `process.env`: the same object, on the same line."""
    if "process[" not in text:
        return text
    keys = ['"env"', "'env'", *_ENV_KEY_CONSTANT.findall(text)]
    for key in keys:
        text = text.replace(f"process[{key}]", "process.env")
    return text


def discover_javascript(text: str, file: str, project: JsProject | None = None) -> list[Read]:
    """The reads of one file. With a project, the file's exported environment objects are recorded and
    member reads on imported bindings wait for `project.resolve()`."""
    text = spelled_out(text)
    env_text = mentions_env(text)
    schema_text = declares_schema(text)
    if not (env_text or schema_text) and not (
        project is not None and any(t in text for t in _IMPORT_TRIGGERS)
    ):
        return []
    module = _Module(text, file)
    if env_text:
        module.direct_reads()
    if env_text or schema_text:
        module.read_schemas()
    module.bind_all()
    if env_text and "env" in text:
        env_names = frozenset(n for n, o in module.origins().items() if isinstance(o, EnvObject))
        module.readers, module.exported_readers = summarise(module.tokens, module.match, env_names=env_names)
    reads, uses = module.alias_reads()
    wrapped, calls = module.reader_calls()
    found = [read for _, read in module.direct] + module.schema.reads + reads + wrapped
    present = {id(read) for read in found}
    # reads whose default another module gives wait in the project (taken out of the file's own here)
    waiting: set[int] = set()
    if project is not None:
        waiting = module.schema.waiting_reads(
            present, project.schema_helpers, lambda call: module.helper_target(call, project)
        )
        constants = module.imported_constants(present)
        project.constant_reads.extend((read, file, ref) for read, ref in constants)
        waiting |= {id(read) for read, _ in constants}
        chains = [c for c in module.imported_chains(present) if id(c[0]) not in waiting]
        project.chain_reads.extend((read, file, ref, fallback) for read, ref, fallback in chains)
        waiting |= {id(read) for read, _, _ in chains}
    found = [read for read in found if id(read) not in waiting]
    if project is not None:
        exported = module.exported()
        if exported is not None:
            project.modules[file] = exported
        project.uses.extend((file, use) for use in uses)
        project.calls.extend(calls)
    unique: dict[tuple[str, int, str], Read] = {}
    for read in found:
        unique.setdefault((read.name, read.line, read.source), read)
    return list(unique.values())
