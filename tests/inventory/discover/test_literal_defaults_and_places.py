"""Non-string literal defaults in Python, trailing comments on Dockerfile ARG/ENV lines, uWSGI `if-env =
NAME=value`, test folders named like `tests_e2e` / `test-environments`, and the code's default winning over
the image's `ENV`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import DiscoveredVariable, discover
from secretguard.inventory.discover.dockerfile import discover_dockerfile
from secretguard.inventory.discover.uwsgi import discover_uwsgi


def write(root: Path, files: dict[str, str]) -> dict[str, DiscoveredVariable]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return {v.name: v for v in discover(root).variables}


SETTINGS = """
    import os

    DEBUG = os.getenv("SHELF_DEBUG", False) in (True, "True", "true", "1")
    INDEXING = os.getenv("SHELF_ENABLE_INDEXING", True) in (True, "True", "true", "1")
    TRUST_PROXY_HOST = os.getenv("SHELF_USE_PROXY_HOST", False) in (True, "true")
    SESSION_AGE = int(os.getenv("SHELF_SESSION_AGE", 86400))
    FETCH_TIMEOUT = float(os.getenv("SHELF_FETCH_TIMEOUT", 7.5))
    RETRIES = int(os.environ.get("SHELF_RETRIES", 0))
    OFFSET = int(os.environ.get("SHELF_OFFSET", -2))
    CACHE_HOST = os.getenv("SHELF_CACHE_HOST", False)  # False stands for "not set" here
    NOTHING = os.getenv("SHELF_NOTHING", None)
"""


def test_python_number_and_boolean_defaults(tmp_path: Path) -> None:
    found = write(tmp_path, {"shelf/settings.py": SETTINGS})
    assert found["SHELF_DEBUG"].default == "false"
    assert found["SHELF_ENABLE_INDEXING"].default == "true"
    assert found["SHELF_USE_PROXY_HOST"].default == "false"  # a switch, though it ends in HOST
    assert found["SHELF_SESSION_AGE"].default == "86400"
    assert found["SHELF_FETCH_TIMEOUT"].default == "7.5"
    assert found["SHELF_RETRIES"].default == "0"
    assert found["SHELF_OFFSET"].default == "-2"
    assert found["SHELF_CACHE_HOST"].default is None
    assert found["SHELF_NOTHING"].default is None
    assert all(v.optional for v in found.values())


def test_code_default_wins_over_image_env(tmp_path: Path) -> None:
    found = write(
        tmp_path,
        {
            "shelf/settings.py": SETTINGS,
            "Dockerfile": """
                FROM python:3.12-slim
                ENV SHELF_DEBUG=True
                ENV SHELF_SESSION_AGE=60 SHELF_WORKERS=3
                CMD ["gunicorn", "shelf.wsgi"]
            """,
        },
    )
    assert found["SHELF_DEBUG"].default == "false"  # the code's, not the image's
    assert found["SHELF_SESSION_AGE"].default == "86400"
    assert found["SHELF_WORKERS"].default == "3"  # the code has none: the image's is the default


def test_dockerfile_trailing_comments() -> None:
    reads = discover_dockerfile(
        textwrap.dedent("""
            FROM golang:1.22 AS build
            ARG WITH_CHECKS=0 # 0=never, 1=unit only, 2=all
            ARG LABEL="a # not a comment"
            ENV APP_MODE=prod # the mode the image runs in
            ENV APP_COLOR blue # legacy form
            ENV APP_ANCHOR=page#top
            CMD ["/app"]
        """),
        "Dockerfile",
    )
    by_name = {r.name: r for r in reads}
    assert set(by_name) == {"WITH_CHECKS", "LABEL", "APP_MODE", "APP_COLOR", "APP_ANCHOR"}
    assert by_name["WITH_CHECKS"].default == "0"
    assert by_name["LABEL"].default == "a # not a comment"
    assert by_name["APP_MODE"].default == "prod"
    assert by_name["APP_COLOR"].default == "blue"
    assert by_name["APP_ANCHOR"].default == "page#top"


def test_uwsgi_if_env_with_a_value() -> None:
    reads = discover_uwsgi(
        textwrap.dedent("""
            [uwsgi]
            module = shelf.wsgi
            if-env = SHELF_QUIET_LOGS=true
            disable-logging = true
            endif =
            if-env = SHELF_TIMEOUT
            harakiri = $(SHELF_TIMEOUT)
            endif =
            if-not-env = SHELF_SOCKET=
            http = :8000
            endif =
        """),
        "uwsgi.ini",
    )
    assert {(r.name, r.optional) for r in reads} == {
        ("SHELF_QUIET_LOGS", True),
        ("SHELF_TIMEOUT", True),
        ("SHELF_SOCKET", True),
    }


def test_test_folders_by_their_words(tmp_path: Path) -> None:
    read = 'import os\nX = os.getenv("{}")\n'
    found = write(
        tmp_path,
        {
            "shelf/views.py": read.format("SHELF_ROOT"),
            "shelf/tests_e2e/helpers.py": read.format("E2E_BROWSER"),
            "scripts/test-environments/sso/setup.sh": 'echo "$SSO_REALM"\n',
            "e2e/run.py": read.format("E2E_BASE_URL"),
            "load_testing/locustfile.py": read.format("LOAD_USERS"),
            "integration_tests/conftest_helpers.py": read.format("IT_DB"),
            "contest/app.py": read.format("CONTEST_ROUND"),  # a word containing "test" is not one
            "latest/app.py": read.format("LATEST_TAG"),
        },
    )
    assert found["SHELF_ROOT"].scope == "runtime"
    for name in ("E2E_BROWSER", "SSO_REALM", "E2E_BASE_URL", "LOAD_USERS", "IT_DB"):
        assert found[name].scope == "test", name
    assert found["CONTEST_ROUND"].scope == "runtime"
    assert found["LATEST_TAG"].scope == "runtime"
