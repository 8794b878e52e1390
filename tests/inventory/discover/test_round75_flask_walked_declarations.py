"""Round 75: a name a deployment declares under a prefix Flask reads whole (`from_prefixed_env`) is read at
run time, a nested `__` key too; a private config key (`_EMBEDDING_FUNCTION`) is no setting."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

APP = """
from flask import Flask

def create_app():
    app = Flask(__name__)
    app.config.from_prefixed_env(prefix="GRAMPSWEB")
    cache = app.config["THUMBNAIL_CACHE_CONFIG"]
    app.config["_EMBEDDING_FUNCTION"] = object()
    return app
"""

DOCKERFILE = """
FROM python:3.12
ENV GRAMPSWEB_THUMBNAIL_CACHE_CONFIG__CACHE_DIR=/app/thumbnail_cache
ENV PYTHONUNBUFFERED=1
CMD ["gunicorn", "app:create_app()"]
"""

DEV_COMPOSE = """
services:
  grampsweb:
    build: .
    environment:
      GRAMPSWEB_CELERY_CONFIG__broker_url: redis://redis:6379/0
"""


def test_declared_names_under_a_walked_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"gramps_webapi/app.py": APP, "Dockerfile": DOCKERFILE, "docker-compose.dev.yml": DEV_COMPOSE},
    )
    assert found["GRAMPSWEB_THUMBNAIL_CACHE_CONFIG__CACHE_DIR"].scope == "runtime"
    assert found["GRAMPSWEB_CELERY_CONFIG__broker_url"].scope == "runtime"
    assert found["GRAMPSWEB_THUMBNAIL_CACHE_CONFIG"].scope == "runtime"
    assert found["PYTHONUNBUFFERED"].scope != "runtime"
    assert "GRAMPSWEB__EMBEDDING_FUNCTION" not in found


def test_git_hooks_dependency_scripts_and_tooling_compose_envs(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "pre-commit.sh": '#!/bin/bash\nif [ -z "$AWX_IGNORE_BLACK" ]; then black .; fi\n',
            "requirements/updater.sh": '#!/bin/sh\npip-compile --output "${REQUIREMENTS_OUT}"\n',
            "tools/docker-compose/bootstrap_development.sh": '#!/bin/bash\necho "$AWX_DEV_TOKEN"\n',
            "awx/settings/production.py": 'import os\nBROKER = os.environ.get("AWX_BROKER_URL")\n',
        },
    )
    assert found["AWX_IGNORE_BLACK"].scope == "dev"
    assert found["REQUIREMENTS_OUT"].scope == "dev"
    assert found["AWX_DEV_TOKEN"].scope == "dev"
    assert found["AWX_BROKER_URL"].scope == "runtime"
