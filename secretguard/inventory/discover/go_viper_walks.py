"""viper bound by a reflective walk over a configuration struct's `mapstructure` tags.

viper's `Unmarshal` does not look up `AutomaticEnv` names for keys it was never told about, so projects walk
their configuration type with `reflect` and bind every tagged field (pomerium's `bindEnvsRecursive`, flipt's
`bindEnvVars`, the snippet of viper issue #188):

    func bindEnvs(t reflect.Type, v *viper.Viper, keyPrefix, envPrefix string) {
        for field := range t.Fields() {
            tag, ok := field.Tag.Lookup("mapstructure")
            ...
            v.BindEnv(keyPrefix+key, envPrefix+strings.ToUpper(key))   // explicit: DB_HOST
            v.BindEnv(strings.Join(append(parts, key), "."))           // a key: prefix and replacer apply
        }
    }
    bindEnvs(reflect.TypeFor[Options](), v, "", "")

A function whose body binds (`BindEnv`/`MustBindEnv`) while walking fields (`NumField`, `Fields()`,
`VisibleFields`) in a file that reads `mapstructure` tags is a binder. Its root is the type named where it is
called (`reflect.TypeFor[T]()`, `reflect.TypeOf(T{})`, `reflect.ValueOf(cfg)`, `&T{}`, a variable of type T),
or in the body of a function calling it. The walk follows what the binders do: a field without a tag (or
`"-"`) is left out; `,squash` (or an empty key) adds no key; a field whose type is a struct of the project
with tagged fields is walked under its key, any other field is one key. The values a package-level literal
or a constructor of the root type gives its fields are the defaults.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_fallbacks import constant_ref
from secretguard.inventory.discover.go_flags import flag_default_spans
from secretguard.inventory.discover.go_prefill import FieldValue, constructed, package_literals
from secretguard.inventory.discover.go_structs import MAX_DEPTH, field_segments, struct_tag
from secretguard.inventory.discover.lexer import STR, Token, is_id, is_op, span_literal, split_arguments

TRIGGER = "mapstructure"
_WALKS = re.compile(r"\bNumField\s*\(|\.\s*Fields\s*\(\s*\)|\bVisibleFields\s*\(")
_BINDS = ("BindEnv", "MustBindEnv")

FileTokens = Callable[[str], tuple[list[Token], dict[int, int]]]
PackageFolders = Callable[[str], list[str]]
LiteralConstant = Callable[[str, str | None, str], str | None]


@dataclass(frozen=True, slots=True)
class WalkedKey:
    """One key a binder binds: the `mapstructure` keys from the root (squashed structs add none)."""

    parts: tuple[str, ...]
    explicit: bool  # `BindEnv(key, NAME)`: NAME is the parts upper-cased, joined with `_`
    file: str  # the field's tag
    line: int
    caller: str  # the file naming the root type
    viper: str | None  # the viper variable given to the binder there; None: the global one
    default: str | None
    computed: bool  # the root's constructor sets the field to an expression

    @property
    def key(self) -> str:
        return ".".join(self.parts)

    @property
    def name(self) -> str:
        return "_".join(self.parts).upper()


@dataclass(frozen=True, slots=True)
class TypeRef:
    qualifier: str | None  # `pkg` of `pkg.T`
    name: str
    args: tuple[TypeRef, ...] = ()  # a generic's type arguments: `Method[TokenConfig]`


@dataclass(slots=True)
class _StructType:
    params: tuple[str, ...]  # a generic's type parameters: `type Method[C Provider] struct`
    fields: list[_Field]


@dataclass(slots=True)
class Resolved:
    """A struct type as one field uses it: its package, fields and what its type parameters stand for."""

    folder: str
    fields: list[_Field]
    bindings: dict[str, Resolved]


@dataclass(slots=True)
class _Field:
    name: str | None  # None: embedded
    type_ref: TypeRef | None  # None: not a named type (map, slice, func)
    inline: list[_Field] | None
    tags: dict[str, str]
    line: int
    file: str
    pointer: bool = False  # `*T`: a walk that checks `Kind() == reflect.Struct` binds it as one key
    keyed: bool = False  # a map: its entries named by the environment's own keys


@dataclass(slots=True)
class _Binder:
    name: str
    function: GoFunction
    explicit: bool
    pointers: bool  # follows pointers (`reflect.Pointer` ... `Elem()`) into the structs they point to
    tag: str = TRIGGER  # the tag naming each field's key: `mapstructure`, or the one read (`Tag.Get("cfg")`)


@dataclass
class StructWalk:
    texts: dict[str, str]
    file_tokens: FileTokens
    package_folders: PackageFolders
    literal_constant: LiteralConstant
    _structs: dict[str, dict[str, _StructType]] = field(default_factory=dict)
    _defaults: dict[tuple[str, str], dict[tuple[str, ...], tuple[str | None, bool]]] = field(
        default_factory=dict
    )

    def type_defaults(self, folder: str, type_name: str) -> dict[tuple[str, ...], tuple[str | None, bool]]:
        """struct_defaults, once per type."""
        if (folder, type_name) not in self._defaults:
            self._defaults[(folder, type_name)] = struct_defaults(self, folder, type_name)
        return self._defaults[(folder, type_name)]

    def structs(self, folder: str) -> dict[str, _StructType]:
        """The struct types of the package in folder, fields with their written types."""
        if folder not in self._structs:
            found: dict[str, _StructType] = {}
            for file, text in self.texts.items():
                if posixpath.dirname(file) != folder or file.endswith("_test.go") or "struct" not in text:
                    continue
                tokens, match = self.file_tokens(file)
                for i in range(len(tokens) - 3):
                    if not (
                        is_id(tokens, i + 1) and (is_id(tokens, i, "type") or _line_start(tokens, i + 1))
                    ):
                        continue
                    j = i + 2
                    params: tuple[str, ...] = ()
                    if is_op(tokens, j, "[") and j in match:  # `type Method[C Provider] struct`
                        params = _type_params(tokens, j, match[j])
                        j = match[j] + 1
                    if is_id(tokens, j, "struct") and is_op(tokens, j + 1, "{") and j + 1 in match:
                        fields = _fields(tokens, match, j + 1, file, 0)
                        found.setdefault(tokens[i + 1].text, _StructType(params, fields))
            self._structs[folder] = found
        return self._structs[folder]

    def resolve(self, folder: str, ref: TypeRef, bindings: dict[str, Resolved]) -> Resolved | None:
        """A named struct type as the package in folder names it (a type parameter: what it stands for)."""
        if ref.qualifier is None and ref.name in bindings:
            return bindings[ref.name]
        folders = [folder] if ref.qualifier is None else self.package_folders(ref.qualifier)
        hits = [(d, self.structs(d)[ref.name]) for d in folders if ref.name in self.structs(d)]
        if len(hits) != 1:
            return None
        found_in, struct = hits[0]
        inner: dict[str, Resolved] = {}
        for param, arg in zip(struct.params, ref.args, strict=False):
            resolved = self.resolve(folder, arg, bindings)
            if resolved is not None:
                inner[param] = resolved
        return Resolved(found_in, struct.fields, inner)

    def tagged(self, res: Resolved, depth: int = 0, tag: str = TRIGGER) -> bool:
        """Whether a struct has a field with the tag (`mapstructure`; its own, or an embedded one's)."""
        for f in res.fields:
            if tag in f.tags:
                return True
            if depth < MAX_DEPTH and f.name is None and f.type_ref is not None:
                inner = self.resolve(res.folder, f.type_ref, res.bindings)
                if inner is not None and self.tagged(inner, depth + 1, tag):
                    return True
        return False


def walked_keys(
    texts: dict[str, str],
    file_tokens: FileTokens,
    package_folders: PackageFolders,
    literal_constant: LiteralConstant,
) -> list[WalkedKey]:
    """Every key the project's reflective binders bind, from each root they are given."""
    binders = _binders(texts, file_tokens)
    if not binders:
        return []
    walk = StructWalk(texts, file_tokens, package_folders, literal_constant)
    out: list[WalkedKey] = []
    seen: set[tuple[str, str, bool]] = set()
    names = {b.name for b in binders}
    for file, text in texts.items():
        if file.endswith("_test.go") or not any(n in text for n in names):
            continue
        tokens, match = file_tokens(file)
        folder = posixpath.dirname(file)
        for func in functions(tokens, match, file).values():
            start, end = func.body
            calls = [
                (k, b)
                for k in range(start, end)
                for b in binders
                if is_id(tokens, k, b.name) and is_op(tokens, k + 1, "(") and b.function.body != func.body
            ]
            if not calls:
                continue
            own = next((b for b in binders if b.function.file == file and b.function.body == func.body), None)
            viper = _viper_arg(tokens, match, calls[0][0] + 1)
            tag = own.tag if own is not None else calls[0][1].tag
            roots = [(folder, ref) for ref in _roots(tokens, match, start, end)]
            if not roots and own is None:  # `registerFlags(v, "", fs, into)`: the root comes from the callers
                binder = calls[0][1]
                roots = _handed_roots(
                    texts, file_tokens, walk, file, func, calls[0][0], binder, tokens, match
                )
            for at, ref in roots:
                resolved = walk.resolve(at, ref, {})
                if resolved is None or not walk.tagged(resolved, tag=tag):
                    continue
                explicit = own.explicit if own is not None else any(b.explicit for _, b in calls)
                pointers = any(b.pointers for _, b in calls) or (own is not None and own.pointers)
                if (ref_key := (f"{resolved.folder}/{ref.name}", file, explicit)) in seen:
                    continue
                seen.add(ref_key)
                defaults = walk.type_defaults(resolved.folder, ref.name)
                flags = _folder_flags(walk, file_tokens, resolved.folder) if tag != TRIGGER else {}
                ctx = WalkContext(
                    explicit, pointers, file, viper, tag=tag, internal=tag != TRIGGER, flags=flags
                )
                out.extend(walk_fields(walk, resolved, (), (), defaults, ctx))
    return out


def _handed_roots(
    texts: dict[str, str],
    file_tokens: FileTokens,
    walk: StructWalk,
    file: str,
    func: GoFunction,
    call: int,
    binder: _Binder,
    tokens: list[Token],
    match: dict[int, int],
) -> list[tuple[str, TypeRef]]:
    """The types a function hands the binder through one of its own parameters (`Load(..., into
    interface{})` calling `registerFlags(v, "", flagSet, into)`): at each call of the function in the
    project (`options.Load(config, fs, opts)`), the declared type of the argument there (`opts :=
    options.NewOptions()` gives the constructor's result type)."""
    args = split_arguments(tokens, call + 1, match.get(call + 1, call + 1))
    reflected = _reflected_param(file_tokens, binder)
    if reflected is None or reflected >= len(args):
        return []
    a, b = args[reflected]
    name = _function_name(tokens, func)
    if b - a != 1 or tokens[a].text not in func.params or name is None:
        return []
    position = func.params.index(tokens[a].text)
    folder = posixpath.dirname(file)
    package = _package_name(texts.get(file, ""))
    out: list[tuple[str, TypeRef]] = []
    for other, text in texts.items():
        if other.endswith("_test.go") or f"{name}(" not in text:
            continue
        same = posixpath.dirname(other) == folder
        if not same and (package is None or f"{package}.{name}(" not in text):
            continue
        o_tokens, o_match = file_tokens(other)
        o_folder = posixpath.dirname(other)
        for caller in functions(o_tokens, o_match, other).values():
            start, end = caller.body
            for k in range(start, end):
                if not (is_id(o_tokens, k, name) and is_op(o_tokens, k + 1, "(")):
                    continue
                qualified = is_op(o_tokens, k - 1, ".") and is_id(o_tokens, k - 2, package or "")
                if not (qualified or (same and not is_op(o_tokens, k - 1, "."))):
                    continue
                given = split_arguments(o_tokens, k + 1, o_match.get(k + 1, k + 1))
                if position >= len(given) or given[position][1] - given[position][0] != 1:
                    continue
                var = o_tokens[given[position][0]].text
                ref = _declared(o_tokens, var, start, end) or _constructed_type(
                    walk, o_tokens, var, start, end, o_folder
                )
                if ref is not None and (o_folder, ref) not in out:
                    out.append((o_folder, ref))
    return out


def _folder_flags(walk: StructWalk, file_tokens: FileTokens, folder: str) -> dict[str, str | None]:
    """The defaults of the flags the package in folder defines (`fs.Bool("reverse-proxy", false, ...)`)."""
    out: dict[str, str | None] = {}
    for file, text in walk.texts.items():
        if posixpath.dirname(file) == folder and not file.endswith("_test.go") and "flag" in text:
            tokens, match = file_tokens(file)
            for name, (start, end) in flag_default_spans(tokens, match).items():
                value = span_literal(tokens, start, end)
                if (
                    value is None
                    and end - start == 6
                    and is_op(tokens, start, "[")
                    and tokens[start + 4].kind == STR
                ):
                    value = tokens[start + 4].text  # `[]string{"aud"}`: a list of one, its text
                out.setdefault(name, value)
    return out


def _reflected_param(file_tokens: FileTokens, binder: _Binder) -> int | None:
    """Which of the binder's parameters it walks: the one given to `reflect.ValueOf`/`TypeOf`."""
    tokens, _ = file_tokens(binder.function.file)
    start, end = binder.function.body
    for k in range(start, end - 4):
        if (
            is_id(tokens, k, "reflect")
            and is_op(tokens, k + 1, ".")
            and is_id(tokens, k + 2, "ValueOf", "TypeOf", "Indirect")
            and is_op(tokens, k + 3, "(")
            and is_id(tokens, k + 4)
            and tokens[k + 4].text in binder.function.params
        ):
            return binder.function.params.index(tokens[k + 4].text)
    return None


def _function_name(tokens: list[Token], func: GoFunction) -> str | None:
    """The declared name of the function whose body opens at func.body[0]."""
    k = func.body[0]
    while k > 0 and not is_id(tokens, k, "func"):
        k -= 1
    # `func (o *T) Name(`: a method, called through a value of some type (None)
    return tokens[k + 1].text if is_id(tokens, k + 1) else None


_PACKAGE = re.compile(r"(?m)^package\s+(\w+)")


def _package_name(text: str) -> str | None:
    found = _PACKAGE.search(text)
    return found.group(1) if found is not None else None


def _constructed_type(
    walk: StructWalk, tokens: list[Token], var: str, start: int, end: int, folder: str
) -> TypeRef | None:
    """`opts := options.NewOptions()` (or `NewOptions()`): the struct the constructor returns a pointer to or
    a value of, qualified as the caller names its package."""
    for i in range(start, end - 3):
        if not (is_id(tokens, i, var) and is_op(tokens, i + 1, ":=", "=") and not is_op(tokens, i - 1, ".")):
            continue
        j = i + 2
        qualifier = None
        if is_id(tokens, j) and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2):
            qualifier, j = tokens[j].text, j + 2
        if not (is_id(tokens, j) and is_op(tokens, j + 1, "(")):
            return None
        folders = [folder] if qualifier is None else walk.package_folders(qualifier)
        for d in folders:
            returned = _constructor_result(walk.texts, d, tokens[j].text)
            if returned is not None:
                return TypeRef(qualifier, returned)
        return None
    return None


