"""Go: a configuration loader of the project's own that walks a struct by reflection and reads each field
from the variable its prefix and tag name (mediamtx's `internal/conf/env`):

    func loadEnvInternal(env map[string]string, prefix string, prv reflect.Value) error {
        ...
        case reflect.Struct:
            for i := range rt.NumField() {
                f := rt.Field(i)
                jsonTag := f.Tag.Get("json")
                err := loadEnvInternal(env, prefix+"_"+strings.ToUpper(jsonTag), prv.Elem().Field(i))
        ...
    }
    env.Load("MTX", conf)           // MTX_LOGLEVEL, MTX_PATHDEFAULTS_RECORD, ...

A walker is a function of a package that reads the environment (`os.Environ`, `os.Getenv`,
`os.LookupEnv`), whose body walks fields (`NumField`, `Fields()`), takes a tag (`Tag.Get("json")`) and calls
itself with the prefix joined to the upper-cased tag by `"_"`. Its entry points are the package's functions
reaching it; a call of one with a literal prefix (`"MTX"`) and a value of a struct type of the project is a
root. Each tagged field is the variable `PREFIX_TAG`; a field whose type is a struct with tagged fields is
walked under its own name, unless the type decodes itself (a method the walker calls on it, such as
`UnmarshalEnv`). Maps and lists (names built from the environment's own keys) are left out.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_viper_walks import (
    FileTokens,
    LiteralConstant,
    PackageFolders,
    StructWalk,
    WalkContext,
    WalkedKey,
    value_type,
    walk_fields,
)
from secretguard.inventory.discover.lexer import STR, Token, is_id, is_op, literal, split_arguments

TRIGGER = "Tag."
TAG_CALL = re.compile(r"""\bTag\s*\.\s*(?:Get|Lookup)\s*\(\s*"(\w+)"\s*\)""")
_ENV_ACCESS = re.compile(r"\bos\s*\.\s*(?:Environ|Getenv|LookupEnv)\s*\(")
FIELD_WALK = re.compile(r"\bNumField\s*\(|\.\s*Fields\s*\(\s*\)")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class _Walker:
    folder: str
    tag: str
    entries: frozenset[str]  # functions of the package reaching the walker
    leaves: frozenset[str]  # methods the walker calls on a value that decodes itself (`UnmarshalEnv`)
    leaf_types: frozenset[str]  # the project's types with one of those methods: never walked into


def prefix_walked_keys(
    texts: dict[str, str],
    file_tokens: FileTokens,
    package_folders: PackageFolders,
    literal_constant: LiteralConstant,
) -> list[WalkedKey]:
    """Every variable a project's own reflective prefix loader reads, from each root it is given."""
    walkers = _walkers(texts, file_tokens)
    if not walkers:
        return []
    walk = StructWalk(texts, file_tokens, package_folders, literal_constant)
    out: list[WalkedKey] = []
    seen: set[tuple[str, str, str]] = set()
    for file, text in texts.items():
        if file.endswith("_test.go") or not any(e in text for w in walkers for e in w.entries):
            continue
        tokens, match = file_tokens(file)
        folder = posixpath.dirname(file)
        for func in functions(tokens, match, file).values():
            start, end = func.body
            for k in range(start, end):
                walker = _entry_call(tokens, k, folder, walkers, package_folders)
                if walker is None:
                    continue
                args = split_arguments(tokens, k + 1, match.get(k + 1, k + 1))
                prefix = next((p for a, b in args if b - a == 1 and (p := literal(tokens, a))), None)
                if prefix is None or not _PREFIX.match(prefix):
                    continue
                for a, _b in args:
                    ref = value_type(tokens, match, a, start, end)
                    resolved = walk.resolve(folder, ref, {}) if ref is not None else None
                    if resolved is None or not walk.tagged(resolved, tag=walker.tag):
                        continue
                    if (at := (f"{resolved.folder}/{ref.name}" if ref else "", prefix, file)) in seen:
                        continue
                    seen.add(at)
                    ctx = WalkContext(True, True, file, None, walker.tag, walker.leaf_types, skip_maps=True)
                    defaults = walk.type_defaults(resolved.folder, ref.name if ref else "")
                    out.extend(walk_fields(walk, resolved, (prefix,), (), defaults, ctx))
                    break
    return out


