"""Configuration: SECRETGUARD_* environment variables, `.secretguard.toml`, `[tool.secretguard]`.

Precedence, highest first: command-line options (applied by the CLI), environment, `.secretguard.toml`,
`pyproject.toml`, defaults. Invalid configuration is a ConfigError that names the key and the file.

The two files are read by the loader through secretguard.safe_read (a regular file, at most
MAX_CONFIG_BYTES), not by pydantic-settings, which would open a FIFO or /dev/zero as it is.

One loader, two answers. `load_settings` validates with the pydantic model (settings_model.py) and then
records the result as a snapshot in the cache folder, under a key made of every input it read: all
SECRETGUARD_* variables, the configuration files' names and bytes, the folder, the command-line values and
the model's own source. `load_settings_snapshot` reads the same inputs, makes the same key and returns that
snapshot without importing pydantic (~110 ms the pre-commit hook does without), or None when these exact
inputs were never validated. Since the key is every input, a setting cannot be left out of it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secretguard import __version__
from secretguard.cache import cache_dir, write_atomic
from secretguard.errors import ConfigError
from secretguard.safe_read import RefusedInput, read_regular_file

if TYPE_CHECKING:
    from pydantic import ValidationError

    from secretguard.settings_model import AllowlistSettings, Settings

__all__ = [
    "CONFIG_FILE",
    "MAX_CONFIG_BYTES",
    "AllowlistSettings",
    "Settings",
    "SettingsSnapshot",
    "SnapshotAllowlist",
    "SnapshotSettings",
    "check_env_names",
    "known_env_names",
    "load_settings",
    "load_settings_snapshot",
    "settings_canonical",
]

CONFIG_FILE = ".secretguard.toml"
MAX_CONFIG_BYTES = 4 * 1024 * 1024  # a configuration is a few KiB: more is a mistake or an attack
ENV_PREFIX = "SECRETGUARD_"
# SECRETGUARD_* variables that are not settings: where caches live, and test hooks.
OTHER_ENV_NAMES = frozenset({"CACHE_DIR", "FAULT_INJECT", "SCREENSHOT_DIR", "FINGERPRINT_KEY"})
SNAPSHOT_VERSION = 1
KEEP_SNAPSHOTS = 64  # one per folder and configuration in use; CI copies of a base add one each
_MODEL_SOURCE = Path(__file__).with_name("settings_model.py")


def __getattr__(name: str) -> Any:
    """`Settings` and `AllowlistSettings` are imported on first use: the snapshot path never needs them."""
    if name in ("Settings", "AllowlistSettings"):
        from secretguard import settings_model  # noqa: PLC0415

        return getattr(settings_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _describe(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{key}: {err['msg']}")
    return f"invalid configuration ({where}): " + "; ".join(parts)


def _read_bytes(path: Path) -> bytes | None:
    """A configuration file's bytes, or None when there is none. Whatever it is, it must be a regular file."""
    if not os.path.lexists(path):
        return None
    try:
        return read_regular_file(path, roots=None, max_bytes=MAX_CONFIG_BYTES)
    except RefusedInput as exc:
        raise ConfigError(f"cannot read configuration ({path}): {exc.reason}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration ({path}): {exc}") from exc


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - only when validating

    try:
        return tomllib.loads(data.decode("utf-8"))
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(f"cannot read configuration ({path}): nested too deeply") from None
    # ValueError: an integer past Python's digit limit (tomllib lets it through as it is).
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration ({path}): {exc}") from exc


def _pyproject_table(doc: dict[str, Any]) -> dict[str, Any]:
    table: Any = doc.get("tool", {})
    table = table.get("secretguard", {}) if isinstance(table, dict) else None
    if not isinstance(table, dict):
        raise ConfigError("invalid configuration (pyproject.toml): [tool.secretguard] is not a table")
    return table


