"""Defaults and labels a name alone gets wrong: `false` for a name ending in a value noun (`..._SERVER`) is
kept when a verb before it makes the name a switch (`SSL_VERIFY_SERVER`); a name that reads as a secret is
not one when its code default is a number other than 0/1 (a count, a role id) or, for a `*_KEYS`, a JSON
object of attribute names; a 0 default is no such evidence (it often stands for "unset")."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

DATABASE = """
    <?php
    return [
        'mysql' => [
            'options' => [
                PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => env('DB_SSL_VERIFY_SERVER', false),
                'validate' => env('MAIL_VALIDATE_HOST', false),
                'server' => env('LDAP_SERVER', false),
            ],
        ],
        'limits' => [
            'auth' => env('RATELIMIT_AUTH', 20),
            'role' => env('LDAP_DEFAULT_ROLE_KEY', 20),
            'github' => env('GITHUB_CLIENT_SECRET', '0'),
            'keys' => env('LDAP_KEYS', '{"username": "uid", "email": "mail", "phone": ""}'),
            'secret_keys' => env('API_SIGNING_KEYS', '{"main": "c2VjcmV0LXZhbHVlLTEyMzQ1Ng=="}'),
        ],
    ];
"""


def test_false_for_a_verified_server_is_a_switch_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/database.php": DATABASE})
    assert found["DB_SSL_VERIFY_SERVER"].default == "false"
    assert found["MAIL_VALIDATE_HOST"].default == "false"
    # without such a verb, `false` for a server stands for "not set"
    assert (found["LDAP_SERVER"].default, found["LDAP_SERVER"].optional) == (None, True)


def test_a_number_or_a_map_of_attribute_names_is_no_credential(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/database.php": DATABASE})
    assert (found["RATELIMIT_AUTH"].secret, found["RATELIMIT_AUTH"].default) == (False, "20")
    assert (found["LDAP_DEFAULT_ROLE_KEY"].secret, found["LDAP_DEFAULT_ROLE_KEY"].default) == (False, "20")
    assert found["LDAP_KEYS"].secret is False
    # "0" may mean "not set": the secret keeps its label; a map of random values is no map of names
    assert found["GITHUB_CLIENT_SECRET"].secret is True
    assert found["API_SIGNING_KEYS"].secret is True
