"""Dockerfiles: build arguments, the base image's and the toolchain's settings and what RUN expands are
`build`; the container's command is the application's; the code's own reads win."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import scope_of_read
from secretguard.inventory.discover.dockerfile import discover_dockerfile, is_tooling
from tests.inventory.discover.projects import project

DOCKERFILE = textwrap.dedent("""\
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim AS base
    ARG S6_OVERLAY_VERSION=3.1.6.2
    ARG GIT_SHA
    ENV PYTHONDONTWRITEBYTECODE=1 \\
        PYTHONUNBUFFERED=1 \\
        PIP_NO_CACHE_DIR=off \\
        DEBIAN_FRONTEND=noninteractive \\
        LANG=C.UTF-8 \\
        PATH=/opt/venv/bin:$PATH
    ENV NODE_ENV=production
    ENV APP_PORT=8000 GIT_SHA=${GIT_SHA}
    RUN curl -sL https://example.com/s6-${S6_OVERLAY_VERSION}.tar.xz | tar -xJ
    CMD gunicorn --bind 0.0.0.0:${APP_PORT} --workers ${WEB_CONCURRENCY:-2} app:app
""")


def test_build_arguments_tooling_and_run_are_build_the_command_is_runtime() -> None:
    scopes: dict[tuple[str, int], str] = {
        (r.name, r.line): scope_of_read(r) for r in discover_dockerfile(DOCKERFILE, "Dockerfile")
    }
    assert scopes == {
        ("PYTHON_VERSION", 1): "build",
        ("PYTHON_VERSION", 2): "build",  # FROM is expanded while building
        ("S6_OVERLAY_VERSION", 3): "build",
        ("GIT_SHA", 4): "build",
        ("PYTHONDONTWRITEBYTECODE", 5): "build",
        ("PYTHONUNBUFFERED", 6): "build",
        ("PIP_NO_CACHE_DIR", 7): "build",
        ("DEBIAN_FRONTEND", 8): "build",
        ("LANG", 9): "build",
        ("PATH", 10): "build",
        ("NODE_ENV", 11): "build",
        ("APP_PORT", 12): "build",  # an ENV line: the container's default, set at build time
        ("GIT_SHA", 12): "build",
        ("S6_OVERLAY_VERSION", 13): "build",
        ("APP_PORT", 14): "runtime",  # read when the container starts
        ("WEB_CONCURRENCY", 14): "runtime",
    }


def test_tooling_names() -> None:
    for name in (
        "PYTHONPATH",
        "PIP_INDEX_URL",
        "POETRY_VIRTUALENVS_CREATE",
        "NODE_ENV",
        "NPM_CONFIG_LOGLEVEL",
    ):
        assert is_tooling(name), name
    for name in ("S6_OVERLAY_VERSION", "GOSU_VERSION", "JAVA_HOME", "LC_ALL", "CGO_ENABLED"):
        assert is_tooling(name), name
    for name in ("DATABASE_URL", "APP_PORT", "SECRET_KEY", "LOG_LEVEL", "GOOGLE_CLIENT_ID"):
        assert not is_tooling(name), name


def test_a_dockerfile_under_tests_keeps_its_place_scope() -> None:
    reads = discover_dockerfile("ARG VERSION=1\nENV PIP_NO_CACHE_DIR=1\n", "tests/fixtures/Dockerfile")
    assert {scope_of_read(r) for r in reads} == {"test"}


def test_the_code_reading_an_image_setting_makes_it_runtime(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (tmp_path / "server.js").write_text(
        'const prod = process.env.NODE_ENV === "production";\n', encoding="utf-8"
    )
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert variables["NODE_ENV"].scope == "runtime"
    assert variables["NODE_ENV"].scopes == ["runtime", "build"]
    assert variables["PYTHONUNBUFFERED"].scope == "build"
    assert variables["GIT_SHA"].scope == "build"
    assert variables["WEB_CONCURRENCY"].scope == "runtime"


def test_a_runtime_stage_env_nothing_reads_is_build(tmp_path: Path) -> None:
    """The final stage's `ENV` sets the image's environment; unless the app, an entrypoint or the CMD reads
    the name, it is the image's (`build`), not a setting of the application."""
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker/Dockerfile").write_text(
        "FROM node:22 AS frontend\nENV NUXT_TELEMETRY=0\nRUN yarn build\n"
        "FROM python:3.12-slim\nENV PRODUCTION=true APP_DATA_DIR=/app/data TESTING=false\n"
        "ENV API_PORT=9000\nHEALTHCHECK CMD curl -f http://localhost:${API_PORT}/api/health\n"
        'ENTRYPOINT ["/app/run.sh"]\n',
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        'import os\nDATA = os.getenv("APP_DATA_DIR", "./data")\n', encoding="utf-8"
    )
    variables = {v.name: v for v in discover(tmp_path, all_files=True).variables}
    assert variables["PRODUCTION"].scope == "build"
    assert variables["TESTING"].scope == "build"
    assert variables["NUXT_TELEMETRY"].scope == "build"
    assert variables["APP_DATA_DIR"].scope == "runtime"
    assert variables["APP_DATA_DIR"].default == "./data"  # the code's default beats the image's ENV
    assert variables["API_PORT"].scope == "runtime"  # the healthcheck reads it in the container


def test_final_stage_env_of_the_started_programs_own_settings_is_runtime(tmp_path: Path) -> None:
    dockerfile = """
        FROM golang:1.22 AS builder
        ENV TASKD_BUILD_TAGS=sqlite
        RUN go build -o /out/taskd ./cmd/taskd

        FROM scratch
        WORKDIR /app
        ENTRYPOINT [ "/app/taskd" ]
        ENV TASKD_SERVICE_ROOTPATH=/app/
        ENV TASKD_DATABASE_PATH=/db/taskd.db
        ENV OTHER_SETTING=1
        COPY --from=builder /out/taskd taskd
    """
    found = project(tmp_path, {"Dockerfile": dockerfile})
    assert found["TASKD_SERVICE_ROOTPATH"].scope == "runtime"
    assert found["TASKD_DATABASE_PATH"].scope == "runtime"
    assert found["TASKD_BUILD_TAGS"].scope == "build"  # the builder stage's
    assert found["OTHER_SETTING"].scope == "build"  # not named after the program


def test_final_stage_inherits_the_program_of_the_stage_it_is_built_from(tmp_path: Path) -> None:
    dockerfile = """
        FROM alpine:3.20 AS base
        CMD ["taskd", "serve"]

        FROM base AS release
        ENV TASKD_LOG_LEVEL=info
    """
    assert project(tmp_path, {"Dockerfile": dockerfile})["TASKD_LOG_LEVEL"].scope == "runtime"
