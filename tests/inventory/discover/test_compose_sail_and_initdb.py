"""Compose and Dockerfiles: Laravel Sail (published with `sail:publish`, so built from `./docker/<php>`) is a
development setup, its build context's files included; a database's init scripts (mounted at
/docker-entrypoint-initdb.d, or shaped like one) configure that container, not the application."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.dockerfile import discover_dockerfile
from tests.inventory.discover.projects import project

SAIL_COMPOSE = """
    services:
        web.app:
            build:
                context: ./containers/php83
                dockerfile: Dockerfile
                args:
                    WWWGROUP: '${WWWGROUP}'
            ports:
                - '${APP_PORT:-80}:80'
            environment:
                WWWUSER: '${WWWUSER}'
                LARAVEL_SAIL: 1
                XDEBUG_MODE: '${SAIL_XDEBUG_MODE:-off}'
            volumes:
                - '.:/var/www/html'
        mysql:
            image: 'mysql/mysql-server:8.0'
            environment:
                MYSQL_ROOT_PASSWORD: '${DB_PASSWORD}'
            volumes:
                - './containers/db/init-testing.sh:/docker-entrypoint-initdb.d/10-init-testing.sh'
"""
SAIL_DOCKERFILE = """
    FROM ubuntu:24.04
    ARG WWWGROUP
    ENV SUPERVISOR_PHP_USER="sail"
    RUN groupadd --force -g $WWWGROUP sail
    RUN useradd -ms /bin/bash --no-user-group -g $WWWGROUP -u 1337 sail
    COPY start-container /usr/local/bin/start-container
    ENTRYPOINT ["start-container"]
"""
START = """
    #!/usr/bin/env bash
    if [ "$SUPERVISOR_PHP_USER" != "root" ]; then
        usermod -u $WWWUSER sail
    fi
    exec /usr/bin/supervisord -c /etc/supervisor/conf.d/supervisord.conf
"""
INIT = """
    #!/usr/bin/env bash
    mysql --user=root --password="$MYSQL_ROOT_PASSWORD" <<-EOSQL
        CREATE DATABASE IF NOT EXISTS testing;
        GRANT ALL PRIVILEGES ON \\`testing%\\`.* TO '$MYSQL_USER'@'%';
    EOSQL
"""
CONFIG = "<?php\nreturn ['password' => env('DB_PASSWORD'), 'port' => env('APP_PORT_INTERNAL', 80)];\n"


def test_a_published_sail_setup_is_development(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "compose.yaml": SAIL_COMPOSE,
            "containers/php83/Dockerfile": SAIL_DOCKERFILE,
            "containers/php83/start-container": START,
            "containers/db/init-testing.sh": INIT,
            "config/database.php": CONFIG,
        },
    )
    for name in ("APP_PORT", "WWWUSER", "LARAVEL_SAIL", "XDEBUG_MODE", "SAIL_XDEBUG_MODE", "WWWGROUP"):
        assert found[name].scope == "dev", name
    # The Sail image's own setting, read by its start script: the build context's files are development too.
    assert found["SUPERVISOR_PHP_USER"].scope == "dev"
    # The mounted init script is the database container's.
    assert found["MYSQL_USER"].scope == "service:mysql"
    assert found["MYSQL_ROOT_PASSWORD"].scope == "service:mysql"
    assert found["DB_PASSWORD"].scope == "runtime"  # the app's config reads it


def test_a_built_service_without_sail_markers_is_the_application(tmp_path: Path) -> None:
    compose = """
        services:
            app:
                build: ./docker/app
                environment:
                    QUEUE_WORKERS: '${QUEUE_WORKERS:-2}'
    """
    entry = """
        #!/bin/sh
        exec php artisan queue:work --workers="$QUEUE_WORKERS" --tries="$QUEUE_TRIES"
    """
    found = project(tmp_path, {"compose.yaml": compose, "docker/app/entrypoint.sh": entry})
    assert found["QUEUE_WORKERS"].scope == "runtime"
    assert found["QUEUE_TRIES"].scope == "runtime"


def test_a_sail_image_alone_is_development() -> None:
    reads = discover_dockerfile(textwrap.dedent(SAIL_DOCKERFILE), "docker/8.3/Dockerfile")
    assert reads
    assert {r.scope for r in reads} == {"dev"}
    plain = "FROM php:8.3-fpm\nENV APP_QUEUE=redis\nRUN useradd -m app\n"
    assert {r.scope for r in discover_dockerfile(plain, "Dockerfile")} == {None}


def test_an_unmounted_script_shaped_like_an_init_script(tmp_path: Path) -> None:
    postgres = """
        #!/bin/bash
        set -e
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<-EOSQL
            CREATE USER reporting;
            CREATE DATABASE reports;
        EOSQL
    """
    # The application's own script reaching the database over the network: its reads are the app's.
    waiter = """
        #!/bin/sh
        mysql -h "$MYSQL_HOST" -u "$MYSQL_USER" -p"$MYSQL_PASSWORD" -e 'CREATE DATABASE IF NOT EXISTS app'
        exec php-fpm
    """
    found = project(
        tmp_path,
        {
            "docker/mysql/create-testing.sh": INIT,
            "db/init-reports.sh": postgres,
            "docker/wait-for-db.sh": waiter,
        },
    )
    assert found["MYSQL_ROOT_PASSWORD"].scope == "service:mysql"
    assert found["POSTGRES_DB"].scope == "service:postgres"
    assert found["MYSQL_HOST"].scope == "runtime"
    assert found["MYSQL_PASSWORD"].scope == "runtime"
    assert "runtime" in found["MYSQL_USER"].scopes  # the waiter reads it too
