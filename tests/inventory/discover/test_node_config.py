"""node-config's `custom-environment-variables` map: each leaf names the variable that sets a setting, whose
default is the value at the same path of `config/default.json` beside it."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_the_variable_map_and_its_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "services/history/config/custom-environment-variables.json": """
                {
                  "databaseUrl": "HISTORY_CONNECTION_STRING",
                  "databasePoolMin": "DATABASE_POOL_MIN",
                  "persistor": {
                    "backend": "PERSISTOR_BACKEND",
                    "s3": {"maxRetries": "S3_MAX_RETRIES", "secret": "AWS_SECRET_ACCESS_KEY"}
                  },
                  "features": {"__name": "FEATURES_JSON", "__format": "json"},
                  "metrics": {"enabled": "METRICS_ENABLED"}
                }
            """,
            "services/history/config/default.json": """
                {
                  "databasePoolMin": "2",
                  "persistor": {"backend": "s3", "s3": {"maxRetries": 1}},
                  "metrics": {"enabled": false}
                }
            """,
            "services/worker/config/custom-environment-variables.yaml": "queue:\n  url: WORKER_QUEUE_URL\n",
        },
    )
    assert found["DATABASE_POOL_MIN"].default == "2"
    assert found["PERSISTOR_BACKEND"].default == "s3"
    assert found["S3_MAX_RETRIES"].default == "1"
    assert found["METRICS_ENABLED"].default == "false"
    assert not found["HISTORY_CONNECTION_STRING"].optional  # no default beside it
    assert found["AWS_SECRET_ACCESS_KEY"].secret
    assert "FEATURES_JSON" in found
    assert found["WORKER_QUEUE_URL"].scope == "runtime"
    assert found["S3_MAX_RETRIES"].locations == [
        "services/history/config/custom-environment-variables.json:6"
    ]


def test_a_broken_map_is_skipped(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/custom-environment-variables.json": "{ not json"})
    assert found == {}
