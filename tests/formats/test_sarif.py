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
                # A place no file holds (a commit message) is a logical location, never a made-up file name.
                assert "physicalLocation" in location or location["logicalLocations"], location
                if "physicalLocation" not in location:
                    continue
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


# --- scan git results: the place at HEAD, commit and tag messages, properties, rule help -------------------

_COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _history_finding(file: str = "app.cfg", line: int = 3, **extra: object) -> Finding:
    finding = _finding(file, line=line)
    finding.extra.update(
        {
            "commit": _COMMIT,
            "author": "Dev Eloper",
            "email": "dev@example.com",
            "date": "2023-11-14T22:13:20+00:00",
            "first_commit": _COMMIT,
            "commits": 2,
            "at_head": False,
            "head_file": None,
            "head_line": None,
            "head_column": None,
            **extra,
        }
    )
    finding.confidence, finding.reasons = "high", ("checksum-ok",)
    return finding


def _sarif(findings: list[Finding], rules: list[Rule], *, show_secrets: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        render("sarif", Report(findings=findings, rules=rules), show_secrets=show_secrets)
    )
    assert_valid(doc)
    return doc


def test_secret_still_at_head_points_at_its_line_there(rules: list[Rule]) -> None:
    finding = _history_finding(at_head=True, head_file="config/app.cfg", head_line=40, head_column=9)
    [result] = _sarif([finding], rules)["runs"][0]["results"]
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "config/app.cfg"
    width = finding.end_column - finding.column
    assert physical["region"] == {"startLine": 40, "startColumn": 9, "endLine": 40, "endColumn": 9 + width}
    # Where the commit put it is kept; the excerpt belongs to that commit's line, not to HEAD's.
    assert result["properties"]["commit_location"] == {
        "file": "app.cfg",
        "line": 3,
        "column": 5,
        "end_line": 3,
        "end_column": finding.end_column,
    }
    assert "snippet" not in physical["region"]
    assert "head_line" not in result["properties"]
    assert f"added in commit {_COMMIT[:12]} at app.cfg:3" in result["message"]["text"]
    assert "still in the current tree" in result["message"]["text"]


def test_multiline_secret_at_head_keeps_its_span(rules: list[Rule]) -> None:
    finding = _history_finding(at_head=True, head_file="deploy_key", head_line=7, head_column=1)
    finding.end_line, finding.end_column = finding.line + 9, 30
    [result] = _sarif([finding], rules)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"], region["endColumn"]) == (7, 16, 30)


