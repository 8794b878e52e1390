"""PHP 8 named arguments (`env('X', default: false)`) give the default as the positional one does, and a
file whose only read is `$_SERVER['X']` is read (the web request's keys in `$_SERVER` stay out)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_named_default_argument(tmp_path: Path) -> None:
    source = """
    <?php
    return [
        'collect' => env('GC_SWEEP', default: false),
        'region' => env('STORE_REGION', default: 'eu-west-1'),
        'sentry' => env('SENTRY_DSN', default: null),
    ];
    """
    found = project(tmp_path, {"config/app.php": source})
    assert found["GC_SWEEP"].default == "false"
    assert found["STORE_REGION"].default == "eu-west-1"
    assert found["STORE_REGION"].optional
    assert found["SENTRY_DSN"].default is None
    assert not found["SENTRY_DSN"].optional


def test_named_default_compared_with_itself_means_unset(tmp_path: Path) -> None:
    source = """
    <?php
    if (env('MAINTENANCE_TOKEN', default: false) === false) {
        return;
    }
    """
    found = project(tmp_path, {"bootstrap/checks.php": source})
    assert found["MAINTENANCE_TOKEN"].default is None


def test_named_default_through_a_wrapper_parameter(tmp_path: Path) -> None:
    source = """
    <?php
    function setting(string $name, mixed $default = null): mixed
    {
        return env('APP_' . $name, $default);
    }

    return ['lang' => setting('LANG', default: 'en')];
    """
    found = project(tmp_path, {"config/helpers.php": source})
    assert found["APP_LANG"].default == "en"


def test_server_only_file_is_read(tmp_path: Path) -> None:
    source = """
    <?php
    $maxJobs = (int) ($_SERVER['MAX_JOBS'] ?? 0);
    $host = $_SERVER['HTTP_HOST'] ?? 'localhost';
    $uri = $_SERVER['REQUEST_URI'];
    $name = $_SERVER['SERVER_NAME'];
    $args = $_SERVER['argv'];
    """
    found = project(tmp_path, {"bin/worker.php": source})
    assert found["MAX_JOBS"].default == "0"
    assert not {"HTTP_HOST", "REQUEST_URI", "SERVER_NAME", "argv"} & set(found)
