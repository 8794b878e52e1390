"""Procfile commands' expansions; Go typed name constants read through their type's methods; scripts a CI
step runs in a working directory."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_procfile_expansions(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Procfile": (
                "web: gunicorn -c gunicorn.conf.py app.wsgi:application\n"
                "worker: celery -A app worker --concurrency=${CELERY_CONCURRENCY:-1} -Q default\n"
            ),
        },
    )
    assert found["CELERY_CONCURRENCY"].default == "1"
    assert found["CELERY_CONCURRENCY"].scope == "runtime"
    assert found["CELERY_CONCURRENCY"].locations == ["Procfile:2"]


def test_go_typed_constants_read_through_methods(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/pv\n\ngo 1.22\n",
            "api/utils/environment_variables.go": """
                package utils

                import (
                    "os"
                    "strings"
                )

                type EnvironmentVariable string

                const (
                    EnvListenPort             EnvironmentVariable = "PHOTOVIEW_LISTEN_PORT"
                    EnvDisableFaceRecognition EnvironmentVariable = "PHOTOVIEW_DISABLE_FACE_RECOGNITION"
                    EnvUnused                 EnvironmentVariable = "PHOTOVIEW_UNUSED"
                )

                func (v EnvironmentVariable) GetName() string { return string(v) }

                func (v EnvironmentVariable) GetValue() string { return os.Getenv(string(v)) }

                func (v EnvironmentVariable) GetBool() bool {
                    value := strings.ToLower(os.Getenv(string(v)))
                    return value == "1" || value == "true"
                }
            """,
            "api/server.go": """
                package main

                import "example.com/pv/api/utils"

                func main() {
                    port := utils.EnvListenPort.GetValue()
                    if utils.EnvDisableFaceRecognition.GetBool() {
                        return
                    }
                    _ = utils.EnvUnused.GetName()
                    _ = port
                }
            """,
        },
    )
    assert {"PHOTOVIEW_LISTEN_PORT", "PHOTOVIEW_DISABLE_FACE_RECOGNITION"} <= set(found)
    assert "PHOTOVIEW_UNUSED" not in found  # GetName only names it


def test_script_a_ci_step_runs_in_its_working_directory(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/workflows/deps.yml": """
                on: push
                jobs:
                  versions:
                    runs-on: ubuntu-latest
                    steps:
                      - name: Detect versions
                        working-directory: dependencies
                        env:
                          USER_AGENT: deps-ci
                        run: ./versions.sh
            """,
            "dependencies/versions.sh": '#!/bin/sh\ncurl -A "$USER_AGENT" https://example.org\n',
        },
    )
    assert found["USER_AGENT"].scope == "ci"