def _entry_call(
    tokens: list[Token], k: int, folder: str, walkers: list[_Walker], package_folders: PackageFolders
) -> _Walker | None:
    """The walker a call at k reaches: `env.Load(` of the walker's package, or `Load(` inside it."""
    if not (is_id(tokens, k) and is_op(tokens, k + 1, "(")):
        return None
    name = tokens[k].text
    qualified = is_op(tokens, k - 1, ".") and is_id(tokens, k - 2)
    for walker in walkers:
        if name not in walker.entries:
            continue
        if qualified and walker.folder in package_folders(tokens[k - 2].text) and name[:1].isupper():
            return walker
        if not qualified and folder == walker.folder:
            return walker
    return None


def _walkers(texts: dict[str, str], file_tokens: FileTokens) -> list[_Walker]:
    out: list[_Walker] = []
    folders: dict[str, list[str]] = {}
    for file in texts:
        if file.endswith(".go") and not file.endswith("_test.go"):
            folders.setdefault(posixpath.dirname(file), []).append(file)
    for folder, files in folders.items():
        candidates = [
            f for f in files if TRIGGER in texts[f] and FIELD_WALK.search(texts[f]) and "ToUpper" in texts[f]
        ]
        if not candidates or not any(_ENV_ACCESS.search(texts[f]) for f in files):
            continue
        funcs: dict[str, GoFunction] = {}
        for f in files:
            tokens, match = file_tokens(f)
            funcs.update(functions(tokens, match, f))
        for name, func in funcs.items():
            if func.file not in candidates:
                continue
            tokens, _ = file_tokens(func.file)
            body = _body_text(tokens, func)
            tag = TAG_CALL.search(body)
            if tag is None or not FIELD_WALK.search(body) or not _recurses_with_prefix(tokens, func, name):
                continue
            leaves = frozenset(re.findall(r"\.\s*(Unmarshal\w+)\s*\(", body))
            reaching = _reaching(funcs, file_tokens, name)
            out.append(_Walker(folder, tag.group(1), reaching, leaves, _leaf_types(texts, leaves)))
    return out


def _body_text(tokens: list[Token], func: GoFunction) -> str:
    start, end = func.body
    return " ".join(f'"{t.text}"' if t.kind == STR else t.text for t in tokens[start:end])


def _recurses_with_prefix(tokens: list[Token], func: GoFunction, name: str) -> bool:
    """The function calls itself with an argument joining `"_"` and an upper-cased name."""
    start, end = func.body
    for k in range(start, end - 1):
        if is_id(tokens, k, name) and is_op(tokens, k + 1, "(") and not is_op(tokens, k - 1, "."):
            j = k + 2
            depth = 1
            found_sep = found_upper = False
            while j < end and depth:
                if is_op(tokens, j, "("):
                    depth += 1
                elif is_op(tokens, j, ")"):
                    depth -= 1
                elif tokens[j].kind == STR and tokens[j].text == "_":
                    found_sep = True
                elif is_id(tokens, j, "ToUpper"):
                    found_upper = True
                j += 1
            if found_sep and found_upper:
                return True
    return False


def _reaching(funcs: dict[str, GoFunction], file_tokens: FileTokens, walker: str) -> frozenset[str]:
    """The package's functions that call the walker, directly or through each other (the walker too)."""
    reach = {walker}
    changed = True
    while changed:
        changed = False
        for name, func in funcs.items():
            if name in reach:
                continue
            tokens, _ = file_tokens(func.file)
            start, end = func.body
            if any(
                is_id(tokens, k, *reach) and is_op(tokens, k + 1, "(") and not is_op(tokens, k - 1, ".")
                for k in range(start, end)
            ):
                reach.add(name)
                changed = True
    return frozenset(reach)


def _leaf_types(texts: dict[str, str], methods: frozenset[str]) -> frozenset[str]:
    """Types with a method the walker calls to let a value decode itself (`func (d *Duration)
    UnmarshalEnv(`): one variable each, never walked into."""
    if not methods:
        return frozenset()
    pattern = re.compile(
        r"\bfunc\s*\(\s*\w+\s+\*?(\w+)\s*\)\s*(?:" + "|".join(map(re.escape, sorted(methods))) + r")\s*\("
    )
    return frozenset(name for text in texts.values() for name in pattern.findall(text))
