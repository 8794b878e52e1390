"""PHP: a function the app defines that gives back a fallback when the value it is handed is empty
(`or_default(env('X'), 'y')`): 'y' is X's default and X is optional, found from the function's body in any
file; and Laravel config files of well-known packages the project does not install are declarations only
(`example`)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project

# Defined after the config files that call it (`support/` sorts after `config/`), in a file that reads no
# variable itself.
IF_FORM = """
    <?php
    if (!function_exists('value_or')) {
        function value_or(mixed $value, string|int|null $fallback = null): mixed
        {
            if (null === $value) {
                return $fallback;
            }
            if ('' === $value) {
                return $fallback;
            }

            return $value;
        }
    }

    function same_text(string $left, string $right): bool
    {
        return $left === $right;
    }

    function larger($a, $b)
    {
        if ($a > $b) {
            return $a;
        }
        return $b;
    }
"""

CONFIG = """
    <?php
    return [
        'env' => value_or(env('APP_STAGE'), 'production'),
        'zone' => value_or(env('APP_ZONE')),
        'host' => value_or(env('CACHE_HOST', 'cache.local'), '127.0.0.1'),
        'db' => value_or(env('DB_HOST'), $parsed['host'] ?? null),
        'same' => same_text(env('COLOR_MODE'), 'dark'),
        'big' => larger(env('WORKERS'), 4),
        'list' => explode(',', env('TRUSTED_HOSTS')),
    ];
"""


def test_a_value_fallback_function_gives_the_default(tmp_path: Path) -> None:
    found = project(tmp_path, {"config/app.php": CONFIG, "support/helpers.php": IF_FORM})
    assert (found["APP_STAGE"].optional, found["APP_STAGE"].default) == (True, "production")
    # The signature's fallback is null: no default, the variable stays required.
    assert found["APP_ZONE"].optional is False
    # The read's own default is what an unset variable gives; the fallback only covers an empty one.
    assert found["CACHE_HOST"].default == "cache.local"
    # A computed fallback: optional, with no single default.
    assert (found["DB_HOST"].optional, found["DB_HOST"].default) == (True, None)
    # A comparison, a maximum: not fallbacks. Any other call leaves the read as it is.
    for name in ("COLOR_MODE", "WORKERS", "TRUSTED_HOSTS"):
        assert found[name].optional is False, name


def test_other_shapes_of_fallback_functions(tmp_path: Path) -> None:
    helpers = """
        <?php
        function elvis($value, $default) { return $value ?: $default; }
        function coalesce($value, $default = 'fallback') { return $value ?? $default; }
        function ternary($value, $default) { return empty($value) ? $default : $value; }
        function swapped($default, $value) { return $value === '' ? $default : $value; }
        class Env
        {
            public static function or($value, $default)
            {
                return $value ?: $default;
            }
        }
    """
    config = """
        <?php
        return [
            'a' => elvis(env('ELVIS_MODE'), 'on'),
            'b' => coalesce(env('COALESCED')),
            'c' => ternary(env('TERNARY_LEVEL'), 3),
            'd' => swapped('left', env('SWAPPED_SIDE')),
            'e' => Env::or(env('STATIC_REGION'), 'eu'),
            'f' => elvis(env('ELVIS_FLAG'), false),
        ];
    """
    found = project(tmp_path, {"app/helpers.php": helpers, "config/app.php": config})
    assert found["ELVIS_MODE"].default == "on"
    assert found["COALESCED"].default == "fallback"  # the signature's default, the call giving none
    assert found["TERNARY_LEVEL"].default == "3"
    assert found["SWAPPED_SIDE"].default == "left"
    assert found["STATIC_REGION"].default == "eu"
    assert found["ELVIS_FLAG"].optional is True


def test_functions_that_change_the_value_are_not_fallbacks(tmp_path: Path) -> None:
    helpers = """
        <?php
        function trimmed($value, $default) { $value = trim($value); return $value ?: $default; }
        function cast($value, $default) { return $value === null ? $default : (int) $value; }
        function both($value, $default) { return $default ?: $value ?: 'x'; }
    """
    config = """
        <?php
        return [
            'a' => trimmed(env('TRIMMED_NAME'), 'n'),
            'b' => cast(env('CAST_COUNT'), 1),
            'c' => both(env('BOTH_SIDES'), 'z'),
        ];
    """
    found = project(tmp_path, {"app/helpers.php": helpers, "config/app.php": config})
    assert found["CAST_COUNT"].optional is False
    assert found["BOTH_SIDES"].optional is False
    # A reassigned value is not the argument any more: left alone.
    assert found["TRIMMED_NAME"].optional is False


def test_a_fallback_in_a_blade_view(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/helpers.php": "<?php\nfunction or_else($v, $d) { return $v ?: $d; }\n",
            "resources/views/home.blade.php": "<title>{{ or_else(env('SITE_TITLE'), 'Home') }}</title>\n",
        },
    )
    assert found["SITE_TITLE"].default == "Home"


SENTRY = """
    <?php
    return [
        'dsn' => 'https://public@sentry.example.com/1',
        'release' => env('SENTRY_RELEASE'),
        'traces_sample_rate' => env('SENTRY_TRACES_RATE', 0.0),
    ];
"""
OWN = "<?php\nreturn ['mode' => env('LEDGER_MODE', 'simple')];\n"
FRAMEWORK = "<?php\nreturn ['name' => env('APP_NAME', 'Ledger')];\n"
COMPOSER: dict[str, object] = {
    "require": {"php": "^8.3", "laravel/framework": "^12.0"},
    "require-dev": {"phpunit/phpunit": "^11"},
}


def _laravel(extra: dict[str, str], composer: dict[str, object] | None = COMPOSER) -> dict[str, str]:
    files = {"config/sentry.php": SENTRY, "config/ledger.php": OWN, "config/app.php": FRAMEWORK, **extra}
    if composer is not None:
        files["composer.json"] = json.dumps(composer)
    return files


def test_a_config_of_a_package_not_installed_is_a_declaration(tmp_path: Path) -> None:
    found = project(tmp_path, _laravel({}))
    assert found["SENTRY_RELEASE"].scope == "example"
    assert found["SENTRY_TRACES_RATE"].scope == "example"
    assert found["LEDGER_MODE"].scope == "runtime"  # the app's own config: no package owns it
    assert found["APP_NAME"].scope == "runtime"  # the framework's


def test_an_installed_package_keeps_its_config(tmp_path: Path) -> None:
    locked = {"packages": [{"name": "sentry/sentry-laravel", "version": "4.10.0"}], "packages-dev": []}
    found = project(tmp_path, _laravel({"composer.lock": json.dumps(locked)}))
    assert found["SENTRY_RELEASE"].scope == "runtime"
    required: dict[str, object] = {
        **COMPOSER,
        "require": {"laravel/framework": "^12.0", "sentry/sentry-laravel": "^4.0"},
    }
    assert project(tmp_path / "b", _laravel({}, required))["SENTRY_RELEASE"].scope == "runtime"


def test_without_composer_json_or_with_the_config_read_the_reads_stay(tmp_path: Path) -> None:
    assert project(tmp_path / "a", _laravel({}, None))["SENTRY_RELEASE"].scope == "runtime"
    reader = "<?php\nclass Debug { public function dsn() { return config('sentry.release'); } }\n"
    found = project(tmp_path / "b", _laravel({"app/Debug.php": reader}))
    assert found["SENTRY_RELEASE"].scope == "runtime"
