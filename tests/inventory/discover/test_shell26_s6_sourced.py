"""s6-overlay scripts (`#!/command/with-contenv bash`), names a library sourced earlier assigns read in a
library sourced after it, and assignments in a case arm."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_COMMON = """
    #!/bin/bash
    PUID=${PUID:-0}
    SHOPUSER=shop
    SHOPHOME=/tmp/shophome
    export SHOPUSER SHOPHOME
"""

_ALL = """
    #!/command/with-contenv bash
    set -e
    . /usr/bin/common.sh
    . /etc/s6-overlay/s6-rc.d/prepare/10-usergroup.sh
"""

_USERGROUP = """
    #!/command/with-contenv bash
    useradd -o -u "$PUID" -d "${SHOPHOME}" "$SHOPUSER" || true
"""

_RUN = """
    #!/command/with-contenv bash
    if [ "${SHOP_DEVELOPMENT:-}" = "true" ]; then
        exec node --watch index.js
    fi
    exec node index.js
"""

_ENTRYPOINT = """
    #!/bin/sh
    case "${LOG_FILE:-shop.log}" in
        /*) LOG_PATH="${LOG_FILE}" ;;
        *)  LOG_PATH="/app/${LOG_FILE}" ;;
    esac
    exec shop --log "$LOG_PATH"
"""


def test_s6_scripts_and_a_chain_of_sourced_libraries(tmp_path: Path) -> None:
    root = "docker/rootfs"
    found = project(
        tmp_path,
        {
            f"{root}/usr/bin/common.sh": _COMMON,
            f"{root}/etc/s6-overlay/s6-rc.d/prepare/00-all.sh": _ALL,
            f"{root}/etc/s6-overlay/s6-rc.d/prepare/10-usergroup.sh": _USERGROUP,
            f"{root}/etc/s6-overlay/s6-rc.d/backend/run": _RUN,
            "docker/entrypoint.sh": _ENTRYPOINT,
        },
    )
    assert "SHOP_DEVELOPMENT" in found  # the `run` file's shebang is s6's with-contenv
    assert found["PUID"].default == "0"
    assert "SHOPUSER" not in found  # common.sh, sourced before, assigns them
    assert "SHOPHOME" not in found
    assert "LOG_PATH" not in found  # set in both case arms
    assert found["LOG_FILE"].default == "shop.log"


def test_a_read_in_another_branch_of_the_assigning_if(tmp_path: Path) -> None:
    entrypoint = """
        #!/bin/bash
        if [ -f "/run/secrets/superuser_password" ]; then
          SHOP_SUPERUSER_PASSWORD="$(< /run/secrets/superuser_password)"
        elif [ -z ${SHOP_SUPERUSER_PASSWORD+x} ]; then
          echo "SHOP_SUPERUSER_PASSWORD is required"
          exit 1
        fi
        if [ -z ${SHOP_SUPERUSER_NAME+x} ]; then
          SHOP_SUPERUSER_NAME='admin'
        fi
        shop createsuperuser --username "$SHOP_SUPERUSER_NAME" --password "$SHOP_SUPERUSER_PASSWORD"
    """
    found = project(tmp_path, {"docker/docker-entrypoint.sh": entrypoint})
    assert found["SHOP_SUPERUSER_PASSWORD"].secret is True  # the `elif` tests the environment's value
    assert "SHOP_SUPERUSER_NAME" in found
