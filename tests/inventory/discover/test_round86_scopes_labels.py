"""Round 86: GitHub's "scripts to rule them all" are a developer's commands; a Go package of test support
(`import "testing"`, `func NewDB(tb testing.TB)`) is the tests'; a fake service (`etc/s3_mock.py`) is the
tests'; a secret-sounding name whose default names a key file holds a path; a script under a web root with
no package.json at or above it is a browser library's, not the app's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_RAILS_CONFIG = """
require_relative "boot"
module Tracks
  class Application < Rails::Application
    config.time_zone = ENV.fetch("TZ", "UTC")
  end
end
"""


def test_scripts_to_rule_them_all_are_developer_commands(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/application.rb": _RAILS_CONFIG,
            "script/bootstrap": "#!/bin/sh\nbundle install\n",
            "script/setup": "#!/bin/sh\nscript/bootstrap\n",
            "script/server": "#!/bin/sh\nexport BIND_PORTS=1\nexec script/docker-environment rails s\n",
            "script/test": '#!/bin/sh\nif [ "$RACK_ENV" = "test" ]; then echo ok; fi\n',
            "script/docker-environment": '#!/bin/sh\nimage=${DOCKER_IMAGE:=web}\n[ "${BIND_PORTS:-}" = 1 ]\n',
            "script/poll-for-db": '#!/bin/sh\nuntil nc -z "$DATABASE_HOST" 5432; do sleep 1; done\n',
            "docker-entrypoint.sh": '#!/bin/sh\n./script/poll-for-db\nexec "$@"\n',
            "Dockerfile": 'FROM ruby:3\nENTRYPOINT ["/app/docker-entrypoint.sh"]\nCMD ["rails", "s"]\n',
        },
    )
    assert found["DOCKER_IMAGE"].scope == "dev"
    assert found["RACK_ENV"].scope == "test"
    assert found["TZ"].scope == "runtime"
    assert found["DATABASE_HOST"].scope == "runtime"  # the entrypoint runs it at start


def test_a_lone_script_folder_is_not_the_convention(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "script/server": '#!/bin/sh\nexec app --port "${PORT:-3000}"\n',
            "script/test": "#!/bin/sh\nexit 0\n",
        },
    )
    assert found["PORT"].scope == "runtime"


_TESTINGUTIL = """
package testingutil

import (
    "flag"
    "os"
    "testing"
)

var s3Bucket = flag.String("s3-bucket", os.Getenv("APP_S3_BUCKET"), "")

func NewDB(tb testing.TB, path string) string {
    tb.Helper()
    return path + *s3Bucket
}
"""

_MAIN = """
package main

import "os"

func main() {
    println(os.Getenv("APP_CONFIG"))
}
"""


def test_a_go_package_of_test_support_is_the_tests(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "main.go": _MAIN,
            "internal/testingutil/testingutil.go": _TESTINGUTIL,
        },
    )
    assert found["APP_CONFIG"].scope == "runtime"
    assert found["APP_S3_BUCKET"].scope == "test"


def test_a_go_package_using_testing_without_taking_a_test_stays(tmp_path: Path) -> None:
    text = 'package flags\n\nimport (\n    "os"\n    "testing"\n)\n\nvar short = testing.Short()\n'
    text += 'var Mode = os.Getenv("APP_MODE")\n'
    found = project(tmp_path, {"go.mod": "module example.org/app\n", "flags/flags.go": text})
    assert found["APP_MODE"].scope == "runtime"


def test_a_fake_service_script_is_the_tests(tmp_path: Path) -> None:
    mock = """
    import os, subprocess, sys
    port = os.environ.get("S3_MOCK_PORT", "5000")
    env = os.environ.copy() | {"APP_S3_BUCKET": "test", "APP_S3_ENDPOINT": f"http://127.0.0.1:{port}"}
    subprocess.run(sys.argv[1:], env=env)
    """
    app = 'import os\nBUCKET = os.environ.get("APP_S3_BUCKET")\n'
    found = project(tmp_path, {"etc/s3_mock.py": mock, "app/storage.py": app})
    assert found["APP_S3_BUCKET"].scope == "runtime"
    assert found["S3_MOCK_PORT"].scope == "test"
    assert "APP_S3_ENDPOINT" not in found or found["APP_S3_ENDPOINT"].scope == "test"


def test_a_secret_name_defaulting_to_a_key_file_holds_a_path(tmp_path: Path) -> None:
    settings = """
    import os
    WINDOWS_VM_SECRET = os.getenv("APP_WINDOWS_VM_SECRET", "app/keys/windows_vm_priv_key.asc")
    API_SECRET = os.getenv("APP_API_SECRET", "")
    """
    found = project(tmp_path, {"app/settings.py": settings})
    assert found["APP_WINDOWS_VM_SECRET"].secret is False
    assert found["APP_WINDOWS_VM_SECRET"].default == "app/keys/windows_vm_priv_key.asc"
    assert found["APP_API_SECRET"].secret is True


def test_a_browser_library_in_a_python_apps_static_folder_reads_nothing(tmp_path: Path) -> None:
    shim = "exports.debuglog = function (set) { debugEnviron = process.env.NODE_DEBUG || ''; };\n"
    found = project(
        tmp_path,
        {
            "app/static/codemirror/jshint.js": shim,
            "app/settings.py": 'import os\nDEBUG = os.getenv("APP_DEBUG", "0")\n',
        },
    )
    assert "NODE_DEBUG" not in found
    assert "APP_DEBUG" in found


def test_a_static_folder_of_a_node_package_is_still_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "site", "scripts": {"start": "node static/server.js"}}',
            "static/server.js": "const port = process.env.SITE_PORT || 8080;\n",
        },
    )
    assert "SITE_PORT" in found


def test_a_config_package_with_one_test_helper_method_stays_runtime(tmp_path: Path) -> None:
    text = (
        'package config\n\nimport (\n    "os"\n    "testing"\n)\n\n'
        'var Mode = os.Getenv("APP_AUTH_MODE")\n\n'
        "type Info struct{ enabled bool }\n\n"
        + "".join(f"func (s Info) Method{k}() bool {{ return s.enabled }}\n\n" for k in range(6))
        + "func (s Info) Enable(t *testing.T) { s.enabled = true }\n"
    )
    found = project(
        tmp_path, {"go.mod": "module example.org/app\n", "internal/config/authentication.go": text}
    )
    assert found["APP_AUTH_MODE"].scope == "runtime"


def test_a_test_helper_function_in_a_runtime_file_is_the_tests(tmp_path: Path) -> None:
    text = (
        'package jsonnetsecure\n\nimport (\n    "os"\n    "testing"\n)\n\n'
        + "".join(f'func Run{k}() string {{ return os.Getenv("APP_JSONNET_MODE") }}\n\n' for k in range(6))
        + "func JsonnetTestBinary(t testing.TB) string {\n"
        + '    if s := os.Getenv("ORY_JSONNET_PATH"); s != "" {\n'
        + '        return s\n    }\n    return ""\n}\n'
    )
    found = project(tmp_path, {"go.mod": "module example.org/app\n", "jsonnetsecure/jsonnet.go": text})
    assert found["APP_JSONNET_MODE"].scope == "runtime"
    assert found["ORY_JSONNET_PATH"].scope == "test"
