"""Round 23 (Python): a project helper that reads through a library reader object (`value = env(name,
default=default)` on a django-environ `Env`, `config(key, default=fallback)` of python-decouple, an environs
`env.int(name, default)` imported from the settings package) reads the name each call gives it, with the
call's default; a library's boolean parse (`env.bool("X", False)`, `config("X", cast=bool)`) makes a
name-labelled secret a switch; and cookiecutter-django's `settings/local.py` beside a `settings/production.py`
is the developer's settings, `dev` scope."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_ENVIRON_SETTINGS = """
    import environ

    env = environ.Env()


    def env_ratio(name, default):
        raw = env(name, default=default)
        if raw == "":
            raw = default
        return float(raw)


    def flag(name, default=False):
        return env.bool(name, default=default)


    def count(name, default):
        return env.int(name, default)


    PROBES = {
        "cpu_max": env_ratio("PROBE_CPU_MAX", 85),
        "swap_min": env_ratio("PROBE_SWAP_MIN", 250),
    }
    MAINTENANCE = flag("MAINTENANCE_MODE")
    WORKERS = count("QUEUE_WORKERS", 3)
"""


def test_helpers_over_a_django_environ_reader(tmp_path: Path) -> None:
    found = project(tmp_path, {"site/settings.py": _ENVIRON_SETTINGS})
    assert {
        n: found[n].default for n in ("PROBE_CPU_MAX", "PROBE_SWAP_MIN", "MAINTENANCE_MODE", "QUEUE_WORKERS")
    } == {
        "PROBE_CPU_MAX": "85",
        "PROBE_SWAP_MIN": "250",
        "MAINTENANCE_MODE": "false",
        "QUEUE_WORKERS": "3",
    }
    assert found["PROBE_CPU_MAX"].locations == ["site/settings.py:22"]
    assert "name" not in found
    assert "NAME" not in found


def test_helpers_over_decouple_and_an_imported_environs_reader(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/readers.py": """
                from decouple import config


                def setting(key, fallback=None):
                    return config(key, default=fallback)


                CACHE_TTL = setting("CACHE_TTL", "300")
                MEDIA_HOST = setting("MEDIA_HOST")
            """,
            "config/__init__.py": "",
            "config/env.py": """
                from environs import Env

                env = Env()
            """,
            "config/limits.py": """
                from config.env import env


                def seconds(name, default):
                    return env.int(name, default) * 1


                TIMEOUT = seconds("REQUEST_TIMEOUT", 30)
            """,
        },
    )
    assert (found["CACHE_TTL"].default, found["CACHE_TTL"].locations) == ("300", ["shop/readers.py:8"])
    assert "MEDIA_HOST" in found
    assert (found["REQUEST_TIMEOUT"].default, found["REQUEST_TIMEOUT"].locations) == (
        "30",
        ["config/limits.py:8"],
    )


def test_a_library_boolean_parse_makes_a_token_named_setting_a_switch(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "site/settings.py": """
                import environ
                from decouple import config

                env = environ.Env()

                REVEAL = env.bool("MFA_REVEAL_RECOVERY_TOKENS", False)
                ROTATE = env.bool("ROTATE_REFRESH_TOKENS", default=True)
                KEEP = config("KEEP_EXPIRED_TOKENS", default=False, cast=bool)
                API_TOKEN = env.str("PARTNER_API_TOKEN", default="")
            """
        },
    )
    for name, default in (
        ("MFA_REVEAL_RECOVERY_TOKENS", "false"),
        ("ROTATE_REFRESH_TOKENS", "true"),
        ("KEEP_EXPIRED_TOKENS", "false"),
    ):
        assert (found[name].secret, found[name].default) == (False, default), name
    assert found["PARTNER_API_TOKEN"].secret  # read as text: still the credential its name says


_BASE = """
    import environ

    env = environ.Env()

    EMAIL_BACKEND = env("MAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
"""
_LOCAL = """
    from .base import *  # noqa
    from .base import env

    EMAIL_BACKEND = env("MAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
"""


def test_local_settings_beside_production_settings_are_the_developers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": _BASE,
            "config/settings/local.py": _LOCAL,
            "config/settings/production.py": """
                from .base import *  # noqa
                from .base import env

                HOSTS = env.list("ALLOWED_HOSTS", default=["app.example.org"])
            """,
        },
    )
    assert found["MAIL_BACKEND"].scope == "runtime"
    assert found["MAIL_BACKEND"].default == "django.core.mail.backends.smtp.EmailBackend"
    assert found["ALLOWED_HOSTS"].default == "app.example.org"


def test_local_settings_without_a_production_variant_stay_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": _BASE,
            "config/settings/local.py": _LOCAL,
        },
    )
    assert found["ALLOWED_HOSTS"].scope == "runtime"
    assert found["MAIL_BACKEND"].default is None  # two settings modules disagree
