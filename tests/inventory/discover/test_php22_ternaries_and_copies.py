"""PHP reads whose fallback is written around a changed copy of the value, or in a ternary testing whether
the variable is set: `intval(getenv('SMTP_PORT')) ?: 587`, `(int) getenv('X') ?: 5`,
`getenv('X') ? strtolower(getenv('X')) === 'true' : true`, `isset($_ENV['X']) ? $_ENV['X'] : 'a'`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.php import discover_php
from tests.inventory.discover.projects import project


def _reads(code: str) -> dict[str, list[Read]]:
    out: dict[str, list[Read]] = {}
    for read in discover_php(textwrap.dedent(code), "src/settings.php"):
        out.setdefault(read.name, []).append(read)
    return out


def _shape(reads: list[Read]) -> list[tuple[bool, str | None, bool]]:
    return [(r.optional, r.default, r.computed_default) for r in reads]


def test_a_fallback_after_a_cast_or_a_changed_copy() -> None:
    found = _reads("""
        <?php
        $smtp = intval(getenv('SMTP_PORT')) ?: 587;
        $retries = (int) getenv('JOB_RETRIES') ?: 5;
        $base = trim(env('BASE_PATH'), '/') ?: 'app';
        $theme = \\strtolower(trim(getenv('UI_THEME'))) ?: 'light';
        $cache = (intval(getenv('CACHE_TTL'))) ?: 60;
        $dir = rtrim(getenv('STORAGE_DIR')) ?: $root . '/storage';
        $timeout = intval(getenv('DB_TIMEOUT')) ?: null;
        $dead = intval(getenv('WORKERS')) ?? 4;
        $own = intval(env('QUEUE_SIZE', 10)) ?: 20;
        $meta = $client->trim(getenv('META_URL')) ?: 'x';
    """)
    assert _shape(found["SMTP_PORT"]) == [(True, "587", False)]
    assert _shape(found["JOB_RETRIES"]) == [(True, "5", False)]
    assert _shape(found["BASE_PATH"]) == [(True, "app", False)]
    assert _shape(found["UI_THEME"]) == [(True, "light", False)]
    assert _shape(found["CACHE_TTL"]) == [(True, "60", False)]
    assert _shape(found["STORAGE_DIR"]) == [(True, None, True)]  # an expression
    assert _shape(found["DB_TIMEOUT"]) == [(False, None, False)]  # `?: null` is no fallback
    # intval() never gives null: the `??` never applies
    assert _shape(found["WORKERS"]) == [(False, None, False)]
    assert _shape(found["QUEUE_SIZE"]) == [(True, "10", False)]  # the read's own default comes first
    assert _shape(found["META_URL"]) == [(False, None, False)]  # a method, not PHP's trim()


def test_a_comparison_or_a_boolean_parse_through_a_copy_is_a_switch() -> None:
    found = _reads("""
        <?php
        define('SSO_AUTH', strtolower(getenv('SSO_AUTH')) === 'true');
        $verbose = 'yes' == trim(env('VERBOSE_LOG'));
        $strict = filter_var(getenv('STRICT_AUTH'), FILTER_VALIDATE_BOOLEAN) ?: false;
        $tls = (bool) getenv('SMTP_TLS_AUTH');
        $lenient = filter_var(getenv('LENIENT_MODE'), FILTER_VALIDATE_BOOL, FILTER_NULL_ON_FAILURE) ?? true;
    """)
    assert found["SSO_AUTH"][0].compared_with == "true"
    assert found["VERBOSE_LOG"][0].compared_with == "yes"
    assert found["STRICT_AUTH"][0].boolean_use
    assert _shape(found["STRICT_AUTH"]) == [(True, "false", False)]
    # a cast to bool keeps only whether the value is set and not empty ("false" is true): a presence test
    assert not found["SMTP_TLS_AUTH"][0].boolean_use
    assert _shape(found["SMTP_TLS_AUTH"]) == [(True, None, False)]
    # a boolean filter turns "" into false, never null: the `??` never applies
    assert _shape(found["LENIENT_MODE"]) == [(False, None, False)]


def test_a_ternary_on_whether_the_variable_is_set() -> None:
    found = _reads("""
        <?php
        defined('RUN_MIGRATIONS') or define('RUN_MIGRATIONS', getenv('RUN_MIGRATIONS')
            ? strtolower(getenv('RUN_MIGRATIONS')) === 'true' : true);
        define('ALLOW_LOCAL', getenv('ALLOW_LOCAL') ? strtolower(getenv('ALLOW_LOCAL')) === 'true': false);
        $limit = !empty(getenv('PAGE_LIMIT')) ? (int) getenv('PAGE_LIMIT') : 25;
        $region = getenv('S3_REGION') !== false ? getenv('S3_REGION') : 'us-east-1';
        $bucket = isset($_ENV['S3_BUCKET']) ? $_ENV['S3_BUCKET'] : 'uploads';
        $zone = empty($_SERVER['APP_TIMEZONE']) ? 'UTC' : $_SERVER['APP_TIMEZONE'];
        $lang = false === getenv('APP_LANG') ? 'en' : getenv('APP_LANG');
        $path = (env('LOG_PATH')) ? env('LOG_PATH') : storage_path('logs');
        $level = env('LOG_LEVEL') ? env('LOG_LEVEL') : null;
    """)
    assert _shape(found["RUN_MIGRATIONS"]) == [(True, "true", False)] * 2
    assert all(r.compared_with == "true" for r in found["RUN_MIGRATIONS"])
    assert _shape(found["ALLOW_LOCAL"]) == [(True, "false", False)] * 2
    assert _shape(found["PAGE_LIMIT"]) == [(True, "25", False)] * 2
    assert _shape(found["S3_REGION"]) == [(True, "us-east-1", False)] * 2
    assert _shape(found["S3_BUCKET"]) == [(True, "uploads", False)] * 2
    assert _shape(found["APP_TIMEZONE"]) == [(True, "UTC", False)] * 2
    assert _shape(found["APP_LANG"]) == [(True, "en", False)] * 2
    assert _shape(found["LOG_PATH"]) == [(True, None, True)] * 2
    assert _shape(found["LOG_LEVEL"]) == [(True, None, False)] * 2  # `: null`: no fallback


def test_a_ternary_that_only_maps_presence_or_tests_more_is_no_fallback() -> None:
    found = _reads("""
        <?php
        $level = getenv('DEBUG_MODE') ? E_ALL : 0;
        $both = getenv('A_HOST') && getenv('A_PORT') ? getenv('A_HOST') : 'localhost';
        $mode = env('CACHE_MODE') ?: 'file';
        $x = $cfg ? getenv('OTHER_HOST') : 'db';
        $proxies = getenv('TRUSTED_PROXIES') !== false ? explode(',', getenv('TRUSTED_PROXIES')) : '*';
        $never = getenv('SHARD_NAME') === null ? 'main' : getenv('SHARD_NAME');
        $ssl = getenv('SSL_MODE') ? getenv('SSL_MODE') === 'require' : 'prefer';
        if (isset($_ENV['REDIS_URL']) && !empty(getenv('REDIS_PREFIX'))) { connect(); }
    """)
    assert _shape(found["DEBUG_MODE"]) == [(True, None, False)]  # the value is never used
    assert _shape(found["A_HOST"])[0] == (True, None, False)  # only a part of the condition
    assert _shape(found["A_HOST"])[1] == (False, None, False)
    assert _shape(found["CACHE_MODE"]) == [(True, "file", False)]
    assert _shape(found["OTHER_HOST"]) == [(False, None, False)]
    # the set branch makes something else of the value: the other branch is no fallback of it
    assert _shape(found["TRUSTED_PROXIES"]) == [(True, None, False), (False, None, False)]
    assert _shape(found["SSL_MODE"]) == [(True, None, False), (False, None, False)]
    # getenv() gives false when unset, never null: `=== null` never holds
    assert _shape(found["SHARD_NAME"])[1] == (False, None, False)
    # isset() and empty() only ask whether it is set
    assert _shape(found["REDIS_URL"]) == [(True, None, False)]
    assert _shape(found["REDIS_PREFIX"]) == [(True, None, False)]


def test_the_switch_labels_and_defaults_in_a_constants_file(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/constants.php": """
                <?php
                defined('LDAP_AUTH') or define('LDAP_AUTH', strtolower(getenv('LDAP_AUTH')) === 'true');
                defined('REMEMBER_ME_AUTH') or define('REMEMBER_ME_AUTH',
                    getenv('REMEMBER_ME_AUTH') ? strtolower(getenv('REMEMBER_ME_AUTH')) === 'true' : true);
                defined('LDAP_PORT') or define('LDAP_PORT', intval(getenv('LDAP_PORT')) ?: 389);
                defined('SMTP_PASSWORD') or define('SMTP_PASSWORD', getenv('SMTP_PASSWORD') ?: '');
                defined('API_TOKEN') or define('API_TOKEN',
                    getenv('API_TOKEN') ? trim(getenv('API_TOKEN')) : null);
            """,
        },
    )
    assert not found["LDAP_AUTH"].secret
    assert found["LDAP_AUTH"].default is None
    assert not found["REMEMBER_ME_AUTH"].secret
    assert found["REMEMBER_ME_AUTH"].default == "true"
    assert found["LDAP_PORT"].default == "389"
    assert found["LDAP_PORT"].optional
    assert found["SMTP_PASSWORD"].secret
    assert found["API_TOKEN"].secret
    assert found["API_TOKEN"].optional
