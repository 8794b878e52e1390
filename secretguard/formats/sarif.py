"""SARIF 2.1.0: one run, the rules that fired as reportingDescriptors, one result per finding."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from secretguard import __version__
from secretguard.formats.printable import json_text
from secretguard.formats.report import Report
from secretguard.scan.finding import Finding
from secretguard.scan.pathtext import path_bytes, printable_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
_SCORE = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def _uri(path: str) -> str:
    # SARIF wants a URI reference; keep relative paths relative so code scanning maps them to the repo.
    # removeprefix, not lstrip("./"): lstrip would turn "./.env" into "env" and "./../x" into "x".
    # Percent-encode what a URI reference cannot hold (spaces, #, %, non-ASCII).
    # The bytes of the name on disk, so a name that is not UTF-8 (`caf%E9.txt`) still names its file.
    return quote(path_bytes(path.replace("\\", "/").split("!", 1)[0].removeprefix("./")), safe="/:@-._~")


def _result(finding: Finding, rule_index: int, show_secrets: bool) -> dict[str, Any]:
    data = finding.to_dict(show_secrets=show_secrets)
    region: dict[str, Any] = {
        "startLine": max(1, finding.line),
        "startColumn": max(1, finding.column),
        "endLine": max(finding.line, finding.end_line),
        "endColumn": max(1, finding.end_column),
    }
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": f"{finding.title} ({data['secret']})"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(finding.file)}, "region": region}}
        ],
        # The identity GitHub code scanning uses to follow an alert across commits.
        "partialFingerprints": {"secretguard/v1": finding.fingerprint},
        "properties": {
            k: v
            for k, v in data.items()
            if k not in {"rule_id", "title", "file", "line", "column", "end_line", "end_column", "excerpt"}
        },
    }
    if "!" in finding.file:
        result["properties"]["archive_member"] = printable_path(finding.file.split("!", 1)[1])
    return result


def render(report: Report, show_secrets: bool) -> str:
    by_id = {rule.id: rule for rule in report.rules}
    fired = sorted({f.rule_id for f in report.findings})
    descriptors = []
    for rule_id in fired:
        rule = by_id.get(rule_id)
        severity = rule.severity if rule else "high"
        descriptors.append(
            {
                "id": rule_id,
                "name": "".join(part.capitalize() for part in rule_id.replace(".", "-").split("-")),
                "shortDescription": {"text": rule.title if rule else rule_id},
                "fullDescription": {
                    "text": (
                        f"{rule.title}. Provider: {rule.provider}; exposure: {rule.exposure}; "
                        f"rotation playbook: {rule.playbook}."
                    )
                    if rule
                    else rule_id
                },
                "defaultConfiguration": {"level": _LEVEL.get(severity, "warning")},
                "properties": {
                    "tags": ["security", "secret", rule.provider if rule else "custom"],
                    "security-severity": _SCORE.get(severity, "5.5"),
                    "precision": "high",
                },
            }
        )
    index = {rule_id: i for i, rule_id in enumerate(fired)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "secretguard",
                "version": __version__,
                "informationUri": "https://github.com/secretguard/secretguard",
                "rules": descriptors,
            }
        },
        "results": [_result(f, index[f.rule_id], show_secrets) for f in report.findings],
        "invocations": [
            {
                "executionSuccessful": not report.partial,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {"text": f"skipped {printable_path(s.path)}: {printable_path(s.reason)}"},
                    }
                    for s in report.skipped
                ],
            }
        ],
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
