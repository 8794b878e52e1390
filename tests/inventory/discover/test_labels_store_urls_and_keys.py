"""Secret labels from a name's words: a data store's connection URL with a qualifier after the URL word is
still the URL (it carries the password); a database client's SSL/TLS key is given as a file path."""

from __future__ import annotations

import pytest

from secretguard.inventory.discover.base import Read, aggregate, secret_by_name


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DATABASE_URL_READ_ONLY", True),  # a second connection URL, not a description of one
        ("POSTGRES_URL_REPLICA", True),
        ("READ_ONLY_DATABASE_URL", True),
        ("DATABASE_URL_TIMEOUT", False),  # describes the URL's use
        ("DATABASE_URL_FILE", False),  # a path
        ("DATABASE_URL_ENABLED", False),
        ("MYSQL_SSL_KEY", False),  # PDO::MYSQL_ATTR_SSL_KEY / --ssl-key: the key file's path
        ("PGSQL_SSL_KEY", False),  # libpq's sslkey
        ("DB_TLS_KEY", False),
        ("SSL_KEY", True),  # a server's own key, given as text
        ("REDIS_TLS_KEY", True),
        ("MYSQL_SSL_KEY_PASSWORD", True),
        ("POSTGRES_MIGRATIONS_CONNECTION", True),  # an engine's connection string
        ("MONGO_CONNECTION", True),
        ("DB_CONNECTION", False),  # Laravel's driver name (`mysql`)
        ("DATABASE_CONNECTION", False),
        ("MYSQL_MAX_CONNECTIONS", False),
    ],
)
def test_store_url_variants_and_database_key_paths(name: str, secret: bool) -> None:
    assert secret_by_name(name) is secret


def test_a_public_hint_unmarks_a_secret_sounding_name() -> None:
    reads = [
        Read("MAPS_APP_KEY", "server/env.ts", 12, False, "javascript", public_hint=True),
        Read("MAPS_APP_KEY", "app/maps.ts", 3, True, "javascript", default="demo"),
    ]
    (var,) = aggregate(reads)
    assert (var.secret, var.public, var.default) == (False, True, "demo")


def test_a_secret_hint_beats_a_public_hint() -> None:
    reads = [
        Read("SIGNING_KEY", "server/env.ts", 12, False, "javascript", public_hint=True),
        Read("SIGNING_KEY", "k8s/app.yaml", 3, False, "k8s-secretKeyRef", secret_hint=True),
    ]
    (var,) = aggregate(reads)
    assert var.secret


def test_a_ci_secret_does_not_keep_a_key_beside_its_secret_a_secret() -> None:
    reads = [
        Read("STRIPE_KEY", "api/config/services.php", 42, True, "php"),
        Read("STRIPE_SECRET", "api/config/services.php", 43, True, "php"),
        Read("STRIPE_KEY", ".github/workflows/cd.yml", 218, False, "github-secret", secret_hint=True),
    ]
    found = {v.name: v for v in aggregate(reads)}
    assert not found["STRIPE_KEY"].secret  # Cashier's publishable key; the CI stores its copy as a secret
    assert found["STRIPE_SECRET"].secret
