"""A Python read without a default gets None when the variable is unset, like Laravel's `env('X')`: where
another place falls back to a literal, the places disagree and no default is recorded. A read whose value is
only tested (`if not os.getenv("X")`, `os.getenv("MODE") == "prod"`) handles the unset case and says nothing
of a fallback: it does not disagree."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_bare_python_read_disagrees_with_a_literal_elsewhere(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                DATABASES = {"default": {"HOST": os.getenv("DB_HOST"), "PORT": os.getenv("DB_PORT", "5432")}}
            """,
            "app/worker.py": """
                import os

                HOST = os.getenv("DB_HOST", "localhost")
                PORT = os.getenv("DB_PORT", "5432")
            """,
        },
    )
    assert found["DB_HOST"].default is None  # None in the settings, "localhost" in the worker
    assert found["DB_PORT"].default == "5432"  # both places agree


def test_a_read_only_tested_does_not_disagree(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                if not os.getenv("CACHE_URL"):
                    CACHES = {}
                DEBUG = os.environ.get("APP_MODE") == "dev"
                remote = os.getenv("REMOTE")
                if remote:
                    print("remote on")
            """,
            "app/config.py": """
                import os

                CACHE_URL = os.getenv("CACHE_URL", "locmem://")
                APP_MODE = os.getenv("APP_MODE", "prod")
                REMOTE = os.getenv("REMOTE", "off")
            """,
        },
    )
    assert found["CACHE_URL"].default == "locmem://"
    assert found["APP_MODE"].default == "prod"
    assert found["REMOTE"].default == "off"  # assigned to a name that is only tested
