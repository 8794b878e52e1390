"""dynaconf settings: each setting is also `<PREFIX>_<KEY>` in the environment (a Django settings module's own
names under DjangoDynaconf, a settings file's keys under Dynaconf)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

DJANGO_SETTINGS = """
from dynaconf import DjangoDynaconf

DEBUG = False
API_ROOT = "/pulp/"
CACHE_ENABLED = False
REDIS_PASSWORD = None
WORKER_TTL = 30
_private = 1

settings = DjangoDynaconf(
    __name__,
    ENVVAR_PREFIX_FOR_DYNACONF="PULP",
    ENVVAR_FOR_DYNACONF="PULP_SETTINGS",
)
AFTER_THE_CALL = 1
"""


def test_django_settings_are_read_under_the_prefix(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/settings.py": DJANGO_SETTINGS})
    assert found["PULP_API_ROOT"].default == "/pulp/"
    assert found["PULP_CACHE_ENABLED"].default == "false"
    assert found["PULP_WORKER_TTL"].default == "30"
    assert found["PULP_REDIS_PASSWORD"].secret
    assert found["PULP_REDIS_PASSWORD"].default is None
    assert found["PULP_SETTINGS"].optional
    assert "PULP_AFTER_THE_CALL" not in found
    assert "PULP__PRIVATE" not in found
    assert "DEBUG" not in found


def test_django_settings_default_to_the_django_prefix(tmp_path: Path) -> None:
    text = DJANGO_SETTINGS.replace('ENVVAR_PREFIX_FOR_DYNACONF="PULP",', "")
    found = project(tmp_path, {"app/settings.py": text})
    assert "DJANGO_API_ROOT" in found


def test_settings_file_keys_of_each_environment(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/config.py": """
                from dynaconf import Dynaconf

                settings = Dynaconf(
                    envvar_prefix="SHOP",
                    settings_files=["settings.toml", ".secrets.toml"],
                    environments=True,
                )
            """,
            "settings.toml": """
                [default]
                port = 8000
                name = "shop"
                dynaconf_merge = true

                [production]
                log_level = "warning"
            """,
        },
    )
    assert found["SHOP_PORT"].default == "8000"
    assert found["SHOP_NAME"].default == "shop"
    assert "SHOP_LOG_LEVEL" in found
    assert "SHOP_DYNACONF_MERGE" not in found


def test_settings_file_without_prefix_or_environments(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/config.py": """
                from dynaconf import Dynaconf

                settings = Dynaconf(envvar_prefix=False, settings_files=["settings.yaml"])
            """,
            "app/settings.yaml": "timeout: 5\ndatabase:\n  host: db\n",
        },
    )
    assert found["TIMEOUT"].default == "5"
    assert found["DATABASE"].default is None
