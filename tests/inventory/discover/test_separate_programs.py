"""Programs shipped beside the application with manifests of their own (`cli/python/pyproject.toml`,
`integrations/<x>/plugin.json`) read their users' environment: `dev`. A `cli/` package of the app's own code
(no manifest) stays the application's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_cli_and_integrations_with_their_own_manifests_are_not_the_app(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "mem"\n',
            "server/main.py": "import os\n\nDB = os.environ.get('MEM_DB_URL')\n",
            "cli/python/pyproject.toml": '[project]\nname = "mem-cli"\n',
            "cli/python/src/mem_cli/config.py": "import os\n\nKEY = os.environ.get('MEM_CLI_API_KEY')\n",
            "integrations/plugin/plugin.json": '{"name": "plugin"}\n',
            "integrations/plugin/scripts/hook.py": "import os\n\nUSER = os.environ.get('PLUGIN_USER_ID')\n",
        },
    )
    assert found["MEM_DB_URL"].scope == "runtime"
    assert found["MEM_CLI_API_KEY"].scope == "dev"
    assert found["PLUGIN_USER_ID"].scope == "dev"


def test_an_app_cli_package_without_a_manifest_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "app"\n',
            "cli/__init__.py": "",
            "cli/serve.py": "import os\n\nPORT = os.environ.get('APP_PORT', '8000')\n",
        },
    )
    assert found["APP_PORT"].scope == "runtime"
