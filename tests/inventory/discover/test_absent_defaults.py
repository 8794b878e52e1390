"""`None`, `null` and `undefined` are no defaults: `os.getenv("X", None)` makes X optional, with nothing to
write down. And the code's default wins over `.env.example` and CI declarations."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read, aggregate
from secretguard.inventory.discover.javascript import discover_javascript
from secretguard.inventory.discover.python import FlaskUse, discover_python


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_python_none_is_optional_without_a_default() -> None:
    code = src("""
        import os
        from os import environ

        def envstr(name, default=None):
            return environ.get(name, default)

        A = os.getenv("SENTRY_DSN", None)
        B = os.environ.get("STATSD_HOST", default=None)
        C = envstr("OTEL_ENDPOINT")
        D = envstr("LOG_LEVEL", None)
        E = envstr("LOG_FORMAT", "json")
    """)
    found = {r.name: (r.optional, r.default) for r in discover_python(code, "app.py", FlaskUse())}
    assert found == {
        "SENTRY_DSN": (True, None),
        "STATSD_HOST": (True, None),
        "OTEL_ENDPOINT": (True, None),
        "LOG_LEVEL": (True, None),
        "LOG_FORMAT": (True, "json"),
    }


def test_javascript_undefined_and_null_are_no_defaults() -> None:
    js = "const a = process.env.SENTRY_DSN || undefined;\nconst b = process.env.STATSD_HOST ?? null;\n"
    found = {r.name: (r.optional, r.default) for r in discover_javascript(js, "a.js")}
    assert found == {"SENTRY_DSN": (True, None), "STATSD_HOST": (True, None)}


def test_code_default_wins_over_examples_and_ci() -> None:
    reads = [
        Read("LOG_LEVEL", ".env.example", 1, True, "env-example", default="debug"),
        Read("LOG_LEVEL", ".github/workflows/ci.yml", 9, True, "github-env", default="warning"),
        Read("LOG_LEVEL", "app/settings.py", 4, True, "python", default="info"),
        # the code gives none (None): an example's value is what someone set, not a fallback
        Read("STATSD_HOST", "app/settings.py", 5, True, "python"),
        Read("STATSD_HOST", ".env.example", 2, True, "env-example", default="localhost"),
        Read("STATSD_HOST", "docker-compose.yml", 7, True, "compose", default="statsd"),
        # declared only: still no default
        Read("DB_ENGINE", ".env.example", 3, True, "env-example", default="postgres"),
        # the code computes it in one place: no single literal default
        Read("DB_NAME", "app/settings.py", 6, True, "python", computed_default=True),
        Read("DB_NAME", "app/settings.py", 9, True, "python", default="hc"),
        # the code reads it with no fallback: the image's ENV is a deployment value, not a default
        Read("WORKERS", "app/settings.py", 7, False, "python"),
        Read("WORKERS", "Dockerfile", 5, True, "dockerfile-env", default="4"),
        # the image's ENV counts when no code reads it
        Read("THREADS", "Dockerfile", 6, True, "dockerfile-env", default="2"),
    ]
    found = {v.name: v for v in aggregate(reads)}
    assert found["LOG_LEVEL"].default == "info"
    assert found["STATSD_HOST"].default is None
    assert found["STATSD_HOST"].optional
    assert found["DB_ENGINE"].default is None
    assert found["DB_NAME"].default is None
    assert found["WORKERS"].default is None
    assert found["THREADS"].default == "2"


def test_python_expression_defaults_are_computed() -> None:
    code = src("""
        import os
        SITE_ROOT = os.getenv("SITE_ROOT", "http://localhost:8000")
        PING = os.getenv("PING_ENDPOINT", SITE_ROOT + "/ping/")
        NAME = os.getenv("DB_NAME", BASE_DIR / "hc.sqlite")
        LABEL = os.getenv("BADGE_LABEL") or SITE_NAME
        PLAIN = os.getenv("PLAIN", None)
    """)
    found = {r.name: (r.default, r.computed_default) for r in discover_python(code, "s.py", FlaskUse())}
    assert found == {
        "SITE_ROOT": ("http://localhost:8000", False),
        "PING_ENDPOINT": (None, True),
        "DB_NAME": (None, True),
        "BADGE_LABEL": (None, True),
        "PLAIN": (None, True),  # None is no literal: beside another place's literal, no one default
    }


def test_discover_code_default_through_a_wrapper_wins(tmp_path: Path) -> None:
    (tmp_path / "env.py").write_text(
        "import os\n\ndef envstr(name, default=None):\n    return os.getenv(name, default)\n",
        encoding="utf-8",
    )
    (tmp_path / "settings.py").write_text(
        'from env import envstr\n\nLEVEL = envstr("LOG_LEVEL", "info")\nDSN = envstr("SENTRY_DSN", None)\n',
        encoding="utf-8",
    )
    (tmp_path / ".env.example").write_text("LOG_LEVEL=debug\nSENTRY_DSN=\n", encoding="utf-8")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      LOG_LEVEL: warning\n"
        "    steps:\n      - run: pytest\n",
        encoding="utf-8",
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["LOG_LEVEL"].default == "info"
    assert "ci" in found["LOG_LEVEL"].scopes
    assert (found["SENTRY_DSN"].optional, found["SENTRY_DSN"].default) == (True, None)
