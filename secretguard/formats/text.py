"""The terminal report: grouped by file, secrets redacted, a summary of what was skipped."""

from __future__ import annotations

import io

from secretguard.formats.report import Report

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def render(report: Report, show_secrets: bool) -> str:
    from rich.console import Console  # noqa: PLC0415 - rich is only needed when printing for people
    from rich.markup import escape  # noqa: PLC0415

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=120, highlight=False, soft_wrap=True)
    current = None
    for finding in report.findings:
        if finding.file != current:
            current = finding.file
            console.print(f"\n[bold]{escape(finding.file)}[/bold]")
        data = finding.to_dict(show_secrets=show_secrets)
        where = f"{finding.line}:{finding.column}"
        extra = ""
        for key in ("commit", "job", "step", "original_file"):
            if data.get(key):
                extra += f" {key}={escape(str(data[key]))[:40]}"
        console.print(
            f"  {where:>9}  [{_STYLE.get(finding.severity, '')}]{finding.severity:<8}[/]"
            f" {escape(finding.rule_id)}  {escape(str(data['secret']))}{extra}"
        )
        if finding.excerpt:
            console.print(f"             [dim]{escape(finding.excerpt[:160])}[/dim]")
    files = report.stats.get("files", 0)
    summary = f"\n{len(report.findings)} finding(s) in {files} file(s) scanned"
    if report.stats.get("binary_skipped"):
        summary += f", {report.stats['binary_skipped']} binary file(s) skipped"
    if report.suppressed:
        summary += f", {report.suppressed} suppressed by the baseline"
    console.print(summary)
    if report.skipped:
        console.print(f"[yellow]PARTIAL: {len(report.skipped)} item(s) could not be scanned:[/yellow]")
        for item in report.skipped[:50]:
            console.print(f"  [yellow]skipped[/yellow] {escape(item.path)}: {escape(item.reason)}")
        if len(report.skipped) > 50:
            console.print(f"  ... and {len(report.skipped) - 50} more")
    return buffer.getvalue()
