"""Python functions that read the variable named by their parameter are readers themselves, across the
project's modules: `envbool("DEBUG", "False")` reads DEBUG with the default "False"."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.python import FlaskUse, discover_python, discover_python_project
from tests.inventory.discover.projects import project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# A settings helper module as projects write them (Sentry, Zulip, Kolibri... have their own).
PARSERS = src('''
    import os

    def get_list_from_env(name, default=None):
        value = os.environ.get(name)
        if value is None:
            return default or []
        return [item.strip() for item in value.split(",") if item.strip()]

    def envbool(name, default="False"):
        return os.getenv(name, default).lower() in ("true", "1", "yes")

    def envstr(key, default=None):
        return os.environ.get(key, default)

    def envint(key, default=0):
        return int(envstr(key, str(default)))  # a wrapper of a wrapper

    def envsecret(name):
        """A docker secret file, else the variable itself."""
        file_var = f"{name}_FILE"
        path = os.environ.get(file_var)
        if path:
            with open(path) as fh:
                return fh.read().strip()
        return os.environ[name]

    def unrelated(name):
        return name.upper()
''')

SETTINGS = src("""
    from settings_parsers import envbool, envint, envsecret, get_list_from_env, unrelated

    DEBUG = envbool("DEBUG")
    USE_SSL = envbool("USE_SSL", "True")
    ALLOWED_HOSTS = get_list_from_env("ALLOWED_HOSTS", default=["localhost"])
    TRUSTED_ORIGINS = get_list_from_env("TRUSTED_ORIGINS")
    WORKERS = envint("WORKERS", 4)
    TIMEOUT = envint("REQUEST_TIMEOUT")
    CACHE_TTL = envint(key="CACHE_TTL", default=300)
    DB_PASSWORD = envsecret("DB_PASSWORD")
    SENTRY = envbool("SENTRY_ENABLED", None)  # None: optional, no default
    NOT_A_READ = unrelated("NOT_A_VARIABLE")
