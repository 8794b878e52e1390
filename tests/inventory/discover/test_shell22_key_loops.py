"""Shell: names built from the keys of a dotenv file a loop reads (`${!x}` with `x="PREFIX_$key"`, and
`${!key}` itself), through the pipeline that feeds the loop; a file or command not known gives no names."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.shell_key_loops import KeyLoop, loop_names
from secretguard.inventory.discover.shell_text_filters import run_pipeline
from tests.inventory.discover.projects import project

ENV_EXAMPLE = """
    # Settings of the app
    APP_NAME=demo
    DB_HOST=localhost
    #DB_PORT=5432
    # MAIL_USER=someone
    export REDIS_URL=redis://cache
"""


def test_sed_pipeline_into_read_with_ifs_equals(tmp_path: Path) -> None:
    """The image copies the example file to /tmp and appends names before the loop: the names are the
    file's keys as the sed keeps them (`#DB_PORT=` too, `# MAIL_USER=` not) plus the appended ones."""
    found = project(
        tmp_path,
        {
            ".env.example": ENV_EXAMPLE,
            "docker/start": """
                #!/bin/bash
                cp -a /srv/.env.example /tmp/
                cat >> /tmp/.env.example <<EOF
                SEED_USER=
                EOF
                sed -n -r -e 's/^#?([A-Za-z0-9_]+=.*)/\\1/p' /tmp/.env.example | \\
                  while IFS='=' read name value ; do
                    prefixed="MYAPP_$name"
                    val="${!prefixed:-${!name:-$value}}"
                    echo "$name=$val"
                  done > /tmp/.env
            """,
        },
    )
    for key in ("APP_NAME", "DB_HOST", "DB_PORT", "SEED_USER"):
        assert found[f"MYAPP_{key}"].locations == ["docker/start:9"]
        assert found[f"MYAPP_{key}"].optional is True
        assert found[f"MYAPP_{key}"].default is None  # it falls back to another variable
        assert "docker/start:9" in found[key].locations  # `${!name}` reads the key itself
    assert "MYAPP_MAIL_USER" not in found  # `# MAIL_USER=`: the sed does not keep it
    assert "MYAPP_REDIS_URL" not in found  # `export REDIS_URL` is no name before `=`


def test_read_line_and_key_by_expansion_with_literal_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "deploy/.env.sample": """
                API_TOKEN=
                WORKERS=2
            """,
            "deploy/check-env.sh": """
                #!/bin/bash
                while read -r line; do
                  [ -z "$line" ] && continue
                  key="${line%%=*}"
                  override="OVERRIDE_${key}"
                  echo "${!override:-unset}"
                  [ -n "${!key}" ] || echo "missing $key"
                done < .env.sample
            """,
        },
    )
    assert found["OVERRIDE_WORKERS"].default == "unset"  # a literal `:-word` is the default
    assert found["OVERRIDE_API_TOKEN"].optional is True
    assert "deploy/check-env.sh:7" in found["API_TOKEN"].locations  # `${!key}` reads the key itself
    assert "deploy/check-env.sh:7" in found["WORKERS"].locations


def test_for_loop_over_grep_output(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": ENV_EXAMPLE,
            "scripts/entrypoint.sh": """
                #!/bin/sh
                for var in $(grep -o '^[A-Z_]*' .env.example); do
                  file_var="${var}_FILE"
                  if [ -n "${!file_var}" ]; then echo "from file"; fi
                done
            """,
        },
    )
    assert {"APP_NAME_FILE", "DB_HOST_FILE"} <= set(found)
    assert "DB_PORT_FILE" not in found  # the grep anchors at the start: `#DB_PORT` has no name there


def test_unknown_file_or_command_gives_no_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": ENV_EXAMPLE,
            "run.sh": """
                #!/bin/bash
                while IFS='=' read k v; do x="PRE_$k"; echo "${!x}"; done < /etc/app/settings.env
                python3 list_keys.py .env.example | while read k; do y="ALT_$k"; echo "${!y}"; done
            """,
        },
    )
    assert not [name for name in found if name.startswith(("PRE_", "ALT_"))]


def test_pipeline_commands() -> None:
    lines = ["# comment", "A=1", "#B=2", "C_D = 3", "lower=4", "E"]

    def load(path: str) -> list[str] | None:
        return lines if path == "f.env" else None

    assert run_pipeline((("grep", "-v", "^#", "f.env"), ("cut", "-d=", "-f1")), None, load) == [
        "A",
        "C_D ",
        "lower",
        "E",
    ]
    assert run_pipeline((("sed", "/^#/d", "f.env"),), None, load) == ["A=1", "C_D = 3", "lower=4", "E"]
    assert run_pipeline((("awk", "-F=", "{print $1}", "f.env"),), None, load) == [
        "# comment",
        "A",
        "#B",
        "C_D ",
        "lower",
        "E",
    ]
    assert run_pipeline((("sed", "-n", "s/^\\([A-Z]*\\)=.*/\\1/p", "f.env"),), None, load) == ["A"]
    assert run_pipeline((("xargs", "echo"),), lines, load) is None
    assert run_pipeline((("cat", "other.env"),), None, load) is None
    loop = KeyLoop("k", "key", 1, 2, (), None)
    assert loop_names(loop, lines) == ["A", "lower", "E"]  # names only: `# comment`, `C_D ` are not
