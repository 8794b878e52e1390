"""A Dockerfile in a package's folder (`apps/api/Dockerfile`, `CMD ["bun", "src/index.ts"]`) runs that
package's file by a path relative to it: the file, and what it reads, is the running app's even when the only
package script naming it is `dev`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_subfolder_dockerfile_runs_its_own_entry(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": json.dumps({"name": "mono", "private": True, "workspaces": ["apps/*"]}),
            "apps/api/package.json": json.dumps(
                {"name": "@mono/api", "scripts": {"dev": "bun run --hot src/index.ts"}}
            ),
            "apps/api/Dockerfile": 'FROM oven/bun:1\nWORKDIR /app\nCOPY . .\nCMD ["bun", "src/index.ts"]\n',
            "apps/api/src/index.ts": "const origins = process.env.ALLOWED_API_ORIGINS;\n",
        },
    )
    assert found["ALLOWED_API_ORIGINS"].scope == "runtime"


def test_without_a_launcher_the_dev_script_entry_stays_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "apps/api/package.json": json.dumps(
                {"name": "@mono/api", "scripts": {"dev": "bun run --hot src/index.ts"}}
            ),
            "apps/api/src/index.ts": "const origins = process.env.ALLOWED_API_ORIGINS;\n",
        },
    )
    assert found["ALLOWED_API_ORIGINS"].scope == "dev"
