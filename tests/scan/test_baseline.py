"""The baseline file: fingerprints only, matched by fingerprint and file, robust to moved lines."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import Finding
from tests.helpers import github_style_token


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
    assert doc["version"] == 1
    assert doc["findings"] == [
        {"fingerprint": _finding(known).fingerprint, "rule_id": "github-pat", "file": "app.env"}
    ]


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
