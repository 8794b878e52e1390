"""Reads that are not the running program's: scripts only a Makefile runs (developer commands), Rust's
compile-time `env!` macros, and the variables test runners set for the code they run."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_MAKEFILE = """
    SWAGGER_DOCS_PATH ?= ./docs/swagger
    BASH ?= $(shell command -v bash)

    .PHONY: unittest
    unittest:
    \tGO_TEST_FLAGS="$(GO_TEST_FLAGS)" $(BASH) -xe ./scripts/test.sh

    e2e:
    \t$(BASH) -xe ./scripts/e2e.sh

    swagger:
    \tSWAGGER_DOCS_PATH=$(SWAGGER_DOCS_PATH) $(BASH) ./scripts/swagger.sh

    buildx-local: build-local
    \t@bash scripts/buildx.sh

    run: generate
    \t./scripts/serve.sh

    start:
    \t./scripts/start.sh

    image:
    \t./scripts/docker-entrypoint.sh
"""


def test_scripts_only_a_makefile_runs_are_developer_tooling(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Makefile": _MAKEFILE,
            "scripts/test.sh": "go test ./... ${GO_TEST_FLAGS}\n",
            "scripts/e2e.sh": "go test ./e2e/... -timeout=${TIMEOUT}\n",
            "scripts/swagger.sh": "swag init --output=$SWAGGER_DOCS_PATH\n",
            "scripts/buildx.sh": 'docker buildx build --platform="${BUILDX_PLATFORMS}" .\n',
            "scripts/serve.sh": 'exec ./app --port "${DEV_PORT:-8080}"\n',
            # run by the image as well as by make: it stays the application's
            "scripts/start.sh": 'exec ./app --listen "${LISTEN_ADDR:-:8080}"\n',
            "Dockerfile": 'FROM alpine\nCOPY scripts/start.sh /start.sh\nCMD ["/start.sh"]\n',
            # an entrypoint, never demoted
            "scripts/docker-entrypoint.sh": 'exec ./app --data "${DATA_DIR:-/data}"\n',
            # nothing runs it, but it drives the cluster from an operator's host: never the app's own
            "scripts/deploy.sh": 'kubectl apply -f "${MANIFEST:-k8s.yaml}"\n',
        },
    )
    assert found["GO_TEST_FLAGS"].scope == "test"
    assert found["TIMEOUT"].scope == "test"
    assert found["SWAGGER_DOCS_PATH"].scope == "dev"
    assert found["BUILDX_PLATFORMS"].scope == "build"
    assert found["DEV_PORT"].scope == "dev"  # `make run` is a developer's command
    assert found["LISTEN_ADDR"].scope == "runtime"
    assert found["DATA_DIR"].scope == "runtime"
    assert found["MANIFEST"].scope == "dev"


def test_rust_compile_time_macros_are_build(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/main.rs": """
                fn main() {
                    let version = env!("CARGO_PKG_VERSION");
                    let commit = option_env!("GIT_COMMIT").unwrap_or("dev");
                    let port = std::env::var("APP_PORT").unwrap_or("8080".into());
                    println!("{version} {commit} {port}");
                }
            """,
        },
    )
    assert found["CARGO_PKG_VERSION"].scope == "build"
    assert found["GIT_COMMIT"].scope == "build"
    assert found["APP_PORT"].scope == "runtime"


def test_variables_test_runners_set_are_test(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/sandbox.ts": """
                const underTest = typeof process !== "undefined" && process.env.VITEST === "true";
                const worker = process.env.JEST_WORKER_ID;
                export const timeout = Number(process.env.SANDBOX_TIMEOUT || 5000);
            """,
            "app/settings.py": """
                import os
                TESTING = "PYTEST_CURRENT_TEST" in os.environ
            """,
        },
    )
    assert found["VITEST"].scope == "test"
    assert found["JEST_WORKER_ID"].scope == "test"
    assert found["PYTEST_CURRENT_TEST"].scope == "test"
    assert found["SANDBOX_TIMEOUT"].scope == "runtime"


def test_application_code_a_makefile_also_runs_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Makefile": "dev:\n\tpython manage.py runserver\n\tnode server.js\n",
            "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n',
            "app/settings.py": 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
            "server.js": "const port = process.env.PORT || 3000;\n",
        },
    )
    assert found["DJANGO_SETTINGS_MODULE"].scope == "runtime"
    assert found["PORT"].scope == "runtime"


def test_a_playwright_folder_is_a_test_runners(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"packages/playwright/src/setup.ts": 'export const model = process.env.E2E_MODEL_NAME ?? "small";\n'},
    )
    assert found["E2E_MODEL_NAME"].scope == "test"
