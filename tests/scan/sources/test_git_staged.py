"""`secretguard scan git --staged`: the pre-commit path (staged diff, baseline, inline allow comments)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.helpers import aws_key_id, github_style_token
from tests.scan.sources.gitfixtures import Git, read_json


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    monkeypatch.chdir(git.path)
    return git


def test_staged_secret_found_with_new_line_number(cli: CliRunner, repo: Git, tmp_path: Path) -> None:
    rng = random.Random(1)
    secret = aws_key_id(rng)
    repo.write("README.md", f"# app\n\nintro\naws_access_key_id = {secret}\n")
    repo("add", "README.md")
    repo.write("unstaged.cfg", f"aws_access_key_id = {aws_key_id(rng)}\n")  # not staged: not scanned
    out = tmp_path / "o.json"
    run = cli("scan", "git", "--staged", "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 1, run.err
    findings = read_json(out)
    assert [(f["file"], f["line"], f["secret"]) for f in findings] == [("README.md", 4, secret)]
    assert findings[0]["staged"] is True
    assert "commit" in findings[0]
    assert "at_head" in findings[0]


def test_staged_clean_and_nothing_staged(cli: CliRunner, repo: Git) -> None:
    assert cli("scan", "git", "--staged").code == 0
    repo.write("app.py", "print('no secrets here')\n")
    repo("add", "app.py")
    assert cli("scan", "git", "--staged").code == 0


def test_staged_honours_inline_allow_and_baseline(cli: CliRunner, repo: Git, tmp_path: Path) -> None:
    rng = random.Random(2)
    allowed, accepted = github_style_token(rng), aws_key_id(rng)
    repo.write("a.py", f"TOKEN = '{allowed}'  # secretguard:allow test fixture\n")
    repo.write("b.cfg", f"aws_access_key_id = {accepted}\n")
    # Accept b.cfg's key in a baseline made by `baseline create` (paths as `./b.cfg`).
    assert cli("baseline", "create", "--output", str(tmp_path / "baseline.json")).code in (0, 1)
    doc = json.loads((tmp_path / "baseline.json").read_text())
    assert any(e["file"].endswith("b.cfg") for e in doc["findings"])
    repo("add", "a.py", "b.cfg")
    run = cli("scan", "git", "--staged", "--baseline", str(tmp_path / "baseline.json"))
    assert run.code == 0, run.out + run.err
    assert cli("scan", "git", "--staged").code == 1  # without the baseline, b.cfg's key is reported


def test_staged_outside_a_repository_is_incomplete(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    run = cli("scan", "git", "--staged")
    assert run.code == 3
    assert "staged changes" in run.out + run.err
