"""`.env.example` and friends: the variables a project documents. An empty or placeholder value means the
variable must be set; a real-looking default makes it optional. A commented-out entry (`# PGSSLMODE=disable`)
documents an optional variable. `*.conf.example` files (`KEY=value` settings an app loads into its
environment) count too, for their upper-case names only: their lower-case keys are the app's own settings.
"""

from __future__ import annotations

import os

import re2

from secretguard.inventory.discover.base import Read, carries_password, is_env_name
from secretguard.inventory.dotenv_format import parse_dotenv
from secretguard.scan.filters import placeholder_reason

_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".tmpl", ".tpl")
_NAMES = (
    "example.env",
    "sample.env",
    "env.example",
    "env.sample",
    "template.env",
    "env.template",
    "env.dist",
    "dist.env",
)
# `# NAME=value` / `#export NAME=`: upper case only, so that prose in comments is not taken for a name.
_COMMENTED = re2.compile(r"^\s*#+\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*[\"']?([^\s\"']*)")
_UPPER = re2.compile(r"^[A-Z_][A-Z0-9_]*$")


def is_env_example(rel: str) -> bool:
    base = os.path.basename(rel).lower()
    if base in _NAMES:
        return True
    if base.endswith((".conf.example", ".conf.sample", ".conf.dist", ".conf.template")):
        return True
    return (base.startswith(".env") or base.endswith(".env" + base[base.rfind(".") :])) and base.endswith(
        _SUFFIXES
    )


def discover_env_example(text: str, file: str) -> list[Read]:
    upper_only = ".conf." in os.path.basename(file).lower()
    reads = []
    declared = set()
    for entry in parse_dotenv(text):
        if is_env_name(entry.key) and (not upper_only or _UPPER.match(entry.key)):
            optional = entry.has_value and placeholder_reason(entry.value) is None
            default = entry.value if optional else None
            # an example URL with a password says the variable holds a credential (not a default: never one)
            hint = carries_password(entry.value)
            reads.append(Read(entry.key, file, entry.line, optional, "env-example", hint, default=default))
            declared.add(entry.key)
    for number, line in enumerate(text.splitlines(), 1):
        if "#" not in line:
            continue
        match = _COMMENTED.match(line)
        if match and match.group(1) not in declared:
            # Commented out: documented, but the app runs without it (and its value is no default).
            hint = carries_password(match.group(2))
            reads.append(Read(match.group(1), file, number, True, "env-example", hint))
    return reads