def _constructor_result(texts: dict[str, str], folder: str, name: str) -> str | None:
    """The type name `func name(...) *T {` (or `T`) of the package in folder returns."""
    declared = re.compile(rf"(?m)^func\s+{re.escape(name)}\s*\([^)]*\)\s*\*?(\w+)\s*\{{")
    for file, text in texts.items():
        if posixpath.dirname(file) == folder and not file.endswith("_test.go"):
            found = declared.search(text)
            if found is not None:
                return found.group(1)
    return None


@dataclass(frozen=True, slots=True)
class WalkContext:
    explicit: bool
    pointers: bool
    caller: str
    viper: str | None
    tag: str = TRIGGER  # the tag naming each field's key
    leaves: frozenset[str] = frozenset()  # types decoding themselves from one variable: never walked into
    skip_maps: bool = False  # a map's entries are named by the environment's keys: no name of their own
    internal: bool = False  # a project's own tag: `,internal` marks a field no user sets
    # `flag:"cookie-secret"` -> the flag's default, for walks binding each field's flag (`BindPFlag`): what
    # viper falls back to for the key, over what the struct's constructor set
    flags: dict[str, str | None] = field(default_factory=dict)


def walk_fields(
    walk: StructWalk,
    res: Resolved,
    parts: tuple[str, ...],
    path: tuple[str, ...],
    defaults: dict[tuple[str, ...], tuple[str | None, bool]],
    ctx: WalkContext,
    depth: int = 0,
) -> list[WalkedKey]:
    out: list[WalkedKey] = []
    for f in res.fields:
        tag = f.tags.get(ctx.tag)
        if tag is None or tag == "-" or (ctx.skip_maps and f.keyed):
            continue
        key, _, options = tag.partition(",")
        if ctx.internal and "internal" in options.split(","):
            continue  # `cfg:",internal"`: exported for the code, never bound
        go_path = (*path, f.name or (f.type_ref.name if f.type_ref else ""))
        inner_parts = parts if (not key or "squash" in options.split(",")) else (*parts, key)
        nested: Resolved | None = None
        if f.inline is not None:
            nested = Resolved(res.folder, f.inline, res.bindings)
        elif f.type_ref is not None and (ctx.pointers or not f.pointer):
            nested = walk.resolve(res.folder, f.type_ref, res.bindings)
        leaf = f.type_ref is not None and f.type_ref.name in ctx.leaves
        if depth < MAX_DEPTH and nested is not None and not leaf and walk.tagged(nested, tag=ctx.tag):
            inner = defaults
            if f.type_ref is not None and f.type_ref.name not in res.bindings:  # the type's own defaults
                own = walk.type_defaults(nested.folder, f.type_ref.name)
                inner = {**{(*go_path, *p): v for p, v in own.items()}, **defaults}
            out.extend(walk_fields(walk, nested, inner_parts, go_path, inner, ctx, depth + 1))
            continue
        if not key or (nested is not None and not nested.fields):  # `struct{}`: nothing to set
            continue
        default, computed = defaults.get(go_path, (None, False))
        flagged = ctx.flags.get(f.tags.get("flag", "")) if ctx.flags else None
        if flagged is not None:
            default, computed = flagged, False
        out.append(
            WalkedKey((*parts, key), ctx.explicit, f.file, f.line, ctx.caller, ctx.viper, default, computed)
        )
    return out


