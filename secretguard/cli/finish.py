"""Turning a finished scan into output and an exit code: the gate, the report, the summary on stderr.

One function for every scan command and for the fast path (cli/fast.py), so a clean answer reads the same
whichever path gave it. It writes to sys.stdout and sys.stderr itself: the fast path does without click.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from secretguard.errors import ExitCode, InputError
from secretguard.formats import render
from secretguard.formats.report import Report, below_confidence_note
from secretguard.outfile import write_text
from secretguard.scan.finding import ScanResult
from secretguard.scan.gate import GateOutcome, apply_gate
from secretguard.scan.pathtext import printable_path
from secretguard.scan.suppress import Suppressions, locate

if TYPE_CHECKING:
    from secretguard.cli.option_table import ScanOptions


class GateSettings(Protocol):
    """What finishing reads from the settings (validated ones, or the loader's snapshot of them)."""

    @property
    def min_confidence(self) -> str: ...

    @property
    def baseline(self) -> Path | str | None: ...


def echo(text: str, *, err: bool = False) -> None:
    """Write `text` as is and flush (what click.echo does with nl=False for plain text)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None or not text:
        return
    stream.write(text)
    stream.flush()


def finish(
    result: ScanResult,
    settings: GateSettings,
    rules: Sequence[Any],
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
            echo(render("text", report, show_secrets=False) if full else summary(report), err=True)
    else:
        echo(text)
        if fmt != "text":
            echo(render("text", report, show_secrets=False) if log_findings else summary(report), err=True)
    if on_report is not None:
        on_report(report)
    if result.partial:
        return int(ExitCode.INCOMPLETE)
    if findings and not common.exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


def summary(report: Report) -> str:
    """The one-line summary on stderr when the report itself is not text."""
    line = f"secretguard: {len(report.findings)} finding(s), {report.stats.get('files', 0)} file(s) scanned"
    if report.suppressed:
        line += f", {report.suppressed} suppressed by the baseline or ignore files"
    line += below_confidence_note(report)
    if report.partial:
        line += f"; PARTIAL: {len(report.skipped)} item(s) skipped:"
        for item in report.skipped[:20]:
            line += f"\n  skipped {printable_path(item.path)}: {printable_path(item.reason)}"
    return line + "\n"
