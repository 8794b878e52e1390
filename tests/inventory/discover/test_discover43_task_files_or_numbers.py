"""Python task runners' files and build-tools folders are not the app's; a root `tests_e2e.py` is a test; a
number after `or` is a default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_task_runner_files_and_tests_beside_the_app(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.py": "import os\nPORT = int(os.environ.get('PORT', 80))\n",
            "dodo.py": "import os\ndef task_deploy():\n    return {'a': [os.getenv('GITHUB_ACTION')]}\n",
            "tests_e2e.py": "import os\nENDPOINT = os.getenv('ENDPOINT', 'http://localhost:8080')\n",
            "build-tools/github/validate-tests": "#!/bin/bash\npytest -n ${WORKERS:-4}\n",
        },
    )
    assert found["PORT"].scope == "runtime"
    assert found["GITHUB_ACTION"].scope != "runtime"
    assert found["ENDPOINT"].scope == "test"
    assert found["WORKERS"].scope != "runtime"


def test_number_after_or_is_a_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"config.py": "import os\nconfig = {'port': os.getenv('PORT') or 8080, 'w': os.getenv('W') or -1}\n"},
    )
    assert found["PORT"].default == "8080"
    assert found["W"].default == "-1"


def test_negated_and_evaluated_assignments_are_the_scripts_own(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/entrypoint.sh": """
                #!/bin/ash
                for VAR in APP_KEY APP_URL; do
                    eval "CURRENT=\\${${VAR}:-}"
                    if [ -n "${CURRENT}" ]; then continue; fi
                    if ! LINE=$(grep -m1 "^${VAR}=" .env); then continue; fi
                    echo "$LINE $LOG_LEVEL"
                done
            """,
        },
    )
    assert "CURRENT" not in found
    assert "LINE" not in found
    assert "LOG_LEVEL" in found


def test_celery_tasks_module_is_the_apps(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"images/common/openwisp/tasks.py": 'import os\nDAYS = int(os.environ["CRON_DELETE_OLD_RADACCT"])\n'},
    )
    assert found["CRON_DELETE_OLD_RADACCT"].scope == "runtime"