def _binders(texts: dict[str, str], file_tokens: FileTokens) -> list[_Binder]:
    """Functions walking a struct's fields by reflection and binding each tagged one: `BindEnv` (its key, or
    an explicit name), or `BindPFlag(key, flag)` (the key, which `AutomaticEnv` then reads)."""
    out: list[_Binder] = []
    for file, text in texts.items():
        if (
            file.endswith("_test.go")
            or ("BindEnv" not in text and "BindPFlag" not in text)
            or (TRIGGER not in text and _TAG_READ.search(text) is None)
            or not _WALKS.search(text)
        ):
            continue
        tokens, match = file_tokens(file)
        for name, func in functions(tokens, match, file).items():
            start, end = func.body
            walks = any(_walk_call(tokens, k) for k in range(start, end))
            binds = [k for k in range(start, end) if _bind_call(tokens, k)]
            if not (walks and binds):
                continue
            # the tag it names keys by: `mapstructure` when it reads that one (beside `Tag.Get("x")`),
            # else the first it reads (`cfg` before `flag`)
            read = _TAG_READ.findall(_span_text(tokens, start, end))
            tag = TRIGGER if TRIGGER in read or not read else read[0]
            if tag == TRIGGER and TRIGGER not in text:
                continue
            arity = [
                len(split_arguments(tokens, k + 1, match.get(k + 1, k + 1)))
                for k in binds
                if tokens[k].text in _BINDS
            ]
            follows = any(
                is_id(tokens, k, "Ptr", "Pointer") and is_op(tokens, k - 1, ".") for k in range(start, end)
            )
            out.append(_Binder(name, func, explicit=max(arity, default=0) >= 2, pointers=follows, tag=tag))
    return out


