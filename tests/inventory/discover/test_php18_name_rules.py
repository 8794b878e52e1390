"""Labels from a name's words: a `false` default is a switch's value when the name asserts something
(`EXPECT_SECURE_URL`) or its last noun says where or how something is done (`FALLBACK_IN_DIR`), but "not
set" for a name holding a value (`MAIL_FROM_ADDRESS`, `FALLBACK_URL`); a name ending in PRIVATE_KEY is a
secret even after a flag word (a provider called "Enable Banking"); a country, currency, language or sort
criterion after a secret-looking vendor name (`OEMSECRETS_CURRENCY`) is no credential."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONFIG = """
    <?php
    return [
        'expect_secure_url' => env('EXPECT_SECURE_URL', false),
        'fallback_in_dir' => env('FALLBACK_IN_DIR', false),
        'store_in_database' => env('STORE_IN_DATABASE', false),
        'sort_by_name' => env('SORT_TREE_BY_NAME', false),
        'from' => env('MAIL_FROM_ADDRESS', false),
        'reply_to' => env('MAIL_REPLY_TO_NAME', false),
        'fallback_url' => env('FALLBACK_URL', false),
        'ldap' => env('LDAP_SERVER_URL', false),
        'banking_key' => env('ENABLE_BANKING_PRIVATE_KEY', ''),
        'email_password' => env('ENABLE_EMAIL_PASSWORD', true),
        'allow_empty' => env('ALLOW_EMPTY_PASSWORD', false),
        'use_token' => env('USE_ID_TOKEN', false),
        'currency' => env('OEMSECRETS_CURRENCY', 'EUR'),
        'country' => env('OEMSECRETS_COUNTRY_CODE', 'DE'),
        'oem_key' => env('OEMSECRETS_KEY'),
    ];
"""


def test_switch_names_keep_false(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/app.php": CONFIG})
    default = {name: v.default for name, v in found.items()}
    assert default["EXPECT_SECURE_URL"] == "false"
    assert default["FALLBACK_IN_DIR"] == "false"
    assert default["STORE_IN_DATABASE"] == "false"
    assert default["SORT_TREE_BY_NAME"] == "false"
    # a value's name: `false` only says "not set"
    assert default["MAIL_FROM_ADDRESS"] is None
    assert default["MAIL_REPLY_TO_NAME"] is None
    assert default["FALLBACK_URL"] is None
    assert default["LDAP_SERVER_URL"] is None


def test_private_key_after_a_flag_word_and_vendor_words(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/app.php": CONFIG})
    secret = {name: v.secret for name, v in found.items()}
    assert secret["ENABLE_BANKING_PRIVATE_KEY"]
    # switches about a credential stay switches
    assert not secret["ENABLE_EMAIL_PASSWORD"]
    assert not secret["ALLOW_EMPTY_PASSWORD"]
    assert not secret["USE_ID_TOKEN"]
    # a vendor whose name holds a secret word: its settings are not credentials, its key is
    assert not secret["OEMSECRETS_CURRENCY"]
    assert found["OEMSECRETS_CURRENCY"].default == "EUR"
    assert not secret["OEMSECRETS_COUNTRY_CODE"]
    assert secret["OEMSECRETS_KEY"]
