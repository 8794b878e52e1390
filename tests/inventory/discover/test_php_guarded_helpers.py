"""A helper that Laravel config files each define behind `if (!function_exists('x'))` is one helper: PHP
keeps the first definition, and copies that read alike are followed at their calls. Two different
definitions of one name stay ambiguous."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

HELPER = """
if (!function_exists('trimmed_env')) {
    function trimmed_env(string $name, ?string $default = null): string
    {
        return rtrim((string) (env($name, $default) ?? ''), '/');
    }
}
"""


def test_guarded_copies_are_one_helper(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/disks.php": "<?php\n"
            + HELPER
            + "return ['root' => trimmed_env('STORE_ROOT', 'files')];\n",
            "config/logs.php": "<?php\n" + HELPER + "return ['dir' => trimmed_env('LOG_FOLDER')];\n",
        },
    )
    assert found["STORE_ROOT"].default == "files"
    assert found["STORE_ROOT"].optional
    assert found["LOG_FOLDER"].default is None


def test_different_definitions_stay_ambiguous(tmp_path: Path) -> None:
    other = HELPER.replace("env($name, $default)", "env('PREFIX_' . $name, $default)")
    found = project(
        tmp_path,
        {
            "config/disks.php": "<?php\n"
            + HELPER
            + "return ['root' => trimmed_env('STORE_ROOT', 'files')];\n",
            "config/logs.php": "<?php\n" + other + "return ['dir' => trimmed_env('LOG_FOLDER')];\n",
        },
    )
    assert "STORE_ROOT" not in found
    assert "PREFIX_LOG_FOLDER" not in found
