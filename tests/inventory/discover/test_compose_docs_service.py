"""A compose service serving the project's documentation is the developers'."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_COMPOSE = """
    services:
      web:
        build: .
        environment:
          SHOP_DATABASE_URL: postgres://shop@db/shop
      docs:
        build: .
        command: ["uv", "run", "mkdocs", "serve", "--dev-addr", "0.0.0.0:8000"]
        entrypoint: ""
        profiles: [docs]
        environment:
          FAST_MODE: "true"
          LIVE_RELOAD_SUPPORT: "true"
"""


def test_a_docs_server_service_is_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "compose.yml": _COMPOSE,
            "Dockerfile": 'FROM python:3.12\nCMD ["gunicorn", "shop.wsgi"]\n',
            "shop/settings.py": 'import os\nDATABASE_URL = os.environ["SHOP_DATABASE_URL"]\n',
        },
    )
    assert found["FAST_MODE"].scope == "dev"
    assert found["LIVE_RELOAD_SUPPORT"].scope == "dev"
    assert found["SHOP_DATABASE_URL"].scope == "runtime"
