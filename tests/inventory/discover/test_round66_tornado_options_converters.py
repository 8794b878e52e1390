"""Round 66: tornado options the project sets from prefixed variables (its own walk over the environment),
and a typed getter (`getEnvBoolean(value)`) as the conversion a ternary applies to a read."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

OPTIONS = """
from tornado.options import define, options

DEFAULT_CONFIG_FILE = "flowerconfig.py"

define("port", default=5555, type=int)
define("debug", default=False, type=bool)
define("basic_auth", type=str, default=None, multiple=True)
define("conf", default=DEFAULT_CONFIG_FILE)
"""

COMMAND = """
import os
from tornado.options import options

ENV_VAR_PREFIX = "FLOWER_"


def apply_env_options():
    for env_var_name in filter(is_flower_envvar, os.environ):
        name = env_var_name.replace(ENV_VAR_PREFIX, "", 1).lower()
        setattr(options, name, os.environ[env_var_name])


def is_flower_envvar(name):
    return name.startswith(ENV_VAR_PREFIX)
"""


def test_tornado_options_under_the_walks_prefix(tmp_path: Path) -> None:
    found = project(tmp_path, {"flower/options.py": OPTIONS, "flower/command.py": COMMAND})
    assert found["FLOWER_PORT"].default == "5555"
    assert found["FLOWER_DEBUG"].default == "false"
    assert found["FLOWER_BASIC_AUTH"].default is None
    assert found["FLOWER_CONF"].default == "flowerconfig.py"


def test_tornado_options_without_a_walk_are_no_variables(tmp_path: Path) -> None:
    found = project(tmp_path, {"flower/options.py": OPTIONS})
    assert not any(name.startswith("FLOWER_") for name in found)


def test_a_typed_getter_in_a_ternary(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/config.js": """
                module.exports = {
                  enabled: process.env.OIDC_ENABLED ? getEnvBoolean(process.env.OIDC_ENABLED) : false,
                  port: process.env.PORT ? getEnvInt(process.env.PORT) : 3010,
                };
            """
        },
    )
    assert found["OIDC_ENABLED"].default == "false"
    assert found["PORT"].default == "3010"
