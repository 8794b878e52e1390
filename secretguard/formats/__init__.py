"""Every document the tool writes is rendered in this package.

Scan reports (the `--format` of the scan commands): each takes a Report and returns text; none of them knows
where findings came from. They are registered here by name; the CLI's --format choices are FORMAT_NAMES.

The other documents each have their module: plan.py (rotation plans), handover.py (`inventory report`),
inventory.py (`inventory discover` and `check` listings), exports.py (`inventory export`), rotation.py
(`rotate`). HTML, Markdown and generated files are Jinja2 templates (templates/, see templating.py).
"""

from __future__ import annotations

from collections.abc import Callable

from secretguard.formats.report import Report

Formatter = Callable[[Report, bool], str]


def _registry() -> dict[str, Formatter]:
    # Imported on demand: the pre-commit path renders text only and should not pay for the rest.
    from secretguard.formats import csv_format, json_format, json_report, sarif, text  # noqa: PLC0415

    return {
        "text": text.render,
        "json": json_format.render,
        "jsonl": json_format.render_lines,
        "json-report": json_report.render,
        "sarif": sarif.render,
        "csv": csv_format.render,
    }


FORMAT_NAMES = ("text", "json", "jsonl", "json-report", "sarif", "csv")


def render(name: str, report: Report, *, show_secrets: bool = False) -> str:
    return _registry()[name](report, show_secrets)