# `field.Tag.Get("cfg")`, `f.Tag.Lookup("env")`: the tag a walk names each field's key by.
_TAG_READ = re.compile(r"\bTag\s*\.\s*(?:Get|Lookup)\s*\(\s*\"(\w+)\"")


def _span_text(tokens: list[Token], start: int, end: int) -> str:
    return "".join(f'"{t.text}"' if t.kind == STR else t.text for t in tokens[start:end])


def _walk_call(tokens: list[Token], k: int) -> bool:
    return (is_id(tokens, k, "NumField", "VisibleFields") and is_op(tokens, k + 1, "(")) or (
        is_op(tokens, k, ".") and is_id(tokens, k + 1, "Fields") and is_op(tokens, k + 2, "(")
    )


def _bind_call(tokens: list[Token], k: int) -> bool:
    return is_op(tokens, k - 1, ".") and is_id(tokens, k, *_BINDS, "BindPFlag") and is_op(tokens, k + 1, "(")


def _viper_arg(tokens: list[Token], match: dict[int, int], open_: int) -> str | None:
    """The viper variable a binder call is given (`bindEnvs(v, ...)`); None for the global one."""
    for a, b in split_arguments(tokens, open_, match.get(open_, open_)):
        if b - a == 1 and is_id(tokens, a) and tokens[a].text != "viper":
            name = tokens[a].text
            if _is_viper(tokens, name):
                return name
    return None


