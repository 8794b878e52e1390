"""Round 65: a Kubernetes container of a database's image configures that database; a chat service's
webhook URL carries its token (another service's WEBHOOK_URL is only where to post); viper's `IsSet` under
AutomaticEnv asks the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project

_STATEFULSET = """
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
spec:
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          env:
            - name: POSTGRES_DB
              value: postgres
        - name: app
          image: ghcr.io/acme/app:1.0
          env:
            - name: DB_URL
              value: postgres://app@postgres/app
"""


def test_a_database_container_in_a_manifest_is_that_service(tmp_path: Path) -> None:
    found = project(tmp_path, {"k8s/postgres.yaml": _STATEFULSET})
    assert found["POSTGRES_DB"].scope == "service:postgres"
    assert found["DB_URL"].scope == "runtime"


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("SLACK_WEBHOOK_URL", True),
        ("LOG_SLACK_WEBHOOK_URL", True),
        ("WATCHTOWER_NOTIFICATION_MSTEAMS_HOOK_URL", True),
        ("DISCORD_WEBHOOK", True),
        ("WEBHOOK_URL", False),
        ("TELEGRAM_BOT_WEBHOOK_URL", False),
        ("SLACK_WEBHOOK_ENABLED", False),
    ],
)
def test_webhook_urls(name: str, secret: bool) -> None:
    assert secret_by_name(name) is secret


def test_viper_is_set_under_automatic_env(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/tower\n",
            "flags/flags.go": """
                package flags

                import "github.com/spf13/viper"

                func SetDefaults() {
                    viper.AutomaticEnv()
                    viper.SetDefault("DOCKER_HOST", "unix:///var/run/docker.sock")
                }

                func NoColor() bool {
                    return viper.IsSet("NO_COLOR")
                }
            """,
        },
    )
    assert "NO_COLOR" in found
    assert found["DOCKER_HOST"].default == "unix:///var/run/docker.sock"


def test_an_example_manifest_of_a_database_image_keeps_its_place(tmp_path: Path) -> None:
    manifest = _STATEFULSET.replace("postgres:16.4", "mongo-express:1.0")
    found = project(tmp_path, {"examples/kubernetes/deployment.yml": manifest})
    assert found["POSTGRES_DB"].scope == "example"
