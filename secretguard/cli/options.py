"""Options shared by every scan command, and turning a finished scan into output and an exit code."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import click

from secretguard.errors import ExitCode, InputError
from secretguard.formats import FORMAT_NAMES, render
from secretguard.formats.report import Report, below_confidence_note
from secretguard.outfile import write_text
from secretguard.scan.finding import ScanResult
from secretguard.scan.gate import GateOutcome, apply_gate
from secretguard.scan.pathtext import printable_path
from secretguard.scan.suppress import Suppressions, locate
from secretguard.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


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


_COMMON = tuple(f.name for f in fields(ScanOptions))


def common_scan_options(func: F) -> F:
    """Add the shared options to a scan command; it receives them as `common: ScanOptions`."""

    @functools.wraps(func)
    def gather(**kwargs: Any) -> Any:
        common = ScanOptions(**{name: kwargs.pop(name) for name in _COMMON})
        return func(common=common, **kwargs)

    options = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMAT_NAMES),
            default="text",
            show_default=True,
            help="report format",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help="write the report here (default: standard output)",
        ),
        click.option(
            "--show-secrets", is_flag=True, help="print secret values in full (redacted by default)"
        ),
        click.option(
            "--baseline",
            "baseline_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="report only findings not in this baseline",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="configuration file (default: .secretguard.toml, then pyproject.toml)",
        ),
        click.option(
            "--rules",
            "rule_files",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="extra rule file in secretguard YAML (repeatable)",
        ),
        click.option(
            "--gitleaks-config",
            type=click.Path(dir_okay=False, path_type=Path),
            help="import rules and allowlists from a gitleaks TOML config",
        ),
        click.option("--workers", type=click.IntRange(min=0), default=None, help="threads (0: one per core)"),
        click.option("--exit-zero", is_flag=True, help="exit 0 even when there are findings"),
        click.option(
            "--min-confidence",
            type=click.Choice(["low", "medium", "high"]),
            default=None,
            help="report and fail on findings of this confidence and above "
            "(default: medium, or min_confidence in the configuration; low shows everything)",
        ),
        click.option(
            "--include-client-safe",
            is_flag=True,
            default=None,
            help="also report publishable keys (Stripe pk_, Firebase web keys) that are public by design",
        ),
    ]
    command: Any = gather
    for option in reversed(options):
        command = option(command)
    return command  # type: ignore[no-any-return]


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
    settings = load_settings(common.config_file, **cli_overrides(common), **overrides)
    if common.rule_files:
        settings.rules = [*settings.rules, *common.rule_files]
    return settings


def finish(
    result: ScanResult,
    settings: Settings,
    rules: Any,
    common: ScanOptions,
    *,
    command: str,
    log_findings: bool = False,
    suppressions: Suppressions | None = None,
    review: Callable[[GateOutcome], object] | None = None,
    on_report: Callable[[Report], None] | None = None,
) -> int:
    """Gate, render and write the report; the exit code. `log_findings` prints the redacted findings on
    stderr even when the report goes elsewhere (a CI job log is not a terminal, yet must show them).
    `suppressions` replaces the working folder's (the CI gate reads them from the range's base); `review`
    sees the gate's outcome before anything is written (the CI gate labels findings there)."""
    fmt, output, show_secrets = common.fmt, common.output, common.show_secrets
    gate = apply_gate(
        result.findings,
        min_confidence=settings.min_confidence,
        suppressions=suppressions or locate(common.baseline_file or settings.baseline),
    )
    if review is not None:
        review(gate)
    findings = gate.findings
    if gate.below_confidence:
        result.stats["below_confidence"] = gate.below_confidence
    report = Report(
        findings=findings,
        skipped=result.skipped,
        stats=result.stats,
        rules=rules,
        command=command,
        partial=result.partial,
        suppressed=gate.suppressed,
        min_confidence=settings.min_confidence,
        extra={"allowed_inline": gate.allowed_inline} if gate.allowed_inline else {},
    )
    text = render(fmt, report, show_secrets=show_secrets)
    if output is not None:
        try:
            write_text(output, text, private=show_secrets)
        except OSError as exc:
            raise InputError(f"cannot write report to {output}: {exc.strerror}") from exc
        if fmt != "text":
            full = log_findings or sys.stderr.isatty()
            click.echo(
                render("text", report, show_secrets=False) if full else _summary(report), err=True, nl=False
            )
    else:
        click.echo(text, nl=False)
        if fmt != "text":
            shown = render("text", report, show_secrets=False) if log_findings else _summary(report)
            click.echo(shown, err=True, nl=False)
    if on_report is not None:
        on_report(report)
    if result.partial:
        return int(ExitCode.INCOMPLETE)
    if findings and not common.exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


def _summary(report: Report) -> str:
    line = f"secretguard: {len(report.findings)} finding(s), {report.stats.get('files', 0)} file(s) scanned"
    if report.suppressed:
        line += f", {report.suppressed} suppressed by the baseline or ignore files"
    line += below_confidence_note(report)
    if report.partial:
        line += f"; PARTIAL: {len(report.skipped)} item(s) skipped:"
        for item in report.skipped[:20]:
            line += f"\n  skipped {printable_path(item.path)}: {printable_path(item.reason)}"
    return line + "\n"
