"""A shell loop writing every PREFIX_* variable into a Python settings override: each setting of the module
loaded under it is a variable."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_ENTRYPOINT = """
#!/usr/bin/env bash
export CONFIG_DISTRO_FILE_PATH="${SHOP_CUSTOM_CONFIG_DISTRO_FILE:-/shop/config_distro.py}"
for var in $(env | grep "^SHOP_CONFIG_" | cut -d "=" -f 1); do
    val=$(eval "echo \\"\\$$var\\"")
    echo "${var#SHOP_CONFIG_} = $val" >> "${CONFIG_DISTRO_FILE_PATH}"
done
exec gunicorn run:app
"""

_CONFIG = """
# Settings; packagers override them in config_distro.py.
APP_NAME = 'Shop'
DEFAULT_SERVER = '127.0.0.1'
DEFAULT_SERVER_PORT = 5050
SERVER_MODE = True
if SERVER_MODE:
    SESSION_EXPIRATION_TIME = 1
ENHANCED_COOKIE_PROTECTION = True
LOGIN_BANNER = ""
MAX_LOGIN_ATTEMPTS = 3
UPGRADE_CHECK_ENABLED = True
SQLITE_TIMEOUT = 500
LOG_ROTATION_SIZE = 10
LOG_ROTATION_AGE = 1440
"""


def test_settings_under_the_loop_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"pkg/docker/entrypoint.sh": _ENTRYPOINT, "web/config.py": _CONFIG, "web/run.py": "import config\n"},
    )
    assert found["SHOP_CONFIG_DEFAULT_SERVER_PORT"].default == "5050"
    assert found["SHOP_CONFIG_SERVER_MODE"].default == "True"
    assert found["SHOP_CONFIG_DEFAULT_SERVER"].default is None  # a string is written with its quotes
    assert "SHOP_CONFIG_SESSION_EXPIRATION_TIME" in found  # inside a top-level `if`
    assert found["SHOP_CONFIG_APP_NAME"].scope == "runtime"
