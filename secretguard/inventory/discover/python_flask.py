"""Flask's configuration, for discovery (python.py): `app.config.from_prefixed_env(prefix)` loads every
`<prefix>_<KEY>`, so the config keys the project uses (`app.config["KEY"]`, `.get("KEY")`, `.update(KEY=...)`)
become variables once every file is read; `app.config.from_envvar("X")` reads X itself."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.python_nodes import keyword_arg
from secretguard.inventory.discover.python_values import Values


@dataclass
class FlaskUse:
    """Flask `app.config.from_prefixed_env(prefix)` calls and config keys used: combined project-wide."""

    prefixes: list[tuple[str, str, int]] = field(default_factory=list)  # (prefix, file, line)
    keys: list[tuple[str, str, int, bool]] = field(default_factory=list)  # (key, file, line, has default)


def is_config(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "config"
        and isinstance(node.value, ast.Name | ast.Attribute)
    )


def config_call(
    flask: FlaskUse, method: str, node: ast.Call, file: str, values: Values
) -> tuple[str, bool] | None:
    """`app.config.<method>(...)`: the prefix or the keys it uses, noted in `flask`; for `from_envvar`, the
    variable it reads and whether the call lets it be unset (`silent=True`)."""
    if method == "from_prefixed_env":
        prefix = values.text(node.args[0]) if node.args else values.text(keyword_arg(node, "prefix"))
        flask.prefixes.append((prefix if prefix is not None else "FLASK", file, node.lineno))
    elif method == "from_envvar":
        name = values.text(node.args[0]) if node.args else values.text(keyword_arg(node, "variable_name"))
        silent = keyword_arg(node, "silent")
        if name is not None:
            return name, isinstance(silent, ast.Constant) and silent.value is True
    elif method == "get" and node.args:
        key = values.text(node.args[0])
        if key is not None:
            flask.keys.append((key, file, node.lineno, len(node.args) > 1))
    elif method in ("update", "setdefault"):
        for kw in node.keywords:
            if kw.arg:
                flask.keys.append((kw.arg, file, node.lineno, True))
    return None


def flask_reads(flask: FlaskUse) -> list[Read]:
    """Flask's `from_prefixed_env(P)` loads every `P_<KEY>`: the keys the project uses become variables."""
    reads: list[Read] = []
    if not flask.prefixes:
        return reads
    by_key: dict[str, list[tuple[str, int, bool]]] = {}  # each key's uses, in order (one pass, not per key)
    for k, f, ln, d in flask.keys:
        by_key.setdefault(k, []).append((f, ln, d))
    keys = sorted(k for k in by_key if k.isupper())
    for prefix, _file, _line in flask.prefixes:
        for key in keys:
            uses = by_key[key]
            has_default = any(d for _, _, d in uses)
            for f, ln, _ in uses:
                reads.append(Read(f"{prefix}_{key}", f, ln, has_default, "flask"))
    return reads
