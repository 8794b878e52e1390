"""supervisord configuration (`supervisord.conf`, `conf.d/*.conf`, `*.ini` holding `[program:x]` sections):
supervisord expands `%(ENV_X)s` in its option values from its own environment at start, so each one is a
read of X. There is no default syntax: an unset X stops supervisord with a format error, so the read is
required (a Dockerfile `ENV X=...` next to it gives the value, as its own read).

A `command=` that runs a shell (`/bin/sh -c 'exec gunicorn --workers ${GUNICORN_WORKERS:-2}'`) hands the
shell the environment supervisord started with: its expansions are reads too, with their shell defaults.

The scope comes from the file's place like any other code read (scope_of_read): a config under `docker/` or
copied into the image is the running program's, one in a Sail build context is moved to `dev` later."""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import SYSTEM_NAMES, env_name, expansions

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


_SHELL_COMMAND = re.compile(r"^\s*command\s*=\s*\S*\b(?:ba|da)?sh\s+(?:-\w+\s+)*-\w*c\s+(['\"])(.*)\1\s*$")


def discover_supervisord(text: str, file: str) -> list[Read]:
    if ("%(ENV_" not in text and "sh -c" not in text) or not is_supervisord_config(text):
        return []
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), 1):
        value = _without_comment(line)
        for match in _EXPANSION.finditer(value):
            name = match.group(1)
            if env_name(name):
                reads.append(Read(name, file, number, False, SOURCE))
        shell = _SHELL_COMMAND.match(value)
        for exp in expansions(shell.group(2), quotes=False, comments=False) if shell else []:
            if env_name(exp.name) and exp.name not in SYSTEM_NAMES:
                reads.append(Read(exp.name, file, number, exp.optional, SOURCE, default=exp.default or None))
    return reads


def _without_comment(line: str) -> str:
    """The line without a comment: a whole-line `;`/`#` one, or an inline ` ;` (supervisord's INI rule)."""
    stripped = line.lstrip()
    if stripped.startswith((";", "#")):
        return ""
    cut = line.find(" ;")
    return line if cut < 0 else line[:cut]
