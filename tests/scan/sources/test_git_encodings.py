"""Issue 14, items 2 and 6 in git: committed and staged file names that are not UTF-8, and UTF-16/32 files
and text with a stray NUL in history and in the staged change.

Once a Latin-1 name was committed, every history scan ended with exit 4 and the hook blocked every commit.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from secretguard.scan.sources.git import history
from tests.conftest import CliRunner
from tests.helpers import stripe_live_key
from tests.scan.sources.gitfixtures import Git, by_secret, read_json


def put(git: Git, name: bytes, data: bytes) -> None:
    """Write and stage a file whose name is these bytes."""
    (git.path / os.fsdecode(name)).write_bytes(data)
    git("-c", "core.quotepath=off", "add", "-A")


@pytest.fixture
def latin1_repo(tmp_path: Path) -> tuple[Git, dict[str, str]]:
    """Secrets in files with Latin-1 names: plain, base64-encoded (presence at HEAD reads the file by name),
    and one in a file deleted later."""
    rng = random.Random(21)
    secrets = {name: stripe_live_key(rng) for name in ("plain", "encoded", "deleted")}
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    put(git, b"caf\xe9.txt", f"stripe = {secrets['plain']}\n".encode())
    encoded = base64.b64encode(f"stripe_key = {secrets['encoded']}\n".encode()).decode()
    put(git, b"enc\xe9.cfg", f"blob = {encoded}\n".encode())
    put(git, b"old\xe9.txt", f"stripe = {secrets['deleted']}\n".encode())
    git.commit("add files")
    git("rm", "-q", os.fsdecode(b"old\xe9.txt"))
    git.commit("remove old")
    return git, secrets


@pytest.mark.parametrize("workers", ["1", "2"])
def test_history_with_latin1_names(
    cli: CliRunner,
    latin1_repo: tuple[Git, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    if workers != "1":
        monkeypatch.setattr(history, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(history, "MIN_BATCH", 1)
    git, secrets = latin1_repo
    out = tmp_path / "out.json"
    run = cli(
        "scan", "git", git.path, "--format", "json", "--output", out, "--show-secrets", "--workers", workers
    )
    assert run.code == 1, run.err
    findings = read_json(out)
    where = {name: [(f["file"], f["at_head"]) for f in by_secret(findings, s)] for name, s in secrets.items()}
    assert where == {
        "plain": [("caf\\xe9.txt", True)],
        "encoded": [("enc\\xe9.cfg", True)],
        "deleted": [("old\\xe9.txt", False)],
    }


@pytest.mark.parametrize("fmt", ["text", "csv", "sarif"])
def test_history_with_latin1_names_in_a_real_process(
    latin1_repo: tuple[Git, dict[str, str]], fmt: str
) -> None:
    git, _ = latin1_repo
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "git", str(git.path), "--format", fmt],
        capture_output=True,
        timeout=120,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # strict: all of it is UTF-8
    assert proc.returncode == 1, err
    assert "internal error" not in err
    assert ("caf%E9.txt" if fmt == "sarif" else "caf\\xe9.txt") in out


def test_staged_latin1_name_in_the_hook_and_the_full_path(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    monkeypatch.chdir(git.path)
    secret = stripe_live_key(random.Random(22))
    put(git, b"new\xe9.py", f"# stripe = {secret}\n".encode())
    out = tmp_path / "out.json"
    run = cli("scan", "git", "--staged", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    assert [(f["file"], f["secret"]) for f in read_json(out)] == [("new\\xe9.py", secret)]
    for _ in range(2):  # the second run may take the hook's fast path
        proc = subprocess.run(
            [sys.executable, "-m", "secretguard", "scan", "git", "--staged"],
            cwd=git.path,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
        assert "new\\xe9.py" in proc.stdout.decode("utf-8")


def test_committed_latin1_name_does_not_block_a_clean_commit(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    put(git, b"caf\xe9.txt", b"nothing secret\n")
    git.commit("latin-1 name")
    git.commit("clean change", app__py="print('hello')\n")
    assert cli("scan", "git", git.path).code == 0
    assert cli("scan", "git", git.path, "--branch", "main").code == 0


# --- item 6 in history: UTF-16/32 and stray NULs --------------------------------------------------------

TEXT = "first line\nsecond line\nstripe = {secret}\n"


def test_history_scans_utf16_utf32_and_stray_nul_files(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(23)
    git = Git(tmp_path / "repo")
    files = {
        "bom16.txt": "utf-16",
        "le16.txt": "utf-16-le",
        "bom32.txt": "utf-32",
        "nul.txt": "nul",
    }
    secrets = {name: stripe_live_key(rng) for name in files}
    for name, codec in files.items():
        text = TEXT.format(secret=secrets[name])
        data = text.replace("second", "sec\0ond").encode() if codec == "nul" else text.encode(codec)
        put(git, name.encode(), data)
    git.commit("add encoded files")
    out = tmp_path / "out.json"
    run = cli("scan", "git", git.path, "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    findings = read_json(out)
    for name, secret in secrets.items():
        [finding] = by_secret(findings, secret)
        assert (finding["file"], finding["line"], finding["column"]) == (name, 3, 10)
        assert finding["at_head"] is True, name
        assert finding["decoded"] == ([] if name == "nul.txt" else [files[name][:6]]), name


def test_a_utf16_secret_is_added_once_and_removed_from_head(cli: CliRunner, tmp_path: Path) -> None:
    """Phase three compares a UTF-16 file's versions decoded: an unchanged secret is not added again."""
    rng = random.Random(24)
    secret, other = stripe_live_key(rng), stripe_live_key(rng)
    git = Git(tmp_path / "repo")
    put(git, b"notes.txt", TEXT.format(secret=secret).encode("utf-16"))
    first = git.commit("add notes")
    put(git, b"notes.txt", (TEXT.format(secret=secret) + "more\n").encode("utf-16"))
    git.commit("edit notes")
    put(git, b"notes.txt", f"now = {other}\n".encode("utf-16"))
    git.commit("replace notes")
    out = tmp_path / "out.json"
    assert cli("scan", "git", git.path, "--format", "json", "--output", out, "--show-secrets").code == 1
    findings = read_json(out)
    [old] = by_secret(findings, secret)
    assert (old["commit"], old["commits"], old["at_head"]) == (first, 1, False)
    assert by_secret(findings, other)[0]["at_head"] is True


def test_staged_utf16_change_reports_its_new_lines_only(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(25)
    old, new = stripe_live_key(rng), stripe_live_key(rng)
    git = Git(tmp_path / "repo")
    put(git, b"notes.txt", TEXT.format(secret=old).encode("utf-16"))
    git.commit("add notes")
    monkeypatch.chdir(git.path)
    put(git, b"notes.txt", (TEXT.format(secret=old) + f"x\nnew = {new}\n").encode("utf-16"))
    put(git, b"added.txt", f"a\x00\nstripe = {new}\n".encode())  # a stray NUL: git calls it binary
    out = tmp_path / "out.json"
    run = cli("scan", "git", "--staged", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    found = sorted((f["file"], f["line"], f["secret"]) for f in read_json(out))
    assert found == [("added.txt", 2, new), ("notes.txt", 5, new)]
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "git", "--staged", "--format", "json"],
        cwd=git.path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert len(json.loads(proc.stdout)) == 2
