"""Variables a project declares without reading them in code: example env files (scope `example`), their
commented-out entries (optional), and uWSGI's `if-env` (a read)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.dotenv_example import discover_env_example, is_env_example
from secretguard.inventory.discover.uwsgi import discover_uwsgi


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.mark.parametrize(
    "path",
    [
        ".env.example",
        ".env.local.example",
        ".env.dist",
        ".env.template",
        "example.env",
        "env.dist",
        "deploy/app.env.sample",
        "docker/production.env.example",
        "config/app.conf.example",
        "pgbouncer.conf.sample",
    ],
)
def test_example_file_names(path: str) -> None:
    assert is_env_example(path)


@pytest.mark.parametrize("path", [".env", "app.conf", "nginx.conf", "settings.example.py", "README.example"])
def test_not_example_file_names(path: str) -> None:
    assert not is_env_example(path)


def test_commented_entries_are_optional_declarations() -> None:
    text = src("""
        # Database
        DATABASE_URL=
        PGSSLMODE=require
        # PGSSLMODE=disable   (alternative for local development)
        # PGCONNECT_TIMEOUT=10
        #export SENTRY_DSN=
        # Set LOG_LEVEL=debug to see every request   <- prose, not an entry
        # See https://example.com/docs?X=1
    """)
    found = {(r.name, r.line, r.optional, r.default) for r in discover_env_example(text, ".env.example")}
    assert found == {
        ("DATABASE_URL", 2, False, None),
        ("PGSSLMODE", 3, True, "require"),  # declared, so its commented alternative adds nothing
        ("PGCONNECT_TIMEOUT", 5, True, None),  # commented out: the app runs without it; no default
        ("SENTRY_DSN", 6, True, None),
    }


def test_conf_example_keeps_upper_case_names_only() -> None:
    text = src("""
        [app]
        listen_port = 8080
        DB_HOST=localhost
        DB_PASSWORD=changeme
        # SMTP_HOST=mail.example.com
    """)
    found = {(r.name, r.optional) for r in discover_env_example(text, "config/app.conf.example")}
    assert found == {("DB_HOST", True), ("DB_PASSWORD", False), ("SMTP_HOST", True)}


def test_uwsgi_if_env_and_expansions() -> None:
    text = src("""
        [uwsgi]
        module = app.wsgi:application
        ; if-env = COMMENTED
        if-env = PORT
        http-socket = :$(PORT)
        endif =
        if-not-env = PORT
        http-socket = :8000
        endif =
        if-exists = $(CONFIG_DIR)/extra.ini
        processes = $(UWSGI_PROCESSES)
        endif =
        harakiri = $(HARAKIRI)
    """)
    found = {(r.name, r.line, r.optional, r.source) for r in discover_uwsgi(text, "uwsgi.ini")}
    assert found == {
        ("PORT", 4, True, "uwsgi"),
        ("PORT", 5, True, "uwsgi"),  # inside its own if-env block
        ("PORT", 7, True, "uwsgi"),
        ("CONFIG_DIR", 10, False, "uwsgi"),
        ("UWSGI_PROCESSES", 11, False, "uwsgi"),
        ("HARAKIRI", 13, False, "uwsgi"),
    }
    assert discover_uwsgi("[pytest]\naddopts = $(NOT_UWSGI)\n", "pytest.ini") == []
    # blocks of other kinds close with `endif` too; an unbalanced `endif` is ignored
    nested = "[uwsgi]\nif-exists = /x\nif-env = A\nendif =\nx = $(A)\nendif =\nendif =\ny = $(A)\n"
    assert [(r.line, r.optional) for r in discover_uwsgi(nested, "u.ini")] == [
        (3, True),
        (5, False),
        (8, False),
    ]


def test_uwsgi_if_not_env_gives_the_default() -> None:
    text = src("""
        [uwsgi]
        if-env = UWSGI_WORKERS_COUNT
        workers = %(_)
        endif =
        if-not-env = UWSGI_WORKERS_COUNT
        workers = 2
        endif =
        if-env = UWSGI_RSS_SOFT
        cheaper-rss-limit-soft = %(_)
        endif =
        if-not-env = UWSGI_RSS_SOFT
        cheaper-rss-limit-soft = %(2 * 1024 * 1024)
        endif =
        if-not-env = UWSGI_OTHER
        threads = 4
        endif =
    """)
    defaults = {r.name: r.default for r in discover_uwsgi(text, "uwsgi.ini")}
    assert defaults == {"UWSGI_WORKERS_COUNT": "2", "UWSGI_RSS_SOFT": None, "UWSGI_OTHER": None}


def test_discover_finds_declarations_and_uwsgi(tmp_path: Path) -> None:
    (tmp_path / ".env.dist").write_text("APP_ENV=prod\n# PGSSLMODE=disable\n", encoding="utf-8")
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "uwsgi.ini").write_text(
        "[uwsgi]\nif-env = SENTRY_DSN\nendif =\n", encoding="utf-8"
    )
    (tmp_path / "app.py").write_text('import os\nMODE = os.getenv("APP_ENV", "dev")\n', encoding="utf-8")
    found = {v.name: v for v in discover(tmp_path).variables}
    assert (found["PGSSLMODE"].scope, found["PGSSLMODE"].optional) == ("example", True)
    assert found["APP_ENV"].scopes == ["runtime", "example"]
    assert found["APP_ENV"].default == "dev"  # the code's default wins over the example's
    assert (found["SENTRY_DSN"].scope, found["SENTRY_DSN"].optional) == ("runtime", True)
    assert found["SENTRY_DSN"].sources == ["uwsgi"]
