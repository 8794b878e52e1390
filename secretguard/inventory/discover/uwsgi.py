"""uWSGI ini configuration (`[uwsgi]`): `if-env = NAME` / `if-env = NAME=value` / `if-not-env = NAME` blocks
test a variable (a read
that handles absence), and `$(NAME)` expands one (required, unless inside an `if-env = NAME` block).

    if-env = UWSGI_WORKERS_COUNT        ; workers = the variable's value
    workers = %(_)
    endif =
    if-not-env = UWSGI_WORKERS_COUNT    ; unset: 2, the variable's default
    workers = 2
    endif =
"""

from __future__ import annotations

from dataclasses import replace

import re2

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import env_name

# `if-env = NAME` (set), `if-env = NAME=value` (set to that value): both test NAME.
_IF_ENV = re2.compile(r"^\s*(if-env|if-not-env)\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=.*)?$")
_OTHER_IF = re2.compile(r"^\s*if-[a-z-]+\s*=")  # if-exists, if-file, if-opt...: closed by `endif` too
_END = re2.compile(r"^\s*endif\b")
_EXPANSION = re2.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
_OPTION = re2.compile(r"^\s*([a-z][a-z0-9-]*)\s*=\s*(.*?)\s*$")


def discover_uwsgi(text: str, file: str) -> list[Read]:
    if "[uwsgi]" not in text:
        return []
    reads: list[Read] = []
    blocks: list[str] = []  # the enclosing `if-...` blocks: the name an `if-env` tests, else ""
    guarded: dict[str, int] = {}  # how many enclosing `if-env` blocks test each name
    tested: list[tuple[str, bool]] = []  # per enclosing block: the name an if-env/if-not-env tests, and which
    taken: dict[str, set[str]] = {}  # name -> the options an `if-env` block sets to its value (`%(_)`)
    unset: dict[str, dict[str, str]] = {}  # name -> the literal options its `if-not-env` block sets
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
            tested.append((name, test.group(1) == "if-env"))
            continue
        if _OTHER_IF.match(line):
            blocks.append("")
            guarded[""] = guarded.get("", 0) + 1
            tested.append(("", False))
        elif _END.match(line):
            if blocks:
                guarded[blocks[-1]] -= 1
                blocks.pop()
                tested.pop()
            continue
        option = _OPTION.match(line)
        if option is not None and tested and tested[-1][0]:
            name, when_set = tested[-1]
            key, value = option.group(1), option.group(2)
            if when_set and value == "%(_)":
                taken.setdefault(name, set()).add(key)
            elif not when_set and value and "%(" not in value and "$(" not in value:
                unset.setdefault(name, {})[key] = value
        for match in _EXPANSION.finditer(line):
            name = match.group(1)
            if env_name(name):
                reads.append(Read(name, file, number, guarded.get(name, 0) > 0, "uwsgi"))
    return [_unset_default(read, taken, unset) for read in reads]


def _unset_default(read: Read, taken: dict[str, set[str]], unset: dict[str, dict[str, str]]) -> Read:
    """The literal an `if-not-env` block gives the option an `if-env` block sets from the variable."""
    values = {v for k, v in unset.get(read.name, {}).items() if k in taken.get(read.name, set())}
    return replace(read, default=values.pop()) if len(values) == 1 else read
