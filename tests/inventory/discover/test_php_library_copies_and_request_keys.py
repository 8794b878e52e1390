"""PHP: patched copies of composer packages kept outside vendor/ (`overrides/<vendor>/<package>/src/...`) are
the library's code, skipped like vendor/; `$_SERVER` request keys a rewrite or redirect sets
(`ORIG_SCRIPT_NAME`, `REDIRECT_*`, `UNIQUE_ID`) are no environment variables."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project

COMPOSER = json.dumps(
    {
        "name": "acme/desk",
        "require": {"php": ">=8.1", "laravel/framework": "^10.0"},
        "require-dev": {"guzzlehttp/guzzle": "^7.0"},
        "repositories": [{"type": "path", "url": "./packages/acme/billing"}],
    }
)
PROXY_CLIENT = """
    <?php
    namespace GuzzleHttp;

    class Client
    {
        private function configureDefaults(array $config): void
        {
            if ($proxy = getenv('HTTP_PROXY')) {
                $defaults['proxy']['http'] = $proxy;
            }
            if ($noProxy = getenv('NO_PROXY')) {
                $defaults['proxy']['no'] = explode(',', $noProxy);
            }
        }
    }
"""
APP_CONFIG = """
    <?php
    return [
        'url' => env('APP_URL', 'http://localhost'),
        'mail_host' => env('MAIL_HOST'),
    ];
"""


def test_a_patched_package_copy_outside_vendor_reads_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "composer.json": COMPOSER,
            "config/app.php": APP_CONFIG,
            "overrides/guzzlehttp/guzzle/src/Client.php": PROXY_CLIENT,
        },
    )
    assert "HTTP_PROXY" not in found
    assert "NO_PROXY" not in found
    assert found["MAIL_HOST"].scope == "runtime"


def test_the_projects_own_path_package_and_folders_stay(tmp_path: Path) -> None:
    billing = "<?php\nreturn ['key' => env('BILLING_PLAN', 'basic')];\n"
    found = project(
        tmp_path,
        {
            "composer.json": COMPOSER,
            "config/app.php": APP_CONFIG,
            # required by name too, but a composer `path` repository: the project's own package
            "packages/acme/billing/src/config.php": billing,
            # two folders that name no package
            "app/Http/Proxy.php": "<?php\n$p = getenv('OUTBOUND_PROXY');\n",
        },
    )
    assert found["BILLING_PLAN"].scope == "runtime"
    assert found["OUTBOUND_PROXY"].scope == "runtime"


def test_without_composer_json_nothing_is_a_library_copy(tmp_path: Path) -> None:
    found = project(tmp_path, {"overrides/guzzlehttp/guzzle/src/Client.php": PROXY_CLIENT})
    assert {"HTTP_PROXY", "NO_PROXY"} <= set(found)


def test_rewrite_and_redirect_request_keys_are_not_variables(tmp_path: Path) -> None:
    install = """
        <?php
        $script = $_SERVER['SCRIPT_NAME'] ?? $_SERVER['ORIG_SCRIPT_NAME'] ?? '';
        $info = $_SERVER['ORIG_PATH_INFO'] ?? $_SERVER['PATH_TRANSLATED'] ?? '';
        $status = $_SERVER['REDIRECT_STATUS'] ?? $_SERVER['REDIRECT_APP_MODE'] ?? null;
        $id = $_SERVER['UNIQUE_ID'] ?? $_SERVER['SCRIPT_URI'] ?? $_SERVER['SSL_CLIENT_S_DN'] ?? null;
        $mode = $_SERVER['APP_MODE'] ?? getenv('APP_MODE') ?: 'web';
    """
    found = project(tmp_path, {"public/install.php": install})
    assert set(found) == {"APP_MODE"}
