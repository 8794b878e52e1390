"""Round 71: Go test-helper packages (`internal/dbtest`, `internal/testx`), scripts named for the build or
for developers (`scripts/build_locked_extras.py`, `scripts/dev_tools.py`), and `str(9)` as a default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_go_test_helper_packages(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/g\n",
            "internal/dbtest/dbtest.go": 'package dbtest\n\nimport "os"\n\nvar u = os.Getenv("PGUSER")\n',
            "internal/testx/exec.go": 'package testx\n\nimport "os"\n\nvar h = os.Getenv("GO_WANT_HELPER")\n',
            "internal/latest/v.go": 'package latest\n\nimport "os"\n\nvar c = os.Getenv("LATEST_CHANNEL")\n',
        },
    )
    assert found["PGUSER"].scope == "test"
    assert found["GO_WANT_HELPER"].scope == "test"
    assert found["LATEST_CHANNEL"].scope == "runtime"


def test_scripts_named_for_the_build_or_developers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "scripts/build_locked_extras.py": 'import os\nLOCKED = os.environ.get("BUILD_LOCKED_EXTRAS")\n',
            "scripts/dev_tools.py": 'import os\nVENV = os.environ["VIRTUAL_ENV"]\n',
            "app/log.py": 'import os\nCOUNT = int(os.environ.get("APP_LOG_MAXCOUNT", str(9)))\n',
        },
    )
    assert found["BUILD_LOCKED_EXTRAS"].scope == "build"
    assert found["VIRTUAL_ENV"].scope == "dev"
    assert found["APP_LOG_MAXCOUNT"].default == "9"
