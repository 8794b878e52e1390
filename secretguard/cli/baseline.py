"""`secretguard baseline create|update`: accept the current findings, storing only their fingerprints."""

from __future__ import annotations

from pathlib import Path

import click

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import ScanResult
from secretguard.scan.runner import scan_paths
from secretguard.settings import load_settings

DEFAULT_BASELINE = Path(".secretguard-baseline.json")


@click.group()
def baseline() -> None:
    """Accept existing findings so that scans report only new ones."""


def _scan(paths: tuple[str, ...], config_file: Path | None) -> ScanResult:
    # Every finding, whatever its confidence: a later `--min-confidence low` run must not see them as new.
    result, _ = scan_paths(paths, load_settings(config_file, min_confidence="low"))
    return result


def _write(path: Path, data: Baseline) -> None:
    try:
        path.write_text(data.to_json(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write baseline {path}: {exc.strerror}") from exc


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
def create(paths: tuple[str, ...], output: Path, config_file: Path | None) -> int:
    """Scan PATHS (default: .) and record every finding as accepted."""
    result = _scan(paths or (".",), config_file)
    data = Baseline.from_findings(result.findings)
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
def update(paths: tuple[str, ...], baseline_file: Path, config_file: Path | None) -> int:
    """Re-scan: add new findings to the baseline and drop entries that are gone."""
    old = Baseline.load(baseline_file)
    result = _scan(paths or (".",), config_file)
    new = Baseline.from_findings(result.findings)
    old_keys = {(e.fingerprint, e.file) for e in old.entries}
    new_keys = {(e.fingerprint, e.file) for e in new.entries}
    _write(baseline_file, new)
    click.echo(
        f"baseline {baseline_file}: {len(new_keys - old_keys)} added, {len(old_keys - new_keys)} removed, "
        f"{len(new_keys & old_keys)} kept",
        err=True,
    )
    return 3 if result.partial else 0
