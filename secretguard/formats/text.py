"""The terminal report: grouped by file, secrets redacted, a summary of what was skipped.

Plain text, no terminal library: this is what the pre-commit hook prints on every blocked commit, and
importing a rendering library would cost more than the scan of a small change.
"""

from __future__ import annotations

from secretguard.formats.printable import printable as _clean
from secretguard.formats.report import Report, below_confidence_note
from secretguard.scan.pathtext import printable_path


def render(report: Report, show_secrets: bool) -> str:
    lines: list[str] = []
    current = None
    for finding in report.findings:
        if finding.file != current:
            current = finding.file
            lines += ["", _clean(printable_path(finding.file))]
        data = finding.to_dict(show_secrets=show_secrets)
        where = f"{finding.line}:{finding.column}"
        extra = "".join(
            f" {key}={_clean(data[key])[:40]}"
            for key in ("commit", "tag", "job", "step", "original_file")
            if data.get(key)
        )
        lines.append(
            f"  {where:>9}  {finding.severity:<8} {_clean(finding.rule_id)} ({finding.confidence})  "
            f"{_clean(data['secret'])}{extra}"
        )
        if finding.excerpt:
            lines.append(f"             {_clean(finding.excerpt[:160])}")
        places = data.get("places")
        if isinstance(places, list) and places:
            lines.append(f"             {_places_line(places)}")
    files = report.stats.get("files", 0)
    summary = f"{len(report.findings)} finding(s) in {files} file(s) scanned"
    if report.stats.get("binary_skipped"):
        summary += f", {report.stats['binary_skipped']} binary file(s) skipped"
    if report.suppressed:
        summary += f", {report.suppressed} suppressed by the baseline or ignore files"
    summary += below_confidence_note(report)
    lines += ["", summary]
    if report.skipped:
        lines.append(f"PARTIAL: {len(report.skipped)} item(s) could not be scanned:")
        lines += [
            f"  skipped {_clean(printable_path(item.path))}: {_clean(item.reason)}"
            for item in report.skipped[:50]
        ]
        if len(report.skipped) > 50:
            lines.append(f"  ... and {len(report.skipped) - 50} more")
    if report.findings and not report.partial:
        lines += next_steps(report)
    return "\n".join(lines) + "\n"


def next_steps(report: Report) -> list[str]:
    """What to do about a blocked commit or a failed gate: the three ways out, with exact commands."""
    first = report.findings[0].fingerprint
    if report.command == "scan git --staged":
        gone = "remove it from the staged change (and rotate it if it was ever pushed or shared)"
        accept = "secretguard baseline update   (then commit .secretguard-baseline.json)"
    elif report.command == "ci":
        gone = (
            "rotate it (it is in the history), then remove it and purge the history: "
            "`secretguard plan REPORT.json` writes the steps"
        )
        accept = (
            "accept it in a change of its own to the default branch (`secretguard baseline update --git .`, "
            "commit .secretguard-baseline.json): the gate reads suppressions from the base, not from the "
            "change it checks"
        )
    elif report.command.startswith("scan git"):
        gone = (
            "rotate it (it is in the history), then remove it and purge the history: "
            "`secretguard plan REPORT.json` writes the steps"
        )
        accept = "secretguard baseline update --git .   (then commit .secretguard-baseline.json)"
    else:
        gone = "remove it (and rotate it if it was ever committed, pushed or shared)"
        accept = "secretguard baseline update   (then commit .secretguard-baseline.json)"
    return [
        "",
        "What to do with each finding:",
        f"  - a real secret: {gone}",
        "  - not a secret: add `secretguard:allow` in a comment on its line",
        f"  - accepted on purpose: {accept},",
        f"    or add its fingerprint with a reason to .secretguardignore, e.g. `{first}  # test key`",
    ]


def _places_line(places: list[dict[str, str]]) -> str:
    """`scan repos`: where the credential was committed, by repository (the first few named)."""
    repos = list(dict.fromkeys(str(p.get("repository", "")) for p in places))
    named = ", ".join(_clean(printable_path(r)) for r in repos[:3])
    more = f" and {len(repos) - 3} more" if len(repos) > 3 else ""
    noun = "repository" if len(repos) == 1 else "repositories"
    return f"in {len(repos)} {noun} ({len(places)} place(s)): {named}{more}"
