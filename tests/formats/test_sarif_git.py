"""`scan git --format sarif` on a real repository: places at HEAD, messages, properties, no secret."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from secretguard.plan.planner import load_playbooks
from tests.conftest import CliRunner
from tests.formats.test_sarif import assert_valid
from tests.helpers import aws_key_id, github_style_token
from tests.scan.sources.gitfixtures import Git


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Git, dict[str, str], dict[str, str]]:
    """Secrets: one whose lines move after it went in, one deleted, one in a commit and a tag message."""
    rng = random.Random(31)
    secrets = {"moved": aws_key_id(rng), "gone": aws_key_id(rng), "message": github_style_token(rng)}
    secrets["tag"] = github_style_token(rng)
    git = Git(tmp_path / "repo")
    commits = {"moved": git.commit("add config", app__cfg=f"aws_access_key_id = {secrets['moved']}\n")}
    commits["gone"] = git.commit("old", old__cfg=f"aws_access_key_id = {secrets['gone']}\n")
    git.commit("drop old", old__cfg=None)
    git.commit("more settings", app__cfg=f"[prod]\nregion = eu\n\n  aws_access_key_id = {secrets['moved']}\n")
    commits["message"] = git.commit(f"rotate\n\nthe old token was {secrets['message']}\n", notes__txt="x\n")
    git("tag", "-a", "v1.0", "-m", f"release token {secrets['tag']}")
    return git, secrets, commits


def _sarif(cli: CliRunner, git: Git, out: Path, *extra: str) -> tuple[str, dict[str, Any]]:
    run = cli("scan", "git", str(git.path), "--format", "sarif", "--output", str(out), *extra)
    assert run.code == 1, run.err
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert_valid(doc)
    return text, doc


def _by_commit(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in doc["runs"][0]["results"]:
        out.setdefault(result["properties"]["commit"], []).append(result)
    return out


def test_history_sarif(
    cli: CliRunner, repo: tuple[Git, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    git, secrets, commits = repo
    text, doc = _sarif(cli, git, tmp_path / "out.sarif")
    results = _by_commit(doc)

    # Still in the tree, three lines further down than where the commit put it: HEAD's line is the place.
    [moved] = results[commits["moved"]]
    physical = moved["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "app.cfg"
    assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (
        4,
        len("  aws_access_key_id = ") + 1,
    )
    assert physical["region"]["endColumn"] == len("  aws_access_key_id = ") + 1 + len(secrets["moved"])
    props = moved["properties"]
    assert props["commit_location"]["line"] == 1
    assert props["commit_location"]["column"] == 21
    assert props["at_head"] is True
    assert props["first_commit"] == commits["moved"]
    assert props["commits"] == 1
    assert (props["author"], props["email"]) == ("Dev Eloper", "dev@example.com")
    assert props["date"].startswith("2023-")
    assert props["confidence"] == "high"
    assert props["reasons"]

    # Gone from the tree: the commit's place.
    [gone] = results[commits["gone"]]
    assert gone["properties"]["at_head"] is False
    assert gone["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "old.cfg"
    assert gone["locations"][0]["physicalLocation"]["region"]["startLine"] == 1

    # Messages: logical locations, and a stand-in path GitHub accepts (never the percent-encoded pseudo-path).
    [message] = [r for r in results[commits["message"]] if "tag" not in r["properties"]]
    assert message["locations"][0]["logicalLocations"] == [
        {
            "name": commits["message"][:12],
            "fullyQualifiedName": commits["message"],
            "kind": "commitMessage",
        }
    ]
    uri = message["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f".git-messages/commitMessage/{commits['message']}"
    assert message["properties"]["commit_location"] == {
        "file": "<commit message>",
        "line": 3,
        "column": len("the old token was ") + 1,
        "end_line": 3,
        "end_column": len("the old token was ") + 1 + len(secrets["message"]),
    }
    [tag] = [r for r in doc["runs"][0]["results"] if r["properties"].get("tag") == "v1.0"]
    assert tag["locations"][0]["logicalLocations"][0]["kind"] == "tagMessage"
    assert tag["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "refs/tags/v1.0"
    assert tag["properties"]["author"] == "Dev Eloper"
    assert "%3C" not in text

    # Each rule that fired explains itself and says what to do first.
    books = load_playbooks()
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["fullDescription"]["text"]
        playbook = next(
            r["properties"]["playbook"] for r in doc["runs"][0]["results"] if r["ruleId"] == rule["id"]
        )
        first = books[playbook]["steps"][0]
        assert first["action"] in rule["help"]["text"]
        assert rule["help"]["markdown"]

    # No secret in it, in any form the scan found it in; all of them with --show-secrets.
    for secret in secrets.values():
        assert secret not in text
        assert secret[4:] not in text
    shown, _ = _sarif(cli, git, tmp_path / "shown.sarif", "--show-secrets")
    assert all(secret in shown for secret in secrets.values())
