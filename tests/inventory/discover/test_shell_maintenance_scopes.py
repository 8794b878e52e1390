"""Release and dependency-upkeep scripts in the repository's tool folders (`scripts/upgrade` running
pip-tools, `bin/release.py` creating GitHub releases) are developer tooling: `dev`, not runtime. An
entrypoint beside them stays runtime."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_upkeep_scripts_are_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "scripts/upgrade": """
                #!/usr/bin/env bash
                if [[ -z ${VENV_DIR} ]]; then
                  echo "activate a virtualenv first"; exit 1
                fi
                python -m piptools compile --upgrade requirements.in
            """,
            "bin/release.py": """
                import os
                import requests

                token = os.environ["RELEASE_GITHUB_TOKEN"]

                def release(tag):
                    url = "https://api.github.com/repos/{}/releases".format("acme/app")
                    return requests.post(url, json={"tag_name": tag}, auth=(token, "x"))
            """,
            "bin/docker-entrypoint": """
                #!/bin/sh
                exec gunicorn -w "${WORKERS:-2}" app:app
            """,
            "bin/worker.py": """
                import os

                QUEUE = os.environ.get("WORKER_QUEUE", "default")
            """,
        },
    )
    assert found["VENV_DIR"].scope == "dev"
    assert found["RELEASE_GITHUB_TOKEN"].scope == "dev"
    assert found["WORKERS"].scope == "runtime"
    assert found["WORKERS"].default == "2"
    assert found["WORKER_QUEUE"].scope == "runtime"
