"""The staged fast path answers exactly as the full path does, and only when it may."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from secretguard.scan.sources.git import fastpath
from tests.conftest import CliRun, CliRunner
from tests.helpers import aws_key_id, github_style_token
from tests.scan.sources.gitfixtures import Git


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    monkeypatch.chdir(git.path)
    return git


def _both(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[CliRun, CliRun, bool]:
    """(full path, second run, whether the second run stayed on the fast path)."""
    full = cli(*args)  # writes the manifest
    taken: list[int | None] = []
    original = fastpath.try_fast_staged

    def spy(argv: list[str]) -> int | None:
        taken.append(original(argv))
        return taken[-1]

    monkeypatch.setattr(fastpath, "try_fast_staged", spy)
    second = cli(*args)
    monkeypatch.setattr(fastpath, "try_fast_staged", original)
    return full, second, bool(taken) and taken[0] is not None


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_clean_change_same_answer_on_the_fast_path(
    cli: CliRunner, repo: Git, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    repo.write("app.py", "def add(a, b):\n    return a + b\n")
    repo("add", "app.py")
    full, fast, used = _both(cli, monkeypatch, "scan", "git", "--staged", "--format", fmt)
    assert used
    assert (fast.code, fast.out, fast.err) == (full.code, full.out, full.err) == (0, fast.out, fast.err)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secret_same_answer(cli: CliRunner, repo: Git, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    rng = random.Random(12)
    repo.write("a.cfg", f"aws_access_key_id = {aws_key_id(rng)}\n")
    repo.write("b.py", f"T = '{github_style_token(rng)}'  # secretguard:allow fixture\n")
    repo("add", "a.cfg", "b.py")
    full, fast, used = _both(cli, monkeypatch, "scan", "git", "--staged", "--format", fmt)
    assert used  # the engine built from the pickled rules, not the full path
    assert full.code == fast.code == 1
    assert fast.out == full.out
    assert "aws-access-key-id" in fast.out
    assert "github" not in fast.out  # the inline allow comment is honoured on both paths


@pytest.mark.parametrize("floor", ["medium", "low"])
def test_confidence_floor_same_answer(
    cli: CliRunner, repo: Git, monkeypatch: pytest.MonkeyPatch, floor: str
) -> None:
    repo.write("login.py", 'password = "kjfh"\n')  # a typed stand-in: low
    repo("add", "login.py")
    args = ("scan", "git", "--staged", "--format", "json", "--min-confidence", floor)
    full, fast, used = _both(cli, monkeypatch, *args)
    assert used
    assert (fast.code, fast.out, fast.err) == (full.code, full.out, full.err)
    assert fast.code == (1 if floor == "low" else 0)
    if floor == "medium":
        assert "1 below medium confidence not shown" in fast.err


def test_baseline_same_answer(
    cli: CliRunner, repo: Git, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rng = random.Random(13)
    repo.write("a.cfg", f"aws_access_key_id = {aws_key_id(rng)}\n")
    baseline = tmp_path / "baseline.json"
    assert cli("baseline", "create", "--output", str(baseline)).code in (0, 1)
    repo("add", "a.cfg")
    full, fast, used = _both(cli, monkeypatch, "scan", "git", "--staged", "--baseline", str(baseline))
    assert used
    assert full.code == fast.code == 0
    assert fast.out == full.out


def test_changed_rule_file_or_config_declines(cli: CliRunner, repo: Git, tmp_path: Path) -> None:
    repo.write("app.py", "x = 1\n")
    repo("add", "app.py")
    assert cli("scan", "git", "--staged").code == 0
    args = ["scan", "git", "--staged"]
    assert fastpath.try_fast_staged(args) == 0
    (repo.path / ".secretguard.toml").write_text("decode_depth = 1\n")
    assert fastpath.try_fast_staged(args) is None  # another configuration: no manifest for it yet
    assert fastpath.try_fast_staged(["scan", "git", "--staged", "--format", "sarif"]) is None
    assert fastpath.try_fast_staged(["scan", "git", "--range", "a..b"]) is None


def test_the_real_command_answers_a_clean_commit_without_loading_click_or_the_engine(
    repo: Git, cache_dir: Path
) -> None:
    """What the pre-commit hook runs: `python -m secretguard scan git --staged` in a fresh process."""
    import os
    import subprocess
    import sys

    repo.write("app.py", "def add(a, b):\n    return a + b\n")
    repo("add", "app.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    command = [sys.executable, "-X", "importtime", "-m", "secretguard", "scan", "git", "--staged"]
    first = subprocess.run(command, cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr  # the full path, which writes the fast path's cache
    second = subprocess.run(command, cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "secretguard.scan.sources.git.fastpath" in imported
    assert not imported & {"click", "secretguard.cli", "secretguard.scan.engine", "yaml", "pydantic", "git"}
