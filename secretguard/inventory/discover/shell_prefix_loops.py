"""Names a shell loop builds from a prefix and writes into a Python settings override.

    for var in $(env | grep "^PGADMIN_CONFIG_" | cut -d "=" -f 1); do
        val=$(eval "echo \\"\\$$var\\"")
        echo "${var#PGADMIN_CONFIG_} = $val" >> "${CONFIG_DISTRO_FILE_PATH}"     # config_distro.py
    done

Every `PGADMIN_CONFIG_<KEY>` the container is given becomes `KEY = value` in the override module, which
the application loads over its settings module: each setting that module assigns at its top level
(`DEFAULT_SERVER = '127.0.0.1'`) is a variable under the prefix. The settings module is a Python module naming
the override (its file's stem) that assigns a good many upper-case settings. The value is written as Python,
so a setting's default is its literal only when that reads the same as text (a number, `True`/`False`).
"""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read

SOURCE = "shell-prefix-loop"
_LOOP = re.compile(
    r"\bfor\s+(\w+)\s+in\s+\$\(\s*(?:env|printenv)\s*\|\s*grep\s+(?:-\w+\s+)*[\"']\^([A-Za-z_][A-Za-z0-9_]*)[\"']"
)
_WRITE = re.compile(r">>?\s*[\"']?([^\s\"';|&]+)")
_MIN_SETTINGS = 10  # upper-case assignments that make a module a settings module


@dataclass
class PrefixLoops:
    # (script, prefix, the written file's stem): the override module a loop fills
    loops: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, text: str, rel: str) -> None:
        if "grep" not in text or "for " not in text:
            return
        for loop in _LOOP.finditer(text):
            variable, prefix = loop.group(1), loop.group(2)
            end = text.find("done", loop.end())
            body = text[loop.end() : end if end > 0 else len(text)]
            if not re.search(rf"\$\{{{re.escape(variable)}#{re.escape(prefix)}\}}", body):
                continue  # the loop does not strip the prefix: no setting name is made
            for written in _WRITE.finditer(body):
                stem = _python_stem(written.group(1), text)
                if stem is not None:
                    self.loops.append((rel, prefix, stem))

    def finish(self, python: list[tuple[str, str]]) -> list[Read]:
        out: list[Read] = []
        for script, prefix, stem in self.loops:
            scope = scope_of_read(Read("_", script, 1, True, "shell"))
            for rel, text in python:
                if stem not in text or posixpath.basename(rel) == stem + ".py":
                    continue
                settings = _settings(text)
                if len(settings) < _MIN_SETTINGS:
                    continue
                for name, (line, default) in settings.items():
                    if is_env_name(prefix + name):
                        read = Read(prefix + name, rel, line, True, SOURCE, default=default)
                        out.append(read if scope == "runtime" else replace(read, scope=scope))
        return out


def _python_stem(target: str, text: str) -> str | None:
    """The stem of the Python file a redirect writes: a literal path, or a variable the script sets to one
    (`export CONFIG_DISTRO_FILE_PATH="${X:-/pgadmin4/config_distro.py}"`)."""
    found = re.fullmatch(r"\$\{?(\w+)\}?", target)
    if found is not None:
        assigned = re.search(rf"\b{re.escape(found.group(1))}=[\"']?([^\n\"']*)", text)
        target = assigned.group(1) if assigned else ""
    path = re.search(r"([\w.-]+)\.py\b", target)
    return path.group(1) if path else None


def _settings(text: str) -> dict[str, tuple[int, str | None]]:
    """The upper-case names a module assigns at its top level (also inside top-level `if`/`try` blocks), each
    with its line and its default as text (a number or True/False; None for anything else or a name assigned
    twice)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    out: dict[str, tuple[int, str | None]] = {}
    seen: set[str] = set()
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.If | ast.Try):
            nested = [*stmt.body, *stmt.orelse]
            if isinstance(stmt, ast.Try):
                nested += [s for h in stmt.handlers for s in h.body] + stmt.finalbody
            stack.extend(reversed(nested))
            continue
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if not isinstance(target, ast.Name) or not target.id.isupper():
            continue
        default = _text(stmt.value)
        if target.id in seen:
            out[target.id] = (out[target.id][0], None)  # assigned twice: no one value
            continue
        seen.add(target.id)
        out[target.id] = (stmt.lineno, default)
    return out


def _text(value: ast.expr) -> str | None:
    if isinstance(value, ast.Constant) and isinstance(value.value, bool | int | float):
        return repr(value.value)
    if (
        isinstance(value, ast.UnaryOp)
        and isinstance(value.op, ast.USub)
        and isinstance(value.operand, ast.Constant)
    ):
        return "-" + repr(value.operand.value) if isinstance(value.operand.value, int | float) else None
    return None
