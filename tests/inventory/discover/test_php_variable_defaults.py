"""A helper's fallback handed over in a variable the script set earlier from a literal, here or in a file it
requires first (a shipped config of defaults, overridden by a Docker variant reading the environment)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

HELPER = """
function file_env($var, $default) {
    $env_filename = getenv($var.'_FILE');
    if ($env_filename === false) {
        return getenv($var) ?: $default;
    }
    return trim(file_get_contents($env_filename));
}
"""

DEFAULTS = """<?php
$disable_installer = false;
$db['host'] = '127.0.0.1';
$db['port'] = 3306;
$cookie_samesite = "Lax";
function tweak() { $proxy_port = 9999; }
"""


def test_variables_set_in_a_required_file_give_the_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config.dist.php": DEFAULTS,
            "config.docker.php": "<?php\n"
            + HELPER
            + "$proxy_port = 8080;\n"
            + "require('config.dist.php');\n"
            + "$db['host'] = file_env('APP_DB_HOST', $db['host']);\n"
            + "$db['port'] = file_env('APP_DB_PORT', $db['port']);\n"
            + "$cookie_samesite = file_env('COOKIE_SAMESITE', $cookie_samesite);\n"
            + "$disable_installer = file_env('DISABLE_INSTALLER', $disable_installer);\n"
            + "$proxy_port = file_env('PROXY_PORT', $proxy_port);\n",
        },
    )
    assert found["APP_DB_HOST"].default == "127.0.0.1"
    assert found["APP_DB_PORT"].default == "3306"
    assert found["COOKIE_SAMESITE"].default == "Lax"
    assert found["DISABLE_INSTALLER"].default == "false"
    assert found["PROXY_PORT"].default == "8080"  # the function's own assignment may never run


def test_a_variable_set_after_the_call_or_computed_gives_none(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config.php": "<?php\n"
            + HELPER
            + "$base = dirname(__FILE__);\n"
            + "$root = file_env('APP_ROOT', $base);\n"
            + "$port = file_env('APP_PORT', $later);\n"
            + "$later = 80;\n",
        },
    )
    assert found["APP_ROOT"].default is None
    assert found["APP_PORT"].default is None
