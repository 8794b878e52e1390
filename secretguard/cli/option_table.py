"""The scan commands' options, defined once: click builds its options from these tables (cli/options.py),
and the fast path reads the same tables with a small click-free parser (cli/argv.py).

Also what turns the options into settings (one call of the settings loader for both paths) and into the
`ScanOptions` value the commands and `finish` take. Imports no click and no pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from secretguard.formats import FORMAT_NAMES
from secretguard.settings import SettingsSnapshot, load_settings, load_settings_snapshot

if TYPE_CHECKING:
    from secretguard.settings import Settings

CONFIDENCE_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class Option:
    """One command-line option. `kind`: a flag, a value, or a value that may be repeated (a tuple).
    `value`: how the text is read: as it is, a path, an integer (at least `minimum`), or one of `choices`."""

    names: tuple[str, ...]
    dest: str
    help: str
    kind: Literal["flag", "value", "multiple"] = "value"
    value: Literal["text", "path", "int", "choice"] = "text"
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    default: Any = None
    show_default: bool = False
    metavar: str | None = None


COMMON_SCAN_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--format", "-f"),
        "fmt",
        "report format",
        value="choice",
        choices=tuple(FORMAT_NAMES),
        default="text",
        show_default=True,
    ),
    Option(("--output", "-o"), "output", "write the report here (default: standard output)", value="path"),
    Option(
        ("--show-secrets",),
        "show_secrets",
        "print secret values in full (redacted by default)",
        "flag",
        default=False,
    ),
    Option(("--baseline",), "baseline_file", "report only findings not in this baseline", value="path"),
    Option(
        ("--config",),
        "config_file",
        "configuration file (default: .secretguard.toml, then pyproject.toml)",
        value="path",
    ),
    Option(
        ("--rules",),
        "rule_files",
        "extra rule file in secretguard YAML (repeatable)",
        "multiple",
        value="path",
        default=(),
    ),
    Option(
        ("--gitleaks-config",),
        "gitleaks_config",
        "import rules and allowlists from a gitleaks TOML config",
        value="path",
    ),
    Option(("--workers",), "workers", "threads (0: one per core)", value="int", minimum=0),
    Option(("--exit-zero",), "exit_zero", "exit 0 even when there are findings", "flag", default=False),
    Option(
        ("--min-confidence",),
        "min_confidence",
        "report and fail on findings of this confidence and above "
        "(default: medium, or min_confidence in the configuration; low shows everything)",
        value="choice",
        choices=CONFIDENCE_LEVELS,
    ),
    Option(
        ("--include-client-safe",),
        "include_client_safe",
        "also report publishable keys (Stripe pk_, Firebase web keys) that are public by design",
        "flag",
    ),
)

SCAN_FILES_OPTIONS: tuple[Option, ...] = (
    Option(("--all-files",), "all_files", "in a git work tree, scan ignored files too", "flag"),
    Option(("--max-size",), "max_size", "skip files larger than this (bytes)", value="int", minimum=1),
    Option(("--no-archives",), "no_archives", "do not open .zip/.tar archives", "flag", default=False),
)

SCAN_GIT_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--branch",),
        "branch",
        "scan only the history of this branch (or any commit-ish); default: every ref",
    ),
    Option(
        ("--since-commit",), "since_commit", "scan only commits after REF (not REF itself)", metavar="REF"
    ),
    Option(
        ("--range",),
        "range_spec",
        "scan only this revision range (rev-list syntax: A..B, or NEW --not --remotes)",
        metavar="A..B",
    ),
    Option(
        ("--incremental",),
        "incremental",
        "scan only commits not scanned by the last incremental scan (state in .git/secretguard/)",
        "flag",
        default=False,
    ),
    Option(
        ("--staged",), "staged", "scan the staged changes only (the pre-commit hook)", "flag", default=False
    ),
    Option(("--no-messages",), "no_messages", "do not scan commit messages", "flag", default=False),
    Option(
        ("--trust-head-config",),
        "trust_head_config",
        "with --range A..B: read configuration, rules, baseline and ignore files from the working tree "
        "(default: from A, so the range checked cannot turn the check off)",
        "flag",
        default=False,
    ),
    Option(
        ("--max-size",),
        "max_size",
        "scan at most this many bytes of one file's added lines per commit",
        value="int",
        minimum=1,
    ),
)

# Each command's own options, then the shared ones: what `secretguard scan <name>` accepts.
COMMAND_OPTIONS: Mapping[tuple[str, ...], tuple[Option, ...]] = {
    ("scan", "files"): SCAN_FILES_OPTIONS + COMMON_SCAN_OPTIONS,
    ("scan", "git"): SCAN_GIT_OPTIONS + COMMON_SCAN_OPTIONS,
}


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """The options every scan command takes, handed to the command as one value (`common`)."""

    fmt: str
    output: Path | None
    show_secrets: bool
    baseline_file: Path | None
    config_file: Path | None
    rule_files: tuple[Path, ...]
    gitleaks_config: Path | None
    workers: int | None
    exit_zero: bool
    include_client_safe: bool | None
    min_confidence: str | None


COMMON_NAMES = tuple(f.name for f in fields(ScanOptions))


def scan_options(values: dict[str, Any]) -> ScanOptions:
    """Take the shared options out of a command's parsed values (click's keyword arguments, or argv's)."""
    return ScanOptions(**{name: values.pop(name) for name in COMMON_NAMES})


def cli_overrides(common: ScanOptions) -> dict[str, Any]:
    """The settings the command line sets (None: not given)."""
    return {
        "gitleaks_config": common.gitleaks_config,
        "include_client_safe": common.include_client_safe,
        "workers": common.workers,
        "min_confidence": common.min_confidence,
    }


def settings_from(common: ScanOptions, **overrides: Any) -> Settings:
    """The settings (files, environment) with the command line on top."""
    return load_settings(
        common.config_file, rule_files=common.rule_files, **cli_overrides(common), **overrides
    )


def snapshot_from(common: ScanOptions, **overrides: Any) -> SettingsSnapshot | None:
    """What `settings_from` with the same arguments would return, from the loader's snapshot (no pydantic),
    or None when these inputs have not been validated before."""
    return load_settings_snapshot(
        common.config_file, rule_files=common.rule_files, **cli_overrides(common), **overrides
    )


def option_names(options: Sequence[Option]) -> dict[str, Option]:
    """Every spelling of every option (`--format`, `-f`), to its definition."""
    return {name: option for option in options for name in option.names}
