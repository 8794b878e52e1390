"""The JSON, JSON Lines, CSV and text renderers on hand-made reports."""

from __future__ import annotations

import csv
import io
import json
import random

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


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_renders_an_empty_report(fmt: str) -> None:
    assert isinstance(render(fmt, Report(findings=[])), str)
