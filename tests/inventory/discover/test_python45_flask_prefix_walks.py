"""Flask settings set from prefixed variables: the project's own walk over `os.environ` (`if
key.startswith(prefix): app.config[key[len(prefix):]] = value`, the prefix given by the walk's callers), and
Flask's `from_prefixed_env`, both over the keys the app uses and every upper-case attribute of the classes
`app.config.from_object(...)` loads (their literal values the defaults)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_DEFAULTS = """
import os

basedir = os.path.dirname(__file__)


class BaseConfig(object):
    TESTING = False


class DefaultConfig(BaseConfig):
    DEBUG = False
    PREFERRED_URL_SCHEME = "http"
    MAIL_PORT = 25
    SECRET_KEY = "secret key"
    SQLALCHEMY_DATABASE_URI = "sqlite:///" + basedir + "/app.sqlite"
    py_version = "311"
"""

_HELPERS = """
import ast
import os


def app_config_from_env(app, prefix="APP_"):
    for key, value in os.environ.items():
        if key.startswith(prefix):
            key = key[len(prefix):]
            try:
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                pass
            app.config[key] = value
    return app
"""

_APP = """
from flask import Flask

from forum.utils.helpers import app_config_from_env


def create_app():
    app = Flask("forum")
    app.config.from_object("forum.configs.default.DefaultConfig")
    app_config_from_env(app, prefix="FORUM_")
    if app.config["CACHE_TYPE"] == "redis":
        pass
    return app
"""


def test_a_prefix_walk_over_the_object_config_keys(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "forum/__init__.py": "",
            "forum/configs/__init__.py": "",
            "forum/configs/default.py": _DEFAULTS,
            "forum/utils/__init__.py": "",
            "forum/utils/helpers.py": _HELPERS,
            "forum/app.py": _APP,
        },
    )
    assert found["FORUM_DEBUG"].default == "false"
    assert found["FORUM_PREFERRED_URL_SCHEME"].default == "http"
    assert found["FORUM_MAIL_PORT"].default == "25"
    assert found["FORUM_TESTING"].default == "false"  # the base class's attribute
    assert found["FORUM_SECRET_KEY"].secret
    assert found["FORUM_SQLALCHEMY_DATABASE_URI"].default is None  # an expression
    assert "FORUM_CACHE_TYPE" in found  # a key the app uses
    assert "FORUM_PY_VERSION" not in found
    assert "APP_DEBUG" not in found  # the parameter's default is not the prefix the caller gives


def test_from_prefixed_env_takes_the_object_keys_too(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.py": """
                from flask import Flask

                class Config:
                    UPLOAD_LIMIT = 10

                app = Flask(__name__)
                app.config.from_object(Config)
                app.config.from_prefixed_env()
            """,
        },
    )
    assert found["FLASK_UPLOAD_LIMIT"].default == "10"


def test_an_environ_walk_storing_elsewhere_is_no_prefix_walk(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.py": """
                import os

                class Config:
                    UPLOAD_LIMIT = 10

                def child_env(prefix="APP_"):
                    env = {}
                    for key, value in os.environ.items():
                        if key.startswith(prefix):
                            env[key] = value
                    return env

                def create(app):
                    app.config.from_object(Config)
            """,
        },
    )
    assert not any(name.endswith("UPLOAD_LIMIT") for name in found)


def test_a_providers_own_config_is_not_flasks(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app.py": """
                from flask import Flask, current_app

                app = Flask(__name__)
                app.config.from_prefixed_env("PRIVACYIDEA")

                class SmsProvider:
                    def submit(self):
                        return self.config.get("URL"), current_app.config.get("PI_LOGO")
            """,
        },
    )
    assert "PRIVACYIDEA_PI_LOGO" in found
    assert "PRIVACYIDEA_URL" not in found  # the provider's stored options
