"""CircleCI's `.circleci/config.yml` steps run project scripts (`command: python3 deploy.py`): a script only
the pipeline runs reads the CI's environment (`ci`), as with GitHub and GitLab pipelines; one a Dockerfile
also runs keeps its scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.ci import is_circleci
from tests.inventory.discover.projects import project

CIRCLE = """
version: 2.1
jobs:
  build:
    machine:
      image: default
    steps:
      - checkout
      - run: ./hack/notify.sh
      - run:
          name: Publish
          command: |
            python3 --version
            python3 deploy.py
"""


@pytest.mark.parametrize(
    ("rel", "expected"), [(".circleci/config.yml", True), ("docs/.circleci/config.yml", False)]
)
def test_circleci_place(rel: str, expected: bool) -> None:
    assert is_circleci(rel) is expected


def test_scripts_only_circleci_runs_are_ci(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".circleci/config.yml": CIRCLE,
            "deploy.py": 'import os\npassword = os.environ["REGISTRY_PASSWORD"]\n'
            'tag = os.environ.get("RELEASE_TAG")\n',
            "hack/notify.sh": '#!/bin/sh\ncurl -fsS "https://hooks.example.com/$HOOK_TOKEN"\n',
            "Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/server.py"]\n',
            "server.py": 'import os\nport = os.environ.get("PORT", "8000")\n',
        },
    )
    assert found["REGISTRY_PASSWORD"].scope == "ci"
    assert found["RELEASE_TAG"].scope == "ci"
    assert found["HOOK_TOKEN"].scope == "ci"
    assert found["PORT"].scope == "runtime"


def test_a_script_a_dockerfile_also_runs_keeps_its_scope(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".circleci/config.yml": CIRCLE,
            "deploy.py": 'import os\nhost = os.environ.get("APP_HOST")\n',
            "Dockerfile": 'FROM python:3.12\nCOPY deploy.py /\nCMD ["python", "/deploy.py"]\n',
        },
    )
    assert found["APP_HOST"].scope == "runtime"