""")


def by_name(reads: list[Read]) -> dict[str, Read]:
    found: dict[str, Read] = {}
    for read in reads:
        assert read.name not in found, f"{read.name} read twice"
        found[read.name] = read
    return found


def test_wrappers_imported_from_another_module() -> None:
    reads = discover_python_project(
        [("settings_parsers.py", PARSERS), ("app/settings.py", SETTINGS)], FlaskUse()
    )
    found = by_name(reads)
    assert {r.file for r in reads} == {"app/settings.py"}  # the wrappers' own bodies read no name
    summary = {name: (r.optional, r.default, r.source) for name, r in found.items()}
    assert summary == {
        "DEBUG": (True, "False", "python"),  # the wrapper's own default
        "USE_SSL": (True, "True", "python"),  # the call's default
        "ALLOWED_HOSTS": (True, "localhost", "python"),  # a list helper's list: its items, comma-joined
        "TRUSTED_ORIGINS": (True, None, "python"),  # default=None in the wrapper: optional
        "WORKERS": (True, "4", "python"),
        "REQUEST_TIMEOUT": (True, "0", "python"),  # envint's default flows through envstr
        "CACHE_TTL": (True, "300", "python"),  # keyword arguments
        "DB_PASSWORD": (False, None, "python"),
        "DB_PASSWORD_FILE": (True, None, "docker-secret-file"),
        "SENTRY_ENABLED": (True, None, "python"),
    }
    assert found["DEBUG"].line == 3
    assert found["DB_PASSWORD"].secret_hint  # `envsecret`: its name says what it reads
    assert not found["DB_PASSWORD_FILE"].secret_hint  # a path


def test_module_attribute_relative_import_and_reexport() -> None:
    package_init = "from .parsers import envbool, envint\n"
    parsers = src("""
        from os import environ

        def envbool(name, default=False):
            return environ.get(name, str(default)).lower() == "true"

        def envint(name, default):
            try:
                return int(environ[name])
            except KeyError:
                return default
    """)
    app = src("""
        import config.parsers as cp
        from config import envbool
        from .local import flag

        A = cp.envint("POOL_SIZE", 5)
        B = envbool("FEATURE_X")
        C = flag("LOCAL_FLAG")
    """)
    local = src("""
        import os

        def flag(name):
            return os.environ.get(name) == "1"
    """)
    files = [
        ("config/__init__.py", package_init),
        ("config/parsers.py", parsers),
        ("web/app.py", app),
        ("web/local.py", local),
    ]
    found = by_name(discover_python_project(files, FlaskUse()))
    assert {n: (r.optional, r.default) for n, r in found.items()} == {
        "POOL_SIZE": (True, "5"),  # `default` parameter: the try/except handles absence with it
        "FEATURE_X": (True, "false"),  # re-exported by the package
        "LOCAL_FLAG": (False, None),  # `os.environ.get(name)` without a default, as everywhere
    }


def test_same_named_modules_resolve_to_the_nearest() -> None:
    helper_a = "import os\n\ndef setting(name):\n    return os.environ[name]\n"
    helper_b = "import os\n\ndef setting(name):\n    return os.environ.get(name, 'x')\n"
    use_a = "from utils.env import setting\n\nA = setting('SERVICE_A_URL')\n"
    files = [
        ("services/a/utils/env.py", helper_a),
        ("services/b/utils/env.py", helper_b),
        ("services/a/main.py", use_a),
    ]
    [read] = discover_python_project(files, FlaskUse())
    assert (read.name, read.optional, read.default) == ("SERVICE_A_URL", False, None)


def test_what_is_not_a_wrapper_call() -> None:
    files = [
        ("helpers.py", "import os\n\ndef envbool(name):\n    return os.getenv(name) == '1'\n"),
        # calls a function of the same name it never imports: not the project's wrapper
        ("other.py", "def envbool(x):\n    return x\n\nA = envbool('NOT_READ')\n"),
        # a third-party module of the same name is not in the project
        ("third.py", "from environ_helpers import envbool\n\nB = envbool('ALSO_NOT_READ')\n"),
        # a parameter passed along without reading it, and a *args call hiding the positions
        (
            "c.py",
            "from helpers import envbool\n\ndef f(name):\n    return name\n\nC = f('NO')\nD = envbool(*xs)\n",
        ),
    ]
    assert discover_python_project(files, FlaskUse()) == []


def test_a_single_file_follows_its_own_wrappers() -> None:
    code = src("""
        import os

        def env(name, default=None, cast=str):
            value = os.getenv(name, default)
            return cast(value) if value is not None else None

        def env_required(name):
            return env(name)

        PORT = env("PORT", "8000", int)
        HOST = env("HOST")
        TOKEN = env_required("API_TOKEN")
    """)
    found = by_name(discover_python(code, "settings.py", FlaskUse()))
    assert {n: (r.optional, r.default) for n, r in found.items()} == {
        "PORT": (True, "8000"),
        "HOST": (True, None),  # default=None
        "API_TOKEN": (True, None),  # through env(), whose default parameter is None
    }


def test_discover_walks_the_project_in_two_passes(tmp_path: Path) -> None:
    (tmp_path / "settings_parsers.py").write_text(PARSERS, encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / ".env.example").write_text("WORKERS=8\nDEBUG=true\n", encoding="utf-8")
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["WORKERS"].default == "4"  # the code's default wins over the example file
    assert found["DEBUG"].default == "False"
    assert found["DEBUG"].locations == [".env.example:2", "app/settings.py:3"]
    assert found["DB_PASSWORD"].secret
    assert "NOT_A_VARIABLE" not in found


def test_a_helper_named_for_secrets_labels_credentials_not_plain_settings(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "secrets.py").write_text(
        src("""
            import os

            def get_secret(key, default):
                value = os.environ.get(key, default)
                if value and value.startswith("/") and os.path.exists(value):
                    with open(value) as handle:
                        return handle.read().strip()
                return value
        """)
    )
    (tmp_path / "app" / "settings.py").write_text(
        src("""
            from app.secrets import get_secret

            DATABASES = {
                "ENGINE": get_secret("KIWI_DB_ENGINE", "django.db.backends.mysql"),
                "HOST": get_secret("KIWI_DB_HOST", ""),
                "USER": get_secret("KIWI_DB_USER", "kiwi"),
                "PASSWORD": get_secret("KIWI_DB_PASSWORD", "kiwi"),
                "TOKEN": get_secret("KIWI_API_SIGNING", ""),
            }
        """)
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert (found["KIWI_DB_ENGINE"].secret, found["KIWI_DB_ENGINE"].default) == (
        False,
        "django.db.backends.mysql",
    )
    assert (found["KIWI_DB_USER"].secret, found["KIWI_DB_USER"].default) == (False, "kiwi")
    assert not found["KIWI_DB_HOST"].secret
    assert found["KIWI_DB_PASSWORD"].secret
    assert found["KIWI_API_SIGNING"].secret  # the helper's name is the only evidence: it still counts


def test_a_helper_handed_the_reader_reads_through_it(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/utils.py": """
                import os
                import warnings


                def renamed_env(getter, new_key, deprecated_key, default):
                    if deprecated_key in os.environ:
                        warnings.warn(f"{deprecated_key} is renamed {new_key}", DeprecationWarning)
                    return getter(new_key, getter(deprecated_key, default))
            """,
            "app/settings.py": """
                import environ

                from .utils import renamed_env

                env = environ.Env()
                SUPPORT_URL = renamed_env(env.str, "CONSTANCE_SUPPORT_URL", "KOBO_SUPPORT_URL", "https://help.example.org/")
                LIMITS = renamed_env(env.bool, "CONSTANCE_LIMITS", "LIMITS", False)
                TITLE = renamed_env(str.upper, "NOT_A_VARIABLE", "KOBO_TITLE", "x")
            """,
        },
    )
    # the new name falls back to the old name's value: no literal default of its own
    assert found["CONSTANCE_SUPPORT_URL"].default is None
    assert found["CONSTANCE_SUPPORT_URL"].optional
    assert found["KOBO_SUPPORT_URL"].default == "https://help.example.org/"
    assert found["LIMITS"].default == "false"
    assert "CONSTANCE_LIMITS" in found
    assert "NOT_A_VARIABLE" not in found  # `str.upper` reads no variable


def test_a_method_reading_its_parameter_and_a_dicts_booleans(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "mail/configuration.py": """
                import os

                DEFAULT_CONFIG = {
                    "SITENAME": "Mailbox",
                    "DEBUG": False,
                    "TLS_PERMISSIVE": True,
                    "SESSION_TIMEOUT": 3600,
                    "SECRET_KEY": "changeMe",
                }


                class ConfigManager:
                    def __init__(self):
                        self.config = dict()

                    def __get_env(self, key, value):
                        key_file = key + "_FILE"
                        if key_file in os.environ:
                            with open(os.environ.get(key_file)) as file:
                                return file.read().strip()
                        return os.environ.get(key, value)

                    def init_app(self, app):
                        self.config.update({
                            key: self.__get_env(key, value)
                            for key, value in DEFAULT_CONFIG.items()
                        })
            """,
        },
    )
    assert found["SITENAME"].default == "Mailbox"
    assert found["DEBUG"].default == "false"  # the dict's False, as the environment spells it
    assert found["TLS_PERMISSIVE"].default == "true"
    assert found["SESSION_TIMEOUT"].default == "3600"
    assert found["SECRET_KEY"].secret
    assert found["SECRET_KEY_FILE"].file_of == "SECRET_KEY"


def test_a_base_classs_static_reader_called_on_self_in_another_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "alarms/__init__.py": "",
            "alarms/plugins/__init__.py": """
                import os


                class PluginBase:
                    @staticmethod
                    def get_config(key, default=None, type=None, **kwargs):
                        if key in os.environ:
                            return os.environ[key]
                        return kwargs.get("config", {}).get(key, default)
            """,
            "alarms/plugins/timeout.py": """
                from alarms.plugins import PluginBase


                class TimeoutPlugin(PluginBase):
                    def pre_receive(self, alert, **kwargs):
                        return self.get_config("ACK_TIMEOUT", default=7200, type=int, **kwargs)
            """,
            "alarms/config.py": """
                from flask import Config


                def user_config():
                    config = Config("/")
                    config.from_envvar("ALARMS_CONF_FILE", silent=True)
                    return config
            """,
        },
    )
    assert found["ACK_TIMEOUT"].default == "7200"
    assert found["ALARMS_CONF_FILE"].optional
