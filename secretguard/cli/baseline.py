"""`secretguard baseline create|update`: accept the current findings, storing only their fingerprints."""

from __future__ import annotations

import os
from pathlib import Path

import click

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.suppress import BASELINE_NAME, Suppressions, own_path
from secretguard.settings import Settings, load_settings

DEFAULT_BASELINE = Path(BASELINE_NAME)


@click.group()
def baseline() -> None:
    """Accept existing findings so that scans report only new ones.

    The baseline holds fingerprints (rule id and a salted hash of the secret) and file names, never secrets.
    `.secretguard-baseline.json` in the working folder is used by every scan, the hook and `secretguard ci`.
    An entry may carry a "comment" saying why it was accepted; `update` keeps it. When the configuration
    names a `baseline`, that file is the one every scan reads, so it is the one written by default.
    """


def _settings(config_file: Path | None) -> Settings:
    # Every finding, whatever its confidence: a later `--min-confidence low` run must not see them as new.
    return load_settings(config_file, min_confidence="low")


def _target(given: Path | None, settings: Settings) -> Path:
    """The baseline to write: the one named on the command line, else the one scans read (`baseline` in
    the configuration or SECRETGUARD_BASELINE), else the default."""
    return given or settings.baseline or DEFAULT_BASELINE


def _scan(paths: tuple[str, ...], settings: Settings, history: bool) -> ScanResult:
    if not history:
        from secretguard.cli.scan import scan_paths  # noqa: PLC0415

        result, _ = scan_paths(paths or (".",), settings)
        return result
    if len(paths) > 1:
        raise click.UsageError("--git takes one repository")
    from secretguard.cli.scan_runs import HistoryRequest, exclude_regex, scan_repo_history  # noqa: PLC0415
    from secretguard.scan.runner import build_engine  # noqa: PLC0415

    result = ScanResult()
    engine, excluded = build_engine(settings, result)
    scan_repo_history(
        paths[0] if paths else ".", engine, exclude_regex(excluded), settings, HistoryRequest(), result
    )
    return result


def _accepted(findings: list[Finding], target: Path) -> list[Finding]:
    """What a baseline accepts: every finding but those in our own baseline and ignore files, and in the
    baseline being written (whatever its name: its fingerprints must not be accepted into itself)."""
    own = Suppressions(baseline_path=own_path(target))
    return [f for f in findings if not own.own_file(f)]


def _write(path: Path, data: Baseline) -> None:
    try:
        path.write_text(data.to_json(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write baseline {path}: {exc.strerror}") from exc


_GIT = click.option(
    "--git",
    "history",
    is_flag=True,
    help="accept the findings of the repository's whole history (every ref), as `scan git` reports them",
)


@baseline.command("create")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"default: `baseline` of the configuration, else {BASELINE_NAME}",
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@_GIT
def create(paths: tuple[str, ...], output: Path | None, config_file: Path | None, history: bool) -> int:
    """Scan PATHS (default: .), or with --git the history of the repository PATH, and accept every finding."""
    settings = _settings(config_file)
    output = _target(output, settings)
    result = _scan(paths, settings, history)
    data = Baseline.from_findings(_accepted(result.findings, output))
    _write(output, data)
    click.echo(f"baseline {output}: {len(data.entries)} finding(s) accepted", err=True)
    return 3 if result.partial else 0


@baseline.command("update")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"default: `baseline` of the configuration, else {BASELINE_NAME}",
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@_GIT
def update(
    paths: tuple[str, ...], baseline_file: Path | None, config_file: Path | None, history: bool
) -> int:
    """Re-scan: add new findings to the baseline and drop entries that are gone (comments are kept)."""
    settings = _settings(config_file)
    # The default or configured baseline may not exist yet: this first update creates it. Another one named
    # with --baseline must exist (a typo must not start an empty baseline).
    missing = baseline_file in (None, DEFAULT_BASELINE)
    baseline_file = _target(baseline_file, settings)
    missing = missing and not os.path.lexists(baseline_file)
    old = Baseline() if missing else Baseline.load(baseline_file)
    result = _scan(paths, settings, history)
    new = Baseline.from_findings(_accepted(result.findings, baseline_file), previous=old)
    old_keys = {(e.fingerprint, e.file) for e in old.entries}
    new_keys = {(e.fingerprint, e.file) for e in new.entries}
    _write(baseline_file, new)
    click.echo(
        f"baseline {baseline_file}: {len(new_keys - old_keys)} added, {len(old_keys - new_keys)} removed, "
        f"{len(new_keys & old_keys)} kept",
        err=True,
    )
    return 3 if result.partial else 0
