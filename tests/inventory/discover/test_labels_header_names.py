"""A `*_KEY` whose default is an HTTP header's name (`Remote-User`, `X-Forwarded-Email`) names the header
a trusted proxy sets: no credential, and its default is kept."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_key_defaulting_to_a_header_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                PROXY_USER_KEY = os.environ.get("APP_PROXY_USER_HEADER_KEY", "Remote-User")
                PROXY_MAIL_KEY = os.environ.get("APP_PROXY_MAIL_KEY", "X-Forwarded-Email")
                API_KEY = os.environ.get("APP_API_KEY", "dev-key-1234")
                PUSH_KEY = os.environ.get("APP_PUSH_KEY", "Change-Me")
            """,
        },
    )
    assert not found["APP_PROXY_USER_HEADER_KEY"].secret
    assert found["APP_PROXY_USER_HEADER_KEY"].default == "Remote-User"
    assert not found["APP_PROXY_MAIL_KEY"].secret
    assert found["APP_PROXY_MAIL_KEY"].default == "X-Forwarded-Email"
    assert found["APP_API_KEY"].secret  # lower case with digits: a development key
    assert found["APP_PUSH_KEY"].secret  # a placeholder for a real key
