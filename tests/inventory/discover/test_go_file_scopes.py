"""Go files that are not the server: mage build scripts (`//go:build mage`, magefiles/), test support not
named `_test.go` (`test.go` in a library package, an `integration/` folder), and a nested module with its own
`go.mod` (a companion CLI) unless a Dockerfile builds it."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_MAIN = """
    package main

    import "os"

    func main() { _ = os.Getenv("TASKD_PORT") }
"""

_MAGEFILE = """
    //go:build mage

    package main

    import "os"

    func Release() error {
        if os.Getenv("DRONE_TAG") != "" {
            return nil
        }
        _ = os.Getenv("E2E_TESTING_TOKEN")
        return nil
    }
"""

_DB_TEST_SUPPORT = """
    package db

    import "os"

    // CreateTestEngine is what the package's tests use.
    func CreateTestEngine() bool {
        return os.Getenv("TASKD_TESTS_USE_CONFIG") == "1"
    }
"""

_CLI_MAIN = """
    package credentials

    import "os"

    func Token() string { return os.Getenv("TASKCLI_TOKEN") }
"""


def _scopes(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    base = {"go.mod": "module example.com/taskd\n", "cmd/taskd/main.go": _MAIN}
    return {name: v.scope for name, v in project(tmp_path, {**base, **files}).items()}


def test_mage_build_files_are_build_scope(tmp_path: Path) -> None:
    found = _scopes(
        tmp_path,
        {
            "magefile.go": _MAGEFILE,
            "build/release.go": _MAGEFILE.replace("//go:build mage", "// +build mage"),
            "magefiles/targets.go": _MAGEFILE.replace("//go:build mage\n", "").replace("DRONE_TAG", "TAGS"),
        },
    )
    assert found["TASKD_PORT"] == "runtime"
    assert found["DRONE_TAG"] == "build"
    assert found["E2E_TESTING_TOKEN"] == "build"
    assert found["TAGS"] == "build"


def test_other_build_tags_stay_runtime(tmp_path: Path) -> None:
    linux = _MAGEFILE.replace("//go:build mage", "//go:build linux && !magefile_off")
    found = _scopes(tmp_path, {"pkg/sys/linux.go": linux.replace("package main", "package sys")})
    assert found["DRONE_TAG"] == "runtime"


def test_test_support_files_are_test_scope(tmp_path: Path) -> None:
    found = _scopes(
        tmp_path,
        {
            "pkg/db/test.go": _DB_TEST_SUPPORT,
            "pkg/db/db.go": _DB_TEST_SUPPORT.replace("TASKD_TESTS_USE_CONFIG", "XDG_DATA_HOME"),
            "pkg/integration/harness.go": _DB_TEST_SUPPORT.replace("TASKD_TESTS_USE_CONFIG", "HARNESS_URL"),
            "pkg/user/testutils.go": _DB_TEST_SUPPORT.replace("TASKD_TESTS_USE_CONFIG", "FIXTURES_DIR"),
        },
    )
    assert found["TASKD_TESTS_USE_CONFIG"] == "test"
    assert found["HARNESS_URL"] == "test"
    assert found["FIXTURES_DIR"] == "test"
    assert found["XDG_DATA_HOME"] == "runtime"


def test_a_test_go_file_of_a_main_package_is_the_program(tmp_path: Path) -> None:
    command = _MAIN.replace("TASKD_PORT", "SELFTEST_URL")
    found = _scopes(tmp_path, {"cmd/selftest/test.go": command})
    assert found["SELFTEST_URL"] == "runtime"


def test_a_nested_module_is_a_second_program(tmp_path: Path) -> None:
    found = _scopes(
        tmp_path,
        {
            "taskcli/go.mod": "module example.com/taskcli\n",
            "taskcli/internal/credentials/env.go": _CLI_MAIN,
        },
    )
    assert found["TASKCLI_TOKEN"] == "dev"
    assert found["TASKD_PORT"] == "runtime"


def test_a_nested_module_a_dockerfile_builds_is_runtime(tmp_path: Path) -> None:
    files = {
        "taskcli/go.mod": "module example.com/taskcli\n",
        "taskcli/internal/credentials/env.go": _CLI_MAIN,
        "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd taskcli && go build -o /cli .\n",
    }
    assert _scopes(tmp_path, files)["TASKCLI_TOKEN"] == "runtime"
    own = {**files, "Dockerfile": "FROM golang:1.22\n", "taskcli/Dockerfile": "FROM golang:1.22\n"}
    assert _scopes(tmp_path / "own", own)["TASKCLI_TOKEN"] == "runtime"


def test_a_module_inside_no_other_module_is_the_program(tmp_path: Path) -> None:
    files = {
        "server/go.mod": "module example.com/server\n",
        "server/main.go": _MAIN.replace("TASKD_PORT", "WEB_PORT"),
    }
    found = {name: v.scope for name, v in project(tmp_path, files).items()}
    assert found["WEB_PORT"] == "runtime"
