"""Round-14 scopes of developer tooling written in shell:

- a top-level extensionless task runner (`./dev lint`, `./dev test`) that runs linters, formatters or test
  runners is `dev`, and so are the libraries only such tooling sources (`source "$(dirname "$0")/lib.sh"`);
  a library a runtime script sources too stays runtime;
- a helper in the top-level `scripts/` that writes through the app's HTTP API with curl (creates a user)
  is run from a user's shell: `dev`; a script that only reads (a healthcheck) keeps its place.
"""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

TASKS = """\
#!/usr/bin/env bash
source "$(dirname "${BASH_SOURCE[0]}")/tools/common.sh"
PATH="${VENV_DIR:-.venv}/bin:$PATH"

lint() {
    pyenv_run flake8 src
    pyenv_run black --check src
}

cmd="$1"
shift
"$cmd" "$@"
"""

COMMON = """\
#!/usr/bin/env bash
if [[ -z "$BUILD_CACHE" ]]; then
    BUILD_CACHE="$HOME/.cache/app"
fi
pyenv_run() { "$BUILD_CACHE/venv/bin/$1" "${@:2}"; }
"""


def test_task_runner_and_its_library_are_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "dev": TASKS,
            "tools/common.sh": COMMON,
            "docker/start.sh": '#!/bin/sh\nexec gunicorn --bind "0.0.0.0:${APP_PORT:-8000}" app:wsgi\n',
        },
    )
    assert found["VENV_DIR"].scope == "dev"
    assert found["BUILD_CACHE"].scope == "dev"  # only the task runner sources it
    assert found["APP_PORT"].scope == "runtime"


def test_library_a_runtime_script_sources_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "dev": TASKS,
            "tools/common.sh": COMMON,
            "docker/start.sh": "#!/bin/bash\n. /app/tools/common.sh\nexec gunicorn app:wsgi\n",
        },
    )
    assert found["VENV_DIR"].scope == "dev"
    assert found["BUILD_CACHE"].scope == "runtime"


def test_extensionless_start_script_without_dev_tools_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path, {"start": '#!/bin/sh\necho "use black for style"\nexec app --port "$APP_PORT"\n'}
    )
    assert found["APP_PORT"].scope == "runtime"


def test_api_client_helper_in_scripts_is_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "scripts/add_user.sh": (
                "#!/bin/bash\n"
                "API=${APP_API_URL:-http://localhost:8080}\n"
                "curl -s --fail \\\n  --request POST \\\n  --url $API/users \\\n  --data name=$1\n"
            ),
            "scripts/healthcheck.sh": (
                '#!/bin/sh\ncurl -fsS "http://localhost:${HEALTH_PORT:-8080}/health" || exit 1\n'
            ),
        },
    )
    assert found["APP_API_URL"].scope == "dev"
    assert found["HEALTH_PORT"].scope == "runtime"
