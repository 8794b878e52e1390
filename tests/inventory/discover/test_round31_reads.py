"""Go helpers of the same name in two packages (each call resolved by its import), a helper's prefix literal,
a supervisord command run through `sh -c`, and a rate-limit default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_AGENT_UTILS = """
    package utils

    import "os"

    // GetEnv reads BESZEL_AGENT_<key>, then <key>.
    func GetEnv(key string) (string, bool) {
        if value, exists := os.LookupEnv("SHOP_AGENT_" + key); exists {
            return value, exists
        }
        return os.LookupEnv(key)
    }
"""

_HUB_UTILS = """
    package utils

    import "os"

    func GetEnv(key string) (string, bool) {
        if value, exists := os.LookupEnv("SHOP_HUB_" + key); exists {
            return value, exists
        }
        return os.LookupEnv(key)
    }
"""

_AGENT = """
    package agent

    import "example.com/shop/agent/utils"

    func sysfs() string {
        path, _ := utils.GetEnv("AMD_SYSFS")
        return path
    }
"""

_HUB = """
    package hub

    import "example.com/shop/internal/hub/utils"

    func autoLogin() string {
        user, _ := utils.GetEnv("AUTO_LOGIN")
        return user
    }
"""


def test_same_named_helpers_resolve_by_import(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "agent/utils/utils.go": _AGENT_UTILS,
            "internal/hub/utils/utils.go": _HUB_UTILS,
            "agent/gpu.go": _AGENT,
            "internal/hub/api.go": _HUB,
        },
    )
    assert "SHOP_AGENT_AMD_SYSFS" in found
    assert "SHOP_HUB_AMD_SYSFS" not in found  # the agent does not import the hub's utils
    assert "SHOP_HUB_AUTO_LOGIN" in found
    assert "SHOP_AGENT_AUTO_LOGIN" not in found
    assert "SHOP_AGENT_" not in found  # the helper's prefix is no variable


_SUPERVISORD = """
    [supervisord]
    nodaemon=true

    [program:gunicorn]
    command=/bin/sh -c 'exec gunicorn main.wsgi:application --workers ${SHOP_GUNICORN_WORKERS:-2}'
    directory=/code
"""


def test_supervisord_shell_command_and_a_rate_default(tmp_path: Path) -> None:
    settings = 'import os\nAUTH_RATE = os.getenv("SHOP_RATE_LIMIT_LOGIN_AUTH", "10/minute")\n'
    found = project(
        tmp_path, {"docker/supervisord-backend.conf": _SUPERVISORD, "backend/main/settings.py": settings}
    )
    assert found["SHOP_GUNICORN_WORKERS"].default == "2"
    assert found["SHOP_RATE_LIMIT_LOGIN_AUTH"].secret is False
    assert found["SHOP_RATE_LIMIT_LOGIN_AUTH"].default == "10/minute"


def test_a_dev_script_of_the_entry_a_start_script_runs_compiled(tmp_path: Path) -> None:
    package = """
        {
          "name": "@shop/api",
          "scripts": {
            "dev": "PORT=4000 tsx watch src/index.ts",
            "build": "rimraf dist && tsc --project tsconfig.json",
            "start": "node dist/index.js"
          }
        }
    """
    tools = """
        {
          "name": "@shop/tools",
          "scripts": {"dev": "tsx watch src/seed.ts", "start": "node dist/server.js"}
        }
    """
    found = project(
        tmp_path,
        {
            "apps/api/package.json": package,
            "apps/api/src/index.ts": "export const signing = process.env.SHOP_INNGEST_SIGNING_KEY;\n",
            "apps/tools/package.json": tools,
            "apps/tools/src/seed.ts": "export const rows = process.env.SHOP_SEED_ROWS;\n",
            "apps/api/src/traefik.ts": (
                "export const port = Number.parseInt(process.env.SHOP_TRAEFIK_PORT!, 10) || 80;\n"
            ),
        },
    )
    assert found["SHOP_INNGEST_SIGNING_KEY"].scope == "runtime"  # compiled into dist/index.js
    assert found["SHOP_SEED_ROWS"].scope == "dev"  # only the dev script runs it
    assert found["SHOP_TRAEFIK_PORT"].default == "80"  # TypeScript's `!` before the radix
