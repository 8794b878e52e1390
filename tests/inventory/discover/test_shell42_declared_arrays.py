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


def test_react_app_rewired_overrides_are_build_config(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "ui/package.json": '{"name": "ui", "scripts": {"build": "react-app-rewired build"}}',
            "ui/config-overrides.js": (
                "module.exports = { devServer: { proxy: { target: process.env.REACT_APP_API_URL } } };\n"
            ),
        },
    )
    assert found["REACT_APP_API_URL"].scope != "runtime"
