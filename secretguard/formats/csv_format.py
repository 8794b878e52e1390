"""CSV, one row per finding, for spreadsheets."""

from __future__ import annotations

import csv
import io

from secretguard.formats.report import Report

COLUMNS = ("rule_id", "severity", "exposure", "file", "line", "column", "secret", "fingerprint", "title")


def render(report: Report, show_secrets: bool) -> str:
    buffer = io.StringIO()
    rows = report.finding_dicts(show_secrets)
    extra = sorted({k for row in rows for k in row} - set(COLUMNS) - {"excerpt", "decoded", "entropy"})
    writer = csv.DictWriter(buffer, fieldnames=[*COLUMNS, *extra], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: object) -> object:
    # Spreadsheets execute cells that start with these; a scanned file must not inject formulas.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
