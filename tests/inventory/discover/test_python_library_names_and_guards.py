"""Python reads discovery gets from a library's own knowledge or from the code around them:

- URL-configuration libraries (dj-database-url, dj-email-url, django-cache-url, dj-search-url) read the
  variable their `DEFAULT_ENV` constant names unless told another; django-environ's `Env.DEFAULT_*_ENV`;
- a list helper's literal list default is the variable's text, its items comma-joined;
- a read that runs only once a test said the variable is set never falls back, and an empty default that only
  feeds a test is no default: neither makes the places disagree;
- a variable whose whole value becomes a setting holding credentials (allauth's providers) is a secret.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from secretguard.inventory.discover.python import FlaskUse, discover_python, discover_python_project
from tests.inventory.discover.projects import project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def reads_of(code: str, file: str = "app/settings.py") -> set[tuple[str, bool, str | None]]:
    return {(r.name, r.optional, r.default) for r in discover_python(src(code), file, FlaskUse())}


def test_url_config_libraries_read_the_variable_their_constant_names() -> None:
    found = reads_of("""
        import os
        import dj_database_url
        import django_cache_url as cache_url
        from dj_email_url import config as email_config

        DATABASES = {
            "default": dj_database_url.config(
                env=dj_database_url.DEFAULT_ENV, default="sqlite:///db.sqlite3", conn_max_age=60
            ),
            "replica": dj_database_url.config("REPLICA_DATABASE_URL"),
        }
        CACHES = {"default": cache_url.config()}
        vars().update(email_config())
        if os.environ.get(dj_database_url.DEFAULT_ENV, ""):
            pass
    """)
    assert found == {
        ("DATABASE_URL", True, "sqlite:///db.sqlite3"),
        ("DATABASE_URL", True, None),  # `os.environ.get(DEFAULT_ENV, "")`: "" only feeds a test
        ("REPLICA_DATABASE_URL", False, None),  # named by the call, no default given
        ("CACHE_URL", True, "locmem://"),  # django-cache-url's own fallback
        ("EMAIL_URL", False, None),  # dj-email-url's variable, through `from ... import config`
    }


def test_a_config_function_of_another_module_reads_nothing() -> None:
    assert (
        reads_of("""
        from app.settings_loader import config
        import myconfig

        SETTINGS = config()
        OTHER = myconfig.config("DATABASE_URL")
        NAME = myconfig.DEFAULT_ENV
    """)
        == set()
    )


def test_django_environ_default_variables_by_method_and_constant() -> None:
    found = reads_of("""
        import environ

        env = environ.Env()
        CACHES = {"default": env.cache(environ.Env.DEFAULT_CACHE_ENV, default="locmem://")}
        CHANNEL_LAYERS = {"default": env.channels()}
        SEARCH = env.search_url(env.DEFAULT_SEARCH_ENV)
    """)
    assert found == {
        ("CACHE_URL", True, "locmem://"),
        ("CHANNELS_URL", False, None),
        ("SEARCH_URL", False, None),
    }


PARSERS = src("""
    import os

    def get_list_from_env(key, separator=",", default=None, *, required=False):
        value = os.getenv(key)
        if value is None:
            return default or []
        return [v.strip() for v in value.split(separator)]

    def get_paths(key, sep=":", default=["/usr/share/fonts", "/usr/local/share/fonts"]):
        value = os.getenv(key)
        return value.split(sep) if value else default
