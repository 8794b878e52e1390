"""Damaged repositories: the scan goes on, names what it skipped, exits 3 and marks the report partial."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from secretguard.scan.sources.git import history
from tests.conftest import CliRunner
from tests.helpers import aws_key_id
from tests.scan.sources.gitfixtures import Git, by_secret, read_json


def _remove_object(git: Git, sha: str) -> None:
    path = git.path / ".git" / "objects" / sha[:2] / sha[2:]
    assert path.is_file(), "the test repository must hold loose objects"
    path.chmod(0o644)
    path.unlink()


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Git, dict[str, str]]:
    """Five commits, each adding a secret in its own file; the blob of the third one is then deleted."""
    rng = random.Random(5)
    git = Git(tmp_path / "repo")
    secrets = {f"s{i}": aws_key_id(rng) for i in range(5)}
    for i in range(5):
        git.commit(f"commit {i}", **{f"f{i}__cfg": f"aws_access_key_id = {secrets[f's{i}']}\n"})
    git.commit("touch f2", f2__cfg=f"aws_access_key_id = {secrets['s2']}\nmore = 1\n")
    _remove_object(git, git("rev-parse", "HEAD~3:f2.cfg"))
    return git, secrets


@pytest.mark.parametrize("workers", ["1", "2"])
def test_missing_blob_skipped_and_named(
    cli: CliRunner,
    damaged: tuple[Git, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    if workers != "1":
        monkeypatch.setattr(history, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(history, "MIN_BATCH", 2)
    git, secrets = damaged
    out = tmp_path / "out.json"
    run = cli(
        "scan",
        "git",
        str(git.path),
        "--format",
        "json",
        "--output",
        str(out),
        "--show-secrets",
        "--workers",
        workers,
    )
    assert run.code == 3, run.err
    assert "Traceback" not in run.err
    assert "f2.cfg" in run.err  # the skip note names the file it could not read
    findings = read_json(out)
    for name in ("s0", "s1", "s3", "s4"):
        assert by_secret(findings, secrets[name]), name  # everything around the damage is still scanned


def test_missing_blob_marks_sarif_partial(
    cli: CliRunner, damaged: tuple[Git, dict[str, str]], tmp_path: Path
) -> None:
    git, _ = damaged
    out = tmp_path / "out.sarif"
    run = cli("scan", "git", str(git.path), "--format", "sarif", "--output", str(out))
    assert run.code == 3
    doc = json.loads(out.read_text())
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any("f2.cfg" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])


def test_unreadable_refs_are_skipped(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(9)
    git = Git(tmp_path / "repo")
    secret = aws_key_id(rng)
    git.commit("key", k__cfg=f"aws_access_key_id = {secret}\n")
    heads = git.path / ".git" / "refs" / "heads"
    (heads / "garbage").write_text("not a sha\n")
    (heads / "dangling").write_text("0123456789abcdef0123456789abcdef01234567\n")
    out = tmp_path / "out.json"
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 3, run.err
    assert "refs/heads/dangling" in run.err
    assert "refs/heads/garbage" in run.err
    assert by_secret(read_json(out), secret)


def test_missing_commit_in_history(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(3)
    git = Git(tmp_path / "repo")
    old, new = aws_key_id(rng), aws_key_id(rng)
    git.commit("old", a__cfg=f"aws_access_key_id = {old}\n")
    middle = git.commit("middle", b__txt="b\n")
    git.commit("new", c__cfg=f"aws_access_key_id = {new}\n")
    _remove_object(git, middle)
    out = tmp_path / "out.json"
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 3, run.err
    assert "Traceback" not in run.err
    assert by_secret(read_json(out), new)


def test_missing_blob_at_head_is_named(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(17)
    git = Git(tmp_path / "repo")
    kept, lost = aws_key_id(rng), aws_key_id(rng)
    git.commit("a", a__cfg=f"aws_access_key_id = {kept}\n")
    git.commit("b", b__cfg=f"aws_access_key_id = {lost}\n")
    _remove_object(git, git("rev-parse", "HEAD:b.cfg"))
    (git.path / "b.cfg").unlink()  # or git diff reads the identical work tree file instead of the object
    out = tmp_path / "out.json"
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 3, run.err
    assert "b.cfg" in run.err
    found = by_secret(read_json(out), kept)
    assert found
    assert found[0]["at_head"] is True  # the rest of HEAD is still checked
