"""Ory's configx (hydra, kratos, keto, oathkeeper): the configuration is a JSON schema, and every leaf key of
it is also an environment variable, its path upper-cased and joined with `_`.

    p, err := configx.New(ctx, spec.ConfigValidationSchema, opts...)   // spec/config.json, embedded

    { "properties": { "dsn": { "type": "string" },
      "serve": { "properties": { "public": { "allOf": [ { "$ref": "ory://serve-config" } ] } } } } }
    -> DSN, SERVE_PUBLIC_PORT, SERVE_PUBLIC_HOST, ... (serve-config: another schema file, by its `$id`)

The root schema is the one in the folder of the package `configx.New`'s first argument names
(`spec.ConfigValidationSchema`: a `spec/` folder). `$ref`s resolve by `$id` among the project's schema files
or to the root's own `#/definitions/...`; `allOf`/`anyOf`/`oneOf` branches add their keys. A leaf is a key
without properties of its own (a string, a number, a list, a map); its `default` is the variable's.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "go-configx"
TRIGGER = "configx.New("
_ROOT_ARG = re.compile(r"\bconfigx\.New\(\s*\w+\s*,\s*(\w+)\.\w+")
_ALIAS = re.compile(r'"(ory://[\w-]+)"')
_EMBED = re.compile(r"(?m)^//go:embed\s+(\S+\.json)\s*$")
_MAX_DEPTH = 12
_MAX_NAMES = 2_000


@dataclass
class ConfigxSchemas:
    packages: set[str] = field(default_factory=set)  # package names configx.New's schema comes from
    schemas: dict[str, str] = field(default_factory=dict)  # file -> JSON text of a schema
    aliases: dict[str, str] = field(default_factory=dict)  # `ory://serve-config` -> the schema file it names

    def add_go(self, text: str, file: str) -> None:
        if TRIGGER in text and not file.endswith("_test.go"):
            for name in _ROOT_ARG.findall(text):
                self.packages.add(name)
                # `schema "github.com/ory/oathkeeper/spec"`: the package's folder is the import's last part
                for path in re.findall(rf'(?m)^\s*{name}\s+"([^"]+)"', text):
                    self.packages.add(path.rsplit("/", 1)[-1])
        if "ory://" in text and "go:embed" in text:
            # `ServeConfigSchemaID = "ory://serve-config"` beside `//go:embed serve.schema.json`
            embedded = _EMBED.findall(text)
            for alias in _ALIAS.findall(text):
                word = alias.removeprefix("ory://").removesuffix("-config")
                match = next((e for e in embedded if posixpath.basename(e).split(".")[0] == word), None)
                if match is not None:
                    self.aliases[alias] = posixpath.normpath(posixpath.join(posixpath.dirname(file), match))

    def add_schema(self, text: str, file: str) -> None:
        if '"properties"' in text:
            self.schemas[file] = text

    def finish(self) -> list[Read]:
        if not self.packages or not self.schemas:
            return []
        docs: dict[str, Any] = {}
        for file, text in self.schemas.items():
            try:
                docs[file] = json.loads(text)
            except ValueError:
                continue
        for doc in docs.values():
            _inline_local_refs(doc, doc, 0)  # `#/definitions/source` of each file is that file's
        by_id = {d["$id"]: d for d in docs.values() if isinstance(d, dict) and isinstance(d.get("$id"), str)}
        by_id.update({alias: docs[path] for alias, path in self.aliases.items() if path in docs})
        out: list[Read] = []
        for file, doc in docs.items():
            folder = posixpath.basename(posixpath.dirname(file))
            if folder in self.packages and isinstance(doc, dict) and isinstance(doc.get("properties"), dict):
                walker = _Walker(doc, by_id, file)
                walker.walk(doc, ())
                out.extend(walker.reads)
        return out


def _inline_local_refs(node: Any, doc: Any, depth: int) -> None:
    """Each `{"$ref": "#/..."}` below node replaced in place by what it points to in `doc` (nested ones too,
    to a bounded depth: a recursive definition stops there)."""
    if depth > _MAX_DEPTH:
        return
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in list(children):
        if isinstance(child, dict) and isinstance(child.get("$ref"), str) and child["$ref"].startswith("#/"):
            target: Any = doc
            for part in child["$ref"][2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            if isinstance(target, dict):
                del child["$ref"]
                for key, value in target.items():
                    child.setdefault(key, value)
        if isinstance(child, dict | list):
            _inline_local_refs(child, doc, depth + 1)


class _Walker:
    def __init__(self, root: dict[str, Any], by_id: dict[str, Any], file: str) -> None:
        self.root = root
        self.by_id = by_id
        self.file = file
        self.reads: list[Read] = []

    def walk(self, node: Any, path: tuple[str, ...], depth: int = 0) -> None:
        if depth > _MAX_DEPTH or len(self.reads) > _MAX_NAMES or not isinstance(node, dict):
            return
        properties = self._properties(node, depth)
        if not properties or (path and self._scalar_branch(node)):
            if path:
                self._leaf(node, path)  # also `oneOf: [{type: string}, {...object}]`: set as one value
            if not properties:
                return
        for key, child in properties.items():
            if isinstance(key, str) and key:
                self.walk(self._resolved(child, depth), (*path, key), depth + 1)

    @staticmethod
    def _scalar_branch(node: dict[str, Any]) -> bool:
        branches = [b for c in ("oneOf", "anyOf") for b in node.get(c) or () if isinstance(b, dict)]
        return any(b.get("type") in ("string", "integer", "number", "boolean") for b in branches)

    def _properties(self, node: dict[str, Any], depth: int) -> dict[str, Any]:
        """A schema's own properties and those of its `allOf`/`anyOf`/`oneOf` branches and `$ref`."""
        node = self._resolved(node, depth)
        found: dict[str, Any] = {}
        if isinstance(node.get("properties"), dict):
            found.update(node["properties"])
        for combiner in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(combiner) or ():
                if isinstance(branch, dict) and depth < _MAX_DEPTH:
                    for key, value in self._properties(branch, depth + 1).items():
                        found.setdefault(key, value)
        return found

    def _resolved(self, node: Any, depth: int) -> dict[str, Any]:
        for _ in range(_MAX_DEPTH - depth if depth < _MAX_DEPTH else 0):
            if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
                break
            ref = node["$ref"]
            target: Any = None
            if ref.startswith("#/"):
                target = self.root
                for part in ref[2:].split("/"):
                    target = target.get(part) if isinstance(target, dict) else None
            else:
                base, _, pointer = ref.partition("#")
                target = self.by_id.get(base)
                for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
                    target = target.get(part) if isinstance(target, dict) else None
            if not isinstance(target, dict):
                break
            merged = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **merged}
        return node if isinstance(node, dict) else {}

    def _leaf(self, node: dict[str, Any], path: tuple[str, ...]) -> None:
        name = "_".join(path).upper().replace("-", "_").replace(".", "_")
        if not is_env_name(name):
            return
        value = node.get("default")
        default: str | None = None
        if isinstance(value, bool):
            default = "true" if value else "false"
        elif isinstance(value, int | float | str) and str(value):
            default = str(value)
        # the app's configuration wherever its schema is kept (`spec/config.json` is no test spec)
        self.reads.append(Read(name, self.file, 1, True, SOURCE, default=default, scope="runtime"))
