"""A settings field whose default is an Enum member: the environment spells the member by its value, so the
value is the default (`Environment.PRODUCTION` -> `production`), for an enum of the module or one imported."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_enum_member_defaults_of_settings_fields(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/db/types.py": """
                from enum import Enum


                class DatabaseType(str, Enum):
                    POSTGRES = "POSTGRES"
                    SQLITE = "SQLITE"
            """,
            "app/db/__init__.py": """
                from .types import DatabaseType
            """,
            "app/settings.py": """
                import enum

                from pydantic_settings import BaseSettings

                from app.db import DatabaseType


                class Environment(enum.StrEnum):
                    DEVELOPMENT = "development"
                    PRODUCTION = "production"


                class Level(enum.IntEnum):
                    LOW = 1
                    HIGH = 3


                class Settings(BaseSettings):
                    environment: Environment = Environment.PRODUCTION
                    database_type: DatabaseType = DatabaseType.SQLITE
                    level: Level = Level.HIGH
                    mode: Environment = Environment.UNKNOWN
            """,
        },
    )
    assert found["ENVIRONMENT"].default == "production"
    assert found["DATABASE_TYPE"].default == "SQLITE"  # imported, re-exported by the package
    assert found["LEVEL"].default == "3"
    assert found["MODE"].default is None  # no such member: nothing to say
    assert found["MODE"].optional is True
