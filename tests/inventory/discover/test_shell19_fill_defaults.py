"""Shell "fill a default" idioms (`[[ ! -v X ]] && export X=d`, `if [ -z ${X+x} ]; then X=d; fi`,
`[ -z "$X" ] && X=d`) read X from the environment with d as its default, and the script's later uses are
that same variable; `readarray` / `mapfile` assign their array, no read."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.shell import discover_shell
from secretguard.inventory.discover.shell_fill import fills
from tests.inventory.discover.projects import project


def _reads(text: str) -> dict[str, tuple[bool, str | None, bool]]:
    return {
        r.name: (r.optional, r.default, r.computed_default) for r in discover_shell(text, "entrypoint.sh")
    }


def test_presence_test_then_export_is_a_read_with_its_default() -> None:
    script = """#!/bin/bash
if [[ ! -v API_PORT ]]; then
    echo "API_PORT not set, using 9000"
    export API_PORT='9000'
fi
[[ ! -v API_MODE ]] && export API_MODE="strict"
if [[ ! -v NODE_ADDR ]]; then
    export NODE_ADDR=`hostname -i`
fi
cat > /etc/app.cfg <<END
port: $API_PORT
mode: $API_MODE
addr: $NODE_ADDR
END
"""
    found = _reads(script)
    assert found["API_PORT"] == (True, "9000", False)
    assert found["API_MODE"] == (True, "strict", False)
    assert found["NODE_ADDR"] == (True, None, True)  # a command's output: computed, no literal


def test_set_test_with_plus_expansion() -> None:
    script = """#!/bin/bash
if [ -z ${ADMIN_NAME+x} ]; then
  ADMIN_NAME='root'
fi
if [ -f /run/secrets/admin_password ]; then
  ADMIN_PASSWORD="$(</run/secrets/admin_password)"
elif [ -z "${ADMIN_PASSWORD+x}" ]; then
  ADMIN_PASSWORD='changeme'
fi
create-admin "$ADMIN_NAME" "$ADMIN_PASSWORD"
"""
    found = _reads(script)
    assert found["ADMIN_NAME"] == (True, "root", False)
    # the set test reads the environment even though the branch before assigned the name
    assert found["ADMIN_PASSWORD"][:2] == (True, "changeme")


def test_emptiness_test_fills_only_before_the_script_sets_the_name() -> None:
    script = """#!/bin/sh
[ -z "$CACHE_HOST" ] && CACHE_HOST=localhost
LEVEL=info
[ -z "$LEVEL" ] && LEVEL=debug
run --cache "$CACHE_HOST" --level "$LEVEL"
"""
    found = _reads(script)
    assert found["CACHE_HOST"] == (True, "localhost", False)
    assert "LEVEL" not in found  # the script's own variable


def test_only_the_branch_own_assignment_fills() -> None:
    script = """#!/bin/bash
if [ -z "$DB_CLASS" ]; then
    if [[ "$DB_URL" == mysql:* ]]; then
        DB_CLASS=mysql
    fi
fi
if [[ ! -v OTHER ]]; then
    export UNRELATED=1
fi
"""
    assert [f.name for f in fills(script)] == []
    found = _reads(script)
    assert found["DB_CLASS"][1] is None


def test_readarray_and_mapfile_assign_their_array() -> None:
    script = """#!/bin/bash
readarray -d' ' -t HOSTPORT <<< "$(parse "$DATABASE_URL")"
mapfile -t PEERS < /etc/peers
wait-for --host ${HOSTPORT[0]} --port ${HOSTPORT[1]} ${PEERS[@]}
"""
    found = _reads(script)
    assert set(found) == {"DATABASE_URL"}


def test_filled_names_in_a_project(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
            "entrypoint.sh": "#!/bin/bash\n[[ ! -v REST_PORT ]] && export REST_PORT=8001\n"
            "exec srv --port $REST_PORT\n",
        },
    )
    assert found["REST_PORT"].default == "8001"
    assert found["REST_PORT"].scope == "runtime"
