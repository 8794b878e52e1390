"""Round 87: a program under `integrations/` with its own container is a service the deployment runs (its
reads stay runtime), one without is tooling; a `utilities/` program with its own manifest is tooling; a
package script starting a developer's server (`start:webpackDevServer`) is `dev`; a shell script in a
`tools/` folder under the source is a maintainer's; a docusaurus config builds a docs site."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_an_integration_with_a_container_is_a_service(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": 'import os\nDEBUG = os.environ.get("DEBUG", "0")\n',
            "integrations/nuclei/Dockerfile": 'FROM python:3\nCMD ["python", "app.py"]\n',
            "integrations/nuclei/requirements.txt": "flask\n",
            "integrations/nuclei/app.py": 'import os\nLOG_PATH = os.getenv("LOG_PATH", "/var/log")\n',
            "integrations/n8n-nodes/package.json": '{"name": "n8n-nodes-app"}',
            "integrations/n8n-nodes/index.js": "const key = process.env.N8N_APP_KEY;\n",
        },
    )
    assert found["LOG_PATH"].scope == "runtime"
    assert found["N8N_APP_KEY"].scope == "dev"


def test_a_utilities_program_and_a_dev_server_script(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "app", "scripts": {"start": "node dist/index.js"}}',
            "src/index.ts": "const port = process.env.PORT || 3000;\n",
            "client/package.json": (
                '{"name": "client", "scripts": {"start:webpackDevServer": "ts-node scripts/start.ts"}}'
            ),
            "client/scripts/start.ts": "if (process.env.DEV_HOST) { console.log(process.env.DEV_HOST); }\n",
            "utilities/mod/package.json": '{"name": "mod"}',
            "utilities/mod/src/main.ts": "const host = process.env.MOD_HOST || 'localhost';\n",
        },
    )
    assert found["PORT"].scope == "runtime"
    assert found["DEV_HOST"].scope == "dev"
    assert found["MOD_HOST"].scope == "dev"


def test_maintainer_tools_and_a_docs_site(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/App.php": "<?php\n$url = getenv('SITE_URL');\n",
            "src/tools/bruteforce-login.sh": '#!/bin/sh\nBASE_URL="${BASE_URL:-https://localhost}"\n',
            "documentation/package.json": '{"name": "docs"}',
            "documentation/docusaurus.config.ts": "const v = process.env.DOCS_VERSIONING === '1';\n",
        },
    )
    assert found["SITE_URL"].scope == "runtime"
    assert found["BASE_URL"].scope == "dev"
    assert found["DOCS_VERSIONING"].scope == "build"