""")


def test_list_defaults_are_their_items_joined_by_the_separator() -> None:
    settings = src("""
        from parsers import get_list_from_env, get_paths
        import environ

        env = environ.Env()
        ALLOWED_HOSTS = get_list_from_env("ALLOWED_HOSTS", default=["*"])
        SCHEMES = {s.lower() for s in get_list_from_env("WEBHOOK_SCHEMES", default=["http", "https"])}
        PORTS = [int(p) for p in get_list_from_env("WEBHOOK_PORTS", default=[])]
        LANGS = get_list_from_env("LANGUAGES", ";", default=["en", "de"])
        ORIGINS = get_list_from_env("ORIGINS", default=[BASE_URL])
        ODD = get_list_from_env("ODD", default=["a,b", "c"])
        FONTS = get_paths("FONT_PATHS")
        CSRF = env.list("CSRF_TRUSTED_ORIGINS", default=["http://localhost:8000"])
        JSON = env.json("FEATURES", default=["x"])
    """)
    found = {
        r.name: (r.optional, r.default, r.computed_default)
        for r in discover_python_project([("parsers.py", PARSERS), ("settings.py", settings)], FlaskUse())
        if r.file == "settings.py"
    }
    assert found == {
        "ALLOWED_HOSTS": (True, "*", False),
        "WEBHOOK_SCHEMES": (True, "http,https", False),
        "WEBHOOK_PORTS": (True, None, False),  # an empty list: optional, nothing to write down
        "LANGUAGES": (True, "en;de", False),  # the separator given at the call
        "ORIGINS": (True, None, True),  # an item the code computes
        "ODD": (True, None, False),  # an item holding the separator: not one text
        "FONT_PATHS": (True, "/usr/share/fonts:/usr/local/share/fonts", False),  # the wrapper's own
        "CSRF_TRUSTED_ORIGINS": (True, "http://localhost:8000", False),
        "FEATURES": (True, None, False),  # env.json does not split a list
    }


def test_a_read_only_reached_once_the_variable_is_set_does_not_disagree(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "parsers.py": """
                import os

                def get_bool_from_env(key, default="NO"):
                    return os.getenv(key, default).lower() in ("yes", "true", "1")

                def get_choice_from_env(key, choices, default=None):
                    value = os.getenv(key, default)
                    if value not in choices:
                        raise ValueError(key)
                    return value
            """,
            "settings.py": """
                import os
                from parsers import get_bool_from_env, get_choice_from_env

                UPDATE_CHECK = os.getenv("UPDATE_CHECK", "default")
                if UPDATE_CHECK != "default":
                    UPDATE_CHECK = get_bool_from_env("UPDATE_CHECK")

                if os.environ.get("OCR_MODE", "") in ("skip", "skip_noarchive"):
                    OCR_MODE = "auto"
                else:
                    OCR_MODE = get_choice_from_env("OCR_MODE", {"auto", "force"}, default="auto")

                if "WORKERS" in os.environ:
                    WORKERS = int(os.environ.get("WORKERS", "2"))
                WORKERS_DEFAULT = os.getenv("WORKERS", "4")

                if not os.getenv("TIMEOUT"):
                    TIMEOUT = 30
                else:
                    TIMEOUT = int(os.getenv("TIMEOUT", "60"))
                TIMEOUT_TEXT = os.getenv("TIMEOUT", "30")

                # not a guard: a value other than "slow" may still be the unset default
                if os.getenv("SPEED", "fast") != "slow":
                    SPEED = os.getenv("SPEED", "normal")

                PREFIX = os.getenv("URL_PREFIX", "")  # "" is the value the app runs with
                FULL = PREFIX + "/api"

                # deprecated name, read only when given: its parser's default is the only one there is
                if os.getenv("LEGACY_AUTH") is not None:
                    REMOTE_AUTH = get_bool_from_env("LEGACY_AUTH", "False")

                # `False` only tested for truth, "" only tested: no default either
                STORAGE = True if os.getenv("STORAGE_BUCKET", False) else False
                if os.getenv("STORAGE_BUCKET", ""):
                    BUCKET = os.getenv("STORAGE_BUCKET", "")
                STRICT = os.getenv("STRICT", False) in (True, "true")  # compared: False is its fallback
            """,
            "checks.py": """
                import os

                def check_ocr_mode():
                    mode = os.environ.get("OCR_MODE", "")
                    if mode in {"skip", "skip_noarchive"}:
                        return [f"OCR_MODE={mode!r} is no longer valid"]
                    return []

                def check_prefix():
                    prefix = os.getenv("URL_PREFIX", "/")
                    return prefix.startswith("/")
            """,
        },
    )
    assert found["UPDATE_CHECK"].default == "default"  # get_bool_from_env's "NO" applies only once set
    assert found["OCR_MODE"].default == "auto"  # both "" defaults only feed the skip test
    assert found["WORKERS"].default == "4"  # `int(os.environ.get("WORKERS", "2"))` runs only once set
    assert found["TIMEOUT"].default == "30"  # the `else` of `not os.getenv(...)`
    assert found["SPEED"].default is None  # "fast" and "normal": the places disagree
    assert found["URL_PREFIX"].default is None  # "" and "/": a used value, they disagree
    assert found["LEGACY_AUTH"].default == "False"
    assert (found["LEGACY_AUTH"].optional, found["LEGACY_AUTH"].secret) == (True, False)  # a switch
    assert found["STORAGE_BUCKET"].default == ""  # only the guarded read's, which is no value
    assert found["STRICT"].default == "false"


def test_a_whole_value_given_to_a_credential_setting_is_a_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "settings.py": """
                import json
                import os

                SOCIALACCOUNT_PROVIDERS = json.loads(os.getenv("APP_SOCIAL_PROVIDERS", "{}"))
                FEATURE_FLAGS = json.loads(os.getenv("APP_FEATURE_FLAGS", "{}"))
                SOCIALACCOUNT_AUTO_SIGNUP = os.getenv("APP_SOCIAL_AUTO_SIGNUP", "yes") == "yes"
            """,
        },
    )
    assert found["APP_SOCIAL_PROVIDERS"].secret  # allauth's provider apps carry their `secret`
    assert found["APP_SOCIAL_PROVIDERS"].default is None  # a secret's default is never recorded
    assert not found["APP_FEATURE_FLAGS"].secret
    assert not found["APP_SOCIAL_AUTO_SIGNUP"].secret


def test_connection_urls_of_mail_servers_and_brokers_are_secrets() -> None:
    secret = ["EMAIL_URL", "USER_EMAIL_URL", "SMTP_URL", "CLOUDAMQP_URL", "CELERY_BROKER_URL"]
    secret += ["DATABASE_URL_REPLICA", "REPLICA_DATABASE_URL"]
    assert all(secret_by_name(n) for n in secret), [n for n in secret if not secret_by_name(n)]
    plain = ["REDIS_URL", "CACHE_URL", "CONFIRM_EMAIL_URL", "EMAIL_VERIFICATION_URL", "EMAIL_HOST"]
    plain += ["BROKER_POOL_LIMIT", "DATABASE_URL_TIMEOUT"]
    assert not any(secret_by_name(n) for n in plain), [n for n in plain if secret_by_name(n)]
