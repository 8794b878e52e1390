"""`X_FILE`: the docker-secrets way to supply X (a file holding X's value). It is reported as X's file
(`file_of`), optional and not a secret, and X lists `file-variant` among its sources."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read, aggregate
from secretguard.inventory.discover.python import FlaskUse, discover_python
from secretguard.inventory.discover.shell import discover_shell
from tests.conftest import CliRunner


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# The helper of the official postgres / mysql / mariadb images' docker-entrypoint.sh.
ENTRYPOINT = src("""
    #!/usr/bin/env bash
    set -Eeo pipefail

    # usage: file_env VAR [DEFAULT]
    #    ie: file_env 'XYZ_DB_PASSWORD' 'example'
    file_env() {
    \tlocal var="$1"
    \tlocal fileVar="${var}_FILE"
    \tlocal def="${2:-}"
    \tif [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
    \t\tprintf >&2 'error: both %s and %s are set (but are exclusive)\\n' "$var" "$fileVar"
    \t\texit 1
    \tfi
    \tlocal val="$def"
    \tif [ "${!var:-}" ]; then
    \t\tval="${!var}"
    \telif [ "${!fileVar:-}" ]; then
    \t\tval="$(< "${!fileVar}")"
    \tfi
    \texport "$var"="$val"
    \tunset "$fileVar"
    }

    docker_setup_env() {
    \tfile_env 'POSTGRES_PASSWORD'
    \tfile_env 'POSTGRES_USER' 'postgres'
    \tfile_env 'POSTGRES_DB' "$POSTGRES_USER"
    }

    for name in API_TOKEN WEBHOOK_SECRET; do file_env "$name"; done
    if [ -z "$POSTGRES_PASSWORD" ]; then echo "POSTGRES_PASSWORD is required" >&2; exit 1; fi
""")


def shell_reads(text: str) -> set[tuple[str, int, bool, str, str | None]]:
    return {
        (r.name, r.line, r.optional, r.source, r.default)
        for r in discover_shell(text, "docker-entrypoint.sh")
    }


def test_file_env_helper_in_an_entrypoint() -> None:
    assert shell_reads(ENTRYPOINT) == {
        ("POSTGRES_PASSWORD", 25, True, "shell", None),
        ("POSTGRES_PASSWORD_FILE", 25, True, "docker-secret-file", None),
        ("POSTGRES_USER", 26, True, "shell", "postgres"),
        ("POSTGRES_USER_FILE", 26, True, "docker-secret-file", None),
        ("POSTGRES_DB", 27, True, "shell", None),  # its default is another variable
        ("POSTGRES_DB_FILE", 27, True, "docker-secret-file", None),
        ("POSTGRES_USER", 27, False, "shell", None),  # `"$POSTGRES_USER"` itself
        ("API_TOKEN", 30, True, "shell", None),  # names from the loop's list
        ("API_TOKEN_FILE", 30, True, "docker-secret-file", None),
        ("WEBHOOK_SECRET", 30, True, "shell", None),
        ("WEBHOOK_SECRET_FILE", 30, True, "docker-secret-file", None),
        ("POSTGRES_PASSWORD", 31, False, "shell", None),  # checked: required after all
    }


def test_file_env_sourced_and_indirect_expansion_over_a_list() -> None:
    script = src("""
        #!/bin/sh
        . /usr/local/bin/docker-entrypoint.sh  # defines file_env
        file_env 'MYSQL_ROOT_PASSWORD'
        for var in SMTP_HOST SMTP_PORT; do
          if [ -z "${!var}" ]; then echo "$var is required"; exit 1; fi
          file_var="${var}_FILE"
          echo "${!file_var:-unset}"
        done
        echo "${!prefix*}" "${!names[@]}"  # name listings, not reads
    """)
    assert shell_reads(script) == {
        ("MYSQL_ROOT_PASSWORD", 3, True, "shell", None),
        ("MYSQL_ROOT_PASSWORD_FILE", 3, True, "docker-secret-file", None),
        ("SMTP_HOST", 5, False, "shell", None),
        ("SMTP_PORT", 5, False, "shell", None),
        ("SMTP_HOST_FILE", 7, True, "docker-secret-file", None),
        ("SMTP_PORT_FILE", 7, True, "docker-secret-file", None),
    }
    # the helper's own `var` is not the loop's
    assert not {r.name for r in discover_shell(ENTRYPOINT, "e.sh") if r.line < 23}


def test_python_file_variants() -> None:
    code = src("""
        import os

        def read_secret(name, default=None):
            path = os.environ.get(name + "_FILE")
            if path:
                return open(path).read().strip()
            return os.environ.get(name, default)

        DB_PASSWORD = read_secret("DB_PASSWORD")
        for key in ("STRIPE_SECRET_KEY", "SENTRY_DSN"):
            value = os.getenv(f"{key}_FILE") or os.getenv(key)
    """)
    found = {(r.name, r.line, r.optional, r.source) for r in discover_python(code, "app.py", FlaskUse())}
    assert found == {
        ("DB_PASSWORD_FILE", 9, True, "docker-secret-file"),
        ("DB_PASSWORD", 9, True, "python"),
        ("STRIPE_SECRET_KEY_FILE", 11, True, "docker-secret-file"),
        ("SENTRY_DSN_FILE", 11, True, "docker-secret-file"),
        ("STRIPE_SECRET_KEY", 11, False, "python"),
        ("SENTRY_DSN", 11, False, "python"),
    }


def test_a_file_variant_is_the_secrets_file_not_a_second_variable() -> None:
    reads = [
        Read("DB_PASSWORD", "entrypoint.sh", 3, False, "shell"),
        Read("DB_PASSWORD_FILE", "entrypoint.sh", 3, True, "docker-secret-file"),
        # read plainly by the code next to its secret
        Read("API_TOKEN", "app.py", 1, False, "python"),
        Read("API_TOKEN_FILE", "app.py", 2, False, "python"),
        # only the file is read: a path, labelled as the secret's file, still required
        Read("JWT_SIGNING_KEY_FILE", "app.py", 3, False, "python", secret_hint=True),
        # a file that is no secret's: untouched
        Read("LOG", "app.py", 4, True, "python"),
        Read("LOG_FILE", "app.py", 5, False, "python"),
    ]
    found = {v.name: v for v in aggregate(reads)}
    password, password_file = found["DB_PASSWORD"], found["DB_PASSWORD_FILE"]
    assert password.secret
    assert not password.optional
    assert password.sources == ["file-variant", "shell"]
    assert password_file.file_of == "DB_PASSWORD"
    assert (password_file.secret, password_file.optional, password_file.scope) == (False, True, "runtime")
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"
    assert found["API_TOKEN_FILE"].optional  # API_TOKEN can be given instead
    assert "file-variant" in found["API_TOKEN"].sources
    signing = found["JWT_SIGNING_KEY_FILE"]
    assert (signing.file_of, signing.secret, signing.optional) == ("JWT_SIGNING_KEY", False, False)
    assert found["LOG_FILE"].file_of is None
    assert not found["LOG_FILE"].optional
    assert found["LOG"].sources == ["python"]
    assert password_file.to_dict()["file_of"] == "DB_PASSWORD"


def test_discover_reports_the_file_variant(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "docker-entrypoint.sh").write_text(ENTRYPOINT, encoding="utf-8")
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["POSTGRES_PASSWORD"].secret
    assert not found["POSTGRES_PASSWORD"].optional
    assert found["POSTGRES_PASSWORD_FILE"].file_of == "POSTGRES_PASSWORD"
    assert found["POSTGRES_PASSWORD_FILE"].optional
    assert not found["POSTGRES_PASSWORD_FILE"].secret
    assert found["POSTGRES_USER"].default == "postgres"  # `file_env 'POSTGRES_USER' 'postgres'`
    out = tmp_path / "vars.json"
    run = cli("inventory", "discover", tmp_path, "--format", "json", "--output", out)
    assert run.code == 0, run.err
    data = {item["name"]: item for item in json.loads(out.read_text(encoding="utf-8"))}
    assert data["API_TOKEN_FILE"]["file_of"] == "API_TOKEN"
    assert data["API_TOKEN"]["sources"] == ["file-variant", "shell"]
