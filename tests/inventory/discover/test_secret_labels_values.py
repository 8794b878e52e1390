"""Secret labels from a name's words and from the values given to it: durations of a token are not secrets,
a crypto key in a named slot is, and a URL whose example or default carries a password holds a credential."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import carries_password, secret_by_name


@pytest.mark.parametrize(
    "name",
    [
        "ACCESS_TOKEN_TIME",
        "INVITE_TOKEN_TIME_HOURS",
        "REFRESH_TOKEN_TTL",
        "API_TOKEN_EXPIRY",
        "JWT_KEY_LIFETIME",
        "SESSION_TOKEN_LIFESPAN",
        "API_TOKEN_TIMEOUT",
        "PASSWORD_RESET_TIME",
        "SECRET_ROTATION_PERIOD",
        "DB_PRIMARY_KEY",
        "PRIMARY_KEY",
        "SESSION_CACHE_KEY",
    ],
)
def test_durations_and_data_keys_are_not_secrets(name: str) -> None:
    assert not secret_by_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY",
        "ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY",
        "APP_ENCRYPTION_PRIMARY_KEY",
        "JWT_SIGNING_CURRENT_KEY",
        "AZURE_STORAGE_PRIMARY_KEY",
        "COSMOS_SECONDARY_KEY",
        "ACCESS_TOKEN",  # the duration words only clear what comes after the secret word
        "ONE_TIME_PASSWORD",
    ],
)
def test_crypto_keys_are_secrets(name: str) -> None:
    assert secret_by_name(name)


def test_carries_password() -> None:
    assert carries_password("postgres://app:hunter2@db:5432/app")
    assert carries_password("smtp://bot:${SMTP_PASSWORD}@mail.example.com")
    assert carries_password("redis://:s3cret@cache:6379/0")
    assert not carries_password("postgres://app@db/app")  # a user, no password
    assert not carries_password("https://example.com/a@b")  # `@` in the path
    assert not carries_password("http://localhost:8080")
    assert not carries_password(None)


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def test_a_url_given_a_password_in_an_example_or_a_default_is_secret(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/settings.py": """
                import os
                CACHE_URL = os.getenv("CACHE_URL", "redis://:devpass@localhost:6379/0")
                MAIL_URL = os.environ["MAIL_URL"]
                ANALYTICS_URL = os.getenv("ANALYTICS_URL")
                SEARCH_URL = os.getenv("SEARCH_URL", "http://localhost:9200")
                BROKER = os.getenv("CELERY_BROKER")
            """,
            ".env.example": """
                MAIL_URL=smtp://mailer:change-me@smtp.example.com:587
                # ANALYTICS_URL=https://collector:token123@analytics.example.com
                SEARCH_URL=http://localhost:9200
            """,
            "compose.yaml": """
                services:
                  app:
                    build: .
                    environment:
                      - CELERY_BROKER=amqp://guest:guest@rabbit:5672//
            """,
            ".github/workflows/test.yml": """
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    env:
                      SEARCH_URL: http://elastic:ci-only@localhost:9200
                    steps:
                      - run: pytest
            """,
        },
    )
    found = {v.name: v for v in discover(tmp_path, all_files=True).variables}
    assert found["CACHE_URL"].secret
    assert found["CACHE_URL"].default is None  # a default carrying a password is never written down
    assert found["MAIL_URL"].secret
    assert found["ANALYTICS_URL"].secret  # a commented example still shows what the value holds
    assert found["CELERY_BROKER"].secret
    # a CI value carrying a password says nothing about the app's variable
    assert not found["SEARCH_URL"].secret
    assert found["SEARCH_URL"].default == "http://localhost:9200"
