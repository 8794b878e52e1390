"""dynaconf settings: every key of the settings can be set from the environment as `<PREFIX>_<KEY>`.

    # a Django settings module, ending in dynaconf's Django extension
    API_ROOT = "/pulp/"
    CACHE_ENABLED = False
    settings = DjangoDynaconf(__name__, ENVVAR_PREFIX_FOR_DYNACONF="PULP", ENVVAR_FOR_DYNACONF="PULP_CONF")

    # or a settings object over settings files
    settings = Dynaconf(envvar_prefix="MYAPP", settings_files=["settings.toml"], environments=True)

`DjangoDynaconf`'s keys are the module's own top-level UPPER-case settings assigned before the call (prefix
`DJANGO` unless given); `Dynaconf`'s are the top-level keys of the listed TOML/YAML/JSON/Python files (of
each environment section with `environments=True`; prefix `DYNACONF` unless given, none with
`envvar_prefix=False`). A literal value is the default. The variable naming the settings file
(`ENVVAR_FOR_DYNACONF` / `envvar=`) and the environment switcher, when the code names them, are read too.
"""

from __future__ import annotations

import ast
import json
import posixpath
import tomllib
from collections.abc import Callable, Iterator

import yaml

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.python_nodes import constant_text

SOURCE = "dynaconf"
TRIGGER = "Dynaconf("
_DEFAULT_PREFIX = {"DjangoDynaconf": "DJANGO", "FlaskDynaconf": "FLASK", "Dynaconf": "DYNACONF"}
_PREFIX_KEYWORDS = ("envvar_prefix", "ENVVAR_PREFIX_FOR_DYNACONF")
_FILE_SWITCHES = ("envvar", "ENVVAR_FOR_DYNACONF", "env_switcher", "ENV_SWITCHER_FOR_DYNACONF")
_FILES_KEYWORDS = ("settings_files", "settings_file", "SETTINGS_FILE_FOR_DYNACONF", "includes")
_PARSERS = (".toml", ".yaml", ".yml", ".json", ".py")

ReadFile = Callable[[str], str | None]


def dynaconf_reads(text: str, file: str, read_file: ReadFile) -> list[Read]:
    """The variables a module's dynaconf settings object reads."""
    if TRIGGER not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    out: list[Read] = []
    for node in ast.walk(tree):
        kind = _settings_call(node)
        if kind is None or not isinstance(node, ast.Call):
            continue
        for switch in _FILE_SWITCHES:
            name = _keyword_text(node, switch)
            if name is not None and is_env_name(name):
                out.append(Read(name, file, node.lineno, True, SOURCE))
        prefix = _prefix(node, kind)
        if prefix is None:
            continue
        if kind == "DjangoDynaconf":
            keys = list(_module_settings(tree, node.lineno))
        else:
            keys = list(_file_settings(node, file, read_file))
        for key, value, line in keys:
            name = f"{prefix}_{key.upper()}" if prefix else key.upper()
            if is_env_name(name) and not key.lower().endswith("_for_dynaconf"):
                default = constant_text(value) if value is not None else None
                out.append(Read(name, file, line, True, SOURCE, default=default or None))
    return out


def _settings_call(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    callee = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return callee if callee in _DEFAULT_PREFIX else None


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _keyword_text(node: ast.Call, name: str) -> str | None:
    value = _keyword(node, name)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def _prefix(node: ast.Call, kind: str) -> str | None:
    """The variables' prefix ('' for none); None when the code computes it."""
    for keyword in _PREFIX_KEYWORDS:
        value = _keyword(node, keyword)
        if value is None:
            continue
        if isinstance(value, ast.Constant) and value.value is False:
            return ""
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value.upper().rstrip("_")
        return None
    return _DEFAULT_PREFIX[kind]


def _module_settings(tree: ast.Module, before: int) -> Iterator[tuple[str, ast.expr | None, int]]:
    """A Django settings module's own settings: top-level UPPER-case names assigned before the call."""
    for stmt in tree.body:
        if stmt.lineno >= before:
            break
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper() and not target.id.startswith("_"):
                yield target.id, value, stmt.lineno


def _file_settings(
    node: ast.Call, file: str, read_file: ReadFile
) -> Iterator[tuple[str, ast.expr | None, int]]:
    """The top-level keys of the settings files the call lists (each environment's with environments=True)."""
    environments = isinstance(env := _keyword(node, "environments"), ast.Constant) and env.value is True
    for path in _listed_files(node):
        text, found = _settings_file(path, file, read_file)
        if text is None:
            continue
        data = _parsed(found, text)
        if data is None:
            continue
        sections = [v for v in data.values() if isinstance(v, dict)] if environments else [data]
        seen: set[str] = set()
        for section in sections:
            for key, value in section.items():
                if (
                    isinstance(key, str)
                    and key.upper() not in seen
                    and not key.lower().startswith("dynaconf")
                ):
                    seen.add(key.upper())
                    literal = value if isinstance(value, str | int | float | bool) else None
                    yield key, ast.Constant(literal) if literal is not None else None, node.lineno


def _listed_files(node: ast.Call) -> list[str]:
    paths: list[str] = []
    for keyword in _FILES_KEYWORDS:
        value = _keyword(node, keyword)
        items = (
            value.elts if isinstance(value, ast.List | ast.Tuple) else [value] if value is not None else []
        )
        for item in items:
            if isinstance(item, ast.Constant) and isinstance(item.value, str):
                paths.extend(p.strip() for p in item.value.split(",") if p.strip().endswith(_PARSERS))
    return paths


def _settings_file(path: str, file: str, read_file: ReadFile) -> tuple[str | None, str]:
    """The listed file's text, looked for beside the module, then in each folder above it."""
    folder = posixpath.dirname(file)
    while True:
        candidate = posixpath.normpath(posixpath.join(folder, path))
        text = read_file(candidate) if not candidate.startswith("..") else None
        if text is not None:
            return text, candidate
        if not folder:
            return None, path
        folder = posixpath.dirname(folder)


def _parsed(path: str, text: str) -> dict[object, object] | None:
    try:
        if path.endswith(".toml"):
            data: object = tomllib.loads(text)
        elif path.endswith((".yaml", ".yml")):
            data = yaml.safe_load(text)
        elif path.endswith(".json"):
            data = json.loads(text)
        else:
            tree = ast.parse(text)
            data = {key: constant_text(value) for key, value, _ in _module_settings(tree, 1 << 30)}
    except (ValueError, yaml.YAMLError, SyntaxError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
