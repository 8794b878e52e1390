"""Whether a variable's name says it holds a secret, from its words: abbreviations count, a `KEY` at the end
counts, and words that describe or locate a secret (`_PATH`, `_TTL`, `_TABLE`...) do not."""

from __future__ import annotations

import pytest

from secretguard.inventory.discover.base import Read, aggregate, boolean_default, secret_by_name


@pytest.mark.parametrize(
    "name",
    [
        # a data store's connection URL carries its password
        "CLICKHOUSE_URL",
        "KAFKA_URL",
        "DATABASE_REPLICA_URL",
        "MONGO_URI",
        # abbreviations
        "OAUTH_CSEC",
        "DBPASS",
        "LDAP_BINDCREDENTIALS",  # the bind password, in one word
        "SMTP_PASS",
        "PASSWD",
        "DB_PASSWD",
        "MYSQL_PWD",
        "DB_PW",
        "PASSPHRASE",
        "GPG_PASSPHRASE",
        "PGPASSWORD",
        "APPSECRET",
        "WIFI_PSK",
        "GITHUB_PAT",
        # a key at the end
        "METRICS_KEY",
        "SSL_KEY",
        "SIGNING_KEY",
        "STRIPE_KEY",
        "KEY",
        "API_KEYS",
        "API_KEY_PROD",
        # a key's own text, spelled out in the variable
        "DISTRIBUTION_KEY_CONTENTS",
        "GOOGLE_KEY_JSON",
        "SSL_KEY_PEM",
        "GOOGLE_APPLICATION_CREDENTIALS_JSON",  # the credentials file's text, not its path
        "SIGNING_GCLOUD_APPLICATION_CREDENTIALS_CONTENTS",
        # the usual words
        "SECRET_KEY",
        "VAULT_TOKEN",  # `vault` says where secrets live; the token is one
        "VAULT_SECRET_ID",
        "REDIS_AUTH",
        "DATABASE_URL",
        "SLACK_WEBHOOK_URL",
        "SECURITY_PASSWORD_SALT",
        "HASH_SALT",  # a salt kept from the public: the last word says so
        "CONSOLE_PBKDF_SALT",
        "PI_AUDIT_SQL_URI",  # an SQL database's connection URL
        "DUB_SLACK_HOOK_ALERTS",  # a chat channel's incoming webhook
        "ENABLE_BANKING_KEY_CONTENT",  # the provider "Enable Banking": a key's contents, no switch
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_by_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "PWD",  # the shell's working directory
        "OLDPWD",
        "REDIS_URL",  # caches as often run without a password: not judged by the name
        "SENTRY_DSN",
        "CORS_ALLOWCREDENTIALS",  # a switch about credentials, in one word
        "DB_ODBC_DSN",  # the name of a data source configured in odbc.ini
        "SALT_LENGTH",  # about a salt, not one
        "PASSWORD_SALT_HASH_ROUNDS",
        "SLACK_WEBHOOK_ENABLED",
        "TWILIO_API_KEY_SID",  # the API key's name: its credential is TWILIO_API_KEY_SECRET
        "RESET_PASSWORD_WITHIN",  # how long a reset link lasts
        "GET_API_KEY_LINK",  # the page where a user gets a key
        # identifiers
        "AWS_ACCESS_KEY_ID",
        "SIGNING_KEY_ID",
        "GOOGLE_CLIENT_ID",
        "STRIPE_PUBLISHABLE_KEY",
        "SSH_PUBLIC_KEY",
        # what describes or locates a secret
        "PASSWORD_RESET_TOKEN_TABLE",
        "TOKEN_THROTTLE_RATE",
        "SECRET_KEY_PATH",
        "TOKEN_TTL",
        "JWT_SECRET_EXPIRES_IN",
        "ACCESS_TOKEN_EXPIRE_MINUTES",
        "PASSWORD_MIN_LENGTH",
        "API_KEY_HEADER",
        "SECRETS_DIR",
        "SECRET_NAME",
        "TOKEN_URL",
        "MAX_TOKEN_COUNT",
        "SESSION_TIMEOUT",
        "GOOGLE_APPLICATION_CREDENTIALS",  # the path of a credentials file
        "AI_VERTEX_APPLICATION_CREDENTIALS",  # an app's own copy of Google's variable: a path too
        "DB_PASSWORD_FILE",  # the file of a secret: labelled as such by aggregate, not secret itself
        # keys that are not credentials
        "SORT_KEY",
        "CACHE_KEY",
        "PRIMARY_KEY",
        "REDIS_KEY_PREFIX",
        "KMS_KEY",
        "CACHE_KEY_JSON",
        # counts, switches
        "MAX_TOKENS",
        "CSRF_TOKEN",
        "MYSQL_ALLOW_EMPTY_PASSWORD",
        "MYSQL_RANDOM_ROOT_PASSWORD",
        "ENABLE_AUTH",
        "SCREEGO_TURN_STRICT_AUTH",
        "GOOGLE_ANALYTICS_TOKEN",
        "ENFORCE_PASSWORD_POLICY",
        "BYPASS_CACHE",
    ],
)
def test_not_secret_names(name: str) -> None:
    assert not secret_by_name(name)


def test_the_label_reaches_the_discovered_variable() -> None:
    found = {
        v.name: v
        for v in aggregate(
            [
                Read("OAUTH_CSEC", "app.py", 1, False, "python"),
                Read("TOKEN_TTL", "app.py", 2, True, "python", default="3600"),
                Read("PWD", "run.sh", 3, False, "python"),
            ]
        )
    }
    assert found["OAUTH_CSEC"].secret
    assert not found["TOKEN_TTL"].secret
    assert found["TOKEN_TTL"].default == "3600"  # not a secret: its default is recorded
    assert not found["PWD"].secret


def test_boolean_defaults_of_value_names_mean_unset() -> None:
    assert boolean_default("APP_DEBUG", False) == "false"
    assert boolean_default("LDAP_START_TLS", True) == "true"
    assert boolean_default("LDAP_SERVER", False) is None
    assert boolean_default("STORAGE_URL", False) is None
    assert boolean_default("APP_THEME", False) is None
