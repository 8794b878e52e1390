"""Scripts and tool images under a top-level `tools/` folder (a migration tool with its own Dockerfile, an
i18n script) are the maintainers', not the running application's: `dev`, unless a container's CMD or another
script runs them."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_tools_scripts_are_dev_unless_something_runs_them(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "engine/settings.py": 'import os\nDATABASE_URL = os.getenv("DATABASE_URL")\n',
            "tools/migrators/main.py": 'import os\nSOURCE_API_TOKEN = os.environ["SOURCE_API_TOKEN"]\n',
            "tools/migrators/Dockerfile": "FROM python:3.12\nENV SESSION_FILE=/tmp/session\n",
            "tools/i18n-ai-tool.py": 'import os\nkey = os.getenv("OPENAI_API_KEY")\n',
            "tools/start.sh": '#!/bin/sh\nexec gunicorn -w "${WEB_WORKERS:-2}" engine.wsgi\n',
            "Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["/app/tools/start.sh"]\n',
        },
    )
    assert found["DATABASE_URL"].scope == "runtime"
    assert found["SOURCE_API_TOKEN"].scope == "dev"
    assert found["SESSION_FILE"].scope != "runtime"
    assert found["OPENAI_API_KEY"].scope == "dev"
    assert found["WEB_WORKERS"].scope == "runtime"  # the container's CMD runs it
    assert found["WEB_WORKERS"].default == "2"


def test_a_tools_package_deeper_in_the_app_is_the_apps(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "engine/tools/mail.py": 'import os\nSMTP_HOST = os.getenv("SMTP_HOST", "localhost")\n',
        },
    )
    assert found["SMTP_HOST"].scope == "runtime"


def test_a_vagrant_provisioning_script_is_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "vagrant/provision.sh": """
                #!/bin/bash
                : ${PROJECT_DIR:=/vagrant}
                [ -n "$USE_POSTGRESQL" ] && echo pg
            """,
            "Vagrantfile": 'config.vm.provision :shell, :path => "vagrant/provision.sh"\n',
        },
    )
    assert found["PROJECT_DIR"].scope == "dev"
    assert found["USE_POSTGRESQL"].scope == "dev"
