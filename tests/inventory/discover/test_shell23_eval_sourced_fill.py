"""Shell: a POSIX-sh `file_env` reading through `eval`, the variables a sourced constants file assigns, and a
default handed over through a local holding a literal."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_posix_file_env_through_eval(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/start.sh": """
                #!/bin/sh
                set -e
                load_secret() {
                  name="$1"
                  fileName="${name}_FILE"
                  fallback="${2:-}"
                  eval "current=\\${$name-}"
                  eval "path=\\${$fileName-}"
                  if [ -n "$path" ]; then
                    current=$(cat "$path")
                  elif [ -z "$current" ]; then
                    current="$fallback"
                  fi
                  export "$name=$current"
                  unset "$fileName"
                }
                load_secret SMTP_PASSWORD
                load_secret 'API_TOKEN'
                exec php-fpm
            """,
        },
    )
    for name in ("SMTP_PASSWORD", "API_TOKEN"):
        assert name in found
        assert found[name + "_FILE"].file_of == name
    assert "name" not in found
    assert "NAME_FILE" not in found


def test_what_a_sourced_constants_file_assigns_is_the_scripts_own(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "ops/db/lib/settings.sh": """
                #!/usr/bin/env bash
                DUMP_FOLDER='/dumps'
                DUMP_PREFIX='db'
            """,
            "ops/db/dump": """
                #!/usr/bin/env bash
                set -o errexit
                here="$(dirname ${0})"
                source "${here}/lib/settings.sh"
                pg_dump "${DATABASE_NAME}" > "${DUMP_FOLDER}/${DUMP_PREFIX}_$(date +%F).sql"
            """,
            # a script not sourcing the file reads the environment's
            "ops/db/list": """
                #!/usr/bin/env bash
                ls "${DUMP_FOLDER}"
            """,
        },
    )
    assert "DUMP_PREFIX" not in found
    assert found["DUMP_FOLDER"].locations == ["ops/db/list:2"]
    assert "DATABASE_NAME" in found


def test_a_fill_through_a_local_holding_a_literal(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/entrypoint": """
                #!/bin/sh
                if [ -z "${DB_USER}" ]; then
                    image_default_user='app'
                    export DB_USER="${image_default_user}"
                fi
                default_port=5432
                DB_PORT="${DB_PORT:-$default_port}"
                computed_host="$(hostname)"
                DB_HOST="${DB_HOST:-$computed_host}"
                exec app --user "$DB_USER" --port "$DB_PORT" --host "$DB_HOST"
            """,
        },
    )
    assert found["DB_USER"].default == "app"
    assert found["DB_PORT"].default == "5432"
    assert found["DB_HOST"].default is None