def _is_viper(tokens: list[Token], name: str) -> bool:
    """`v := viper.New()`, `v = viper.New()` or a parameter `v *viper.Viper` in the file."""
    for i in range(len(tokens) - 4):
        if not is_id(tokens, i, name):
            continue
        if is_op(tokens, i + 1, ":=", "=") and is_id(tokens, i + 2, "viper") and is_id(tokens, i + 4, "New"):
            return True
        if is_op(tokens, i + 1, "*") and is_id(tokens, i + 2, "viper") and is_id(tokens, i + 4, "Viper"):
            return True
    return False


def _roots(tokens: list[Token], match: dict[int, int], start: int, end: int) -> list[TypeRef]:
    """Types a function names for a reflective walk: `reflect.TypeFor[T]()`, `reflect.TypeOf(T{})`,
    `reflect.TypeOf(&T{})`, `reflect.TypeOf((*T)(nil))`, `reflect.ValueOf(cfg)` (cfg's declared type)."""
    out: list[TypeRef] = []
    for k in range(start, end - 4):
        if not (is_id(tokens, k, "reflect") and is_op(tokens, k + 1, ".")):
            continue
        if is_id(tokens, k + 2, "TypeFor") and is_op(tokens, k + 3, "["):
            ref = _type_at(tokens, k + 4)
        elif is_id(tokens, k + 2, "TypeOf", "ValueOf", "Indirect") and is_op(tokens, k + 3, "("):
            ref = value_type(tokens, match, k + 4, start, end)
        else:
            continue
        if ref is not None and ref not in out:
            out.append(ref)
    return out


