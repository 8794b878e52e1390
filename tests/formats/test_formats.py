"""The JSON, JSON Lines, CSV and text renderers on hand-made reports."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable

import pytest

from secretguard.formats import FORMAT_NAMES, render
from secretguard.formats.csv_format import COLUMNS
from secretguard.formats.report import Report
from secretguard.scan.finding import Finding, Skipped
from tests.helpers import github_style_token


def _finding(file: str = "src/app.env", line: int = 3, **extra: object) -> Finding:
    secret = github_style_token(random.Random(f"{file}{line}"))
    finding = Finding(
        "github-pat",
        "GitHub token",
        "github",
        "high",
        "server-only",
        "github-token",
        file,
        line,
        7,
        line,
        7 + len(secret),
        secret,
        excerpt="GITHUB_TOKEN=ghp_…[redacted:0]",
    )
    finding.extra.update(extra)
    return finding


def test_json_is_a_list_of_finding_objects() -> None:
    findings = [_finding(), _finding("données/clé.env", 9)]
    rows = json.loads(render("json", Report(findings=findings)))
    assert [r["file"] for r in rows] == ["src/app.env", "données/clé.env"]
    assert "données" in render("json", Report(findings=findings))  # not \\u-escaped
    assert rows[0]["secret"].startswith("ghp_…[redacted:")
    assert (
        json.loads(render("json", Report(findings=findings), show_secrets=True))[0]["secret"]
        == findings[0].secret
    )
    assert json.loads(render("json", Report(findings=[]))) == []


def test_jsonl_is_one_object_per_line() -> None:
    findings = [_finding(line=n) for n in (1, 2, 3)]
    lines = render("jsonl", Report(findings=findings)).splitlines()
    assert [json.loads(line)["line"] for line in lines] == [1, 2, 3]
    assert render("jsonl", Report(findings=[])) == ""


def test_csv_columns_and_formula_injection() -> None:
    findings = [_finding("=HYPERLINK(evil).env"), _finding("@sum.env", commit="abc123")]
    text = render("csv", Report(findings=findings))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[: len(COLUMNS)] == list(COLUMNS)
    assert "commit" in rows[0]
    assert rows[0]["file"] == "'=HYPERLINK(evil).env"
    assert rows[1]["file"] == "'@sum.env"
    assert rows[1]["commit"] == "abc123"
    assert all(findings[0].secret not in row["secret"] for row in rows)


def test_text_escapes_markup_and_lists_skipped_items() -> None:
    report = Report(
        findings=[_finding("[bold]odd[/bold].env")],
        skipped=[Skipped("big.bin", "larger than the size limit")],
        stats={"files": 4, "binary_skipped": 2},
        partial=True,
        suppressed=1,
    )
    text = render("text", report)
    assert "[bold]odd[/bold].env" in text
    assert "1 finding(s) in 4 file(s) scanned, 2 binary file(s) skipped, 1 suppressed by the baseline" in text
    assert "PARTIAL: 1 item(s) could not be scanned" in text
    assert "skipped big.bin: larger than the size limit" in text
    assert report.findings[0].secret not in text
    assert report.findings[0].secret in render("text", report, show_secrets=True)


def _empty_sarif(text: str) -> None:
    [run] = json.loads(text)["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"][0]["executionSuccessful"] is True


def _empty_json_report(text: str) -> None:
    report = json.loads(text)
    assert (report["partial"], report["skipped"], report["findings"]) == (False, [], [])
    assert report["summary"]["findings"] == 0


# What each format writes for a scan that found nothing: a format added to FORMAT_NAMES needs its line here.
EMPTY: dict[str, Callable[[str], object]] = {
    "text": lambda text: text == "\n0 finding(s) in 0 file(s) scanned\n" or pytest.fail(repr(text)),
    "json": lambda text: text == "[]\n" or pytest.fail(repr(text)),
    "jsonl": lambda text: text == "" or pytest.fail(repr(text)),
    "json-report": _empty_json_report,
    "sarif": _empty_sarif,
    "csv": lambda text: text == ",".join(COLUMNS) + "\n" or pytest.fail(repr(text)),
}


def test_every_format_is_checked_on_an_empty_report() -> None:
    assert set(EMPTY) == set(FORMAT_NAMES)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_renders_an_empty_report(fmt: str) -> None:
    EMPTY[fmt](render(fmt, Report(findings=[])))


def test_json_report_of_a_partial_report_keeps_findings_and_skipped_items() -> None:
    findings = [_finding(), _finding("b.env", 4, commit="abc123")]
    report = Report(
        findings=findings,
        skipped=[Skipped("caf\udce9.bin", "larger than the size limit"), Skipped("x\x1b[2J", "unreadable")],
        stats={"files": 7, "below_confidence": 2},
        partial=True,
        suppressed=3,
        min_confidence="high",
        command="scan git",
    )
    text = render("json-report", report)
    document = json.loads(text)
    assert document["findings"] == json.loads(render("json", report))
    assert document["skipped"] == [
        {"path": "caf\\xe9.bin", "reason": "larger than the size limit"},
        {"path": "x\\x1b[2J", "reason": "unreadable"},
    ]
    assert document["partial"] is True
    assert document["command"] == "scan git"
    assert document["summary"] == {
        "findings": 2,
        "by_severity": {"critical": 0, "high": 2, "medium": 0, "low": 0},
        "files_scanned": 7,
        "skipped": 2,
        "suppressed": 3,
        "below_confidence": 2,
        "min_confidence": "high",
        "counters": {"below_confidence": 2, "files": 7},
    }
    assert all(f.secret not in text for f in findings)
    assert findings[0].secret in render("json-report", report, show_secrets=True)
