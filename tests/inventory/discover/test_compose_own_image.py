"""docker compose: a service running the project's own published image (named after the project in its
manifest, or published by its goreleaser configuration) is the application: its settings are `runtime`
even when the code reads none of them, while backing services and unrelated images keep their own scope."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.compose import ComposeServices, OwnImages, discover_compose
from secretguard.inventory.discover.yamltree import load_documents
from tests.inventory.discover.projects import project

COMPOSE = """
    services:
      server:
        image: ferryci/ferry-server:v2
        environment:
          - FERRY_OPEN=true
          - FERRY_ADMIN=ops
      agent:
        image: ghcr.io/example/ferry-agent:2
        environment:
          FERRY_AGENT_SECRET: ${FERRY_AGENT_SECRET}
      db:
        image: postgres:16
        environment:
          POSTGRES_PASSWORD: example
      proxy:
        image: someone/tunnel
        environment:
          TUNNEL_TOKEN: abc
"""


def scopes(reads: list[Read]) -> dict[str, str]:
    return {r.name: scope_of_read(r) for r in reads}


def settled(files: dict[str, str], compose: str) -> dict[str, str]:
    def read_file(rel: str) -> str | None:
        return files.get(rel)

    text = textwrap.dedent(compose).lstrip("\n")
    services = ComposeServices()
    reads, _ = discover_compose(load_documents(text), text, "docker-compose.yml", read_file, services)
    return scopes(reads + services.settle(reads))


def test_an_image_named_after_the_go_module_is_the_application() -> None:
    found = settled({"go.mod": "module code.example.org/ferry/v2\n"}, COMPOSE)
    assert found["FERRY_OPEN"] == found["FERRY_ADMIN"] == "runtime"
    assert found["FERRY_AGENT_SECRET"] == "runtime"
    assert found["POSTGRES_PASSWORD"] == "service:db"
    assert found["TUNNEL_TOKEN"] == "service:proxy"


def test_without_a_project_name_the_image_waits_for_the_code() -> None:
    found = settled({}, COMPOSE)
    assert found["FERRY_OPEN"] == "service:server"


def test_images_from_manifests_and_goreleaser() -> None:
    files = {
        "package.json": '{"name": "@acme/ledger", "version": "1.0.0"}',
        ".goreleaser.yaml": 'dockers:\n  - image_templates:\n      - "quay.io/acme/books:{{ .Version }}"\n',
    }
    own = OwnImages.of(files.get)
    assert own.match("acme/ledger:latest")
    assert own.match("docker.io/acme/ledger-worker")
    assert own.match("quay.io/acme/books:1.2")
    assert not own.match("acme/billing")
    assert not own.match("redis:7")


def test_a_generic_project_name_claims_only_its_exact_image() -> None:
    own = OwnImages.of({"go.mod": "module github.com/acme/server/v2\n"}.get)
    assert own.match("acme/server:2.1")
    assert not own.match("someone/server-monitor")
    assert not own.match("serverless/runtime")


def test_in_a_project_the_own_image_service_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module code.example.org/ferry/v2\n\ngo 1.22\n",
            "main.go": 'package main\n\nimport "os"\n\nvar _ = os.Getenv("FERRY_HOST")\n',
            "docker-compose.yml": COMPOSE,
        },
    )
    assert found["FERRY_OPEN"].scope == "runtime"
    assert found["POSTGRES_PASSWORD"].scope == "service:db"
