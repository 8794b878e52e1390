"""CI systems' own places: a file of Woodpecker's `.woodpecker/`, Drone's or Tekton's pipeline folders, and
pipeline files at the top (`.drone.yml`, `Jenkinsfile`), run only in CI: what they read is `ci`."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.ci import is_ci_pipeline
from tests.inventory.discover.projects import project


@pytest.mark.parametrize(
    "rel",
    [
        ".woodpecker/check-docs.sh",
        ".woodpecker/release.yaml",
        ".drone.yml",
        ".woodpecker.yaml",
        ".tekton/build.yaml",
        "bitbucket-pipelines.yml",
        "Jenkinsfile",
    ],
)
def test_ci_places(rel: str) -> None:
    assert is_ci_pipeline(rel)


@pytest.mark.parametrize("rel", ["scripts/woodpecker.sh", "cmd/drone/main.go", "docs/.drone.yml", "app.yaml"])
def test_other_places(rel: str) -> None:
    assert not is_ci_pipeline(rel)


def test_a_pipeline_script_reads_ci_variables(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".woodpecker/check-docs.sh": '#!/bin/sh\nfor f in $CI_CHANGED_FILES; do echo "$f"; done\n',
            "entrypoint.sh": '#!/bin/sh\nexec server --port "${APP_PORT:-8080}"\n',
        },
    )
    assert found["CI_CHANGED_FILES"].scope == "ci"
    assert found["APP_PORT"].scope == "runtime"