def _type_at(tokens: list[Token], k: int) -> TypeRef | None:
    """`T` or `pkg.T` at k."""
    while is_op(tokens, k, "*", "&", "("):
        k += 1
    if is_id(tokens, k) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2):
        return TypeRef(tokens[k].text, tokens[k + 2].text)
    if is_id(tokens, k) and tokens[k].text not in ("new", "nil", "struct", "map", "interface"):
        return TypeRef(None, tokens[k].text)
    return None


def value_type(tokens: list[Token], match: dict[int, int], k: int, start: int, end: int) -> TypeRef | None:
    """The type of the value at k: a composite literal `T{}` / `&T{}`, `new(T)`, `(*T)(nil)`, or a variable
    declared in the function (`cfg := &T{}`, `var cfg T`, a parameter `cfg *T`)."""
    if is_id(tokens, k, "new") and is_op(tokens, k + 1, "("):
        return _type_at(tokens, k + 2)
    if is_op(tokens, k, "(") and is_op(tokens, k + 1, "*"):
        return _type_at(tokens, k + 2)
    j = k + 1 if is_op(tokens, k, "&") else k
    ref = _type_at(tokens, j)
    if ref is None:
        return None
    width = 1 if ref.qualifier is None else 3
    if is_op(tokens, j + width, "{"):
        return ref
    if ref.qualifier is not None or not is_op(tokens, j + 1, ")", "."):
        return None
    return _declared(tokens, ref.name, start, end)


