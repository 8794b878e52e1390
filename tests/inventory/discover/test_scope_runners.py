"""Scopes from who runs a file: a script only a CI step runs is the CI's, one a dev compose file mounts into a
sidecar and runs is dev, one only a Dockerfile RUN executes is build; a Vite library or SSR build leaves
`process.env` alone; a test runner's config names its setup files; a signal handler reads the script's own
globals; a compose file's top-level keys are compose's (or the dev harness's); a Go module a developer's
package script runs is dev."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def _package(name: str, scripts: dict[str, str] | None = None, **extra: object) -> str:
    return json.dumps({"name": name, "scripts": scripts or {}, **extra})


_SERVER = {
    "package.json": _package("shop", {"start": "node server.js"}),
    "server.js": "listen(process.env.PORT);\n",
}


def test_a_script_only_a_workflow_runs_is_ci(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            ".github/workflows/triage.yml": """
                on: schedule
                jobs:
                  triage:
                    runs-on: ubuntu-latest
                    steps:
                      - run: node scripts/sync-issues.mjs --dry-run
                      - run: ./scripts/notify.sh
            """,
            "scripts/sync-issues.mjs": "const token = process.env.TRACKER_API_TOKEN;\n",
            "scripts/notify.sh": 'curl -H "Authorization: $CHAT_WEBHOOK_TOKEN" https://chat.example\n',
            "scripts/seed.mjs": "const rows = process.env.SEED_ROWS;\n",
        },
    )
    assert variables["TRACKER_API_TOKEN"].scope == "ci"
    assert variables["CHAT_WEBHOOK_TOKEN"].scope == "ci"
    assert variables["SEED_ROWS"].scope == "runtime"  # nothing runs it: its place decides
    assert variables["PORT"].scope == "runtime"


def test_a_script_a_workflow_and_a_launcher_run_keeps_the_launchers_scope(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            ".gitlab-ci.yml": "smoke:\n  script:\n    - python tools/migrate.py --check\n",
            "Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["python", "tools/migrate.py"]\n',
            "tools/migrate.py": "import os\nurl = os.environ['MIGRATION_DB_URL']\n",
        },
    )
    assert variables["MIGRATION_DB_URL"].scope == "runtime"


def test_a_ci_step_running_the_apps_entry_point_moves_nothing(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            ".github/workflows/test.yml": "jobs:\n  t:\n    steps:\n      - run: python manage.py test\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
        },
    )
    assert variables["DJANGO_SETTINGS_MODULE"].scope == "runtime"


def test_a_script_a_dev_compose_mounts_into_a_sidecar_and_runs_is_dev(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            "docker-compose.dev.yml": """
                services:
                  bucket-init:
                    image: minio/mc
                    volumes:
                      - ./docker/bucket-init.sh:/usr/local/bin/bucket-init.sh:ro
                    entrypoint: ["/bin/sh", "/usr/local/bin/bucket-init.sh"]
                  e2e:
                    image: cypress/included
                    volumes:
                      - ./src/ids.js:/src/ids.js
            """,
            "docker/bucket-init.sh": 'mc alias set local "$STORAGE_ENDPOINT" "$STORAGE_ADMIN_USER"\n',
            "src/ids.js": "export const v7 = () => process.env.USE_TIME_IDS;\n",
        },
    )
    assert variables["STORAGE_ENDPOINT"].scope == "dev"
    assert variables["STORAGE_ADMIN_USER"].scope == "dev"
    assert variables["USE_TIME_IDS"].scope == "runtime"  # mounted for the tests, not run by them


def test_a_script_only_a_dockerfile_run_executes_is_build(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            "Dockerfile": """
                FROM node:22 AS builder
                COPY web/docker/with-secrets.sh /tmp/with-secrets.sh
                COPY web/docker/start.sh /start.sh
                RUN chmod +x /tmp/with-secrets.sh /start.sh
                RUN --mount=type=secret,id=env CI=1 /tmp/with-secrets.sh npm run build
                CMD ["/start.sh"]
            """,
            "web/docker/with-secrets.sh": 'echo "building for ${TARGETARCH:-unknown}"\nexec "$@"\n',
            "web/docker/start.sh": 'exec node server.js --port "$LISTEN_PORT"\n',
        },
    )
    assert variables["TARGETARCH"].scope == "build"
    assert variables["LISTEN_PORT"].scope == "runtime"  # only chmod'ed by a RUN, started by CMD


def test_a_vite_library_leaves_process_env_to_the_app_that_imports_it(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "apps/web/package.json": _package(
                "web", {"start": "next start"}, dependencies={"next": "16", "@acme/logger": "*"}
            ),
            "apps/web/app/page.tsx": 'import { log } from "@acme/logger";\nlog("hi");\n',
            "packages/logger/package.json": _package(
                "@acme/logger", {"build": "vite build"}, main="./dist/index.js", devDependencies={"vite": "7"}
            ),
            "packages/logger/vite.config.ts": (
                'export default { build: { lib: { entry: "src/index.ts", formats: ["es"] } } };\n'
            ),
            "packages/logger/src/index.ts": (
                "export const log = (m: string) => process.env.LOGS_ENABLED === '1' && console.log(m);\n"
            ),
            "packages/widget/package.json": _package(
                "@acme/widget", {"build": "vite build"}, devDependencies={"vite": "7"}
            ),
            "packages/widget/vite.config.ts": "export default { build: { outDir: 'dist' } };\n",
            "packages/widget/src/main.ts": "const mode = process.env.WIDGET_MODE;\n",
        },
    )
    assert variables["LOGS_ENABLED"].scope == "runtime"
    assert variables["WIDGET_MODE"].scope == "build"  # a browser bundle's: replaced at build


def test_a_vite_ssr_build_leaves_process_env(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "packages/db/package.json": _package(
                "@acme/db", {"build": "vite build"}, devDependencies={"vite": "7"}
            ),
            "packages/db/vite.config.ts": "export default { build: { ssr: true, outDir: 'dist' } };\n",
            "packages/db/src/scripts/migrate.ts": "const url = process.env.MIGRATE_URL;\n",
        },
    )
    assert variables["MIGRATE_URL"].scope == "runtime"


def test_a_test_runners_setup_files_are_test(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            "vitest.db.config.mts": """
                export default {
                  test: {
                    globalSetup: ["./db-checks/global-setup.ts"],
                    setupFiles: "./db-checks/setup.ts",
                  },
                };
            """,
            "db-checks/global-setup.ts": (
                'import { reset } from "./reset";\nexport default () => reset(process.env.CHECK_DB_NAME);\n'
            ),
            "db-checks/reset.ts": "export const reset = (n?: string) => process.env.CHECK_DB_HOST;\n",
            "db-checks/setup.ts": "const url = process.env.CHECK_REDIS_URL;\n",
        },
    )
    assert variables["CHECK_DB_NAME"].scope == "test"
    assert variables["CHECK_DB_HOST"].scope == "test"  # imported only by the setup
    assert variables["CHECK_REDIS_URL"].scope == "test"
    assert variables["PORT"].scope == "runtime"


def test_a_trap_handler_reads_the_scripts_own_globals(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "run.sh": """
                #!/bin/sh
                stop() {
                    kill -TERM $SERVER_PID
                    wait $SERVER_PID
                    echo "$STOP_MESSAGE"
                }
                trap stop TERM INT
                node server.js --port "$APP_PORT" &
                SERVER_PID=$!
                wait $SERVER_PID
            """,
        },
    )
    assert "SERVER_PID" not in variables
    assert variables["STOP_MESSAGE"].scope == "runtime"  # never assigned: the environment's
    assert variables["APP_PORT"].scope == "runtime"


def test_top_level_compose_keys_are_composes_or_the_dev_harness(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "docker-compose.yml": """
                services:
                  app:
                    build: .
                    environment:
                      DATABASE_URL: ${DATABASE_URL}
                  db:
                    image: postgres:16
                networks:
                  edge:
                    name: ${EDGE_NETWORK}
            """,
            "sail/compose.yaml": """
                services:
                  laravel.test:
                    build:
                      context: ./vendor/laravel/sail/runtimes/8.4
                    environment:
                      LARAVEL_SAIL: 1
                  mailpit:
                    image: axllent/mailpit
                networks:
                  proxy:
                    name: "${PROXY_NETWORK}"
            """,
        },
    )
    assert variables["EDGE_NETWORK"].scope.startswith("service:")
    assert variables["PROXY_NETWORK"].scope == "dev"
    assert variables["DATABASE_URL"].scope == "runtime"


def test_a_go_module_a_developers_package_script_runs_is_dev(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            **_SERVER,
            "package.json": _package(
                "shop",
                {"start": "node server.js", "dev:cli": "go -C tools/devcli run .", "agent": "go run ./agent"},
            ),
            "tools/devcli/go.mod": "module example.com/devcli\n",
            "tools/devcli/main.go": (
                'package main\nimport "os"\nfunc main() { os.Getenv("DEVCLI_SECRET_KEY") }\n'
            ),
            "agent/main.go": 'package main\nimport "os"\nfunc main() { os.Getenv("AGENT_TOKEN") }\n',
            "Dockerfile": 'FROM golang:1.23\nCOPY . .\nRUN go build -o /agent ./agent\nCMD ["/agent"]\n',
        },
    )
    assert variables["DEVCLI_SECRET_KEY"].scope == "dev"
    assert variables["AGENT_TOKEN"].scope == "runtime"  # the image builds it
