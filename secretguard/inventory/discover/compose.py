"""docker compose files: `environment:` (list and map forms), `env_file:`, `build.args`, `${X}` interpolation
of the host environment anywhere in the file, and top-level `secrets: {x: {environment: NAME}}`."""

from __future__ import annotations

import os
from collections.abc import Callable

from secretguard.inventory.discover.base import Note, Read, is_env_name
from secretguard.inventory.discover.shell import expansions
from secretguard.inventory.discover.yamltree import Node, locate, walk
from secretguard.inventory.dotenv_format import parse_dotenv

COMPOSE_NAMES = ("docker-compose", "compose")


def is_compose_file(rel: str) -> bool:
    base = os.path.basename(rel).lower()
    return base.startswith(COMPOSE_NAMES) and base.endswith((".yml", ".yaml"))


def _env_entries(node: Node, file: str, source: str, always_optional: bool = False) -> list[Read]:
    """Both forms: `- KEY=value` / `- KEY` and `KEY: value` / `KEY:`. No value: passed through from the host,
    so required (build arguments fall back to the Dockerfile's default, so they never are)."""
    reads: list[Read] = []
    if node.is_list:
        for item in node.elements():
            text = item.text
            if text is None:
                continue
            name, sep, _ = text.partition("=")
            name = name.strip()
            if is_env_name(name):
                reads.append(Read(name, file, item.line, bool(sep) or always_optional, source))
    elif node.is_map:
        for key, value in node.items():
            if is_env_name(key):
                reads.append(
                    Read(
                        key,
                        file,
                        value.key_line or value.line,
                        value.value is not None or always_optional,
                        source,
                    )
                )
    return reads


def discover_compose(
    docs: list[Node], text: str, file: str, read_file: Callable[[str], str | None]
) -> tuple[list[Read], list[Note]]:
    reads: list[Read] = []
    notes: list[Note] = []
    lines = text.splitlines()
    folder = os.path.dirname(file)  # noqa: PTH120 - relative display paths stay strings
    for doc in docs:
        services = doc.get("services")
        for _, service in services.items() if services is not None else ():
            env = service.get("environment")
            if env is not None:
                reads.extend(_env_entries(env, file, "compose"))
            build = service.get("build")
            args = build.get("args") if build is not None else None
            if args is not None:
                reads.extend(_env_entries(args, file, "compose-build-arg", always_optional=True))
            env_file = service.get("env_file")
            if env_file is not None:
                entries = [env_file] if not env_file.is_list else list(env_file.elements())
                for entry in entries:
                    path_node = entry.get("path") if entry.is_map else entry
                    path = path_node.text if path_node is not None else None
                    if not path:
                        continue
                    rel = os.path.normpath(os.path.join(folder, path))
                    content = read_file(rel)
                    if content is None:
                        notes.append(
                            Note(file, entry.line, f"env_file {path} not found: its variables are unknown")
                        )
                        continue
                    for item in parse_dotenv(content):
                        if is_env_name(item.key):
                            reads.append(
                                Read(item.key, rel.replace(os.sep, "/"), item.line, True, "compose-env-file")
                            )
        secrets = doc.get("secrets")
        for _, secret in secrets.items() if secrets is not None else ():
            from_env = secret.get("environment")
            if from_env is not None and from_env.text and is_env_name(from_env.text):
                reads.append(Read(from_env.text, file, from_env.line, False, "compose-secret", True))
        # Interpolation from the host environment (or .env) anywhere in the file.
        for node in walk(doc):
            value = node.text
            if node.is_map or node.is_list or not value or "$" not in value:
                continue
            for exp in expansions(value, quotes=False, comments=False, dollar_escape=True):
                if is_env_name(exp.name):
                    line = locate(lines, node, exp.line, exp.name)
                    reads.append(
                        Read(exp.name, file, line, exp.optional, "compose-interpolation", default=exp.default)
                    )
    return reads, notes
