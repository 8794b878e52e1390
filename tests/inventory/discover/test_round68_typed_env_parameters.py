"""Round 68: a parameter typed as the environment (`env: NodeJS.ProcessEnv`), the caller handing it
`process.env` (`resolveConfig({ flags, env: process.env })`), is read like process.env itself."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

RESOLVE = """
export function resolveConfig({ flags, env }: { flags: Flags; env: NodeJS.ProcessEnv }): Config {
  const user = firstDefined(flags.user, env.BULL_BOARD_USER);
  return {
    readOnly: flags.readOnly ?? toBoolean(env.BULL_BOARD_READ_ONLY) ?? false,
    browser: env.BROWSER || 'default',
  };
}

export function other(vars: typeof process.env) {
  return vars.OTHER_SETTING;
}
"""


def test_names_read_through_a_parameter_typed_as_the_environment(tmp_path: Path) -> None:
    found = project(tmp_path, {"packages/cli/src/config/resolve.ts": RESOLVE})
    assert {"BULL_BOARD_USER", "BULL_BOARD_READ_ONLY", "BROWSER", "OTHER_SETTING"} <= set(found)
    assert found["BROWSER"].default == "default"
