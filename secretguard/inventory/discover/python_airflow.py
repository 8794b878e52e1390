"""Apache Airflow's configuration, read by a DAG or a plugin: `conf.get("opencve", "smtp_host")` (also
`getint`, `getboolean`, `getfloat`, `getjson`, `getlist`) reads the variable `AIRFLOW__OPENCVE__SMTP_HOST`
before `airflow.cfg`, and a hook or operator given a connection id (`PostgresHook(postgres_conn_id=
"opencve_postgres")`) reads the connection from `AIRFLOW_CONN_OPENCVE_POSTGRES`. `fallback=` is the default.

Only a module importing Airflow's `conf` (`from airflow.configuration import conf`, `from airflow import
configuration`) is read for the first; any module importing `airflow` for the second.
"""

from __future__ import annotations

import ast

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "airflow"
_GETTERS = frozenset({"get", "getint", "getboolean", "getfloat", "getjson", "getlist", "getsection"})


def airflow_reads(text: str, file: str) -> list[Read]:
    if "airflow" not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    confs = _conf_names(tree)
    if not confs and not any(_imports_airflow(n) for n in tree.body):
        return []
    out: list[Read] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            confs
            and isinstance(func, ast.Attribute)
            and func.attr in _GETTERS - {"getsection"}
            and _is_conf(func.value, confs)
            and len(node.args) >= 2
        ):
            section, key = (_text(a) for a in node.args[:2])
            if section is not None and key is not None:
                name = f"AIRFLOW__{section.upper()}__{key.upper()}"
                fallback = next((k.value for k in node.keywords if k.arg == "fallback"), None)
                default = _literal(fallback) if fallback is not None else None
                if is_env_name(name):
                    out.append(Read(name, file, node.lineno, fallback is not None, SOURCE, default=default))
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg.endswith("conn_id"):
                conn = _text(keyword.value)
                name = f"AIRFLOW_CONN_{conn.upper()}" if conn else ""
                if conn and is_env_name(name):
                    out.append(Read(name, file, node.lineno, False, SOURCE, secret_hint=True))
    return out


def _conf_names(tree: ast.Module) -> set[str]:
    """Names bound to Airflow's configuration object: `from airflow.configuration import conf`, `from
    airflow import configuration` (then `configuration.conf`)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("airflow.configuration", "airflow"):
            for alias in node.names:
                if alias.name in ("conf", "configuration"):
                    out.add(alias.asname or alias.name)
    return out


def _is_conf(node: ast.AST, confs: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in confs
    return isinstance(node, ast.Attribute) and node.attr == "conf" and _is_conf(node.value, confs)


def _imports_airflow(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "airflow"
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0] == "airflow" for a in node.names)
    return False


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return "true" if node.value else "false"
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float) and node.value != "":
        return str(node.value)
    return None
