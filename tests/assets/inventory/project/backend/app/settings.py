"""Application settings.

Mentions in docs are not reads: os.environ["DOCSTRING_VAR"] or os.getenv("DOCSTRING_GETENV").
"""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

    debug: bool = False
    database_url: str
    secret_key: SecretStr
    redis_url: str = Field(default="redis://localhost:6379/0")
    sentry_dsn: str | None = Field(default=None, alias="SENTRY_DSN")
    # APP_COMMENTED_FIELD: not a field, just a comment
    smtp_password: SecretStr = Field(..., validation_alias="SMTP_PASSWORD")
    _private: str = "not a setting"
