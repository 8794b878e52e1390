"""CSV, one row per finding, for spreadsheets."""

from __future__ import annotations

import csv
import io

from secretguard.formats.printable import printable
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    # Every other value can hold scanned text: no control characters (a terminal printing the file would
    # act on an ESC or OSC sequence from a file name), and no formula (spreadsheets execute cells that
    # start with these).
    text = printable(value)
    if str(value)[:1] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text
