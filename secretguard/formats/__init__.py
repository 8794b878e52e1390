"""Every document the tool writes is rendered in this package.

Scan reports (the `--format` of the scan commands): each takes a Report and returns text; none of them knows
where findings came from. They are registered here by name; the CLI's --format choices are FORMAT_NAMES.

The other documents each have their module: plan.py (rotation plans), handover.py (`inventory report`),
inventory.py (`inventory discover` and `check` listings), exports.py (`inventory export`), rotation.py
(`rotate`). HTML, Markdown and generated files are Jinja2 templates (templates/, see templating.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from secretguard.formats.report import Report

Formatter = Callable[[Report, bool], str]


# Each format's module and function, imported when that format is rendered: the pre-commit hook renders
# text only and should not pay for the others (SARIF alone pulls in the git source's modules).
_FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "render"),
    "json": ("json_format", "render"),
    "jsonl": ("json_format", "render_lines"),
    "json-report": ("json_report", "render"),
    "sarif": ("sarif", "render"),
    "csv": ("csv_format", "render"),
}

FORMAT_NAMES = ("text", "json", "jsonl", "json-report", "sarif", "csv")


def formatter(name: str) -> Formatter:
    """The renderer of one format (KeyError: no such format)."""
    module, function = _FORMATS[name]
    found: Formatter = getattr(importlib.import_module(f"secretguard.formats.{module}"), function)
    return found


def render(name: str, report: Report, *, show_secrets: bool = False) -> str:
    return formatter(name)(report, show_secrets)
