"""django-environ schemas: `environ.FileAwareEnv` (and a project's own Env subclass) read like `environ.Env`,
and `**SCHEMA` spread into the constructor, from this module or a project module, declares its keys."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_file_aware_env_schema_and_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "shop/settings.py": """
                import environ

                env = environ.FileAwareEnv(
                    SHOP_SITE_URL=(str, "http://localhost:8000"),
                    SHOP_DEBUG=(bool, False),
                )
                SITE_URL = env("SHOP_SITE_URL")
                DEBUG = env("SHOP_DEBUG")
                ENV_PATH = env.str("SHOP_ENV_PATH", ".env.prod")
                SECRET_KEY = env("SHOP_SECRET_KEY")
            """,
        },
    )
    assert found["SHOP_SITE_URL"].default == "http://localhost:8000"
    assert found["SHOP_DEBUG"].default == "false"
    assert found["SHOP_ENV_PATH"].default == ".env.prod"
    assert found["SHOP_SECRET_KEY"].optional is False


def test_from_import_file_aware_env_and_subclass(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import environ
                from environ import FileAwareEnv


                class AppEnv(environ.Env):
                    pass


                first = FileAwareEnv(APP_TIMEZONE=(str, "UTC"))
                second = AppEnv(APP_WORKERS=(int, 4))
                LANG = second("APP_LANG")
            """,
        },
    )
    assert found["APP_TIMEZONE"].default == "UTC"
    assert found["APP_WORKERS"].default == "4"
    assert found["APP_LANG"].optional is False


def test_spread_schemas_local_and_imported(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "portal/__init__.py": "",
            "portal/audit/__init__.py": "",
            "portal/audit/settings.py": """
                AUDIT_SCHEMA = {
                    "SITE_ENABLE_AUDIT": (bool, True),
                    "SITE_AUDIT_DAYS": (int, 30),
                }
            """,
            "portal/settings.py": """
                import environ
                from portal.audit.settings import AUDIT_SCHEMA

                MAIL_SCHEMA = dict(SITE_MAIL_FROM=(str, "noreply@example.org"))

                env = environ.Env(
                    SITE_NAME=(str, "demo"),
                    **AUDIT_SCHEMA,
                    **MAIL_SCHEMA,
                    **{"SITE_CACHE_TTL": (int, 60)},
                )
                ENABLE_AUDIT = env("SITE_ENABLE_AUDIT")
            """,
        },
    )
    assert found["SITE_NAME"].default == "demo"
    assert found["SITE_ENABLE_AUDIT"].default == "true"
    assert found["SITE_ENABLE_AUDIT"].optional is True
    assert found["SITE_AUDIT_DAYS"].default == "30"
    assert found["SITE_MAIL_FROM"].default == "noreply@example.org"
    assert found["SITE_CACHE_TTL"].default == "60"


def test_dict_spread_into_other_calls_declares_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "tool/settings.py": """
                import os

                DEFAULTS = {"TOOL_COLOR": (str, "blue")}
                options = dict(**DEFAULTS)
                LEVEL = os.getenv("TOOL_LEVEL", "info")
            """,
        },
    )
    assert "TOOL_COLOR" not in found
    assert found["TOOL_LEVEL"].default == "info"
