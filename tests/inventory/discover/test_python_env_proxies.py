"""Objects whose attributes are variables: `CONFIG.SECRET_KEY` over a class whose `__getattr__` reads the
environment by the attribute's name, handed out by a factory beside the class and imported elsewhere."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONF = """
import os


class Config(dict):
    defaults = {
        "SECRET_KEY": "",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": 3306,
        "DEBUG": False,
        "NEW_EXPIRY": None,
    }
    old_config_map = {"NEW_EXPIRY": "OLD_EXPIRY"}

    def convert_type(self, key, value):
        if type(self.defaults.get(key)) is bool:
            return value.lower() in ("true", "1")
        return value

    def get_from_env(self, item):
        value = os.environ.get(item, None)
        return None if value is None else self.convert_type(item, value)

    def get(self, item, default=None):
        value = self.get_from_env(item)
        if default is None:
            default = self.defaults.get(item)
        if value is None and item in self.old_config_map:
            return self.get(self.old_config_map[item], default)
        return default if value is None else value

    def __getitem__(self, item):
        return self.get(item)

    def __getattr__(self, item):
        return self.get(item)


class ConfigManager:
    config_class = Config

    def __init__(self):
        self.config = self.config_class()

    @classmethod
    def load_user_config(cls):
        return cls().config
"""


def test_attributes_of_an_imported_instance_are_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/conf.py": CONF,
            "app/const.py": "from .conf import ConfigManager\nCONFIG = ConfigManager.load_user_config()\n",
            "app/settings/base.py": """
                from ..const import CONFIG

                SECRET_KEY = CONFIG.SECRET_KEY
                DATABASES = {"default": {"HOST": CONFIG.DB_HOST, "PORT": CONFIG["DB_PORT"]}}
                DEBUG = CONFIG.DEBUG
                LEVEL = CONFIG.get("LOG_LEVEL", "info")
                EXPIRY = CONFIG.NEW_EXPIRY
                CONFIG.compatible  # a method's name, lower-case: no variable
            """,
        },
    )
    assert found["SECRET_KEY"].secret
    assert found["SECRET_KEY"].locations == ["app/settings/base.py:3"]
    assert found["DB_HOST"].default == "127.0.0.1"
    assert found["DB_PORT"].default == "3306"
    assert found["DEBUG"].default == "false"
    assert not found["DEBUG"].secret
    assert found["LOG_LEVEL"].default == "info"
    # the table of old names by new ones is no table of defaults
    assert found["NEW_EXPIRY"].default is None
    assert "OLD_EXPIRY" not in found
    assert "compatible" not in found


def test_an_instance_made_beside_the_class(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings/env.py": """
                import os

                class Env:
                    def __getattr__(self, name):
                        return os.environ.get(name, "x")

                env = Env()
            """,
            "settings/app.py": "from settings.env import env\nREDIS = env.REDIS_URL\n",
        },
    )
    assert found["REDIS_URL"].default == "x"
    assert found["REDIS_URL"].locations == ["settings/app.py:2"]


def test_an_ordinary_getattr_reads_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/lazy.py": """
                import os

                HOME = os.environ.get("APP_HOME", "/srv")

                class Lazy:
                    def __getattr__(self, name):
                        return getattr(self._wrapped, name)

                settings = Lazy()
            """,
            "app/use.py": "from app.lazy import settings\nX = settings.DEBUG\n",
        },
    )
    assert set(found) == {"APP_HOME"}
