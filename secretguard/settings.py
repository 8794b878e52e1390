"""Configuration: SECRETGUARD_* environment variables, `.secretguard.toml`, `[tool.secretguard]`.

Precedence, highest first: command-line options (applied by the CLI), environment, `.secretguard.toml`,
`pyproject.toml`, defaults. Invalid configuration is a ConfigError that names the key and the file.

The two files are read by `load_settings` through secretguard.safe_read (a regular file, at most
MAX_CONFIG_BYTES), not by pydantic-settings, which would open a FIFO or /dev/zero as it is.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from secretguard.errors import ConfigError
from secretguard.safe_read import RefusedInput, read_regular_file

CONFIG_FILE = ".secretguard.toml"
MAX_CONFIG_BYTES = 4 * 1024 * 1024  # a configuration is a few KiB: more is a mistake or an attack


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


def _describe(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{key}: {err['msg']}")
    return f"invalid configuration ({where}): " + "; ".join(parts)


def _read_toml(path: Path) -> dict[str, Any] | None:
    """A TOML configuration file, or None when there is none. Whatever it is, it must be a regular file."""
    if not os.path.lexists(path):
        return None
    try:
        return tomllib.loads(read_regular_file(path, roots=None, max_bytes=MAX_CONFIG_BYTES).decode("utf-8"))
    except RefusedInput as exc:
        raise ConfigError(f"cannot read configuration ({path}): {exc.reason}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(f"cannot read configuration ({path}): nested too deeply") from None
    # ValueError: an integer past Python's digit limit (tomllib lets it through as it is).
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration ({path}): {exc}") from exc


def _pyproject_table(doc: dict[str, Any]) -> dict[str, Any]:
    table: Any = doc.get("tool", {})
    table = table.get("secretguard", {}) if isinstance(table, dict) else None
    if not isinstance(table, dict):
        raise ConfigError("invalid configuration (pyproject.toml): [tool.secretguard] is not a table")
    return table


ENV_PREFIX = "SECRETGUARD_"
# SECRETGUARD_* variables that are not settings: where caches live, and test hooks.
OTHER_ENV_NAMES = frozenset({"CACHE_DIR", "FAULT_INJECT", "SCREENSHOT_DIR", "FINGERPRINT_KEY"})


def known_env_names() -> frozenset[str]:
    """Every SECRETGUARD_* name secretguard reads (upper case, as pydantic-settings ignores case)."""
    names = {name.upper() for name in Settings.model_fields}
    names |= {f"ALLOWLIST__{name.upper()}" for name in AllowlistSettings.model_fields}
    return frozenset(ENV_PREFIX + name for name in names | OTHER_ENV_NAMES)


def check_env_names(environ: dict[str, str] | None = None) -> None:
    """An unknown SECRETGUARD_* variable is an error naming it: a misspelt setting must not be ignored."""
    env = os.environ if environ is None else environ
    known = known_env_names()
    unknown = sorted(k for k in env if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)
    if unknown:
        raise ConfigError(
            f"unknown environment variable(s): {', '.join(unknown)}",
            hint="settings from the environment are SECRETGUARD_<SETTING> (see the Configuration section "
            "of the README); unset the variable or fix its name",
        )


def load_settings(config_file: Path | None = None, *, root: Path | None = None, **overrides: Any) -> Settings:
    """Read the configuration. `config_file` replaces `.secretguard.toml`; overrides come from the CLI.
    `root` is where the files are read (default: the working folder; the CI gate passes a copy of the
    range's base)."""
    check_env_names()
    sources = [f"${k}" for k in os.environ if k.upper().startswith(ENV_PREFIX) and os.environ[k]]
    folder = root or Path()
    if config_file is not None and root is not None and not config_file.is_absolute():
        config_file = root / config_file
    toml_file = config_file or folder / CONFIG_FILE
    if config_file is not None and not os.path.lexists(config_file):
        raise ConfigError(f"config file {config_file} does not exist")
    layers = []
    toml_data = _read_toml(toml_file)
    if toml_data is not None:
        sources.append(str(toml_file))
        layers.append(toml_data)
    pyproject = _read_toml(folder / "pyproject.toml")
    if pyproject is not None:
        sources.append("pyproject.toml [tool.secretguard]")
        layers.append(_pyproject_table(pyproject))
    where = ", ".join(sources) or "defaults"

    class _Bound(Settings):
        file_layers = tuple(layers)

    try:
        return _Bound(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where), hint="see the Configuration section of the README") from exc
    except RecursionError:  # a deeply nested JSON value in a SECRETGUARD_* variable
        raise ConfigError(f"cannot read configuration ({where}): nested too deeply") from None
    except (ValueError, OSError) as exc:  # e.g. a SECRETGUARD_* variable that is not valid JSON
        raise ConfigError(f"cannot read configuration ({where}): {exc}") from exc
