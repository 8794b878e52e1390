"""A project helper that parses a read and returns another argument when the value is missing or does not
parse (`cast_int_or_default(os.environ.get("X"), 20000)`): that argument is the variable's default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_helper_parser_defaults_across_modules(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings/helpers.py": """
                def cast_int_or_default(val, default=None):
                    try:
                        return int(val)
                    except (ValueError, TypeError):
                        return default


                def text_or(value, fallback="plain"):
                    if not value:
                        return fallback
                    return value.strip()


                def shout(value, suffix):
                    return value.upper() + suffix
            """,
            "app/settings/__init__.py": """
                from .helpers import cast_int_or_default
            """,
            "app/query/lake.py": """
                import os

                from app.settings import cast_int_or_default

                BATCH = cast_int_or_default(os.environ.get("LAKE_BATCH"), 500)
            """,
            "app/query/warehouse.py": """
                import os

                from app.settings import helpers
                from app.settings.helpers import cast_int_or_default, shout, text_or

                ROW_LIMIT = cast_int_or_default(os.environ.get("WAREHOUSE_ROW_LIMIT"), 20000)
                PAGE_SIZE = cast_int_or_default(os.environ.get("WAREHOUSE_PAGE_SIZE"))
                MODE = text_or(os.getenv("WAREHOUSE_MODE"))
                TIMEOUT = helpers.cast_int_or_default(os.getenv("WAREHOUSE_TIMEOUT"), default=30)
                OWN = cast_int_or_default(os.getenv("WAREHOUSE_RETRIES", "3"), 5)
                NAME = shout(os.getenv("WAREHOUSE_NAME"), "!")
            """,
        },
    )
    assert found["WAREHOUSE_ROW_LIMIT"].default == "20000"
    assert found["LAKE_BATCH"].default == "500"  # through the package's re-export
    assert found["WAREHOUSE_ROW_LIMIT"].optional
    assert found["WAREHOUSE_PAGE_SIZE"].default is None  # the helper's own default is None
    assert found["WAREHOUSE_MODE"].default == "plain"
    assert found["WAREHOUSE_TIMEOUT"].default == "30"
    assert found["WAREHOUSE_RETRIES"].default == "3"  # the read's own default is what gets parsed
    assert found["WAREHOUSE_NAME"].default is None  # not a fallback: both arguments are used
    assert not found["WAREHOUSE_NAME"].optional


def test_local_helper_parser(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "worker.py": """
                import os

                def as_float(raw, otherwise):
                    if raw is None:
                        return otherwise
                    return float(raw)

                RATE = as_float(os.getenv("WORKER_RATE"), 0.5)
            """,
        },
    )
    assert found["WORKER_RATE"].default == "0.5"


def test_a_branch_on_a_flag_is_no_fallback(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "worker.py": """
                import os

                def pick(enabled, value):
                    if enabled:
                        return value
                    return None

                def blank_or(raw, otherwise):
                    if raw in (None, ""):
                        return otherwise
                    return raw

                CHOSEN = pick(os.getenv("WORKER_ENABLED"), "yes")
                QUEUE = blank_or(os.getenv("WORKER_QUEUE"), "default")
            """,
        },
    )
    assert found["WORKER_ENABLED"].default is None
    assert found["WORKER_QUEUE"].default == "default"
