"""Go: variables named from the dotted paths a reflective walk of a configuration struct gives (livekit's
generated CLI flags):

    func (conf *Config) ToCLIFlagNames(existing []cli.Flag) map[string]reflect.Value {
        ...
        for i := 0; i < node.NumField(); i++ {
            yamlTag := strings.SplitN(field.Tag.Get("yaml"), ",", 2)[0]
            path = fmt.Sprintf("%s.%s", node.TagPrefix, yamlTag)
        ...
    }
    for name, value := range (defaultConfig).ToCLIFlagNames(existingFlags) {
        envVar := fmt.Sprintf("LIVEKIT_%s", strings.ToUpper(strings.ReplaceAll(name, ".", "_")))
        flag = &cli.StringFlag{Name: name, Sources: cli.EnvVars(envVar)}
    }

A walker is a function (or method) whose body walks fields (`NumField`, `Fields()`), takes a tag
(`Tag.Get("yaml")`) and joins paths with `"."`. A consumer ranges over a walker's result and formats each
path as `PREFIX` + the path upper-cased with `.` made `_`; the root is the walker's receiver type (a method)
or the type of the value handed to it. Every tagged leaf of the root is then `PREFIX_<PATH>`, with the value a
package-level literal of the root type gives it as default (go_viper_walks.py does the walking).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_prefix_walks import FIELD_WALK, TAG_CALL
from secretguard.inventory.discover.go_viper_walks import (
    FileTokens,
    LiteralConstant,
    PackageFolders,
    StructWalk,
    TypeRef,
    WalkContext,
    WalkedKey,
    value_type,
    walk_fields,
)
from secretguard.inventory.discover.lexer import Token, is_id, is_op

TRIGGER = "ToUpper"
_DOT_JOIN = re.compile(r'"%s\.%s"|\+\s*"\."\s*\+')
# `fmt.Sprintf("LIVEKIT_%s", strings.ToUpper(strings.ReplaceAll(name, ".", "_")))`
_FORMAT = re.compile(
    r"""Sprintf\s*\(\s*"([A-Z][A-Z0-9_]*)%s"\s*,\s*strings\s*\.\s*ToUpper\s*\(\s*strings\s*\.\s*"""
    r"""Replace(?:All)?\s*\(\s*(\w+)\s*,"""
    r"""\s*"\."\s*,\s*"_"\s*(?:,\s*-1\s*)?\)\s*\)\s*\)"""
)
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class _Walker:
    folder: str
    name: str
    tag: str
    receiver: str | None  # the receiver's type of a method walker


def path_walked_keys(
    texts: dict[str, str],
    file_tokens: FileTokens,
    package_folders: PackageFolders,
    literal_constant: LiteralConstant,
) -> list[WalkedKey]:
    """The variables each consumer of a path walker names, one per tagged leaf of the walker's root."""
    consumers = [f for f, t in texts.items() if _FORMAT.search(t) and not f.endswith("_test.go")]
    if not consumers:
        return []
    walkers = _walkers(texts, file_tokens)
    if not walkers:
        return []
    walk = StructWalk(texts, file_tokens, package_folders, literal_constant)
    out: list[WalkedKey] = []
    for file in consumers:
        tokens, match = file_tokens(file)
        folder = posixpath.dirname(file)
        for func in functions(tokens, match, file).values():
            start, end = func.body
            body = " ".join(f'"{t.text}"' if t.kind == "str" else t.text for t in tokens[start:end])
            for found in _FORMAT.finditer(body):
                prefix, var = found.group(1).rstrip("_"), found.group(2)
                if not _PREFIX.match(prefix):
                    continue
                ranged = _ranged_call(tokens, start, end, var)
                if ranged is None:
                    continue
                walker = _walker_for(tokens, ranged, folder, walkers, package_folders)
                if walker is None:
                    continue
                ref = TypeRef(None, walker.receiver) if walker.receiver else None
                home = walker.folder
                if ref is None:
                    ref = value_type(tokens, match, ranged + 2, start, end)
                    home = folder
                resolved = walk.resolve(home, ref, {}) if ref is not None else None
                if resolved is None or not walk.tagged(resolved, tag=walker.tag):
                    continue
                ctx = WalkContext(True, True, file, None, walker.tag, skip_maps=True)
                defaults = walk.type_defaults(resolved.folder, ref.name if ref else "")
                out.extend(walk_fields(walk, resolved, (prefix,), (), defaults, ctx))
    return out


def _ranged_call(tokens: list[Token], start: int, end: int, var: str) -> int | None:
    """`for var, value := range X.Walker(` in the body: the index of the walker's name."""
    for k in range(start, end - 4):
        if not (is_id(tokens, k, "for") and is_id(tokens, k + 1, var)):
            continue
        j = k + 2
        while j < min(end, k + 8) and not is_id(tokens, j, "range"):
            j += 1
        if not is_id(tokens, j, "range"):
            continue
        m = j + 1
        while m < min(end, j + 12):
            if is_id(tokens, m) and is_op(tokens, m + 1, "("):
                return m
            m += 1
    return None


def _walker_for(
    tokens: list[Token], at: int, folder: str, walkers: list[_Walker], package_folders: PackageFolders
) -> _Walker | None:
    name = tokens[at].text
    qualifier = tokens[at - 2].text if is_op(tokens, at - 1, ".") and is_id(tokens, at - 2) else None
    for walker in walkers:
        if walker.name != name:
            continue
        if walker.folder == folder or walker.receiver is not None:
            return walker
        if qualifier is not None and walker.folder in package_folders(qualifier):
            return walker
    return None


def _walkers(texts: dict[str, str], file_tokens: FileTokens) -> list[_Walker]:
    out: list[_Walker] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or "Tag." not in text or not FIELD_WALK.search(text):
            continue
        tokens, match = file_tokens(file)
        for name, func in functions(tokens, match, file).items():
            start, end = func.body
            body = " ".join(f'"{t.text}"' if t.kind == "str" else t.text for t in tokens[start:end])
            tag = TAG_CALL.search(body)
            if tag is None or not FIELD_WALK.search(body) or not _DOT_JOIN.search(body):
                continue
            out.append(_Walker(posixpath.dirname(file), name, tag.group(1), _receiver(tokens, func)))
    return out


def _receiver(tokens: list[Token], func: GoFunction) -> str | None:
    """`func (conf *Config) Name(`: Config."""
    head = func.body[0]
    while head > 0 and not is_id(tokens, head, "func"):
        head -= 1
    if not is_op(tokens, head + 1, "("):
        return None
    k = head + 2
    if is_id(tokens, k) and (is_op(tokens, k + 1, "*") or is_id(tokens, k + 1)):
        k += 1
    if is_op(tokens, k, "*"):
        k += 1
    return tokens[k].text if is_id(tokens, k) and is_op(tokens, k + 1, ")") else None
