"""pydantic-settings classes whose BaseSettings comes through a project base class of another module
(`class LDAPConfig(BaseConfigSet)`, `class BaseConfigSet(BaseSettings)` in configset.py): their fields are
variables too, named with the base's `env_prefix` (model_config or a v1 inner `class Config`) unless the
subclass sets its own, or by their aliases; a computed or factory default gives no one default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_BASE = """
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class ProjectSettings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

        def describe(self) -> str:
            return type(self).__name__
"""


def test_fields_of_a_subclass_of_a_project_base_in_another_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/conf/base.py": _BASE,
            "app/conf/auth.py": """
                from pydantic import Field, SecretStr

                from app.conf.base import ProjectSettings


                class DirectoryConfig(ProjectSettings):
                    DIRECTORY_ENABLED: bool = Field(default=False)
                    DIRECTORY_BIND_PASSWORD: SecretStr = Field(default="")
                    DIRECTORY_USER_FILTER: str = Field(default="(uid=%(user)s)")
                    DIRECTORY_TIMEOUT: int = 30
                    DIRECTORY_URI: str
            """,
            "app/conf/misc.py": """
                from pydantic import BaseModel


                class NotSettings(BaseModel):
                    PLAIN_MODEL_FIELD: str = "x"
            """,
        },
    )
    assert found["DIRECTORY_ENABLED"].default == "false"
    assert found["DIRECTORY_BIND_PASSWORD"].secret is True
    assert found["DIRECTORY_USER_FILTER"].default == "(uid=%(user)s)"
    assert found["DIRECTORY_TIMEOUT"].default == "30"
    assert found["DIRECTORY_URI"].optional is False
    assert "PLAIN_MODEL_FIELD" not in found  # a pydantic model, not settings


def test_prefix_inherited_through_levels_and_re_exports(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "svc/settings/core.py": """
                import pydantic_settings


                class Root(pydantic_settings.BaseSettings):
                    class Config:
                        env_prefix = "SVC_"
            """,
            "svc/settings/__init__.py": """
                from .core import Root
            """,
            "svc/settings/mid.py": """
                from svc.settings import Root


                class Section(Root):
                    pass
            """,
            "svc/worker.py": """
                from svc.settings import mid


                class WorkerConfig(mid.Section):
                    queue_name: str = "jobs"


                class MailConfig(mid.Section):
                    model_config = {"env_prefix": "MAIL_"}

                    host: str = "localhost"
            """,
        },
    )
    assert found["SVC_QUEUE_NAME"].default == "jobs"  # two levels up, through the package's re-export
    assert found["MAIL_HOST"].default == "localhost"  # its own prefix over the inherited one
    assert "QUEUE_NAME" not in found


def test_aliases_and_computed_defaults(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "core/base.py": _BASE,
            "core/server.py": """
                import secrets
                import sys

                from pydantic import AliasChoices, Field

                from .base import ProjectSettings

                DEFAULT_HOSTS = "*"


                class ServerConfig(ProjectSettings):
                    URL_DENYLIST: str = Field(default="", alias="URL_BLOCKLIST")
                    PUBLIC_ORIGIN: str = Field(
                        default="", validation_alias=AliasChoices("PUBLIC_ORIGIN", "SITE_URL")
                    )
                    SESSION_SECRET: str = Field(default_factory=lambda: secrets.token_hex(16))
                    SHOW_PROGRESS: bool = Field(default=sys.stdout.isatty())
                    ALLOWED_HOSTS: str = Field(default=DEFAULT_HOSTS)
            """,
        },
    )
    assert "URL_BLOCKLIST" in found
    assert "URL_DENYLIST" not in found
    assert {"PUBLIC_ORIGIN", "SITE_URL"} <= set(found)
    assert found["SESSION_SECRET"].secret is True
    assert found["SESSION_SECRET"].optional is True
    assert found["SHOW_PROGRESS"].default is None
    assert found["SHOW_PROGRESS"].optional is True
    assert found["ALLOWED_HOSTS"].default == "*"


def test_a_computed_settings_default_disagrees_with_another_readers_literal(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/base.py": _BASE,
            "app/paths.py": """
                import os

                RUNNING_IN_CONTAINER = os.environ.get("RUNNING_IN_CONTAINER", "false") == "true"
            """,
            "app/shell.py": """
                from pydantic import Field

                from app.base import ProjectSettings
                from app.paths import RUNNING_IN_CONTAINER


                class ShellConfig(ProjectSettings):
                    RUNNING_IN_CONTAINER: bool = Field(default=RUNNING_IN_CONTAINER)
            """,
        },
    )
    # the field falls back to what paths.py computed, not to one literal: the places give no one default
    assert found["RUNNING_IN_CONTAINER"].default is None


def test_an_unrelated_base_of_the_same_name_elsewhere_is_no_settings(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "one/base.py": _BASE,
            "two/base.py": """
                class ProjectSettings:
                    pass
            """,
            "two/things.py": """
                from two.base import ProjectSettings


                class Thing(ProjectSettings):
                    THING_COLOR: str = "red"
            """,
        },
    )
    assert "THING_COLOR" not in found


def test_a_field_holding_another_settings_class_is_a_section(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/config.py": """
                from typing import Optional

                from pydantic_settings import BaseSettings, SettingsConfigDict


                class DatabaseSettings(BaseSettings):
                    model_config = SettingsConfigDict(env_prefix="APP__DATABASE__")
                    server: str = "localhost"


                class AppConfig(BaseSettings):
                    model_config = SettingsConfigDict(env_prefix="APP__")
                    database: DatabaseSettings
                    redis: Optional[RedisConfig]
                    workers: int = 2
            """,
        },
    )
    assert found["APP__DATABASE__SERVER"].default == "localhost"
    assert found["APP__WORKERS"].default == "2"
    assert "APP__DATABASE" not in found
    assert "APP__REDIS" not in found
