"""`os.path.join("static")` with one literal is that literal: django-environ's `env("STATIC_ROOT",
default=os.path.join("static"))` falls back to "static"; a join of several parts stays an expression."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_one_part_path_join_is_its_literal(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings.py": """
                import os

                import environ

                env = environ.Env()
                BASE_DIR = os.path.dirname(__file__)
                STATIC_ROOT = env("STATIC_ROOT", default=os.path.join("static"))
                MEDIA_ROOT = env("MEDIA_ROOT", default=os.path.join(BASE_DIR, "uploads"))
            """,
        },
    )
    assert found["STATIC_ROOT"].default == "static"
    assert found["MEDIA_ROOT"].default is None
