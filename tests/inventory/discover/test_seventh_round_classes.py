"""Classes of the seventh blind round (a Laravel 12 app with a docker entrypoint and Sail): digit
separators in numbers, a PHP read opened as a file, `*_BROKER` names, a Laravel read with no default beside
one with a default, scripts under `ci/`, a compose service built from a package's Dockerfile (Sail), and an
entrypoint looping over an array of names with `${!var}`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.discover.php import discover_php
from secretguard.inventory.discover.shell import discover_shell


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(src(text), encoding="utf-8")


def variables(root: Path) -> dict[str, DiscoveredVariable]:
    return {v.name: v for v in discover(root).variables}


def test_digit_separators_are_not_part_of_a_default() -> None:
    reads = discover_php(
        "<?php\nreturn ['buffer' => env('PULSE_INGEST_BUFFER', 5_000)];\n", "config/pulse.php"
    )
    assert [(r.name, r.default) for r in reads] == [("PULSE_INGEST_BUFFER", "5000")]


def test_a_secret_sounding_name_opened_as_a_file_holds_a_path(tmp_path: Path) -> None:
    write(
        tmp_path,
        "config/cache.php",
        """
        <?php
        $config = ['default' => env('CACHE_STORE', 'file')];
        // on the host: credentials come from a JSON file
        if (env('APP_SECRETS')) {
            $secrets = json_decode(file_get_contents(env('APP_SECRETS')), true);
        }
        $token = $client->file_get_contents(env('SERVICE_TOKEN'));
        return $config;
        """,
    )
    found = variables(tmp_path)
    assert found["APP_SECRETS"].secret is False
    assert found["SERVICE_TOKEN"].secret is True  # a method of that name says nothing about a file


def test_a_password_broker_is_no_password(tmp_path: Path) -> None:
    write(
        tmp_path,
        "config/auth.php",
        """
        <?php
        return [
            'defaults' => [
                'guard' => env('AUTH_GUARD', 'web'),
                'passwords' => env('AUTH_PASSWORD_BROKER', 'users'),
            ],
            'password_timeout' => env('AUTH_PASSWORD_TIMEOUT', 10800),
            'admin' => env('ADMIN_PASSWORD'),
        ];
        """,
    )
    found = variables(tmp_path)
    assert (found["AUTH_PASSWORD_BROKER"].secret, found["AUTH_PASSWORD_BROKER"].default) == (False, "users")
    assert found["ADMIN_PASSWORD"].secret is True


def test_laravel_places_with_and_without_a_default_disagree(tmp_path: Path) -> None:
    write(
        tmp_path,
        "config/app.php",
        """
        <?php
        return [
            'url' => env('APP_URL', 'http://localhost'),
            'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
        ];
        """,
    )
    write(
        tmp_path,
        "config/filesystems.php",
        """
        <?php
        return ['s3' => ['url' => env('APP_URL').'/storage', 'region' => env('AWS_DEFAULT_REGION')]];
        """,
    )
    write(
        tmp_path,
        "config/cache.php",
        """
        <?php
        if (env('CACHE_DRIVER') === 'memcached') {
            $servers = [];
        }
        return ['default' => env('CACHE_DRIVER', 'file')];
        """,
    )
    found = variables(tmp_path)
    assert found["APP_URL"].default is None  # null in one place, http://localhost in the other
    assert found["AWS_DEFAULT_REGION"].default is None
    assert found["CACHE_DRIVER"].default == "file"  # a comparison tests a mode, it is no fallback


def test_scripts_under_a_ci_folder_are_ci(tmp_path: Path) -> None:
    write(
        tmp_path,
        "scripts/ci/package.sh",
        """
        #!/bin/bash
        set -euo pipefail
        echo "version=$VERSION" >> "$GITHUB_OUTPUT"
        gpg --batch --passphrase "$GPG_PASSPHRASE" --detach-sign dist.tar.gz
        """,
    )
    write(tmp_path, "docker/entrypoint.sh", '#!/bin/sh\nexec php artisan serve --port="${APP_PORT:-8000}"\n')
    found = variables(tmp_path)
    assert {found[n].scope for n in ("VERSION", "GITHUB_OUTPUT", "GPG_PASSPHRASE")} == {"ci"}
    assert found["APP_PORT"].scope == "runtime"


def test_a_service_built_from_a_package_dockerfile_is_a_dev_harness(tmp_path: Path) -> None:
    write(
        tmp_path,
        "docker-compose.yml",
        """
        services:
          laravel.test: &app
            build:
              context: ./vendor/laravel/sail/runtimes/8.4
              dockerfile: Dockerfile
              args:
                WWWGROUP: '${WWWGROUP}'
            ports:
              - '${APP_PORT:-80}:80'
            environment:
              WWWUSER: '${WWWUSER}'
              LARAVEL_SAIL: 1
              XDEBUG_MODE: '${SAIL_XDEBUG_MODE:-off}'
          laravel.queue:
            <<: *app
            command: 'php artisan queue:work'
          worker:
            build: .
            environment:
              QUEUE_NAME: '${QUEUE_NAME:-default}'
        """,
    )
    found = variables(tmp_path)
    for name in ("APP_PORT", "WWWUSER", "LARAVEL_SAIL", "XDEBUG_MODE", "SAIL_XDEBUG_MODE", "WWWGROUP"):
        assert found[name].scope == "dev", name
    assert found["QUEUE_NAME"].scope == "runtime"  # the project's own image


def test_an_entrypoint_loop_over_an_array_of_names_reads_their_file_variants() -> None:
    script = src("""
        #!/bin/bash
        set -Eeo pipefail

        # set environment variables with docker secrets in /run/secrets/*
        supportedSecrets=( "DB_PASSWORD"
                           "APP_KEY"   # the encryption key
                           "MAIL_PASSWORD"
                          )
        others=( "$HOME" "x y" )

        for secret in "${supportedSecrets[@]}"; do
            envFile="${secret}_FILE"
            if [ -n "${!envFile}" ] && [ -f "${!envFile}" ]; then
                val="$(< "${!envFile}")"
                export "${secret}"="$val"
            fi
        done
        for other in "${others[@]}"; do
            echo "${!other}"
        done
        exec "$@"
    """)
    names = {r.name for r in discover_shell(script, "scripts/docker/entrypoint.sh")}
    assert names == {"DB_PASSWORD_FILE", "APP_KEY_FILE", "MAIL_PASSWORD_FILE"}
