"""A script's own array (`declare -A PROPS`) read as `${PROPS['key']+set}` is no environment variable."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_declared_array_is_the_scripts_own(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "install-onlyoffice.sh": """
                #!/usr/bin/env bash
                declare -A PROPS

                main() {
                    if [ -z "${PROPS['oldest_needed_version']+set}" ]; then
                        echo "$CPAD_CONF"
                    fi
                }
                main "$@"
            """,
        },
    )
    assert "PROPS" not in found
    assert "CPAD_CONF" in found
