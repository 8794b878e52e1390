"""TypeScript's path aliases: `compilerOptions.paths` of the `tsconfig.json` (or `jsconfig.json`) nearest
above a file, with the configs it `extends` (an Nx workspace keeps them in the root's `tsconfig.base.json`,
which each project's tsconfig.json extends). `"@app/common/*": ["./libs/common/src/lib/*"]` makes
`@app/common/config` the module libs/common/src/lib/config. As the compiler does: the pattern with the
longest prefix before its `*` wins, an exact pattern beats every wildcard, targets are relative to
`baseUrl` when one is set and otherwise to the config that holds `paths`, and a config's `paths` replaces
the one it extends. Configs are JSON with comments and trailing commas: read with the JavaScript lexer."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace

from secretguard.inventory.discover.lexer import ID, JAVASCRIPT, NUM, OP, STR, Token, is_op, tokenize

_CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")
_MAX_EXTENDS = 8  # configs followed through `extends`
_MAX_DEPTH = 32  # nesting of a config's values

Json = dict[str, "Json"] | list["Json"] | str | float | bool | None


@dataclass(frozen=True, slots=True)
class _Paths:
    """A config's effective aliases: pattern -> targets, already relative to the project's root."""

    patterns: tuple[tuple[str, tuple[str, ...]], ...]

    def bases(self, spec: str) -> list[str]:
        """The module paths (without extension) `spec` maps to, best pattern first; [] when none matches."""
        best: tuple[int, str, tuple[str, ...]] | None = None  # (rank, wildcard part, targets)
        for pattern, targets in self.patterns:
            if pattern == spec:
                return [t.replace("*", "") for t in targets]
            prefix, star, suffix = pattern.partition("*")
            if not star or not (spec.startswith(prefix) and spec.endswith(suffix)):
                continue
            if len(spec) < len(prefix) + len(suffix):
                continue
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), spec[len(prefix) : len(spec) - len(suffix)], targets)
        if best is None:
            return []
        return [t.replace("*", best[1], 1) for t in best[2]]


class TsPaths:
    """The aliases of each folder's nearest config, read once (through the project's reader)."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self.read_file = read_file
        self.folders: dict[str, _Paths | None] = {}
        self.configs: dict[str, _Raw | None] = {}

    def bases(self, importer: str, spec: str) -> list[str]:
        """Where `spec`, imported by the file `importer`, points by its config's `paths` (root-relative module
        paths without extension; [] when no alias matches)."""
        found = self.nearest(posixpath.dirname(importer))
        return [] if found is None else found.bases(spec)

    def nearest(self, folder: str) -> _Paths | None:
        if folder in self.folders:
            return self.folders[folder]
        found: _Paths | None = None
        for name in _CONFIG_NAMES:
            path = posixpath.join(folder, name) if folder else name
            raw = self.load(path, 0)
            if raw is not None:
                # a solution config (`references` only) has its projects' aliases: the first one's serve
                found = raw.effective() or next(
                    (p for ref in raw.references if (p := self.referenced(ref)) is not None), None
                )
                break
        else:
            if folder:
                found = self.nearest(posixpath.dirname(folder))
        self.folders[folder] = found
        return found

    def referenced(self, path: str) -> _Paths | None:
        raw = self.load(path, 0)
        return None if raw is None else raw.effective()

    def load(self, path: str, depth: int) -> _Raw | None:
        """The config at path merged over the ones it extends (None when there is none)."""
        if path in self.configs:
            return self.configs[path]
        self.configs[path] = None  # a cycle of `extends` ends here
        text = self.read_file(path)
        data = parse_jsonc(text) if text is not None else None
        if not isinstance(data, dict):
            return None
        raw = _Raw(None, "", None, _references(data.get("references"), posixpath.dirname(path)))
        for parent in _extended(data.get("extends"), posixpath.dirname(path)):
            if depth < _MAX_EXTENDS:
                inherited = self.load(parent, depth + 1)
                if inherited is not None:  # option by option, a later config's winning
                    raw = raw.over(inherited)
        options = data.get("compilerOptions")
        if isinstance(options, dict):
            folder = posixpath.dirname(path)
            base_url = options.get("baseUrl")
            paths = options.get("paths")
            if isinstance(base_url, str):
                raw = replace(raw, base_url=_joined(folder, base_url))
            if isinstance(paths, dict):
                raw = replace(raw, paths=paths, paths_folder=folder)
        self.configs[path] = raw
        return raw


