"""supervisord configuration (`supervisord.conf`, `conf.d/*.conf`, `*.ini` holding `[program:x]` sections):
supervisord expands `%(ENV_X)s` in its option values from its own environment at start, so each one is a
read of X. There is no default syntax: an unset X stops supervisord with a format error, so the read is
required (a Dockerfile `ENV X=...` next to it gives the value, as its own read).

The scope comes from the file's place like any other code read (scope_of_read): a config under `docker/` or
copied into the image is the running program's, one in a Sail build context is moved to `dev` later."""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import env_name

SOURCE = "supervisord"
# The sections supervisord itself reads: a file with none of them is some other program's `.conf`.
_SECTION = re.compile(
    r"^\s*\[(?:supervisord|supervisorctl|unix_http_server|inet_http_server|include|rpcinterface:[^\]]*|"
    r"(?:program|group|eventlistener|fcgi-program):[^\]]+)\]\s*$",
    re.MULTILINE,
)
_EXPANSION = re.compile(r"%\(ENV_([A-Za-z_][A-Za-z0-9_]*)\)[sd]")


def is_supervisord_config(text: str) -> bool:
    return "[" in text and _SECTION.search(text) is not None


def discover_supervisord(text: str, file: str) -> list[Read]:
    if "%(ENV_" not in text or not is_supervisord_config(text):
        return []
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), 1):
        value = _without_comment(line)
        for match in _EXPANSION.finditer(value):
            name = match.group(1)
            if env_name(name):
                reads.append(Read(name, file, number, False, SOURCE))
    return reads


def _without_comment(line: str) -> str:
    """The line without a comment: a whole-line `;`/`#` one, or an inline ` ;` (supervisord's INI rule)."""
    stripped = line.lstrip()
    if stripped.startswith((";", "#")):
        return ""
    cut = line.find(" ;")
    return line if cut < 0 else line[:cut]
