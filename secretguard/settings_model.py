"""The configuration's model: every setting, its type, default and bounds (pydantic-settings).

Only secretguard.settings imports this module, and only when the settings must be validated: pydantic and
pydantic-settings cost ~110 ms to import, which the pre-commit hook's usual answer does without
(settings.load_settings_snapshot reads validated settings back from the cache).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)


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
        from secretguard.scan.regexes import problem  # noqa: PLC0415 - keeps settings import light

        for number, pattern in enumerate(patterns, start=1):
            # By position, never by text: an allowlisted value can be a secret.
            reason = problem(pattern)
            if reason is not None:
                raise ValueError(f"invalid regex (entry {number}): {reason}")
        return patterns


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SECRETGUARD_",
        env_nested_delimiter="__",
        extra="forbid",
        # A CI template's `SECRETGUARD_BASELINE: ""` means "not set", not "the file named ''".
        env_ignore_empty=True,
    )
    # `.secretguard.toml` and `[tool.secretguard]`, highest first, as load_settings read them.
    file_layers: ClassVar[tuple[dict[str, Any], ...]] = ()

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
        files = (InitSettingsSource(settings_cls, dict(layer)) for layer in cls.file_layers)
        return (init_settings, env_settings, *files)
