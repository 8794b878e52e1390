"""Kamal deployments (`config/deploy.yml`, `config/deploy.<destination>.yml`; Rails 8 ships one):

    service: shop
    image: acme/shop
    env:
      secret:
        - RAILS_MASTER_KEY
        - DATABASE_PASSWORD
      clear:
        SOLID_QUEUE_IN_PUMA: true
    registry:
      password:
        - KAMAL_REGISTRY_PASSWORD
    accessories:
      db:
        image: mysql:8.0
        env:
          secret: [MYSQL_ROOT_PASSWORD]

The app's `env:` (its `clear:` map and `secret:` list, also the older plain map) is what the running
containers get: declarations of runtime variables, as a Kubernetes manifest's. An accessory's `env:` is that
container's settings (`service:<name>`). The registry's password is read by the deployer's kamal, never by
the app (`build`). Values are what one deployment passes, not defaults.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.yamltree import Node

SOURCE = "kamal"
_DEPLOY_FILE = re.compile(r"^deploy(?:\.[\w-]+)?\.ya?ml$")


def is_kamal_config(rel: str, text: str) -> bool:
    parts = rel.replace("\\", "/").split("/")
    return (
        len(parts) >= 2
        and parts[-2] == "config"
        and bool(_DEPLOY_FILE.match(parts[-1]))
        and "service:" in text
        and ("image:" in text or "servers:" in text)
    )


def discover_kamal(docs: list[Node], rel: str) -> list[Read]:
    out: list[Read] = []
    for doc in docs:
        if not doc.is_map:
            continue
        out.extend(_env_reads(doc.get("env"), rel, None))
        registry = doc.get("registry")
        password = registry.get("password") if registry is not None and registry.is_map else None
        for name, line in _names(password):
            out.append(Read(name, rel, line, False, SOURCE, scope="build"))
        accessories = doc.get("accessories")
        if accessories is not None and accessories.is_map:
            for service, node in accessories.items():
                if node.is_map:
                    out.extend(_env_reads(node.get("env"), rel, f"service:{service}"))
    return out


def _env_reads(env: Node | None, rel: str, scope: str | None) -> list[Read]:
    if env is None or not env.is_map:
        return []
    out: list[Read] = []
    clear = env.get("clear")
    secret = env.get("secret")
    if clear is None and secret is None:
        clear = env  # the older form: a plain map of names to values
    other = scope is not None
    if clear is not None and clear.is_map:
        for name, node in clear.items():
            if is_env_name(name):
                line = node.key_line or node.line
                out.append(Read(name, rel, line, True, SOURCE, scope=scope, other_container=other))
    for name, line in _names(secret):
        out.append(Read(name, rel, line, False, SOURCE, scope=scope, other_container=other))
    return out


def _names(node: Node | None) -> list[tuple[str, int]]:
    """The names a list (or one string) holds: `- RAILS_MASTER_KEY`, `DB_PASSWORD:MAIN_DB_PASSWORD` (an
    alias: the container's name is the first)."""
    if node is None:
        return []
    items = node.value if node.is_list else [node]
    out: list[tuple[str, int]] = []
    for item in items:
        text = item.text if isinstance(item, Node) else None
        if text is None:
            continue
        name = text.split(":", 1)[0].strip()
        if is_env_name(name):
            out.append((name, item.line))
    return out
