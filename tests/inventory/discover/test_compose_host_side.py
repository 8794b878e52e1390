"""What an application's compose service interpolates where docker compose itself uses the value on the host
(published ports, container name, host paths of volumes, the image tag) configures the deployment, not the
program: scope `service:compose`. Its `environment:` reaches the program: runtime."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_host_side_settings_of_the_app_service_are_compose_s(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD python /app/main.py\n",
            "docker-compose.yml": """
                services:
                  app:
                    build: .
                    image: "example/app:${APP_TAG:-latest}"
                    container_name: "${APP_CONTAINER:-app}"
                    ports:
                      - "${HOST_PORT:-8080}:8000"
                      - "${PORT:-8000}:8000"
                    volumes:
                      - "${DATA_DIR:-./data}:/data"
                    environment:
                      LOG_LEVEL: "${LOG_LEVEL:-info}"
            """,
            "main.py": """
                import os

                PORT = int(os.getenv("PORT", "8000"))
                LEVEL = os.getenv("LOG_LEVEL", "info")
            """,
        },
    )
    for name in ("APP_TAG", "APP_CONTAINER", "HOST_PORT", "DATA_DIR"):
        assert found[name].scope == "service:compose", name
    assert found["PORT"].scope == "runtime"  # the program reads it too
    assert found["LOG_LEVEL"].scope == "runtime"