def _declared(tokens: list[Token], var: str, start: int, end: int) -> TypeRef | None:
    """The type a variable is declared with in the function whose body is tokens[start:end], or among its
    parameters just before it."""
    head = start
    while head > 0 and not is_id(tokens, head, "func"):
        head -= 1
    for i in range(head, end):
        if not is_id(tokens, i, var) or is_op(tokens, i - 1, "."):
            continue
        j = i + 1
        if is_op(tokens, j, ":=", "="):
            j += 1
            if is_id(tokens, j, "new") and is_op(tokens, j + 1, "("):
                return _type_at(tokens, j + 2)
            if is_op(tokens, j, "&"):
                j += 1
            ref = _type_at(tokens, j)
            width = 1 if ref is None or ref.qualifier is None else 3
            return ref if ref is not None and is_op(tokens, j + width, "{") else None
        if i < start or is_id(tokens, i - 1, "var"):
            ref = _type_at(tokens, j)
            if ref is not None:
                return ref
    return None


def struct_defaults(
    walk: StructWalk, folder: str, type_name: str
) -> dict[tuple[str, ...], tuple[str | None, bool]]:
    """Field path (Go names) -> (literal, set to an expression) from the root's constructors and package-level
    literals."""
    values: dict[tuple[str, ...], FieldValue] = dict(package_literals(walk.texts, folder, type_name))
    for path, value in constructed(walk.texts, folder, type_name).items():
        values.setdefault(path, value)
    for path, value in _defaulting_methods(walk, folder, type_name).items():
        values.setdefault(path, value)
    out: dict[tuple[str, ...], tuple[str | None, bool]] = {}
    for path, value in values.items():
        literal = span_literal(value.tokens, value.start, value.end)
        if (  # a conversion of one literal: `LogDestination("stdout")`, `StringSize(1472)`
            literal is None
            and value.end - value.start == 4
            and is_id(value.tokens, value.start)
            and is_op(value.tokens, value.start + 1, "(")
            and is_op(value.tokens, value.end - 1, ")")
        ):
            literal = span_literal(value.tokens, value.start + 2, value.start + 3)
        if literal is None and (ref := constant_ref(value.tokens, value.start, value.end)) is not None:
            literal = walk.literal_constant(folder, *ref)
        out[path] = (literal, literal is None)
    return out


