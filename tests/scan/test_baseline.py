"""The baseline file: fingerprints only, matched by fingerprint and file, robust to moved lines."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secretguard.errors import ExitCode, InputError
from secretguard.scan.baseline import MAX_BASELINE_BYTES, Baseline
from secretguard.scan.finding import Finding, legacy_fingerprint
from tests.conftest import CliRunner
from tests.helpers import github_style_token, settle


def _finding(secret: str, file: str = "app.env", line: int = 3) -> Finding:
    return Finding(
        "github-pat", "t", "github", "high", "server-only", "github-token", file, line, 5, line, 45, secret
    )


def test_round_trip_and_matching(tmp_path: Path) -> None:
    rng = random.Random(1)
    known, other = github_style_token(rng), github_style_token(rng)
    path = tmp_path / "baseline.json"
    path.write_text(Baseline.from_findings([_finding(known)]).to_json(), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert known not in text
    loaded = Baseline.load(path)
    assert loaded.contains(_finding(known, line=99))
    assert not loaded.contains(_finding(known, file="other.env"))
    new, suppressed = loaded.filter_new([_finding(known), _finding(other)])
    assert [f.secret for f in new] == [other]
    assert suppressed == 1
    doc = json.loads(text)
    assert doc["version"] == 2
    assert doc["fingerprints"] == {"scheme": "scrypt-n1024-r8-p1", "key_id": "none"}
    assert doc["findings"] == [
        {"fingerprint": _finding(known).fingerprint, "rule_id": "github-pat", "file": "app.env"}
    ]


def _version_1(path: Path, secret: str, comment: str = "") -> None:
    """A baseline as secretguard wrote it before scrypt fingerprints (salted SHA-256)."""
    entry = {
        "fingerprint": legacy_fingerprint("github-pat", secret),
        "rule_id": "github-pat",
        "file": "app.env",
    }
    if comment:
        entry["comment"] = comment
    path.write_text(json.dumps({"version": 1, "findings": [entry]}), encoding="utf-8")


def test_a_version_1_baseline_still_matches_and_update_migrates_it(tmp_path: Path) -> None:
    rng = random.Random(11)
    known, other = github_style_token(rng), github_style_token(rng)
    path = tmp_path / "old.json"
    _version_1(path, known, comment="test key of the sandbox")
    old = Baseline.load(path)
    assert old.legacy
    assert old.contains(_finding(known))
    assert not old.contains(_finding(other))
    migrated = Baseline.from_findings([_finding(known), _finding(other)], previous=old)
    assert {e.fingerprint: e.comment for e in migrated.entries} == {
        _finding(known).fingerprint: "test key of the sandbox",
        _finding(other).fingerprint: "",
    }
    path.write_text(migrated.to_json(), encoding="utf-8")
    assert Baseline.load(path).contains(_finding(known))


def test_a_fingerprint_key_changes_every_hash_and_a_baseline_names_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = github_style_token(random.Random(12))
    plain = _finding(token).fingerprint
    path = tmp_path / "b.json"
    path.write_text(Baseline.from_findings([_finding(token)]).to_json(), encoding="utf-8")
    monkeypatch.setenv("SECRETGUARD_FINGERPRINT_KEY", "a project key held in CI secrets")
    assert _finding(token).fingerprint != plain
    with pytest.raises(InputError, match="fingerprint key") as caught:
        Baseline.load(path)
    assert "a project key" not in caught.value.message  # the key is named by its id, never shown
    path.write_text(Baseline.from_findings([_finding(token)]).to_json(), encoding="utf-8")
    assert Baseline.load(path).contains(_finding(token))
    assert "a project key" not in path.read_text()


def test_entries_are_deduplicated_and_sorted() -> None:
    token = github_style_token(random.Random(2))
    data = Baseline.from_findings(
        [_finding(token, "b.env"), _finding(token, "a.env"), _finding(token, "a.env", 9)]
    )
    assert [e.file for e in data.entries] == ["a.env", "b.env"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "not valid JSON"),
        ('{"version": 99, "findings": []}', "not a secretguard baseline"),
        ('{"version": 1, "findings": [{"rule_id": "x"}]}', "entry #1"),
    ],
)
def test_bad_baselines_are_input_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Baseline.load(path)


def _sparse(path: Path, size: int) -> None:
    path.touch()
    os.truncate(path, size)  # no disk used: refused by its size, never read


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, "not a regular file but a FIFO"),
        (lambda p: p.symlink_to("/dev/zero"), "not a regular file but a character device"),
        (lambda p: _sparse(p, MAX_BASELINE_BYTES + 1), "larger than the size limit"),
        (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "not valid JSON: nested too deeply"),
    ],
    ids=["fifo", "dev-zero", "oversize", "nested"],
)
def test_hostile_baseline_files_are_input_errors(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / "baseline.json"
    make(path)
    error = settle(lambda: Baseline.load(path), "loading the baseline")
    assert isinstance(error, InputError), error
    assert message in error.message


def test_an_entry_field_that_is_not_a_string_is_named(tmp_path: Path) -> None:
    deep: Any = "x"
    for _ in range(sys.getrecursionlimit() // 2):
        deep = [deep]  # parses, but str() of it would recurse as deep
    doc = {"version": 1, "findings": [{"fingerprint": deep, "rule_id": "r", "file": "f"}]}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="entry #1"):
        Baseline.load(path)


def test_a_deeply_nested_baseline_exits_2(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "deep.json"
    baseline.write_text("{" + '"a":{' * 100_000 + "}" * 100_001)
    run = cli("scan", "files", project, "--baseline", baseline)
    assert run.code == ExitCode.USAGE
    assert "nested too deeply" in run.err
