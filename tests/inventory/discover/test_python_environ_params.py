"""A function handed `os.environ` as a mapping reads each key it asks that parameter for; a WSGI handler's
own `environ` (the request's) is not the process environment."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_HELPERS = """
import os


def get_redis_from_config(settings, connection_class):
    if settings.get("REDIS_URL") is not None:
        return connection_class.from_url(settings["REDIS_URL"])
    return connection_class(
        host=settings.get("REDIS_HOST", "localhost"),
        port=settings.get("REDIS_PORT", 6379),
        password=settings.get("REDIS_PASSWORD", None),
    )


def connect(connection_class):
    return get_redis_from_config(os.environ, connection_class)
"""

_WSGI = """
def route(environ):
    return environ.get("HTTP_X_FORWARDED_FOR"), environ["PATH_INFO"]


def app(environ, start_response):
    return route(environ)
"""


def test_a_function_handed_the_environment_reads_its_keys(tmp_path: Path) -> None:
    found = project(tmp_path, {"rq/cli/helpers.py": _HELPERS, "web/wsgi.py": _WSGI})
    assert "REDIS_URL" in found
    assert found["REDIS_HOST"].default == "localhost"
    assert found["REDIS_PORT"].default == "6379"
    assert found["REDIS_PASSWORD"].secret
    assert "HTTP_X_FORWARDED_FOR" not in found
    assert "PATH_INFO" not in found
