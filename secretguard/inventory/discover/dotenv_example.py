"""`.env.example` and friends: the variables a project documents. An empty or placeholder value means the
variable must be set; a real-looking default makes it optional."""

from __future__ import annotations

import os

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.dotenv_format import parse_dotenv
from secretguard.scan.filters import placeholder_reason

_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".tmpl", ".tpl")


def is_env_example(rel: str) -> bool:
    base = os.path.basename(rel).lower()
    if base in ("example.env", "sample.env", "env.example", "env.sample", "template.env"):
        return True
    return (base.startswith(".env") or base.endswith(".env" + base[base.rfind(".") :])) and base.endswith(
        _SUFFIXES
    )


def discover_env_example(text: str, file: str) -> list[Read]:
    reads = []
    for entry in parse_dotenv(text):
        if is_env_name(entry.key):
            optional = entry.has_value and placeholder_reason(entry.value) is None
            default = entry.value if optional else None
            reads.append(Read(entry.key, file, entry.line, optional, "env-example", default=default))
    return reads
