"""Round 73: zli flags set from the environment, Go files tagged to be run by hand, a JS environment guarded
for the browser (`cond ? process.env : {}`), PHP reads compared with a boolean, Python's `get("X", "") or
"d"` (also through `.strip()`), and CI scripts (`python -m scripts.x` steps, scripts reading what only a CI
runner sets) whose names code elsewhere merely quotes."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SERVE_GO = """
package main

import (
	"os"

	"zgo.at/zli"
)

func cmdServe(f zli.Flags) error {
	var (
		port    = f.Int(0, "public-port", "port")
		listen  = f.String(":8080", "listen")
		dev     = f.Bool(false, "dev")
		db      = f.String(defaultDB(), "db")
		baseURL = f.String("", "base-path")
	)
	if err := f.Parse(zli.FromEnv("GOATCOUNTER")); err != nil {
		return err
	}
	return nil
}

func main() {
	f := zli.NewFlags(os.Args)
	cmdServe(f)
}
"""

GEN_GO = """//go:build go_run_only

package main

import "os"

func main() {
	if _, ok := os.LookupEnv("CI"); ok {
		return
	}
}
"""


def test_zli_flags_from_the_environment_and_run_only_files(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module zgo.at/goatcounter\n", "cmd/goatcounter/serve.go": SERVE_GO, "gen.go": GEN_GO},
    )
    assert found["GOATCOUNTER_LISTEN"].default == ":8080"
    assert found["GOATCOUNTER_PUBLIC_PORT"].default == "0"
    assert found["GOATCOUNTER_PORT"].default == "0"  # the flag's alias
    assert found["GOATCOUNTER_DEV"].default == "false"
    assert found["GOATCOUNTER_DB"].default is None  # computed
    assert found["GOATCOUNTER_BASE_PATH"].default is None
    assert found["CI"].scope == "dev"


CONFIG_TS = """
export const getConfig = (key: string): string | undefined => {
    if (isSsr()) {
        const serverEnv = typeof process !== "undefined" && process.env ? process.env : {};
        return serverEnv[key] as string | undefined;
    }
    const clientEnv = typeof window !== "undefined" && window.app ? window.app : {};
    return clientEnv[key];
};
"""


def test_an_environment_guarded_for_the_browser(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "frontend"}',
            "src/utilities/config.ts": CONFIG_TS,
            "src/utilities/helpers.ts": (
                'import { getConfig } from "./config";\n'
                "export const licensed = () => getConfig('VITE_I_HAVE_A_LICENCE');\n"
            ),
        },
    )
    assert "VITE_I_HAVE_A_LICENCE" in found


def test_a_php_read_compared_with_a_boolean_keeps_the_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "composer.json": '{"require": {"laravel/framework": "^11.0"}}',
            "config/app.php": "<?php\nreturn ['debug' => (bool) env('APP_DEBUG', false)];\n",
            "app/Providers/AppServiceProvider.php": (
                "<?php\nif (env('APP_DEBUG') === true && env('APP_LOG_QUERIES') === true) { log(); }\n"
            ),
        },
    )
    assert found["APP_DEBUG"].default == "false"


def test_python_or_after_an_empty_default(tmp_path: Path) -> None:
    code = (
        "import os\n"
        'GATEWAY_SERVER = os.environ.get("GATEWAY_SERVER", "").strip() or "twisted"\n'
        'DOCKER_CMD = os.environ.get("DOCKER_CMD", "") or "docker"\n'
        'SHARD_LIMIT = int(os.environ.get("KINESIS_SHARD_LIMIT", "").strip() or 100)\n'
        'BUILD_DATE = os.environ.get("BUILD_DATE", "").strip() or None\n'
    )
    found = project(tmp_path, {"app/config.py": code})
    assert found["GATEWAY_SERVER"].default == "twisted"
    assert found["DOCKER_CMD"].default == "docker"
    assert found["KINESIS_SHARD_LIMIT"].default == "100"
    assert found["BUILD_DATE"].default is None


WORKFLOW = """
on: push
jobs:
  coverage:
    runs-on: ubuntu-latest
    steps:
      - name: Metric coverage diff
        env:
          COVERAGE_DIR_ALL: parity_metrics
        run: python -m scripts.metrics_coverage.diff_metrics_coverage
"""


def test_ci_scripts_and_names_runtime_code_only_quotes(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/workflows/main.yml": WORKFLOW,
            "scripts/metrics_coverage/diff_metrics_coverage.py": (
                'import os\nALL = os.environ.get("COVERAGE_DIR_ALL")\n'
            ),
            "scripts/tinybird/upload_metrics.py": (
                "import os\n"
                'BUILD = os.environ.get("CIRCLE_BUILD_NUM", "")\n'
                'KIND = os.environ.get("SOURCE_TYPE", "")\n'
            ),
            "app/api/redshift.py": 'class SortBy:\n    SOURCE_TYPE = "SOURCE_TYPE"\n',
            "app/config.py": 'import os\nPORT = os.environ.get("APP_PORT", "4566")\n',
        },
    )
    assert found["COVERAGE_DIR_ALL"].scope == "ci"
    assert found["CIRCLE_BUILD_NUM"].scope == "ci"
    assert found["SOURCE_TYPE"].scope == "ci"  # an enum's value in the app, read only by the CI's script
    assert found["APP_PORT"].scope == "runtime"
