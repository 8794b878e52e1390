"""A wrapper whose fallback is a choice on its boolean parameter (`os.getenv(var, "1" if default else "0")`):
each call's default is the text its argument picks; and a top-level task runner the image's CMD starts."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_MISC = """
    import os


    def read_config_bool(var: str, default: bool = False) -> bool:
        val = os.getenv(var, "1" if default else "0")
        return val.lower() in ("true", "t", "1", "yes", "y")
"""

_APP = """
    from app.misc import read_config_bool

    SAFE = read_config_bool("SHOP_CONFIG_SAFE")
    FAVICONS = read_config_bool("SHOP_SHOW_FAVICONS", True)
    CHECK = read_config_bool("SHOP_UPDATE_CHECK", default=False)
"""


def test_each_call_picks_its_default_from_the_choice(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/misc.py": _MISC, "app/__init__.py": "", "app/config.py": _APP})
    assert found["SHOP_CONFIG_SAFE"].default == "0"  # the parameter's own default, False
    assert found["SHOP_SHOW_FAVICONS"].default == "1"
    assert found["SHOP_UPDATE_CHECK"].default == "0"


_RUN = """
    #!/bin/sh
    # ./run: start the app; ./run test: run the tests
    set -e
    if [ "$1" = "test" ]; then
        pytest -sv
    elif [ -n "$SHOP_SOCKET" ]; then
        python3 -um app --unix-socket "$SHOP_SOCKET"
    else
        python3 -um app --host "${SHOP_ADDRESS:-0.0.0.0}" --port "${SHOP_PORT:-5000}"
    fi
"""


def test_a_task_runner_the_image_starts_is_runtime(tmp_path: Path) -> None:
    files = {"run": _RUN, "app/__init__.py": ""}
    found = project(
        tmp_path / "a", {**files, "Dockerfile": 'FROM python:3.12\nCMD ["/bin/sh", "-c", "./run"]\n'}
    )
    assert found["SHOP_PORT"].scope == "runtime"
    assert found["SHOP_SOCKET"].scope == "runtime"
    alone = project(tmp_path / "b", files)
    assert alone["SHOP_PORT"].scope == "dev"  # nothing starts it: a developer's task runner
