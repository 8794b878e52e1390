"""A Meteor app's package.json lists a bundler (rspack) but no Node server package: Meteor is the server, and
its npm integrations (`meteor-node-stubs`, `@meteorjs/rspack`) say so; its server code's `process.env` is
the running server's. A script the container's CMD runs stays the app's even when a folder of release
tooling with its own package.json keeps it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project

_METEOR_PACKAGE = json.dumps(
    {
        "name": "board",
        "dependencies": {"meteor-node-stubs": "^1.2.0", "jquery": "^3.7.0"},
        "devDependencies": {"@meteorjs/rspack": "^0.0.1", "@rspack/core": "^1.3.0"},
    }
)


def test_meteor_server_code_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _METEOR_PACKAGE,
            "rspack.config.js": """
                const { defineConfig } = require('@meteorjs/rspack');
                module.exports = defineConfig(() => ({}));
            """,
            "server/authentication.js": """
                if (process.env.CAS_ENABLED === 'true') {
                  const url = process.env.CAS_BASE_URL;
                }
            """,
        },
    )
    assert found["CAS_ENABLED"].scope == "runtime"
    assert found["CAS_BASE_URL"].scope == "runtime"


def test_a_plain_rspack_browser_app_stays_build(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": json.dumps({"name": "ui", "devDependencies": {"@rspack/core": "^1.3.0"}}),
            "src/index.js": "const api = process.env.API_BASE;\n",
        },
    )
    assert found["API_BASE"].scope == "build"


def test_the_image_entrypoint_kept_in_a_release_tools_package_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": json.dumps({"name": "app", "dependencies": {"express": "^4"}}),
            "releases/package.json": json.dumps({"name": "board-migration-tools", "private": True}),
            "releases/ferretdb/wekan-entrypoint.sh": """
                #!/bin/bash
                if [ "${WEKAN_DB_WAIT_PAGE:-true}" = "true" ]; then echo wait; fi
                exec node main.js
            """,
            "releases/fetch.sh": """
                #!/bin/bash
                curl -o x "${RELEASE_MIRROR:-https://example.org}"
            """,
            "Dockerfile": """
                FROM debian:trixie
                COPY releases/ferretdb/wekan-entrypoint.sh /build/wekan-entrypoint.sh
                CMD ["bash", "/build/wekan-entrypoint.sh"]
            """,
        },
    )
    assert found["WEKAN_DB_WAIT_PAGE"].scope == "runtime"
    assert found["WEKAN_DB_WAIT_PAGE"].default == "true"
    assert found["RELEASE_MIRROR"].scope == "dev"  # the release tooling's own script