@dataclass(frozen=True, slots=True)
class _Raw:
    paths: dict[str, Json] | None
    paths_folder: str  # the folder of the config holding `paths`
    base_url: str | None  # root-relative
    references: tuple[str, ...] = ()  # configs of a solution config's projects (never inherited)

    def over(self, inherited: _Raw) -> _Raw:
        """These options, each one the inherited config sets replaced by its."""
        paths = (inherited.paths, inherited.paths_folder) if inherited.paths is not None else None
        base_url = inherited.base_url if inherited.base_url is not None else self.base_url
        if paths is None:
            return replace(self, base_url=base_url)
        return replace(self, paths=paths[0], paths_folder=paths[1], base_url=base_url)

    def effective(self) -> _Paths | None:
        if not self.paths:
            return None
        folder = self.base_url if self.base_url is not None else self.paths_folder
        patterns: list[tuple[str, tuple[str, ...]]] = []
        for pattern, targets in self.paths.items():
            if isinstance(targets, list):
                joined = tuple(
                    path for t in targets if isinstance(t, str) and (path := _joined(folder, t)) is not None
                )
                if joined:
                    patterns.append((pattern, joined))
        return _Paths(tuple(patterns)) if patterns else None


def _joined(folder: str, path: str) -> str | None:
    """folder/path normalised, root-relative; None when it leaves the root (or is absolute)."""
    if path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(folder, path)) if folder else posixpath.normpath(path)
    if joined == ".":
        return ""
    return None if joined.startswith("../") or joined == ".." else joined


def _extended(value: Json, folder: str) -> list[str]:
    """The configs `extends` names in the project (a relative path; a package's config is not in the tree)."""
    names = value if isinstance(value, list) else [value]
    out: list[str] = []
    for name in names:
        if isinstance(name, str) and name.startswith("."):
            path = _joined(folder, name if name.endswith(".json") else name + ".json")
            if path is not None:
                out.append(path)
    return out


def _references(value: Json, folder: str) -> tuple[str, ...]:
    """`"references": [{"path": "./tsconfig.app.json"}]`: the configs (a folder's means its tsconfig.json)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else []:
        path = item.get("path") if isinstance(item, dict) else None
        joined = _joined(folder, path) if isinstance(path, str) else None
        if joined is not None:
            out.append(joined if joined.endswith(".json") else posixpath.join(joined, "tsconfig.json"))
    return tuple(out)


def parse_jsonc(text: str) -> Json:
    """JSON with comments and trailing commas (tsconfig's dialect): the value, or None when it is not one."""
    tokens = tokenize(text, JAVASCRIPT)
    value, _ = _value(tokens, 0, 0)
    return value


def _value(tokens: list[Token], i: int, depth: int) -> tuple[Json, int]:
    """The value at i and the index after it; (None, len) when malformed."""
    end = len(tokens)
    if i >= end or depth > _MAX_DEPTH:
        return None, end
    tok = tokens[i]
    if tok.kind == STR:
        return tok.text, i + 1
    if tok.kind == NUM:
        return _number(tok.text), i + 1
    if tok.kind == ID:
        return {"true": True, "false": False}.get(tok.text), i + 1
    if is_op(tokens, i, "-") and i + 1 < end and tokens[i + 1].kind == NUM:
        return -_number(tokens[i + 1].text), i + 2
    if is_op(tokens, i, "["):
        items: list[Json] = []
        k = i + 1
        while k < end and not is_op(tokens, k, "]"):
            item, k = _value(tokens, k, depth + 1)
            items.append(item)
            if is_op(tokens, k, ","):
                k += 1
            elif not is_op(tokens, k, "]"):
                return None, end
        return items, k + 1
    if is_op(tokens, i, "{"):
        entries: dict[str, Json] = {}
        k = i + 1
        while k < end and not is_op(tokens, k, "}"):
            if tokens[k].kind != STR or not is_op(tokens, k + 1, ":"):
                return None, end
            key = tokens[k].text
            entries[key], k = _value(tokens, k + 2, depth + 1)
            if is_op(tokens, k, ","):
                k += 1
            elif not is_op(tokens, k, "}"):
                return None, end
        return entries, k + 1
    return None, end if tok.kind == OP else i + 1


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0
