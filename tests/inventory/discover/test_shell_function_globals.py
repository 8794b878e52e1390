"""Round-14 shell lexer classes: a script's own globals and text that does not expand.

- a global a function assigns is the script's own in every function that runs after that function (call
  chains ordered as the script runs them), not in one that runs before, and never for a `local`;
- several assignments in one command (`CLR='' GREEN=''`) each set a variable;
- `$NF` in a single-quoted awk program inside `"$(...)"` is awk's field, not a shell expansion.
"""

from __future__ import annotations

from secretguard.inventory.discover.shell import assigned_names, discover_shell, expansions

COLOURS = """\
#!/usr/bin/env bash
banner() {
  cat <<EOF
${BOLD}Installer${RESET} for ${SITE_NAME:-demo}
EOF
}
init_colours() {
  if [ -t 1 ]; then
    RESET='\\033[0m' BOLD='\\033[1m' BLUE="$(tput setaf 4)"
  else
    RESET='' BOLD='' BLUE=''
  fi
}
step() {
  printf '%b\\n' "${BLUE}$1${RESET}"
}
main() {
  init_colours
  banner
  step "start"
}
main "$@"
"""

EARLY_READER = """\
#!/bin/sh
report() {
  echo "workers: $WORKERS"
}
configure() {
  WORKERS=4
}
report
configure
"""

LOCAL_ONLY = """\
#!/bin/bash
deploy() {
  rsync -a . "$TARGET"
}
prepare() {
  local TARGET=/srv
  cd /srv
}
prepare
deploy
"""


def test_globals_assigned_in_an_earlier_function() -> None:
    names = {r.name for r in discover_shell(COLOURS, "setup.sh")}
    assert names == {"SITE_NAME"}  # the colours are the script's own once init_colours ran


def test_reader_running_before_the_assigning_function() -> None:
    assert [r.name for r in discover_shell(EARLY_READER, "docker/run.sh")] == ["WORKERS"]


def test_local_of_another_function_is_no_global() -> None:
    # deploy runs after prepare, but TARGET was prepare's local: deploy's `$TARGET` is the caller's
    assert [r.name for r in discover_shell(LOCAL_ONLY, "docker/run.sh")] == ["TARGET"]


def test_several_assignments_in_one_command() -> None:
    assert [n for n, _ in assigned_names("A='x y' B=\"$(date)\" C=3")] == ["A", "B", "C"]
    assert [n for n, _ in assigned_names("  CLR='' GREEN='' # no colours")] == ["CLR", "GREEN"]
    assert [n for n, _ in assigned_names("PORT=80 exec server MODE=x")] == ["PORT"]  # MODE: an argument
    script = '#!/bin/sh\nHOST=db PORT=5432\necho "$HOST:$PORT $USER_NAME"\n'
    assert [r.name for r in discover_shell(script, "docker/run.sh")] == ["USER_NAME"]


def test_single_quotes_inside_command_substitution() -> None:
    line = """CODENAME="$(awk -F'=' '/^VERSION_CODENAME=/{ print $NF }' /etc/os-release) ${SUFFIX}"\n"""
    assert [e.name for e in expansions(line)] == ["SUFFIX"]
    # inside `$(...)` double quotes open afresh, and the outer ones resume after it
    nested = 'X="$(echo "${INNER:-a}")-$OUTER-\'$KEPT\'"\n'
    assert [e.name for e in expansions(nested)] == ["INNER", "OUTER", "KEPT"]
    assert [e.name for e in expansions("Y=$(( $COUNT + 1 )); echo '$NOT'\n")] == ["COUNT"]
