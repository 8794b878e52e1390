"""uWSGI ini configuration (`[uwsgi]`): `if-env = NAME` / `if-env = NAME=value` / `if-not-env = NAME` blocks
test a variable (a read
that handles absence), and `$(NAME)` expands one (required, unless inside an `if-env = NAME` block)."""

from __future__ import annotations

import re2

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import env_name

# `if-env = NAME` (set), `if-env = NAME=value` (set to that value): both test NAME.
_IF_ENV = re2.compile(r"^\s*(if-env|if-not-env)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=.*)?$")
_OTHER_IF = re2.compile(r"^\s*if-[a-z-]+\s*=")  # if-exists, if-file, if-opt...: closed by `endif` too
_END = re2.compile(r"^\s*endif\b")
_EXPANSION = re2.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def discover_uwsgi(text: str, file: str) -> list[Read]:
    if "[uwsgi]" not in text:
        return []
    reads: list[Read] = []
    blocks: list[str] = []  # the enclosing `if-...` blocks: the name an `if-env` tests, else ""
    guarded: dict[str, int] = {}  # how many enclosing `if-env` blocks test each name
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        test = _IF_ENV.match(line)
        if test:
            name = test.group(2)
            if env_name(name):
                reads.append(Read(name, file, number, True, "uwsgi"))
            blocks.append(name if test.group(1) == "if-env" else "")
            guarded[blocks[-1]] = guarded.get(blocks[-1], 0) + 1
            continue
        if _OTHER_IF.match(line):
            blocks.append("")
            guarded[""] = guarded.get("", 0) + 1
        elif _END.match(line):
            if blocks:
                guarded[blocks[-1]] -= 1
                blocks.pop()
            continue
        for match in _EXPANSION.finditer(line):
            name = match.group(1)
            if env_name(name):
                reads.append(Read(name, file, number, guarded.get(name, 0) > 0, "uwsgi"))
    return reads