def _defaulting_methods(walk: StructWalk, folder: str, type_name: str) -> dict[tuple[str, ...], FieldValue]:
    """Field path -> value a method of the type named for defaults sets at its body's own level
    (`func (conf *Conf) setDefaults() { conf.LogLevel = "info"; conf.API.Address = ":9997" }`)."""
    out: dict[tuple[str, ...], FieldValue] = {}
    for file in sorted(walk.texts):
        if (
            posixpath.dirname(file) != folder
            or file.endswith("_test.go")
            or type_name not in walk.texts[file]
        ):
            continue
        tokens, match = walk.file_tokens(file)
        for i in range(len(tokens) - 8):
            if not (
                is_id(tokens, i, "func")
                and is_op(tokens, i + 1, "(")
                and is_id(tokens, i + 2)
                and (
                    is_id(tokens, i + 3, type_name)
                    or (is_op(tokens, i + 3, "*") and is_id(tokens, i + 4, type_name))
                )
            ):
                continue
            close = match.get(i + 1, i + 1)
            name_at = close + 1
            if not (is_id(tokens, name_at) and "default" in tokens[name_at].text.lower()):
                continue
            receiver = tokens[i + 2].text
            brace = next(
                (k for k in range(name_at, min(name_at + 12, len(tokens))) if is_op(tokens, k, "{")), None
            )
            if brace is None or brace not in match:
                continue
            k = brace + 1
            while k < match[brace]:
                if is_id(tokens, k, receiver) and _line_start(tokens, k) and is_op(tokens, k + 1, "."):
                    path: list[str] = []
                    j = k + 1
                    while is_op(tokens, j, ".") and is_id(tokens, j + 1):
                        path.append(tokens[j + 1].text)
                        j += 2
                    if path and is_op(tokens, j, "="):
                        end = j + 1
                        while end < match[brace] and tokens[end].line == tokens[j].line:
                            end += 1
                        out.setdefault(tuple(path), FieldValue(tokens, j + 1, end))
                if is_op(tokens, k, "{", "(", "[") and k in match and k != brace:
                    k = match[k]  # an `if`'s body: not set on every path
                k += 1
    return out


def _line_start(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].line < tokens[i].line


def _fields(tokens: list[Token], match: dict[int, int], brace: int, file: str, depth: int) -> list[_Field]:
    out: list[_Field] = []
    for first, last in field_segments(tokens, brace + 1, match.get(brace, brace)):
        end = last
        tags: dict[str, str] = {}
        if end - 1 > first and tokens[end - 1].kind == STR:
            tags = struct_tag(tokens[end - 1].text)
            end -= 1
        line = tokens[first].line
        j = first + 1 if is_op(tokens, first, "*") else first
        embedded = _named_type(tokens, match, j, end)
        if embedded is not None:  # embedded `Base`, `*Base`, `pkg.Base`
            out.append(_Field(None, embedded, None, tags, line, file, j > first))
            continue
        names: list[str] = []
        k = first
        while k < end and is_id(tokens, k):
            names.append(tokens[k].text)
            if not is_op(tokens, k + 1, ","):
                k += 1
                break
            k += 2
        if not names or k >= end:
            continue
        pointer = is_op(tokens, k, "*")
        while is_op(tokens, k, "*"):
            k += 1
        type_ref: TypeRef | None = None
        inline: list[_Field] | None = None
        if is_id(tokens, k, "struct") and is_op(tokens, k + 1, "{") and depth < MAX_DEPTH:
            inline = _fields(tokens, match, k + 1, file, depth + 1)
        else:
            type_ref = _named_type(tokens, match, k, end)
        keyed = is_id(tokens, k, "map")
        out.extend(_Field(n, type_ref, inline, tags, line, file, pointer, keyed) for n in names)
    return out


def _named_type(tokens: list[Token], match: dict[int, int], k: int, end: int) -> TypeRef | None:
    """The named type tokens[k:end] is: `T`, `pkg.T`, `T[A, pkg.B]`; None for anything else."""
    qualifier: str | None = None
    if is_id(tokens, k) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2):
        qualifier = tokens[k].text
        k += 2
    if not is_id(tokens, k) or tokens[k].text in ("map", "func", "chan", "interface", "struct"):
        return None
    if k + 1 == end:
        return TypeRef(qualifier, tokens[k].text)
    if is_op(tokens, k + 1, "[") and match.get(k + 1) == end - 1:
        args: list[TypeRef] = []
        for a, b in split_arguments(tokens, k + 1, end - 1):
            arg = _named_type(tokens, match, a + 1 if is_op(tokens, a, "*") else a, b)
            if arg is None:
                return None
            args.append(arg)
        return TypeRef(qualifier, tokens[k].text, tuple(args))
    return None


def _type_params(tokens: list[Token], open_: int, close: int) -> tuple[str, ...]:
    """`[C Provider, T any]` -> ("C", "T"); `[A, B any]` -> ("A", "B")."""
    return tuple(tokens[a].text for a, _ in split_arguments(tokens, open_, close) if is_id(tokens, a))
