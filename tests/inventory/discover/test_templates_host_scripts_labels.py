"""Round-9 shell, compose and label classes found on two Laravel apps:

- a `file_env` helper that looks its names up with `env | grep "^${var}="` reads NAME and NAME_FILE;
- host-side scripts are not the app's: operator wrappers around `docker compose exec`, a top-level
  installer reading `/etc/os-release` (whose names are the host OS's), and a function's reads of a global
  the script assigns before it first calls the function;
- nginx-proxy / acme-companion entries on the app's compose service belong to those containers;
- labels: `PUBLIC_` qualifying a disk is no browser prefix, `*_TOKEN_AFTER` and a `*_TOKENS` word list are
  no secrets, `MARIA` is a database word.
"""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from secretguard.inventory.discover.shell import discover_shell
from tests.inventory.discover.projects import project

FILE_ENV = """\
#!/bin/bash
# usage: file_env VAR [DEFAULT]
file_env() {
    local var="$1"
    local fileVar="${var}_FILE"
    local def="${2:-}"
    local varValue=$(env | grep -E "^${var}=" | sed -E -e "s/^${var}=//")
    local fileVarValue=$(env | grep -E "^${fileVar}=" | sed -E -e "s/^${fileVar}=//")
    if [ -n "${varValue}" ]; then
        export "$var"="${varValue}"
    elif [ -n "${fileVarValue}" ]; then
        export "$var"="$(cat "${fileVarValue}")"
    elif [ -n "${def}" ]; then
        export "$var"="$def"
    fi
    unset "$fileVar"
}

file_env DB_PASSWORD
file_env MAIL_PORT 25
exec apache2-foreground
"""


def test_file_env_helper_listing_the_environment() -> None:
    reads = {(r.name, r.optional, r.default) for r in discover_shell(FILE_ENV, "docker/startup.sh")}
    assert ("DB_PASSWORD", False, None) in reads
    assert ("DB_PASSWORD_FILE", True, None) in reads
    assert ("MAIL_PORT", True, "25") in reads
    assert ("MAIL_PORT_FILE", True, None) in reads


INSTALLER = """\
#!/bin/bash
install_packages () {
  for p in $PACKAGES; do
    apt-get install -y "$p"
  done
}
distro="$(source /etc/os-release && echo "$ID")"
version="$(. /etc/os-release && echo "$VERSION_ID")"
echo "Installing on $distro $version for ${APP_USER:-snipeit}"
PACKAGES="apache2 php"
install_packages
"""

LATE_CALL = """\
#!/bin/sh
start() {
  exec gunicorn --workers "$WORKERS" app
}
start
WORKERS=4
"""


def test_installer_and_function_globals() -> None:
    reads = discover_shell(INSTALLER, "install.sh")
    names = {r.name for r in reads}
    assert "ID" not in names  # the host OS's
    assert "VERSION_ID" not in names
    assert "PACKAGES" not in names  # assigned before install_packages first runs
    assert {r.scope for r in reads} == {"dev"}  # a top-level installer runs on the host
    # called before the assignment: the function does read the environment
    assert [r.name for r in discover_shell(LATE_CALL, "docker/run.sh")] == ["WORKERS"]


def test_operator_wrappers_are_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/artisan": (
                '#!/bin/bash\ndeclare service="${APP_SERVICE:=worker}"\n'
                'exec docker compose exec --user www-data "${service}" php artisan "$@"\n'
            ),
            "bin/tool": (
                '#!/bin/bash\nexec docker run --rm "ghcr.io/acme/tool:${TOOL_VERSION:-latest}" "$@"\n'
            ),
            "docker/entrypoint.sh": '#!/bin/sh\nexec php-fpm --pid "${FPM_PID:-/run/fpm.pid}"\n',
        },
    )
    assert found["APP_SERVICE"].scope == "dev"
    assert found["TOOL_VERSION"].scope == "dev"
    assert found["FPM_PID"].scope == "runtime"


def test_proxy_companion_entries(tmp_path: Path) -> None:
    compose = """\
    services:
      web:
        build: .
        environment:
          VIRTUAL_HOST: "${APP_DOMAIN}"
          VIRTUAL_PORT: "80"
          LETSENCRYPT_HOST: "${APP_DOMAIN}"
          APP_DEBUG: "false"
    """
    found = project(
        tmp_path,
        {
            "docker-compose.yml": compose,
            "config/app.php": (
                "<?php return ['debug' => env('APP_DEBUG', false), 'd' => env('APP_DOMAIN')];\n"
            ),
        },
    )
    assert found["VIRTUAL_PORT"].scope == "service:nginx-proxy"
    assert found["LETSENCRYPT_HOST"].scope == "service:nginx-proxy"
    assert found["APP_DEBUG"].scope == "runtime"
    # the app's own code reading one keeps it the app's
    found = project(
        tmp_path / "reads",
        {
            "docker-compose.yml": compose,
            "config/app.php": "<?php return ['host' => env('VIRTUAL_HOST')];\n",
        },
    )
    assert found["VIRTUAL_HOST"].scope == "runtime"


def test_label_words() -> None:
    assert secret_by_name("PUBLIC_AWS_SECRET_ACCESS_KEY")
    assert not secret_by_name("STRIPE_PUBLIC_KEY")
    assert not secret_by_name("MAPBOX_PUBLIC_TOKEN")
    assert not secret_by_name("LIVE_BROADCAST_DELETE_TOKEN_AFTER")
    assert not secret_by_name("RESET_TOKEN_TTL")
    assert secret_by_name("JAWSDB_MARIA_URL")


def test_label_word_list_and_public_flag(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/spam.php": (
                "<?php return ['ignored' => env('SPAM_IGNORED_TOKENS', 'the,a,of,and'),"
                " 'keys' => env('API_TOKENS', 'x8Hq2kP9zR')];\n"
            ),
            "config/filesystems.php": (
                "<?php return ['secret' => env('PUBLIC_AWS_SECRET_ACCESS_KEY'),"
                " 'url' => env('PUBLIC_URL')];\n"
            ),
        },
    )
    assert not found["SPAM_IGNORED_TOKENS"].secret
    assert found["SPAM_IGNORED_TOKENS"].default == "the,a,of,and"
    assert found["API_TOKENS"].secret
    assert found["PUBLIC_AWS_SECRET_ACCESS_KEY"].secret
    assert not found["PUBLIC_AWS_SECRET_ACCESS_KEY"].public
    assert found["PUBLIC_URL"].public
