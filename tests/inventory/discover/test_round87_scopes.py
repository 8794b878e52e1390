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


def test_a_compose_service_running_development_on_mounted_source(tmp_path: Path) -> None:
    compose = """
    services:
      app:
        build: .
        volumes:
          - .:/app
        environment:
          - RAILS_ENV=development
          - GITHUB_CLIENT_ID=
      worker:
        image: example/app:latest
        environment:
          - QUEUE_NAME=default
    """
    found = project(tmp_path, {"docker-compose.yml": compose, "app/models/user.rb": "ENV['QUEUE_NAME']\n"})
    assert found["GITHUB_CLIENT_ID"].scope == "dev"
    assert found["QUEUE_NAME"].scope == "runtime"


def test_rails_merges_a_database_url_an_erb_config_names(tmp_path: Path) -> None:
    database = """
    default: &default
      adapter: postgresql
      host: <%= ENV['PSQL_HOST'] || 'localhost' %>
    production:
      <<: *default
    test:
      <<: *default
      url: <%= ENV['DATABASE_URL'] %>
    """
    application = "module Ifme\n  class Application < Rails::Application\n  end\nend\n"
    found = project(
        tmp_path,
        {
            "config/application.rb": application,
            "config/environments/production.rb": "Rails.application.configure do\nend\n",
            "config/database.yml": database,
        },
    )
    assert found["DATABASE_URL"].scope == "runtime"
    assert found["PSQL_HOST"].scope == "runtime"
