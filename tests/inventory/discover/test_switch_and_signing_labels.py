"""Secret labels: a name ending in AUTH with a boolean code default is a switch (`LDAP_AUTH`), not a
credential; a signing key beside a signing secret is a key too (not the id half of a key/secret pair); a
key's seed is a secret."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project


def test_auth_switches_with_boolean_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                def extract_bool(env_key, default):
                    return bool(int(os.getenv(env_key, default)))

                LDAP_AUTH = bool(os.getenv("LDAP_AUTH", False))
                REMOTE_USER_AUTH = extract_bool("REMOTE_USER_AUTH", False)
                S3_QUERYSTRING_AUTH = extract_bool("S3_QUERYSTRING_AUTH", True)
                REDIS_AUTH = os.getenv("REDIS_AUTH")
                SMTP_AUTH = os.getenv("SMTP_AUTH", "hunter2-changeme")
            """,
        },
    )
    assert not found["LDAP_AUTH"].secret
    assert found["LDAP_AUTH"].default == "false"
    assert not found["REMOTE_USER_AUTH"].secret
    assert found["REMOTE_USER_AUTH"].default == "false"
    assert not found["S3_QUERYSTRING_AUTH"].secret
    assert found["S3_QUERYSTRING_AUTH"].default == "true"
    assert found["REDIS_AUTH"].secret  # no default says otherwise: a credential
    assert found["SMTP_AUTH"].secret
    assert found["SMTP_AUTH"].default is None


def test_signing_key_beside_signing_secret_and_seeds(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "internal/crypto/keys.go": """
                package crypto

                import "os"

                func load() string {
                    if k := os.Getenv("WEBAPP_SIGNING_KEY"); k != "" {
                        return k
                    }
                    if s := os.Getenv("WEBAPP_SIGNING_SEED"); s != "" {
                        return s
                    }
                    return os.Getenv("WEBAPP_SIGNING_SECRET") + os.Getenv("S3_KEY") + os.Getenv("S3_SECRET")
                }
            """,
        },
    )
    assert found["WEBAPP_SIGNING_KEY"].secret
    assert found["WEBAPP_SIGNING_SEED"].secret
    assert found["WEBAPP_SIGNING_SECRET"].secret
    assert not found["S3_KEY"].secret  # an access key beside its secret: still the id half
    assert found["S3_SECRET"].secret
    assert not secret_by_name("RANDOM_SEED")
    assert not secret_by_name("DB_SEED")
