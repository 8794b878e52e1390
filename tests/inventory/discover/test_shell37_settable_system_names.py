"""A system name a script reads with a fallback is a setting (`${HOSTNAME:-::}`: the bind host of a Next.js
standalone server); read bare it stays the system's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_hostname_with_a_fallback_is_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": 'FROM node:22\nENV HOSTNAME=::\nENTRYPOINT ["docker-entrypoint.sh"]\n',
            "docker-entrypoint.sh": """
                #!/bin/sh
                export HOSTNAME=${HOSTNAME:-::}
                echo "$HOME"
                exec node server.js
            """,
        },
    )
    assert found["HOSTNAME"].scope == "runtime"
    assert found["HOSTNAME"].default == "::"
    assert "HOME" not in found
