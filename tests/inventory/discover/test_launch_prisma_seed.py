"""A Prisma seed is a developer's command (`dev`) unless the container's start runs `prisma db seed`: then
every deployment runs it, as it runs the app."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import scope_of_read

_SEED = """
    import { PrismaClient } from '@prisma/client';
    const prisma = new PrismaClient();
    const admin = process.env.INITIAL_ADMIN_EMAIL ?? 'admin@example.com';
    prisma.user.upsert({ where: { email: admin }, update: {}, create: { email: admin } });
"""

_START = """
    #!/bin/sh
    set -e
    cd /srv/api
    npx prisma migrate deploy
    npx prisma db seed
    exec node dist/main.js
"""


def _seed_scope(tmp_path: Path, files: dict[str, str]) -> str:
    package = {
        "name": "api",
        "scripts": {"start": "node dist/main.js"},
        "prisma": {"seed": "tsx prisma/seed.ts"},
    }
    files = {"package.json": json.dumps(package), "prisma/seed.ts": _SEED, **files}
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (read,) = [r for r in discover(tmp_path).reads if r.name == "INITIAL_ADMIN_EMAIL"]
    return scope_of_read(read)


def test_a_seed_is_dev_by_default(tmp_path: Path) -> None:
    dockerfile = 'FROM node:22\nCOPY . /srv/api\nCMD ["node", "dist/main.js"]\n'
    assert _seed_scope(tmp_path, {"Dockerfile": dockerfile}) == "dev"


def test_a_seed_the_start_script_runs_is_runtime(tmp_path: Path) -> None:
    dockerfile = 'FROM node:22\nCOPY . /srv/api\nCMD ["/srv/api/scripts/start.sh"]\n'
    files = {"Dockerfile": dockerfile, "scripts/start.sh": _START}
    assert _seed_scope(tmp_path, files) == "runtime"


def test_a_seed_a_cmd_line_runs_is_runtime(tmp_path: Path) -> None:
    dockerfile = "FROM node:22\nCMD npx prisma migrate deploy && npx prisma db seed && node dist/main.js\n"
    assert _seed_scope(tmp_path, {"Dockerfile": dockerfile}) == "runtime"


def test_a_script_no_launcher_runs_leaves_the_seed_dev(tmp_path: Path) -> None:
    dockerfile = 'FROM node:22\nCMD ["node", "dist/main.js"]\n'
    files = {"Dockerfile": dockerfile, "scripts/reset-dev-db.sh": _START}
    assert _seed_scope(tmp_path, files) == "dev"
