"""node-config's (lorenwest/node-config) `config/custom-environment-variables.json` (or `.yaml`, `.yml`): a
tree shaped like the configuration whose leaves name the variable that sets that setting.

    {"databaseUrl": "DATABASE_URL",
     "persistor": {"s3": {"maxRetries": "S3_MAX_RETRIES"}},
     "features": {"__name": "FEATURES", "__format": "json"}}

The library reads each named variable when the app loads its configuration (at run time), over the values of
`config/default.json` beside it: the value at the same path there is the variable's default.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterator

import yaml

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "node-config"
NAMES = frozenset(
    {
        "custom-environment-variables.json",
        "custom-environment-variables.yaml",
        "custom-environment-variables.yml",
    }
)
_DEFAULTS = ("default.json", "default.yaml", "default.yml")


def discover_node_config(text: str, rel: str, read_file: Callable[[str], str | None]) -> list[Read]:
    tree = _load(text, rel)
    if not isinstance(tree, dict):
        return []
    defaults = _defaults(posixpath.dirname(rel), read_file)
    reads: list[Read] = []
    for path, name in _leaves(tree, ()):
        if not is_env_name(name):
            continue
        default = _at(defaults, path)
        line = _line_of(text, name)
        reads.append(Read(name, rel, line, default is not None, SOURCE, default=default))
    return reads


def _load(text: str, rel: str) -> object:
    try:
        return json.loads(text) if rel.lower().endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        return None


def _leaves(node: dict[object, object], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    for key, value in node.items():
        here = (*path, str(key))
        if isinstance(value, str):
            yield here, value
        elif isinstance(value, dict) and isinstance(value.get("__name"), str):
            yield here, str(value["__name"])  # `{"__name": "X", "__format": "json"}`
        elif isinstance(value, dict):
            yield from _leaves(value, here)


def _defaults(folder: str, read_file: Callable[[str], str | None]) -> object:
    for name in _DEFAULTS:
        rel = posixpath.join(folder, name) if folder else name
        text = read_file(rel)
        if text is not None:
            return _load(text, rel)
    return None


def _at(tree: object, path: tuple[str, ...]) -> str | None:
    """The literal at path in the defaults tree, as the environment would spell it."""
    node = tree
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, int | float | str) and node != "":
        return str(node)
    return None


def _line_of(text: str, name: str) -> int:
    at = text.find(f'"{name}"')
    if at < 0:
        at = text.find(name)
    return text.count("\n", 0, max(at, 0)) + 1
