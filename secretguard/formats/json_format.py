"""JSON (a list of findings, the shape the acceptance checks read) and JSON Lines."""

from __future__ import annotations

import json

from secretguard.formats.printable import json_text
from secretguard.formats.report import Report


def render(report: Report, show_secrets: bool) -> str:
    return json_text(json.dumps(report.finding_dicts(show_secrets), indent=2, ensure_ascii=False)) + "\n"


def render_lines(report: Report, show_secrets: bool) -> str:
    rows = report.finding_dicts(show_secrets)
    return "".join(json_text(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)
