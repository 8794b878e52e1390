"""envparse's `env` reads; a project keeping its own packages in a `node_modules` folder (Node-RED's
`packages/node_modules`) is read, an installed one is not."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def test_envparse_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config.py": """
                from envparse import env


                class Config:
                    DEBUG = env.bool("DEBUG", default=False)
                    SERVER_NAME = env("SERVER_NAME", default=None)
                    DATABASE_URL = env("DATABASE_URL")
                    RATE = env.float("RATE_LIMIT", default=1.5)
            """,
        },
    )
    assert found["DEBUG"].default == "false"
    assert found["RATE_LIMIT"].default == "1.5"
    assert found["DATABASE_URL"].secret
    assert not found["DATABASE_URL"].optional


def test_own_packages_in_node_modules(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": json.dumps({"name": "node-red-mono", "private": True}),
            "packages/node_modules/node-red/package.json": json.dumps({"name": "node-red", "main": "red.js"}),
            "packages/node_modules/node-red/red.js": "const home = process.env.NODE_RED_HOME || __dirname;\n",
            "node_modules/express/index.js": "const env = process.env.EXPRESS_INSTALLED_ONLY;\n",
            "web/package.json": json.dumps({"name": "web"}),
            "web/node_modules/lib/index.js": "const x = process.env.WEB_INSTALLED_ONLY;\n",
        },
    )
    assert found["NODE_RED_HOME"].scope == "runtime"
    assert "EXPRESS_INSTALLED_ONLY" not in found
    assert "WEB_INSTALLED_ONLY" not in found
