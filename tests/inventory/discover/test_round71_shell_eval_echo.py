"""Round 71: a shell helper reading the variable its argument names through `eval echo \\$"$name"` (POSIX sh's
indirect read, as `${!name}` in bash): each call's literal is a read."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SCRIPT = """
#!/bin/sh
set -e

replace_env_var() {
  var_name=$1
  var_value=$(eval echo \\$"$var_name")
  if [ -n "$var_value" ]; then
    sed -i "s#$var_name#$var_value#" /app/index.html
  fi
}

replace_env_var "API_URL"
replace_env_var "LOCALE_CODE"
"""


def test_eval_echo_of_a_helpers_argument(tmp_path: Path) -> None:
    found = project(tmp_path, {"nginx/replace-env-vars.sh": SCRIPT})
    assert {"API_URL", "LOCALE_CODE"} <= set(found)
    assert "var_name" not in found
