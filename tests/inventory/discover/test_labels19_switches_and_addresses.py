"""Round-19 label classes: names whose secret word is described by what follows or precedes it.

- a phrase of when or where after the secret word (`*_TOKENS_ON_RESTART`) makes a switch;
- a plural of a describing word after it (`*_TOKEN_DOMAINS`) describes as much as the singular;
- a comparison of every read with `'true'` makes a switch;
- a `*_KEYS` defaulting to a list of plain words lists a JSON object's fields;
- an address word before the secret word, with values that are URLs (or field names for a `*_KEY`),
  makes the name describe the address (`SSO_ENDPOINT_TOKEN` is the token endpoint).
"""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project


def test_phrase_of_when_or_where_after_the_secret_word() -> None:
    assert not secret_by_name("EXPIRE_AUTH_TOKENS_ON_RESTART")
    assert not secret_by_name("ROTATE_SIGNING_KEYS_AT_STARTUP")
    assert not secret_by_name("MASK_PASSWORDS_IN_LOGS")
    assert secret_by_name("AUTH_TOKEN")
    assert secret_by_name("RESTART_TOKEN")


def test_plural_of_a_describing_word() -> None:
    assert not secret_by_name("OAUTH2_ALLOWED_TOKEN_DOMAINS")
    assert not secret_by_name("API_KEY_HEADERS")
    assert not secret_by_name("SECRET_POLICIES")
    assert not secret_by_name("ACCESS_TOKEN_PREFIXES")
    assert secret_by_name("API_KEYS")  # the plural of the secret word itself: still secrets
    assert secret_by_name("ALLOWED_API_KEYS")
    assert secret_by_name("APP_PREVIOUS_KEYS")


def test_token_compared_with_true_is_a_switch(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/session.ts": """
                export const revoke = process.env.REVOKE_SESSION_TOKENS === 'true'
                export const bot = process.env.CHAT_BOT_TOKEN
                export const shared = process.env.SHARED_TOKEN === 'changeme'
            """,
        },
    )
    assert not found["REVOKE_SESSION_TOKENS"].secret
    assert found["CHAT_BOT_TOKEN"].secret
    assert found["SHARED_TOKEN"].secret  # compared with a placeholder: still the credential


def test_keys_defaulting_to_field_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/services.php": """
                <?php
                return [
                    'profile' => [
                        'keys' => env('IDP_PROFILE_KEYS', 'id,email,name'),
                        'previous' => env('APP_PREVIOUS_KEYS', ''),
                        'signing' => env('IDP_SIGNING_KEYS', 'k1,k2'),
                    ],
                ];
            """,
        },
    )
    assert not found["IDP_PROFILE_KEYS"].secret
    assert found["IDP_PROFILE_KEYS"].default == "id,email,name"
    assert found["APP_PREVIOUS_KEYS"].secret
    assert found["IDP_SIGNING_KEYS"].secret  # not plain words


def test_address_names_with_address_values(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/services.php": """
                <?php
                return [
                    'idp' => [
                        'token' => env('IDP_ENDPOINT_TOKEN'),
                        'wrap' => env('IDP_USER_ENDPOINT_WRAP_KEY'),
                        'metrics' => env('METRICS_ENDPOINT_TOKEN'),
                        'hook' => env('HOOK_URL_SECRET'),
                        'api' => env('SEARCH_HOST_KEY'),
                    ],
                ];
            """,
            ".env.example": """
                IDP_BASE_URL=https://idp.example.com
                IDP_ENDPOINT_TOKEN=${IDP_BASE_URL}/oauth/token
                IDP_USER_ENDPOINT_WRAP_KEY="data"
                METRICS_ENDPOINT_TOKEN=
                HOOK_URL_SECRET=x7Hq2LmZp9
                SEARCH_HOST_KEY=masterKey
            """,
        },
    )
    assert not found["IDP_ENDPOINT_TOKEN"].secret
    assert not found["IDP_USER_ENDPOINT_WRAP_KEY"].secret
    assert found["METRICS_ENDPOINT_TOKEN"].secret  # no value says otherwise: a token guarding an endpoint
    assert found["HOOK_URL_SECRET"].secret
    assert not secret_by_name("IDP_ENDPOINT_TOKEN_URL")


def test_address_value_with_a_password_stays_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config.ts": "export const t = process.env.PROXY_URL_TOKEN\n",
            ".env.example": "PROXY_URL_TOKEN=https://bot:hunter2@proxy.example.com\n",
        },
    )
    assert found["PROXY_URL_TOKEN"].secret


def test_tls_key_option_marks_a_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/cache.ts": """
                import Redis from 'ioredis'
                export const cache = new Redis({
                    host: process.env.CACHE_HOST,
                    tls: {
                        cert: process.env.CACHE_CERT,
                        key: process.env.CACHE_KEY ? Buffer.from(process.env.CACHE_KEY, 'base64') : undefined,
                        ca: process.env.CACHE_CA,
                    },
                })
                export const queue = new Redis({
                    tls: process.env.QUEUE_TLS === 'true' ? { key: process.env.QUEUE_REDIS_KEY } : undefined,
                })
                export const upload = { Bucket: 'b', Key: process.env.UPLOAD_OBJECT_KEY }
                export const store = { key: process.env.STORE_CACHE_KEY }
            """,
        },
    )
    assert found["CACHE_KEY"].secret  # a cache's KEY by name, a TLS private key by its use
    assert found["QUEUE_REDIS_KEY"].secret  # the TLS object given through a condition
    assert not found["CACHE_CERT"].secret
    assert not found["CACHE_CA"].secret
    assert not found["STORE_CACHE_KEY"].secret  # `key:` outside a TLS object: no evidence


def test_read_assigned_to_a_path_variable_holds_a_path(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/storage.ts": """
                import { Storage } from '@google-cloud/storage'
                const keyFilename = process.env.BUCKET_CREDENTIAL
                const token = process.env.BUCKET_TOKEN
                export const storage = new Storage({ keyFilename, token })
            """,
        },
    )
    assert not found["BUCKET_CREDENTIAL"].secret
    assert found["BUCKET_TOKEN"].secret
