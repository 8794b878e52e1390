"""starlette's `Config`: an instance (`config = Config(".env")`) reads the environment first, then the env
file, then the default: `config(key, cast=None, default=undefined)` and `config.get(...)`. `default=None`
leaves no value; a `Secret` cast says the value is a secret; `CommaSeparatedStrings` splits on commas. An
instance made in one module reads wherever it is imported."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_starlette_config_instance_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "shop/settings.py": """
                from starlette.config import Config
                from starlette.datastructures import CommaSeparatedStrings, Secret

                config = Config(".env")

                DEBUG = config("SHOP_DEBUG", cast=bool, default=False)
                PAYMENT_GATEWAY_CREDENTIALS = config("SHOP_GATEWAY_CREDENTIALS", cast=Secret)
                ORIGINS = config("SHOP_ORIGINS", cast=CommaSeparatedStrings, default=["a.test", "b.test"])
                HOSTS = config("SHOP_HOSTS", cast=CommaSeparatedStrings, default="")
                WORKERS = config("SHOP_WORKERS", cast=int, default=4)
                TITLE = config.get("SHOP_TITLE", default="Shop")
                CACHE_URL = config("SHOP_CACHE_URL", default=None)
                DB_HOST = config("SHOP_DB_HOST")
                TIMEOUT = config("SHOP_TIMEOUT", float, 2.5)
            """,
        },
    )
    assert found["SHOP_DEBUG"].default == "false"
    assert found["SHOP_DEBUG"].optional is True
    # a name that does not say "secret": the Secret cast does
    assert found["SHOP_GATEWAY_CREDENTIALS"].secret is True
    assert found["SHOP_GATEWAY_CREDENTIALS"].optional is False
    assert found["SHOP_ORIGINS"].default == "a.test,b.test"
    assert found["SHOP_HOSTS"].default in (None, "")
    assert found["SHOP_WORKERS"].default == "4"
    assert found["SHOP_TITLE"].default == "Shop"
    assert found["SHOP_CACHE_URL"].default is None
    assert found["SHOP_CACHE_URL"].optional is True
    assert found["SHOP_DB_HOST"].optional is False
    assert found["SHOP_DB_HOST"].secret is False
    # positionally, the second argument is the cast, the third the default (not python-decouple's order)
    assert found["SHOP_TIMEOUT"].default == "2.5"


def test_starlette_module_forms_and_env_prefix(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "svc/a.py": """
                import starlette.config

                settings = starlette.config.Config(env_file=".env", env_prefix="SVC_")
                REGION = settings("REGION", default="eu")
            """,
            "svc/b.py": """
                from starlette import config as starlette_config

                conf = starlette_config.Config()
                ZONE = conf.get("SVC_ZONE", str, "z1")
            """,
            "svc/c.py": """
                from starlette.config import Config

                # reads the mapping it is given, not the environment
                fixed = Config(environ={"FIXED_ONLY": "1"})
                VALUE = fixed("FIXED_ONLY")
            """,
        },
    )
    assert found["SVC_REGION"].default == "eu"
    assert "REGION" not in found
    assert found["SVC_ZONE"].default == "z1"
    assert "FIXED_ONLY" not in found


def test_starlette_instance_imported_from_project_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tracker/__init__.py": "",
            "tracker/config.py": """
                from starlette.config import Config

                config = Config(".env")
                APP_ENV = config("TRACKER_ENV", default="local")
            """,
            "tracker/jobs.py": """
                from tracker.config import config as cfg

                def schedule() -> int:
                    return cfg("TRACKER_JOB_INTERVAL", cast=int, default=60)
            """,
            "tracker/plugins.py": """
                from .config import *  # noqa: F403

                TOKEN = config("TRACKER_PLUGIN_TOKEN", cast=Secret)  # noqa: F405
            """,
        },
    )
    assert found["TRACKER_ENV"].default == "local"
    assert found["TRACKER_JOB_INTERVAL"].default == "60"
    assert found["TRACKER_PLUGIN_TOKEN"].secret is True


def test_decouple_still_reads_default_second(tmp_path: Path) -> None:
    """python-decouple's `config(option, default, cast)`: the second argument stays the default."""
    found = project(
        tmp_path,
        {
            "blog/settings.py": """
                from decouple import config

                PER_PAGE = config("BLOG_PER_PAGE", 20, cast=int)
            """,
        },
    )
    assert found["BLOG_PER_PAGE"].default == "20"
