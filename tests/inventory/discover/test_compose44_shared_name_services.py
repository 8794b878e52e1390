"""A compose service of another program's image that shares a name or two with the app's code (temporal's
`TEMPORAL_NAMESPACE`) keeps its other settings as its own; a service whose settings the code mostly reads is
the application's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

COMPOSE = """
services:
  postiz:
    image: ghcr.io/gitroomhq/postiz-app:latest
    environment:
      MAIN_URL: "http://localhost:5000"
      JWT_SECRET: "change-me"
      TEMPORAL_ADDRESS: "temporal:7233"
  temporal:
    image: temporalio/auto-setup:1.28.1
    environment:
      - DB=postgres12
      - DB_PORT=5432
      - POSTGRES_SEEDS=temporal-postgresql
      - ES_VERSION=v7
      - TEMPORAL_NAMESPACE=default
"""

CODE = """
export const config = {
  mainUrl: process.env.MAIN_URL,
  jwtSecret: process.env.JWT_SECRET,
  temporalAddress: process.env.TEMPORAL_ADDRESS,
  namespace: process.env.TEMPORAL_NAMESPACE || "default",
};
"""


def test_backing_service_sharing_one_name(tmp_path: Path) -> None:
    found = project(tmp_path, {"docker-compose.yaml": COMPOSE, "apps/backend/src/config.ts": CODE})
    assert found["MAIN_URL"].scope == "runtime"
    assert found["TEMPORAL_NAMESPACE"].scope == "runtime"
    assert found["DB_PORT"].scope == "service:temporal"
    assert found["ES_VERSION"].scope == "service:temporal"