def known_env_names() -> frozenset[str]:
    """Every SECRETGUARD_* name secretguard reads (upper case, as pydantic-settings ignores case)."""
    from secretguard.settings_model import AllowlistSettings, Settings  # noqa: PLC0415

    names = {name.upper() for name in Settings.model_fields}
    names |= {f"ALLOWLIST__{name.upper()}" for name in AllowlistSettings.model_fields}
    return frozenset(ENV_PREFIX + name for name in names | OTHER_ENV_NAMES)


def check_env_names(environ: Mapping[str, str] | None = None) -> None:
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


def canonical(values: Mapping[str, Any]) -> str:
    """Settings values (JSON types) as one canonical string: what caches built from settings are keyed by."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def settings_canonical(settings: Settings) -> str:
    """The canonical form of validated settings; equal to the snapshot's for the same inputs."""
    return canonical(settings.model_dump(mode="json"))


class SettingsSnapshot:
    """Validated settings read back from the cache, without pydantic: each setting is an attribute holding
    what `Settings.model_dump(mode="json")` gave (paths as strings, the allowlist as a dict)."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def canonical(self) -> str:
        return canonical(self.values)

    def typed(self) -> SnapshotSettings | None:
        """The snapshot with the model's types back (paths as Path), for the engine and the runner; None
        when it does not hold exactly the model's settings (then the caller validates)."""
        return SnapshotSettings.from_values(self.values)


@dataclass(frozen=True, slots=True)
class SnapshotAllowlist:
    """`AllowlistSettings`, as read back from a snapshot."""

    paths: list[str]
    regexes: list[str]
    stopwords: list[str]


# Settings the model types as paths: JSON holds them as strings.
_PATH_FIELDS = frozenset({"rules", "gitleaks_config", "baseline"})


@dataclass(frozen=True, slots=True)
class SnapshotSettings:
    """Validated settings read back from a snapshot, with the attributes and types of `Settings` (a test
    keeps the two in step), so the runner and the engine take them as they take the model; `canonical` is
    their canonical form, as `settings_canonical` gives it for the model."""

    rules: list[Path]
    gitleaks_config: Path | None
    builtin_rules: bool
    disable_rules: list[str]
    allowlist: SnapshotAllowlist
    baseline: Path | None
    max_file_size: int
    all_files: bool
    archives: bool
    archive_depth: int
    decode_depth: int
    workers: int
    min_confidence: str
    include_client_safe: bool
    canonical: str

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> SnapshotSettings | None:
        names = {f for f in cls.__dataclass_fields__ if f != "canonical"}
        allowlist = values.get("allowlist")
        if set(values) != names or not isinstance(allowlist, dict):
            return None
        if set(allowlist) != set(SnapshotAllowlist.__dataclass_fields__):
            return None
        typed: dict[str, Any] = dict(values)
        typed["allowlist"] = SnapshotAllowlist(**{k: list(v) for k, v in allowlist.items()})
        for name in _PATH_FIELDS:
            value = values[name]
            typed[name] = [Path(p) for p in value] if isinstance(value, list) else _path(value)
        return cls(**typed, canonical=canonical(values))


def _path(value: object) -> Path | None:
    return None if value is None else Path(str(value))


