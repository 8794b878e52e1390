"""SARIF 2.1.0 output, validated against the official OASIS schema (tests/assets/sarif-schema-2.1.0.json)."""

from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from secretguard.errors import ExitCode
from secretguard.formats import render
from secretguard.formats.report import Report
from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.rules import Rule
from tests.conftest import CliRunner
from tests.helpers import Planted, github_style_token
from tests.scan.sources.test_files import zip_bytes

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "assets" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# RFC 3986 URI-reference characters; jsonschema checks `format: uri-reference` only with extra packages.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")


def assert_valid(doc: dict[str, Any]) -> None:
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    for run in doc["runs"]:
        for result in run["results"]:
            for location in result["locations"]:
                uri = location["physicalLocation"]["artifactLocation"]["uri"]
                assert _URI_REFERENCE.fullmatch(uri), f"not a URI reference: {uri!r}"


def sarif_of(cli: CliRunner, tmp_path: Path, *args: str | Path) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.sarif"
    run = cli("scan", "files", *args, "--format", "sarif", "--output", out)
    return run.code, json.loads(out.read_text(encoding="utf-8"))


def test_the_vendored_schema_is_the_official_one() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert (
        schema["id"]
        == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    assert len(schema["definitions"]) == 52
    # The validator really rejects an invalid log.
    assert list(validator().iter_errors({"version": "2.1.0", "runs": [{"results": []}]}))


def test_scan_output_is_valid_sarif(
    cli: CliRunner, project: Path, planted: list[Planted], tmp_path: Path
) -> None:
    code, doc = sarif_of(cli, tmp_path, "proj")
    assert code == ExitCode.FINDINGS
    assert_valid(doc)
    [run] = doc["runs"]
    results = run["results"]
    assert len(results) == len(planted)
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for result in results:
        assert result["ruleId"] in ids
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("proj/config/")
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["secretguard/v1"].startswith(result["ruleId"] + ":")
    assert {r["ruleId"] for r in results} == {p.rule_id for p in planted}
    assert run["invocations"][0]["executionSuccessful"] is True


def test_clean_scan_is_valid_sarif(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("nothing\n")
    code, doc = sarif_of(cli, tmp_path, "clean.txt")
    assert code == ExitCode.CLEAN
    assert_valid(doc)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []


def test_partial_scan_is_valid_sarif_and_marked(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    token = github_style_token(random.Random(1))
    (tmp_path / "bundle.zip").write_bytes(zip_bytes({"conf/app.env": f"T={token}\n".encode()}))
    (tmp_path / "big.txt").write_text("x" * 5000)
    code, doc = sarif_of(cli, tmp_path, "proj", "bundle.zip", "big.txt", "--max-size", "4000")
    assert code == ExitCode.INCOMPLETE
    assert_valid(doc)
    [invocation] = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert any("big.txt" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    [member] = [r for r in doc["runs"][0]["results"] if r["properties"].get("archive_member")]
    assert member["properties"]["archive_member"] == "conf/app.env"
    assert member["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bundle.zip"


def _finding(file: str, rule_id: str = "github-pat", line: int = 3) -> Finding:
    secret = github_style_token(random.Random(line))
    return Finding(
        rule_id,
        "GitHub token",
        "github",
        "high",
        "server-only",
        "github-token",
        file,
        line,
        5,
        line,
        5 + len(secret),
        secret,
        excerpt="T=ghp_…[redacted:00000000]",
    )


@pytest.mark.parametrize(
    ("file", "uri"),
    [
        ("src/app.env", "src/app.env"),
        ("./src/app.env", "src/app.env"),
        ("/abs/path/app.env", "/abs/path/app.env"),
        ("dist/app.zip!conf/a.env", "dist/app.zip"),
        ("src\\win\\app.env", "src/win/app.env"),
        ("./.env", ".env"),  # a dot-file given as ./.env keeps its leading dot
        ("./../shared/.npmrc", "../shared/.npmrc"),
    ],
)
def test_artifact_uris(rules: list[Rule], file: str, uri: str) -> None:
    doc = json.loads(render("sarif", Report(findings=[_finding(file)], rules=rules)))
    assert_valid(doc)
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_artifact_uri_is_percent_encoded(rules: list[Rule]) -> None:
    doc = json.loads(render("sarif", Report(findings=[_finding("my docs/app #1.env")], rules=rules)))
    assert_valid(doc)


def test_one_result_per_finding_and_rules_deduplicated(rules: list[Rule]) -> None:
    findings = [_finding("a.env", line=1), _finding("a.env", line=2), _finding("b.env", "custom.x", line=3)]
    skipped = [Skipped("huge.bin", "larger than the size limit")]
    doc = json.loads(render("sarif", Report(findings=findings, rules=rules, skipped=skipped, partial=True)))
    assert_valid(doc)
    run = doc["runs"][0]
    assert len(run["results"]) == 3
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["custom.x", "github-pat"]
    assert [r["ruleIndex"] for r in run["results"]] == [1, 1, 0]
    assert run["results"][0]["level"] == "error"
