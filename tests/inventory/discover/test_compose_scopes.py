"""docker compose: another container's settings are that container's scope (`service:<name>`), a compose
file for development gives its reads the `dev` scope."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.compose import ComposeServices, discover_compose, is_backing_image
from secretguard.inventory.discover.yamltree import load_documents


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def scopes(reads: list[Read]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for read in reads:
        out.setdefault(read.name, set()).add(scope_of_read(read))
    return out


COMPOSE = src("""
    services:
      api:
        build:
          context: .
          args:
            NODE_VERSION: ${NODE_VERSION:-20}
        environment:
          DATABASE_URL: postgres://app:${POSTGRES_PASSWORD}@db/app
          REDIS_URL: redis://cache:6379
        env_file: api.env
      db:
        image: postgres:16-alpine
        environment:
          POSTGRES_DB: app
          POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}
      cache:
        image: docker.io/bitnami/redis:7.2
        environment:
          - ALLOW_EMPTY_PASSWORD=yes
      search:
        image: docker.elastic.co/elasticsearch/elasticsearch:8.13.0
        environment:
          discovery.type: single-node
          ES_JAVA_OPTS: -Xms512m -Xmx512m
      worker:
        image: ghcr.io/acme/worker:${WORKER_TAG:-latest}
        environment:
          QUEUE_URL: amqp://queue
      mailer:
        image: ghcr.io/acme/mail-relay:2
        environment:
          RELAY_HOST: smtp.example.com
        env_file: mailer.env
""")
FILES = {"api.env": "SESSION_SECRET=\n", "mailer.env": "RELAY_PASSWORD=\n"}


def test_backing_images_are_recognised() -> None:
    for image in (
        "postgres:16",
        "bitnami/postgresql:15",
        "docker.io/library/redis:7-alpine",
        "confluentinc/cp-kafka:7.6.0",
        "quay.io/keycloak/keycloak:24.0",
        "mcr.microsoft.com/mssql/server:2022-latest",
        "axllent/mailpit",
        "localstack/localstack:3",
        "traefik:v3.0",
    ):
        assert is_backing_image(image), image
    for image in ("ghcr.io/acme/api:1.2", "localhost:5000/worker", "acme/app-postgres-migrator"):
        assert not is_backing_image(image), image


def test_backing_services_settings_are_their_scope() -> None:
    reads, notes = discover_compose(load_documents(COMPOSE), COMPOSE, "docker-compose.yml", FILES.get)
    assert notes == []
    found = scopes(reads)
    assert found["POSTGRES_DB"] == {"service:db"}
    # set in the db's settings (service) and interpolated into the api's (the app's)
    assert found["POSTGRES_PASSWORD"] == {"service:db", "runtime"}
    assert found["ALLOW_EMPTY_PASSWORD"] == {"service:cache"}
    assert found["ES_JAVA_OPTS"] == {"service:search"}
    assert found["DATABASE_URL"] == {"runtime"}
    assert found["SESSION_SECRET"] == {"runtime"}
    assert found["NODE_VERSION"] == {"build"}
    # without a project, a service that is not built here stays the application's
    assert found["QUEUE_URL"] == {"runtime"}


def test_services_not_built_here_are_settled_by_the_code_reads() -> None:
    services = ComposeServices()
    reads, _ = discover_compose(load_documents(COMPOSE), COMPOSE, "docker-compose.yml", FILES.get, services)
    assert "QUEUE_URL" not in {r.name for r in reads}  # held until the code is known
    code = [Read("QUEUE_URL", "worker/main.go", 12, False, "go")]
    settled = scopes(services.settle(reads + code))
    assert settled["QUEUE_URL"] == {"runtime"}  # the worker's code reads it: the application's
    assert settled["WORKER_TAG"] == {"service:compose"}  # the image tag: compose's, on the host
    assert settled["RELAY_HOST"] == {"service:mailer"}  # nothing reads the relay's settings
    assert settled["RELAY_PASSWORD"] == {"service:mailer"}
    assert services.pending == []


@pytest.mark.parametrize(
    "name",
    [
        "docker-compose.dev.yml",
        "docker-compose.override.yml",
        "compose.local.yaml",
        "compose-dev-backend.yml",
        ".devcontainer/compose.yml",
    ],
)
def test_a_development_compose_file_is_dev(name: str) -> None:
    reads, _ = discover_compose(
        load_documents(COMPOSE),
        COMPOSE,
        name,
        lambda rel: FILES.get(rel.rsplit("/", 1)[-1]),
        ComposeServices(),
    )
    assert {scope_of_read(r) for r in reads} == {"dev"}  # the env files it names too
    assert {"POSTGRES_DB", "QUEUE_URL", "SESSION_SECRET", "NODE_VERSION"} <= {r.name for r in reads}


def test_in_a_project_code_reads_win_and_other_containers_keep_theirs(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "main.go").write_text(
        'package main\n\nimport "os"\n\nvar queue = os.Getenv("QUEUE_URL")\n', encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(
        'import os\n\nDB = os.environ["DATABASE_URL"]\nPG = os.environ.get("POSTGRES_DB", "app")\n',
        encoding="utf-8",
    )
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert variables["POSTGRES_PASSWORD"].scope == "runtime"  # the api's URL interpolates it
    assert variables["POSTGRES_DB"].scope == "runtime"  # the app's code reads it too
    assert variables["POSTGRES_DB"].scopes == ["runtime", "service:db"]
    assert variables["ALLOW_EMPTY_PASSWORD"].scope == "service:cache"
    assert variables["QUEUE_URL"].scope == "runtime"
    assert variables["RELAY_HOST"].scope == "service:mailer"
    assert variables["RELAY_PASSWORD"].scope == "service:mailer"
    assert variables["NODE_VERSION"].scope == "build"
