"""environs' `FileAwareEnv` reads like its `Env`; an env reader a module gets from a project module by
`from M import *` (or by name) reads in the importing module too."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_environs_file_aware_env_from_import_and_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "site/settings.py": """
                import environs
                from environs import FileAwareEnv

                env = FileAwareEnv()
                env.read_env()
                HOST = env("SITE_HOST")
                PAGE_SIZE = env.int("SITE_PAGE_SIZE", 25)
                DEBUG = env.bool("SITE_DEBUG", False)
                LANGS = env.list("SITE_LANGS", ["en", "de"])
                other = environs.FileAwareEnv()
                LEVEL = other("SITE_LOG_LEVEL", "info")
            """,
        },
    )
    assert found["SITE_HOST"].optional is False
    assert found["SITE_PAGE_SIZE"].default == "25"
    assert found["SITE_DEBUG"].default == "false"
    assert found["SITE_LANGS"].default == "en,de"
    assert found["SITE_LOG_LEVEL"].default == "info"  # environs: the second argument is the default


def test_star_import_brings_env_instance(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "core/settings.py": """
                from environs import Env

                env = Env()
                SECRET_KEY = env("CORE_SECRET_KEY")
            """,
            "worker/settings.py": """
                from core.settings import *  # noqa

                TIMEOUT = env.int("WORKER_TIMEOUT", env.int("CORE_TIMEOUT", 30))
                ZONE = env("WORKER_TIME_ZONE", "UTC")
                CONCURRENCY = env("WORKER_CONCURRENCY", None)
            """,
        },
    )
    assert found["WORKER_TIMEOUT"].default == "30" or found["WORKER_TIMEOUT"].optional
    assert found["WORKER_TIME_ZONE"].default == "UTC"
    assert found["WORKER_CONCURRENCY"].default is None
    assert found["WORKER_CONCURRENCY"].optional is True
    assert "CORE_TIMEOUT" in found


def test_star_import_chain_and_os_module(tmp_path: Path) -> None:
    """`production.py` star-imports `base.py`, a worker's settings star-import production: `env` and `os`
    arrive through both."""
    found = project(
        tmp_path,
        {
            "conf/__init__.py": "",
            "conf/base.py": """
                import os

                import environ

                env = environ.Env()
                DEBUG = env.bool("CONF_DEBUG", default=False)
            """,
            "conf/production.py": """
                from .base import *  # noqa: F403

                ALLOWED = env.list("CONF_ALLOWED_HOSTS", default=["example.com"])
            """,
            "conf/worker.py": """
                from conf.production import *  # noqa: F403

                CACHE_DIR = env("CONF_CACHE_DIR", default="/var/cache/app")
                QUEUE = os.environ.get("CONF_QUEUE", "default")
            """,
        },
    )
    assert found["CONF_ALLOWED_HOSTS"].default == "example.com"
    assert found["CONF_CACHE_DIR"].default == "/var/cache/app"
    assert found["CONF_QUEUE"].default == "default"


def test_star_import_follows_dunder_all_and_private_names(tmp_path: Path) -> None:
    """`__all__` limits what a star import binds; without it, names with a leading `_` stay behind."""
    found = project(
        tmp_path,
        {
            "app/limited.py": """
                from environs import Env

                __all__ = ["OTHER"]
                env = Env()
                OTHER = 1
            """,
            "app/private.py": """
                from environs import Env

                _env = Env()
            """,
            "app/uses_limited.py": """
                from app.limited import *

                A = env("LIMITED_NOT_BOUND", "x")
            """,
            "app/uses_private.py": """
                from app.private import *

                B = _env("PRIVATE_NOT_BOUND", "x")
            """,
        },
    )
    assert "LIMITED_NOT_BOUND" not in found
    assert "PRIVATE_NOT_BOUND" not in found


def test_named_import_of_env_instance(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "proj/settings.py": """
                from environs import FileAwareEnv

                env = FileAwareEnv()
            """,
            "proj/storage.py": """
                from proj.settings import env as settings_env

                BUCKET = settings_env.str("PROJ_BUCKET", "media")
            """,
        },
    )
    assert found["PROJ_BUCKET"].default == "media"


def test_star_import_of_library_or_plain_module_reads_nothing(tmp_path: Path) -> None:
    """A star import of a module binding no reader leaves an `env(...)` call of a local helper alone."""
    found = project(
        tmp_path,
        {
            "tools/consts.py": """
                LIMIT = 5
            """,
            "tools/run.py": """
                from tools.consts import *
                from somewhere import *


                def env(name, default=None):
                    return {"A": 1}.get(name, default)


                VALUE = env("TOOLS_NOT_A_VARIABLE", 3)
            """,
        },
    )
    assert "TOOLS_NOT_A_VARIABLE" not in found


def test_developer_settings_variant_is_dev_scope(tmp_path: Path) -> None:
    """`settings/development.py` star-importing the base settings reads through the `os` it brings; only a
    developer's machine loads it, so its reads are `dev`, and the base module's default stands."""
    found = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/settings/__init__.py": "",
            "app/settings/base.py": """
                import os

                DEBUG = os.environ.get("APP_DEBUG") or "False"
            """,
            "app/settings/development.py": """
                from .base import *

                DEBUG = os.environ.get("APP_DEBUG") or "True"
                INTERNAL_IPS = os.environ.get("APP_INTERNAL_IPS", "127.0.0.1")
            """,
            "app/settings/production.py": """
                from .base import *

                ALLOWED_HOSTS = os.environ.get("APP_ALLOWED_HOSTS", "*").split(",")
            """,
        },
    )
    assert found["APP_DEBUG"].default == "False"
    assert found["APP_DEBUG"].scope == "runtime"
    assert found["APP_INTERNAL_IPS"].scope == "dev"
    assert found["APP_ALLOWED_HOSTS"].scope == "runtime"