@pytest.mark.parametrize(
    "extra",
    [
        {"at_head": False},  # gone from the tree: the commit that added it is the place
        {"at_head": True},  # at HEAD, but where could not be told (a file over the size limit)
    ],
)
def test_history_finding_without_a_place_at_head_keeps_the_commit_location(
    rules: list[Rule], extra: dict[str, object]
) -> None:
    [result] = _sarif([_history_finding("app.cfg", 3, **extra)], rules)["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "app.cfg"
    assert physical["region"]["startLine"] == 3
    assert physical["region"]["snippet"]["text"].startswith("T=")


def test_commit_and_tag_messages_are_logical_locations(rules: list[Rule]) -> None:
    message = _history_finding("<commit message>", line=3)
    tag = _history_finding("<tag message>", line=1, tag="v1.0")
    doc = _sarif([message, tag], rules)
    text = json.dumps(doc)
    assert "%3C" not in text
    assert "message%3E" not in text
    on_commit, on_tag = doc["runs"][0]["results"]
    [commit_location], [tag_location] = on_commit["locations"], on_tag["locations"]
    assert commit_location["logicalLocations"] == [
        {"name": _COMMIT[:12], "fullyQualifiedName": _COMMIT, "kind": "commitMessage"}
    ]
    assert tag_location["logicalLocations"] == [
        {"name": "v1.0", "fullyQualifiedName": "refs/tags/v1.0", "kind": "tagMessage"}
    ]
    # GitHub code scanning refuses a result without a physical location: a readable stand-in path.
    stand_in = commit_location["physicalLocation"]["artifactLocation"]["uri"]
    assert stand_in == f".git-messages/commitMessage/{_COMMIT}"
    assert (
        tag_location["physicalLocation"]["artifactLocation"]["uri"]
        == ".git-messages/tagMessage/refs/tags/v1.0"
    )
    assert f"in the message of commit {_COMMIT[:12]}" in on_commit["message"]["text"]
    assert "in the message of tag v1.0" in on_tag["message"]["text"]
    assert on_commit["properties"]["commit_location"]["file"] == "<commit message>"


def test_commit_message_secret_still_in_a_file_points_at_that_file(rules: list[Rule]) -> None:
    message = _history_finding(
        "<commit message>", at_head=True, head_file="ci.yml", head_line=2, head_column=6
    )
    [result] = _sarif([message], rules)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ci.yml"


def test_history_properties(rules: list[Rule]) -> None:
    [result] = _sarif([_history_finding()], rules)["runs"][0]["results"]
    props = result["properties"]
    assert {
        k: props[k] for k in ("commit", "author", "email", "date", "first_commit", "commits", "at_head")
    } == {
        "commit": _COMMIT,
        "author": "Dev Eloper",
        "email": "dev@example.com",
        "date": "2023-11-14T22:13:20+00:00",
        "first_commit": _COMMIT,
        "commits": 2,
        "at_head": False,
    }
    assert (props["confidence"], props["reasons"]) == ("high", ["checksum-ok"])
    assert not {"head_file", "head_line", "head_column"} & props.keys()  # None: not there at all


def test_staged_findings_carry_no_empty_history_properties(rules: list[Rule]) -> None:
    from secretguard.scan.sources.git.staged import STAGED_EXTRA

    finding = _finding("app.cfg")
    finding.extra.update(STAGED_EXTRA)
    [result] = _sarif([finding], rules)["runs"][0]["results"]
    assert "commit" not in result["properties"]
    assert "commit_location" not in result["properties"]
    assert result["properties"]["staged"] is True
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.cfg"


def test_the_secret_is_only_in_sarif_when_asked(rules: list[Rule]) -> None:
    findings = [
        _history_finding(at_head=True, head_file="a.cfg", head_line=1, head_column=1),
        _history_finding("<commit message>"),
        _history_finding("<tag message>", tag="v2"),
    ]
    secret = findings[0].secret
    redacted = json.dumps(_sarif(findings, rules))
    assert secret not in redacted
    assert secret[5:] not in redacted  # no long part of it either
    assert "[redacted:" in redacted
    assert secret in json.dumps(_sarif(findings, rules, show_secrets=True))


def test_rules_carry_help_with_the_first_playbook_step(rules: list[Rule]) -> None:
    from secretguard.plan.planner import load_playbooks

    books = load_playbooks()
    by_id = {rule.id: rule for rule in rules}
    findings = [_finding("a.env"), _finding("b.env", "aws-access-key-id"), _finding("c.env", "custom.x")]
    descriptors = _sarif(findings, rules)["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == ["aws-access-key-id", "custom.x", "github-pat"]
    for descriptor in descriptors:
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"].startswith(descriptor["fullDescription"]["text"])
        assert descriptor["help"]["markdown"]
        rule = by_id.get(descriptor["id"])
        if rule is None:  # a rule the report does not describe: its id is all there is to say
            assert descriptor["help"]["text"] == "custom.x"
            continue
        step = books[rule.playbook]["steps"][0]
        assert step["action"] in descriptor["help"]["text"]
        assert step["verify"] in descriptor["help"]["text"]
        assert f"First step of the {rule.playbook} playbook" in descriptor["help"]["text"]


def test_rule_help_without_playbook_steps_is_the_description(
    rules: list[Rule], monkeypatch: pytest.MonkeyPatch
) -> None:
    from secretguard.plan import planner

    books = {name: {**book, "steps": []} for name, book in planner.load_playbooks().items()}
    monkeypatch.setattr(planner, "load_playbooks", lambda: books)
    [descriptor] = _sarif([_finding("a.env")], rules)["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["help"]["text"] == descriptor["fullDescription"]["text"]


def test_rule_help_for_an_unknown_playbook_is_the_generic_first_step(rules: list[Rule]) -> None:
    from secretguard.plan.planner import load_playbooks

    rule = Rule(id="custom.pb", title="Key", provider="acme", severity="high", regex="x", playbook="no-such")
    [descriptor] = _sarif([_finding("a.env", "custom.pb")], [*rules, rule])["runs"][0]["tool"]["driver"][
        "rules"
    ]
    step = load_playbooks()["generic-api-key"]["steps"][0]
    assert f"First step of the generic-api-key playbook: {step['action']}" in descriptor["help"]["text"]


def test_rule_help_markdown_is_escaped(rules: list[Rule]) -> None:
    rule = Rule(id="custom.md", title="Key <b>*bold*</b> [x](y)", provider="acme", severity="high", regex="x")
    [descriptor] = _sarif([_finding("a.env", "custom.md")], [*rules, rule])["runs"][0]["tool"]["driver"][
        "rules"
    ]
    markdown = descriptor["help"]["markdown"]
    assert "<b>" not in markdown
    assert "\\*bold\\*" in markdown
    assert "\\[x\\](y)" in markdown
