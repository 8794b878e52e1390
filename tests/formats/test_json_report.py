"""`--format json-report` from real scans, checked against the versioned schema shipped in the package:
the findings are the `--format json` objects; a partial scan says so and lists what it could not read."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from secretguard import __version__
from secretguard.formats import FORMAT_NAMES
from secretguard.formats.json_report import SCHEMA_FILE, SCHEMA_VERSION
from tests.conftest import CliRunner
from tests.helpers import aws_key_id, github_style_token
from tests.scan.sources.gitfixtures import Git

REPOSITORY_SCHEMA = Path(__file__).parents[2] / "schemas" / SCHEMA_FILE


def _schema() -> dict[str, Any]:
    """The schema as an installed package holds it (package data), not the repository's copy."""
    text = (resources.files("secretguard.formats") / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _valid(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator(_schema()).validate(document)
    return document


def test_the_schema_is_valid_versioned_and_the_repository_copy_is_the_shipped_one() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
    assert REPOSITORY_SCHEMA.name == SCHEMA_FILE == "json-report-1.schema.json"
    assert json.loads(REPOSITORY_SCHEMA.read_text(encoding="utf-8")) == schema
    assert "json-report" in FORMAT_NAMES


def test_a_partial_scan_lists_what_it_skipped(cli: CliRunner, tmp_path: Path) -> None:
    token = github_style_token(random.Random(88))
    (tmp_path / "app.env").write_text(f"GITHUB_TOKEN={token}\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("x" * 300, encoding="utf-8")
    (tmp_path / "odd\x1b[31m.txt").write_text("y" * 300, encoding="utf-8")  # a name that would recolour
    args = ("scan", "files", ".", "--max-size", "100")

    run = cli(*args, "--format", "json-report")
    assert run.code == 3, run.err  # partial outranks the finding
    report = _valid(run.out)
    assert report["schema_version"] == 1
    assert report["tool"] == {"name": "secretguard", "version": __version__}
    assert report["command"] == "scan files"
    assert report["partial"] is True
    skipped = {item["path"]: item["reason"] for item in report["skipped"]}
    assert set(skipped) == {"./big.txt", "./odd\\x1b[31m.txt"} or set(skipped) == {
        "big.txt",
        "odd\\x1b[31m.txt",
    }
    assert all("size" in reason for reason in skipped.values()), skipped
    assert "\x1b" not in run.out

    # The findings are exactly what --format json lists.
    listed = cli(*args, "--format", "json")
    assert report["findings"] == json.loads(listed.out)
    [finding] = report["findings"]
    assert finding["rule_id"].startswith("github")
    assert token not in run.out
    assert finding["secret"].startswith("ghp_…[redacted:")
    summary = report["summary"]
    assert summary["findings"] == 1
    assert summary["skipped"] == 2
    assert summary["by_severity"][finding["severity"]] == 1
    assert sum(summary["by_severity"].values()) == 1
    assert summary["files_scanned"] == summary["counters"]["files"] >= 1
    assert summary["min_confidence"] == "medium"

    shown = cli(*args, "--format", "json-report", "--show-secrets")
    assert _valid(shown.out)["findings"][0]["secret"] == token


def test_a_complete_scan_is_not_partial(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing to see\n", encoding="utf-8")
    out = tmp_path / "report.json"
    run = cli("scan", "files", ".", "--format", "json-report", "--output", out)
    assert run.code == 0, run.err
    report = _valid(out.read_text(encoding="utf-8"))
    assert report["partial"] is False
    assert report["skipped"] == []
    assert report["findings"] == []
    assert report["summary"]["findings"] == 0
    assert report["summary"]["by_severity"] == {"critical": 0, "high": 0, "medium": 0, "low": 0}
    assert "0 finding(s)" in run.err  # the one-line summary still goes to stderr


@pytest.mark.parametrize("baseline", [False, True])
def test_history_report_carries_commits_and_suppressions(
    cli: CliRunner, tmp_path: Path, baseline: bool
) -> None:
    rng = random.Random(7)
    kept, accepted = aws_key_id(rng), github_style_token(rng)
    git = Git(tmp_path / "repo")
    commit = git.commit("add config", app__cfg=f"aws_access_key_id = {kept}\n")
    git.commit("test token", tok__txt=f"token = {accepted}\n")
    extra: list[str] = []
    if baseline:
        base = tmp_path / "baseline.json"
        assert cli("baseline", "create", "--git", str(git.path), "--output", base).code == 0
        git.commit("another", new__cfg=f"aws_access_key_id = {aws_key_id(rng)}\n")
        extra = ["--baseline", str(base)]
    run = cli("scan", "git", str(git.path), "--format", "json-report", *extra)
    assert run.code == 1, run.err
    report = _valid(run.out)
    assert report["command"] == "scan git"
    assert report["partial"] is False
    findings = report["findings"]
    assert all(f["commit"] for f in findings)
    if baseline:
        assert report["summary"]["suppressed"] == 2
        assert [f["file"] for f in findings] == ["new.cfg"]
    else:
        assert report["summary"]["suppressed"] == 0
        assert {f["commit"] for f in findings if f["file"] == "app.cfg"} == {commit}
        assert kept not in run.out
        assert accepted not in run.out