@dataclass(frozen=True, slots=True)
class _Inputs:
    """Everything the loader reads, read once: the key of the snapshot is made from exactly this."""

    folder: Path
    toml_file: Path
    toml_data: bytes | None
    pyproject_data: bytes | None
    env: tuple[tuple[str, str], ...]
    overrides: dict[str, Any]

    @classmethod
    def read(
        cls,
        config_file: Path | None,
        root: Path | None,
        rule_files: Sequence[Path],
        overrides: dict[str, Any],
    ) -> _Inputs:
        folder = root or Path()
        if config_file is not None and root is not None and not config_file.is_absolute():
            config_file = root / config_file
        if config_file is not None and not os.path.lexists(config_file):
            raise ConfigError(f"config file {config_file} does not exist")
        toml_file = config_file or folder / CONFIG_FILE
        toml_data = _read_bytes(toml_file)
        pyproject_data = _read_bytes(folder / "pyproject.toml")
        env = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(ENV_PREFIX)))
        given = {k: v for k, v in overrides.items() if v is not None}
        if rule_files:
            given["extra_rules"] = [str(p) for p in rule_files]
        return cls(folder, toml_file, toml_data, pyproject_data, env, given)

    def key(self) -> str:
        digest = hashlib.sha256(f"settings-v{SNAPSHOT_VERSION} {__version__}\0".encode())
        try:
            digest.update(_MODEL_SOURCE.read_bytes())  # an edited model (a new default) is a new key
        except OSError:
            digest.update(b"no model source")
        parts: list[object] = [
            str(self.folder.resolve()),
            str(self.toml_file),
            self.toml_data,
            self.pyproject_data,
            self.env,
            sorted((k, repr(v)) for k, v in self.overrides.items()),
        ]
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogateescape")
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()[:32]

    def validate(self) -> Settings:
        from pydantic import ValidationError  # noqa: PLC0415

        from secretguard.settings_model import Settings  # noqa: PLC0415

        sources = [f"${k}" for k, v in self.env if v]
        layers = []
        if self.toml_data is not None:
            sources.append(str(self.toml_file))
            layers.append(_parse_toml(self.toml_file, self.toml_data))
        if self.pyproject_data is not None:
            sources.append("pyproject.toml [tool.secretguard]")
            pyproject = _parse_toml(self.folder / "pyproject.toml", self.pyproject_data)
            layers.append(_pyproject_table(pyproject))
        where = ", ".join(sources) or "defaults"

        class _Bound(Settings):
            file_layers = tuple(layers)

        overrides = dict(self.overrides)
        extra_rules = overrides.pop("extra_rules", [])
        try:
            settings = _Bound(**overrides)
        except ValidationError as exc:
            raise ConfigError(
                _describe(exc, where), hint="see the Configuration section of the README"
            ) from exc
        except RecursionError:  # a deeply nested JSON value in a SECRETGUARD_* variable
            raise ConfigError(f"cannot read configuration ({where}): nested too deeply") from None
        except (ValueError, OSError) as exc:  # e.g. a SECRETGUARD_* variable that is not valid JSON
            raise ConfigError(f"cannot read configuration ({where}): {exc}") from exc
        if extra_rules:
            settings.rules = [*settings.rules, *(Path(p) for p in extra_rules)]
        return settings


def load_settings(
    config_file: Path | None = None,
    *,
    root: Path | None = None,
    rule_files: Sequence[Path] = (),
    **overrides: Any,
) -> Settings:
    """Read the configuration. `config_file` replaces `.secretguard.toml`; `rule_files` (--rules) come after
    the configured rules; overrides come from the CLI (None: not given). `root` is where the files are read
    (default: the working folder; the CI gate passes a copy of the range's base)."""
    check_env_names()
    inputs = _Inputs.read(config_file, root, rule_files, overrides)
    settings = inputs.validate()
    _store_snapshot(inputs.key(), settings)
    return settings


def load_settings_snapshot(
    config_file: Path | None = None,
    *,
    root: Path | None = None,
    rule_files: Sequence[Path] = (),
    **overrides: Any,
) -> SettingsSnapshot | None:
    """What `load_settings` with the same arguments returned last, if these exact inputs (environment, files,
    arguments) were validated before; None otherwise, or when anything cannot be read (the caller then
    calls `load_settings`, which reports the problem)."""
    try:
        inputs = _Inputs.read(config_file, root, rule_files, overrides)
        data = (cache_dir() / f"settings-{inputs.key()}.json").read_bytes()
        values = json.loads(data)
    except (ConfigError, OSError, ValueError):
        return None
    return SettingsSnapshot(values) if isinstance(values, dict) else None


def _store_snapshot(key: str, settings: Settings) -> None:
    target = cache_dir() / f"settings-{key}.json"
    if target.exists():
        return
    write_atomic(target, settings_canonical(settings).encode(), keep=("settings-*.json", KEEP_SNAPSHOTS))
