"""`--format json-report`: one JSON object that says whether the scan is complete, what it could not read
and what it found. `--format json` stays the bare list of findings (other tools read that shape).

The document is described by schemas/json-report-1.schema.json (shipped in the package as
secretguard/formats/schemas/json-report-1.schema.json). A change that a reader of version 1 would misread
(a field removed, renamed or retyped) makes a new schema file and a new `schema_version`; new optional fields
keep the version.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from secretguard import __version__
from secretguard.formats.printable import json_text
from secretguard.formats.report import Report
from secretguard.scan.pathtext import printable_path

SCHEMA_VERSION = 1
SCHEMA_FILE = f"json-report-{SCHEMA_VERSION}.schema.json"
SEVERITIES = ("critical", "high", "medium", "low")


def _summary(report: Report) -> dict[str, Any]:
    severities: Counter[str] = Counter(f.severity for f in report.findings)
    return {
        "findings": len(report.findings),
        "by_severity": {name: severities.get(name, 0) for name in SEVERITIES},
        "files_scanned": report.stats.get("files", 0),
        "skipped": len(report.skipped),
        "suppressed": report.suppressed,
        "below_confidence": report.stats.get("below_confidence", 0),
        "min_confidence": report.min_confidence,
        "counters": dict(sorted(report.stats.items())),
    }


def render(report: Report, show_secrets: bool) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "secretguard", "version": __version__},
        "command": report.command,
        "partial": report.partial,
        # Written as SARIF and the text report write them: a name that is not UTF-8, or holds control
        # characters, as backslash escapes.
        "skipped": [
            {"path": printable_path(item.path), "reason": printable_path(item.reason)}
            for item in report.skipped
        ],
        "findings": report.finding_dicts(show_secrets),
        "summary": _summary(report),
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
