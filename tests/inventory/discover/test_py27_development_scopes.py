"""A top-level `development/` folder, git hooks under `scripts/git-hooks/`, a minified library under a folder
named with `static`, and a natural key's name."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SETTINGS = """
    import os

    DEBUG = os.getenv("SHOP_DEBUG", "False") == "True"
    NATURAL_KEY = os.getenv("SHOP_LOCATION_NAME_AS_NATURAL_KEY", "False") == "True"
"""

_DEV_CONFIG = """
    import os

    DEBUG = os.getenv("SHOP_DEBUG", "True") == "True"
    OIDC = os.getenv("SHOP_DEV_OIDC", "False")
"""

_HOOK = """
    #!/bin/bash
    if [ -n "$SHOP_HOOK_LOCAL" ]; then invoke lint; fi
"""


def test_developer_places_are_dev(tmp_path: Path) -> None:
    minified = "var a=" + ";".join(f"x{i}=process.env.SHOP_VSCODE_CWD" for i in range(60)) + ";\n"
    found = project(
        tmp_path,
        {
            "shop/core/settings.py": _SETTINGS,
            "development/shop_config.py": _DEV_CONFIG,
            "scripts/git-hooks/pre-commit": _HOOK,
            "shop/project-static/monaco-editor-0.52.2/vs/workerMain.js": minified,
        },
    )
    assert found["SHOP_DEBUG"].default == "False"  # the development settings' "True" is the developers'
    assert found["SHOP_DEV_OIDC"].scope == "dev"
    assert found["SHOP_HOOK_LOCAL"].scope == "dev"
    assert "SHOP_VSCODE_CWD" not in found  # a library copied under a static folder
    assert found["SHOP_LOCATION_NAME_AS_NATURAL_KEY"].secret is False
