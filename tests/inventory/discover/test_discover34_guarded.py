"""A bug in one file's reader or in one project-wide step is reported as skipped; every other name is still
found. And the Go shape that raised one (a method without parameters ranging over a package variable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.javascript import JsProject
from secretguard.inventory.discover.js_cased_keys import CasedKeys
from tests.inventory.discover.projects import project, write_project

FILES = {
    "app.js": "const port = process.env.PORT || 3000;\n",
    "other.js": "const host = process.env.HOST;\n",
    "start.sh": '#!/bin/sh\necho "$LOG_LEVEL"\n',
    "Dockerfile": 'FROM node:20\nCMD ["sh", "start.sh"]\n',
}


def test_a_bug_in_one_files_reader_skips_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = JsProject.discover

    def broken(self: JsProject, text: str, rel: str) -> object:
        if rel == "other.js":
            raise IndexError("a bug")
        return real(self, text, rel)

    monkeypatch.setattr(JsProject, "discover", broken)
    found = discover(write_project(tmp_path, FILES))
    names = {v.name for v in found.variables}
    assert {"PORT", "LOG_LEVEL"} <= names
    assert "HOST" not in names
    assert any(s.startswith("other.js: internal error (IndexError)") for s in found.skipped)


def test_a_bug_in_a_project_step_loses_its_names_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: CasedKeys) -> list[object]:
        raise KeyError("a bug")

    monkeypatch.setattr(CasedKeys, "finish", broken)
    found = discover(write_project(tmp_path, FILES))
    assert {"PORT", "HOST", "LOG_LEVEL"} <= {v.name for v in found.variables}
    assert any("internal error (KeyError), its names left out" in s for s in found.skipped)


def test_go_method_without_parameters_ranging_over_a_package_table(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "cmd/launch/hermes.go": """
                package launch

                import "os"

                var messagingEnvGroups = [][]string{
                    {"TELEGRAM_BOT_TOKEN"},
                    {"MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"},
                }

                type Hermes struct{}

                func (h *Hermes) gatewayEnvVars() map[string]string {
                    envVars := make(map[string]string)
                    for _, group := range messagingEnvGroups {
                        for _, key := range group {
                            if value, ok := os.LookupEnv(key); ok {
                                envVars[key] = value
                            }
                        }
                    }
                    return envVars
                }

                func Port() string { return os.Getenv("HERMES_PORT") }
            """,
        },
    )
    assert "HERMES_PORT" in found
