"""Python configuration reached through classes and configparser: `import os.path` binds `os`; a settings
class given the variable's name (`Setting(bool, False, "APP_DEBUG")`); a ConfigParser whose interpolation
reads the variable named as the option; a test-suite configuration class in the settings module."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.python import FlaskUse, discover_python, discover_python_project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def summary(reads: list[Read]) -> dict[str, tuple[bool, str | None]]:
    return {r.name: (r.optional, r.default) for r in reads}


def test_import_of_a_submodule_binds_the_package() -> None:
    text = src("""
        import os.path
        import sys, os.path as osp
        import re, os.path

        SETTINGS = os.environ.get("APP_SETTINGS_PATH")
        NO_ETC = os.environ.get("APP_NO_ETC", "").lower() in ("1", "true")
        WORKDIR = os.getenv("APP_WORKDIR", "/srv")
        NOT_ENV = osp.environ.get("NOT_READ")  # `as` binds the submodule os.path: no environ there
    """)
    found = summary(discover_python(text, "app/loader.py", FlaskUse()))
    assert set(found) == {"APP_SETTINGS_PATH", "APP_NO_ETC", "APP_WORKDIR"}
    assert found["APP_WORKDIR"] == (True, "/srv")


SETTING_CLASS = src("""
    import os

    class Setting:
        def __init__(self, kind, default=None, env_name=None):
            self.kind = kind
            self.default = default
            self.env_name: str | None = env_name

        def __call__(self, value):
            if value is None:
                value = self.default
            if self.env_name and self.env_name in os.environ:
                value = os.environ[self.env_name]
            return value

    class PathSetting(Setting):  # inherits the constructor
        def check(self, value):
            return os.path.isdir(value)

    class Plain:
        def __init__(self, name):
            self.name = name

        def label(self):
            return self.name.upper()
""")


def test_settings_class_given_the_variable_name() -> None:
    schema = src("""
        from app.values import PathSetting, Plain, Setting

        SCHEMA = {
            "debug": Setting(bool, False, "APP_DEBUG"),
            "port": Setting(int, 8080, env_name="APP_PORT"),
            "secret": Setting(str, env_name="APP_SECRET_KEY"),
            "data": PathSetting(str, "/var/lib/app", "APP_DATA_DIR"),
            "title": Setting(str, "My app"),  # no variable
            "other": Plain("NOT_A_VARIABLE"),  # keeps the name, reads no environment
        }
    """)
    reads = discover_python_project([("app/values.py", SETTING_CLASS), ("app/schema.py", schema)], FlaskUse())
    assert {r.file for r in reads} == {"app/schema.py"}
    assert summary(reads) == {
        "APP_DEBUG": (True, "false"),  # the argument bound to `default`
        "APP_PORT": (True, "8080"),
        "APP_SECRET_KEY": (True, None),
        "APP_DATA_DIR": (True, "/var/lib/app"),
    }


INTERPOLATION = src('''
    import configparser
    import os


    class EnvInterpolation(configparser.BasicInterpolation):
        """An empty option takes the variable of its name."""

        def before_get(self, parser, section, option, value, defaults):
            value = super().before_get(parser, section, option, value, defaults)
            envvar = os.getenv(option)
            if value == "" and envvar:
                return envvar
            return value


    def blank_to(value, default=None):
        if value == "":
            return default
        return value


    config = configparser.ConfigParser(interpolation=EnvInterpolation())
    config.optionxform = str
    config.read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "settings.ini"))


    class Config:
        SECRET_KEY = blank_to(config["server"]["SECRET_KEY"]) or os.urandom(32)
        DB_USER = blank_to(config["server"]["DB_USER"]) or "app"
        DB_PASSWORD = blank_to(config["server"]["DB_PASSWORD"])
        BEHIND_PROXY = blank_to(config["optional"]["BEHIND_PROXY"], default=False)
        WORKERS = config.getint("optional", "WORKERS")
        COOKIE_SAMESITE = config["server"]["COOKIE_SAMESITE"]


    class TestingConfig(Config):
        DB_URL = os.getenv("TESTING_DB_URL") or "sqlite://"


    class ABTestConfig:
        VARIANT = os.getenv("AB_VARIANT", "a")
''')

INI = src("""
    [server]
    SECRET_KEY =
    DB_USER =
    DB_PASSWORD =
    # given a value: the interpolation never looks at the environment for it
    COOKIE_SAMESITE = Lax

    [optional]
    BEHIND_PROXY =
    WORKERS =
""")


def test_configparser_interpolation_reading_the_option_variable(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "config.py").write_text(INTERPOLATION)
    (tmp_path / "app" / "settings.ini").write_text(INI)
    found = {v.name: v for v in discover(tmp_path).variables}
    runtime = {n: (v.optional, v.default) for n, v in found.items() if v.scope == "runtime"}
    assert runtime == {
        "SECRET_KEY": (True, None),  # a computed fallback
        "DB_USER": (True, "app"),  # `blank_to(...) or "app"`
        "DB_PASSWORD": (True, None),
        "BEHIND_PROXY": (True, "false"),  # the helper's fallback for an empty value
        "WORKERS": (True, None),
        "AB_VARIANT": (True, "a"),  # an A/B test's settings are the app's
    }
    assert found["SECRET_KEY"].secret
    assert found["DB_PASSWORD"].secret
    assert found["TESTING_DB_URL"].scope == "test"  # the test suite's configuration class


def test_configparser_without_its_ini_file_and_lowercased_options() -> None:
    # No INI file at hand: every option read may come from the environment. Without `optionxform = str`,
    # configparser hands the interpolation lower-cased option names.
    text = INTERPOLATION.replace("config.optionxform = str\n", "")
    found = summary(discover_python(text, "app/config.py", FlaskUse()))
    assert found["db_user"] == (True, "app")  # what the process's environment must hold: case matters
    assert "cookie_samesite" in found  # no INI file to say it has a value
    assert "SECRET_KEY" not in found
    assert "DB_USER" not in found


def test_interpolation_reading_another_name_is_not_followed() -> None:
    text = INTERPOLATION.replace("envvar = os.getenv(option)", 'envvar = os.getenv("APP_" + section)')
    found = summary(discover_python(text, "app/config.py", FlaskUse()))
    assert "DB_USER" not in found
    assert "COOKIE_SAMESITE" not in found
