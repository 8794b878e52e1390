"""Configuration: SECRETGUARD_* environment variables, `.secretguard.toml`, `[tool.secretguard]`.

Precedence, highest first: command-line options (applied by the CLI), environment, `.secretguard.toml`,
`pyproject.toml`, defaults. Invalid configuration is a ConfigError that names the key and the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    PyprojectTomlConfigSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from secretguard.errors import ConfigError

CONFIG_FILE = ".secretguard.toml"


class AllowlistSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paths: list[str] = Field(default_factory=list, description="regexes on file paths never scanned")
    regexes: list[str] = Field(default_factory=list, description="regexes on secret values never reported")
    stopwords: list[str] = Field(
        default_factory=list, description="secrets containing these are not reported"
    )

    @field_validator("paths", "regexes")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        import re2  # noqa: PLC0415 - keeps settings import light

        for pattern in patterns:
            try:
                re2.compile(pattern)
            except re2.error as exc:
                raise ValueError(f"invalid regex {pattern!r}: {exc}") from exc
        return patterns


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SECRETGUARD_",
        env_nested_delimiter="__",
        extra="forbid",
        toml_file=CONFIG_FILE,
        pyproject_toml_table_header=("tool", "secretguard"),
    )

    rules: list[Path] = Field(default_factory=list, description="extra rule files (our YAML format)")
    gitleaks_config: Path | None = Field(default=None, description="a gitleaks TOML config to import")
    builtin_rules: bool = Field(default=True, description="load the shipped rules")
    disable_rules: list[str] = Field(default_factory=list, description="rule ids to turn off")
    allowlist: AllowlistSettings = Field(default_factory=AllowlistSettings)
    baseline: Path | None = Field(default=None, description="baseline file of accepted findings")
    max_file_size: int = Field(default=25 * 1024 * 1024, gt=0, description="bytes; larger files are skipped")
    all_files: bool = Field(default=False, description="scan files git ignores too")
    archives: bool = Field(default=True, description="open .zip and .tar.* archives")
    archive_depth: int = Field(default=2, ge=0, le=8)
    decode_depth: int = Field(default=2, ge=0, le=5, description="nested decodings to follow")
    workers: int = Field(default=0, ge=0, description="threads; 0 means one per core")
    min_confidence: Literal["low", "medium", "high"] = Field(
        default="medium", description="report (and fail on) findings of this confidence and above"
    )
    include_client_safe: bool = Field(
        default=False, description="report publishable (client-safe) keys outside bundles too"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls),
            PyprojectTomlConfigSettingsSource(settings_cls),
        )


def _describe(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{key}: {err['msg']}")
    return f"invalid configuration ({where}): " + "; ".join(parts)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read the configuration. `config_file` replaces `.secretguard.toml`; overrides come from the CLI."""
    sources = [f"${k}" for k in os.environ if k.startswith("SECRETGUARD_")]
    toml_file = config_file or Path(CONFIG_FILE)
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file {config_file} does not exist")
    if toml_file.is_file():
        sources.append(str(toml_file))
    if Path("pyproject.toml").is_file():
        sources.append("pyproject.toml [tool.secretguard]")
    where = ", ".join(sources) or "defaults"

    class _Bound(Settings):
        model_config = SettingsConfigDict(toml_file=toml_file)

    try:
        return _Bound(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where), hint="see the Configuration section of the README") from exc
    except (ValueError, OSError) as exc:  # a TOML syntax error surfaces as a ValueError subclass
        raise ConfigError(f"cannot read configuration ({where}): {exc}") from exc
