"""TypeScript string enums listing the environment's names, read elsewhere by a computed key
(`process.env[key]` over the enum's members, or over a map keyed by them):

    export enum VALID_ENV_KEYS {
      OPENAI_API_KEY = "OPENAI_API_KEY",
      OPENAI_ORGANIZATION_ID = "OPENAI_ORGANIZATION_ID",
    }

An enum whose name says it holds environment names (`ENV`, `Env`) and whose every member is the string of
its own name, an environment-style name, is a list of the variables the app reads: each member is one
(optional: such lookups test whether the value is set).
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "javascript"
_ENUM = re.compile(r"\benum\s+([A-Za-z_$][\w$]*)\s*\{([^}]*)\}")
_ENV_WORD = re.compile(r"(?:^|_)ENV(?:_|$)|(?:^|_)env(?:_|$)|Env(?=[A-Z_]|$)")
_MEMBER = re.compile(r"""^\s*([A-Z][A-Z0-9_]*)\s*=\s*(["'])([A-Z][A-Z0-9_]*)\2\s*,?\s*$""")


def env_enum_reads(text: str, file: str) -> list[Read]:
    if "enum" not in text:
        return []
    out: list[Read] = []
    for found in _ENUM.finditer(text):
        if not _ENV_WORD.search(found.group(1)):
            continue  # `VALID_ENV_KEYS`, `EnvVars`; not `EnvironmentPermission`
        lines = [
            line for line in found.group(2).split("\n") if line.strip() and not line.strip().startswith("//")
        ]
        members = [_MEMBER.match(line) for line in lines]
        if not members or any(m is None or m.group(1) != m.group(3) for m in members):
            continue
        first = text.count("\n", 0, found.start(2)) + 1
        for k, line in enumerate(found.group(2).split("\n")):
            member = _MEMBER.match(line)
            if member is not None and is_env_name(member.group(1)):
                out.append(Read(member.group(1), file, first + k, True, SOURCE))
    return out
