"""Round 51's classes: `process[ENV]` after `const ENV = 'env'` is `process.env` (insomnia's way around a
bundler's filter); a script an electron-builder config runs while it packages (`sign: './customSign.js'`)
and a macOS pkg script are build, not the app's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_process_indexed_by_a_constant_env(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/common/constants.ts": """
                const ENV = 'env';
                const env = process[ENV];
                export const getApiBaseURL = () => env.INSOMNIA_API_URL || 'https://api.insomnia.rest';
                export const isDevelopment = () => process['env'].INSOMNIA_DEV === '1';
            """,
        },
    )
    assert found["INSOMNIA_API_URL"].default == "https://api.insomnia.rest"
    assert "INSOMNIA_DEV" in found


def test_electron_builder_hooks_and_pkg_scripts_are_build(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/app/electron-builder.config.js": """
                module.exports = { win: { sign: './customSign.js' } };
            """,
            "packages/app/customSign.js": "module.exports = () => process.env.CODE_SIGN_PASSWORD;\n",
            "packages/cli/src/scripts/macos-pkg.sh": '#!/bin/sh\necho "$MACOS_CERTIFICATE_PWD"\n',
            "packages/app/src/main.ts": "const dataPath = process.env.APP_DATA_PATH;\n",
        },
    )
    assert found["CODE_SIGN_PASSWORD"].scope == "build"
    assert found["MACOS_CERTIFICATE_PWD"].scope == "build"
    assert found["APP_DATA_PATH"].scope == "runtime"
