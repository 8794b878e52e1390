"""Places that mark reads as a developer's, not the running application's: a compose file whose opening
comment says it is for development or tests only, git and coding-agent hook folders, Go generators
(`//go:build ignore`) and `cmd/` programs no image builds; and the container files of `build/` and `dist/`
folders, read although those folders are otherwise skipped as build output."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.compose import dev_only_header


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src(text), encoding="utf-8")


def scopes(root: Path) -> dict[str, str]:
    return {v.name: v.scope for v in discover(root).variables}


def test_an_opening_comment_saying_development_or_tests_only() -> None:
    assert dev_only_header("## FOR ARM64 TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION ##\nservices:\n")
    assert dev_only_header("---\n# Used for the development environment, not for running it in production.\n")
    assert dev_only_header("# For local development only.\n\nservices: {}\n")
    assert not dev_only_header("# Production stack\nservices: {}\n")
    assert not dev_only_header("# Do not use this in production without changing the passwords\n")
    assert not dev_only_header("services:\n  # for development only\n")  # not the opening comment


def test_a_compose_file_for_development_only_places_its_services_settings(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app.py": 'import os\nDB = os.environ["DATABASE_URL"]\n',
            "Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/app.py"]\n',
            "compose.yaml": """
                # FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION
                services:
                  app:
                    build: .
                    environment:
                      DATABASE_URL: postgres://shop:shop@db/shop
                      SHOP_DEBUG_TOOLBAR: "true"
                  mail:
                    image: example/mailtester
                    environment:
                      MAILTESTER_UI_PASSWORD: ${MAILTESTER_UI_PASSWORD:-devpass}
            """,
        },
    )
    found = scopes(tmp_path)
    assert found["DATABASE_URL"] == "runtime"  # the code reads it
    assert found["SHOP_DEBUG_TOOLBAR"] == "dev"
    assert found["MAILTESTER_UI_PASSWORD"] == "dev"


def test_hook_and_agent_folders_are_dev(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".husky/pre-commit": '#!/bin/sh\n[ -n "$SKIP_LINT" ] || npx lint-staged\n',
            ".claude/hooks/format.sh": 'echo "$CLAUDE_PROJECT_DIR"\n',
            "src/agent/tools/search.ts": "export const key = process.env.SEARCH_API_KEY;\n",
        },
    )
    found = scopes(tmp_path)
    assert found["SKIP_LINT"] == "dev"
    assert found["CLAUDE_PROJECT_DIR"] == "dev"
    assert found["SEARCH_API_KEY"] == "runtime"


def test_go_generators_and_programs_no_image_builds_are_dev(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "go.mod": "module example.org/shop\n\ngo 1.22\n",
            "cmd/shop/main.go": """
                package main

                import "os"

                func main() { _ = os.Getenv("SHOP_LISTEN_ADDR") }
            """,
            "cmd/devtool/main.go": """
                package main

                import "os"

                func main() { _ = os.Getenv("DEVTOOL_SHARD") }
            """,
            "internal/codes/generate.go": """
                //go:build ignore

                package main

                import "os"

                func main() { _ = os.Getenv("CODES_SOURCE_URL") }
            """,
            "build/shop/production.Dockerfile": """
                FROM golang:1.22 AS build
                COPY . /src
                RUN cd /src && go build -o /shop ./cmd/shop
                FROM debian:stable-slim
                COPY --from=build /shop /shop
                ENTRYPOINT ["/shop"]
            """,
            "build/shop/entrypoint.sh": '#!/bin/sh\nexec /shop --data "${SHOP_DATA_DIR:-/data}"\n',
            "build/lib/shop/copy.py": 'import os\nos.getenv("COPIED_BUILD_OUTPUT")\n',
        },
    )
    found = scopes(tmp_path)
    assert found["SHOP_LISTEN_ADDR"] == "runtime"
    assert found["DEVTOOL_SHARD"] == "dev"  # the image builds ./cmd/shop only
    assert found["CODES_SOURCE_URL"] == "dev"
    assert found["SHOP_DATA_DIR"] == "runtime"  # a script in build/: read
    assert "COPIED_BUILD_OUTPUT" not in found  # other files in build/: still output


GO_MAIN = 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("NAME") }\n'


def test_without_an_image_naming_a_cmd_program_every_program_stays_runtime(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "cmd/server/main.go": GO_MAIN.replace("NAME", "SRV_PORT"),
            "cmd/worker/main.go": GO_MAIN.replace("NAME", "WRK_QUEUE"),
            "Dockerfile": 'FROM golang:1.22\nCOPY . .\nRUN make build\nCMD ["./bin/server"]\n',
        },
    )
    found = scopes(tmp_path)
    assert found["SRV_PORT"] == "runtime"
    assert found["WRK_QUEUE"] == "runtime"


def test_a_generator_a_go_generate_directive_runs_is_dev(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "internal/store/store.go": """
                package store

                //go:generate go run ./genwrap -schemas=api
                import "os"

                var dsn = os.Getenv("STORE_DSN")
            """,
            "internal/store/genwrap/main.go": """
                package main

                import "os"

                func main() { _ = os.Getenv("GENWRAP_SOURCE_URL") }
            """,
        },
    )
    found = scopes(tmp_path)
    assert found["STORE_DSN"] == "runtime"
    assert found["GENWRAP_SOURCE_URL"] == "dev"


def test_a_compose_service_of_an_end_to_end_test_runner_is_test(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": """
                services:
                  e2e:
                    image: mcr.microsoft.com/playwright:v1.45.0-jammy
                    volumes:
                      - .:/app
                    command: npx playwright test
                    environment:
                      - PWTEST_SKIP_TEST_OUTPUT=1
            """,
        },
    )
    assert scopes(tmp_path)["PWTEST_SKIP_TEST_OUTPUT"] == "test"


def test_a_folder_named_for_development_and_an_elasticsearch_sidecar(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "dev-reverse-proxy/Caddyfile": "{$SHOP_PROXY_HOST::8080} {\n  reverse_proxy app:3000\n}\n",
            "compose.yaml": """
                services:
                  shop:
                    image: acme/shop
                    environment:
                      SHOP_SECRET: ${SHOP_SECRET}
                  search:
                    image: acme/shop-es
                    environment:
                      ES_JAVA_OPTS: -Xms512m
            """,
            "package.json": '{"name": "shop"}\n',
        },
    )
    found = scopes(tmp_path)
    assert found["SHOP_PROXY_HOST"] == "dev"
    assert found["ES_JAVA_OPTS"] == "service:search"


def test_a_top_level_folder_of_old_code_and_a_setup_script_are_not_runtime(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "old/app.ts": "export const persona = process.env.ACTIVE_PERSONA;\n",
            "src/old/reader.ts": "export const feed = process.env.FEED_URL;\n",
            "bin/setup_monorepo.sh": '#!/bin/bash\ngit clone "$MONOREPO_REMOTE" packages\n',
        },
    )
    found = scopes(tmp_path)
    assert found["ACTIVE_PERSONA"] == "dev"
    assert found["FEED_URL"] == "runtime"  # an app's own module named old, deeper down
    assert found["MONOREPO_REMOTE"] == "build"  # a setup script nothing launches: like an installer


def test_a_script_named_for_a_ci_system_is_ci(tmp_path: Path) -> None:
    script = '#!/bin/sh\ncurl -u "$BINTRAY_USER:$BINTRAY_APIKEY" x\n'
    write(tmp_path, {"scripts/travis_deploy_bintray.sh": script})
    assert scopes(tmp_path)["BINTRAY_APIKEY"] == "ci"
