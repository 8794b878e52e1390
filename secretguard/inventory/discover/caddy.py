"""Caddyfiles (`Caddyfile`, `*.caddyfile`, `Caddyfile.*`): Caddy substitutes `{$NAME}` and
`{$NAME:default}` from the environment when it loads the file, and `{env.NAME}` when a request uses it.
A `Caddyfile.example` (or `.sample`, `.dist`) is an example, not what a deployment runs."""

from __future__ import annotations

import posixpath
import re

from secretguard.inventory.discover.base import Read, is_env_name

_PLACEHOLDER = re.compile(r"\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}\n]*))?\}|\{env\.([A-Za-z_][A-Za-z0-9_]*)\}")
_EXAMPLE_ENDS = (".example", ".sample", ".dist", ".template", ".tmpl")


def is_caddyfile(rel: str) -> bool:
    base = posixpath.basename(rel).lower()
    return base == "caddyfile" or base.startswith("caddyfile.") or base.endswith(".caddyfile")


def _code(line: str) -> str:
    """The line without its comment: `#` at the start of a word (`a#b` and `{query.#x}` are kept)."""
    for k, ch in enumerate(line):
        if ch == "#" and (k == 0 or line[k - 1].isspace()):
            return line[:k]
    return line


def discover_caddyfile(text: str, file: str) -> list[Read]:
    if "{$" not in text and "{env." not in text:
        return []
    scope = "example" if file.lower().endswith(_EXAMPLE_ENDS) else None
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), 1):
        for found in _PLACEHOLDER.finditer(_code(line)):
            name = found.group(1) or found.group(3)
            if not is_env_name(name):
                continue
            default = found.group(2)
            reads.append(
                Read(
                    name,
                    file,
                    number,
                    default is not None,
                    "caddyfile",
                    default=default.strip() if default is not None else None,
                    scope=scope,
                )
            )
    return reads
