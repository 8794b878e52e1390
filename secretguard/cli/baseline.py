"""`secretguard baseline create|update`: accept the current findings, storing only their fingerprints."""

from __future__ import annotations

import os
from pathlib import Path

import click

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.suppress import BASELINE_NAME, Suppressions
from secretguard.settings import load_settings

DEFAULT_BASELINE = Path(BASELINE_NAME)


@click.group()
def baseline() -> None:
    """Accept existing findings so that scans report only new ones.

    The baseline holds fingerprints (rule id and a salted hash of the secret) and file names, never secrets.
    `.secretguard-baseline.json` in the working folder is used by every scan, the hook and `secretguard ci`.
    An entry may carry a "comment" saying why it was accepted; `update` keeps it.
    """


def _scan(paths: tuple[str, ...], config_file: Path | None, history: bool) -> ScanResult:
    # Every finding, whatever its confidence: a later `--min-confidence low` run must not see them as new.
    settings = load_settings(config_file, min_confidence="low")
    if not history:
        from secretguard.scan.runner import scan_paths  # noqa: PLC0415

        result, _ = scan_paths(paths or (".",), settings)
        return result
    if len(paths) > 1:
        raise click.UsageError("--git takes one repository")
    from secretguard.cli.scan_git import HistoryRequest, exclude_regex, scan_repo_history  # noqa: PLC0415
    from secretguard.scan.runner import build_engine  # noqa: PLC0415

    result = ScanResult()
    engine, excluded = build_engine(settings, result)
    scan_repo_history(
        paths[0] if paths else ".", engine, exclude_regex(excluded), settings, HistoryRequest(), result
    )
    return result


def _accepted(findings: list[Finding]) -> list[Finding]:
    """What a baseline accepts: every finding but those in our own baseline and ignore files."""
    own = Suppressions()
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
    default=DEFAULT_BASELINE,
    show_default=True,
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@_GIT
def create(paths: tuple[str, ...], output: Path, config_file: Path | None, history: bool) -> int:
    """Scan PATHS (default: .), or with --git the history of the repository PATH, and accept every finding."""
    result = _scan(paths, config_file, history)
    data = Baseline.from_findings(_accepted(result.findings))
    _write(output, data)
    click.echo(f"baseline {output}: {len(data.entries)} finding(s) accepted", err=True)
    return 3 if result.partial else 0


@baseline.command("update")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@_GIT
def update(paths: tuple[str, ...], baseline_file: Path, config_file: Path | None, history: bool) -> int:
    """Re-scan: add new findings to the baseline and drop entries that are gone (comments are kept)."""
    # The default baseline may not exist yet: the first accepted finding creates it.
    missing = baseline_file == DEFAULT_BASELINE and not os.path.lexists(baseline_file)
    old = Baseline() if missing else Baseline.load(baseline_file)
    result = _scan(paths, config_file, history)
    new = Baseline.from_findings(_accepted(result.findings), previous=old)
    old_keys = {(e.fingerprint, e.file) for e in old.entries}
    new_keys = {(e.fingerprint, e.file) for e in new.entries}
    _write(baseline_file, new)
    click.echo(
        f"baseline {baseline_file}: {len(new_keys - old_keys)} added, {len(old_keys - new_keys)} removed, "
        f"{len(new_keys & old_keys)} kept",
        err=True,
    )
    return 3 if result.partial else 0
