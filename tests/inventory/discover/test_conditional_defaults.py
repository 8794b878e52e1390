"""Defaults written as a conditional: Python's `os.getenv("X") if os.getenv("X") else "d"` (and its negated
form), and a shell default in single quotes inside double quotes, which keeps its quotes."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.python import FlaskUse, discover_python
from secretguard.inventory.discover.shell import discover_shell


def test_python_conditional_expression_fallbacks() -> None:
    code = textwrap.dedent("""
        import os

        TIME_ZONE = os.getenv("TIMEZONE") if os.getenv("TIMEZONE") else "Europe/Berlin"
        MODE = "prod" if not os.environ.get("APP_MODE") else os.environ.get("APP_MODE")
        LEVEL = os.getenv("LOG_LEVEL") if os.getenv("VERBOSE") else "WARNING"
        PROVIDERS = json.loads(os.getenv("PROVIDERS") if os.getenv("PROVIDERS") else "{}")
    """)
    found = {(r.name, r.optional, r.default) for r in discover_python(code, "app/settings.py", FlaskUse())}
    assert found == {
        ("TIMEZONE", True, "Europe/Berlin"),
        ("APP_MODE", True, "prod"),
        ("LOG_LEVEL", False, None),  # the test is another variable: a switch, not LOG_LEVEL's fallback
        ("VERBOSE", True, None),  # only tested: the code handles it unset (and says nothing of a default)
        ("PROVIDERS", True, "{}"),
    }


def test_single_quotes_inside_double_quotes_are_part_of_the_default() -> None:
    code = textwrap.dedent("""
        #!/bin/sh
        GUNICORN_LOG_LEVEL="${GUNICORN_LOG_LEVEL:-'info'}"
        WORKERS="${WORKERS:-3}"
        MODE=${MODE:-'prod'}
        NAME="${NAME:-'a $b'}"
        exec gunicorn --log-level $GUNICORN_LOG_LEVEL --workers $WORKERS app:$MODE:$NAME
    """).lstrip("\\n")
    found = {r.name: r.default for r in discover_shell(code, "boot.sh")}
    assert found == {"GUNICORN_LOG_LEVEL": "'info'", "WORKERS": "3", "MODE": "prod", "NAME": None}


def test_a_module_name_holding_the_read_then_given_a_fallback() -> None:
    code = textwrap.dedent("""
        import os

        DB_ENGINE = os.getenv("DB_ENGINE", None)
        POSTGRES_DB = os.getenv("POSTGRES_DB")
        CACHE_URL = os.getenv("CACHE_URL")
        API_HOST = os.getenv("API_HOST")
        API_HOST = API_HOST.rstrip("/") if API_HOST else None
        WORKERS = os.getenv("WORKERS")

        def setup_database(db_engine=None):
            global DB_ENGINE
            DB_ENGINE = db_engine or DB_ENGINE
            return {
                "ENGINE": DB_ENGINE if DB_ENGINE else "django.db.backends.sqlite3",
                "NAME": POSTGRES_DB or "db.sqlite3",
            }

        CACHES = {"default": CACHE_URL or "locmem://", "other": CACHE_URL or "dummy://"}
        HOST = API_HOST or "localhost"
        WORKER_COUNT = int(WORKERS or default_workers())
    """)
    found = {(r.name, r.optional, r.default) for r in discover_python(code, "app/settings.py", FlaskUse())}
    assert found == {
        ("DB_ENGINE", True, "django.db.backends.sqlite3"),
        ("POSTGRES_DB", True, "db.sqlite3"),
        ("CACHE_URL", False, None),  # two uses that disagree
        ("API_HOST", False, None),  # the module assigns the name twice
        ("WORKERS", True, None),  # a computed fallback: optional, no literal
    }
