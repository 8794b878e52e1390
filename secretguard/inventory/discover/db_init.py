"""Init scripts of a database container. The official mysql, mariadb and postgres images run the scripts in
/docker-entrypoint-initdb.d once, when the data directory is first created, with the container's own
settings (MYSQL_ROOT_PASSWORD, MYSQL_USER, POSTGRES_USER...) in the environment. Such a script configures
that container, never the application: its reads are `service:<name>`.

A script is one either because a compose service mounts it (or its folder) at /docker-entrypoint-initdb.d
(compose.py records the mount), or by its shape: it feeds SQL that creates databases, users or grants to the
database's client over the local socket (no `-h`/`--host`: inside the database's own container), and every
variable it reads is one of that image's settings.
"""

from __future__ import annotations

import re

INITDB_FOLDER = "/docker-entrypoint-initdb.d"
# The client each image ships, and the image (the service's name when no compose file names it).
_CLIENTS = {"mysql": "mysql", "mariadb": "mariadb", "psql": "postgres"}
_IMAGE_SETTINGS = ("MYSQL_", "MARIADB_", "POSTGRES_", "PG")
_CLIENT_LINE = re.compile(r"^[ \t]*(?:exec[ \t]+)?(?:[\w./-]*/)?(mysql|mariadb|psql)\b([^\n]*)", re.MULTILINE)
_HOST_FLAG = re.compile(r"(?:^|\s)(?:-h\S*|--host\b)")
_SETUP_SQL = re.compile(r"\b(?:CREATE\s+(?:DATABASE|USER|ROLE|SCHEMA)|GRANT)\b", re.IGNORECASE)


def maybe_init(names: set[str]) -> bool:
    """Every name a script reads is a database image's setting (so it may be one's init script)."""
    return bool(names) and all(name.startswith(_IMAGE_SETTINGS) for name in names)


def init_script_service(text: str, names: set[str]) -> str | None:
    """The database image whose init script `text` is (reading `names`), else None."""
    if not maybe_init(names):
        return None
    if not _SETUP_SQL.search(text):
        return None
    for match in _CLIENT_LINE.finditer(text):
        if not _HOST_FLAG.search(match.group(2)):
            return _CLIENTS[match.group(1)]
    return None


def initdb_mount(volume: str) -> str | None:
    """The host path of a volume `./db/init.sh:/docker-entrypoint-initdb.d/10-init.sh[:ro]` (a file or a
    folder mounted at the init folder), else None."""
    parts = volume.split(":")
    if len(parts) < 2 or not parts[1].rstrip("/").startswith(INITDB_FOLDER):
        return None
    host = parts[0].strip()
    return host if host.startswith((".", "/")) else None  # a named volume is no file of the project
