"""Damaged repositories: the scan goes on, names what it skipped, exits 3 and marks the report partial."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from secretguard.scan.sources.git import catfile, history
from secretguard.scan.sources.git.repo import open_repo
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


# --- corrupt objects (issue 14, item 9): named as corrupt, by id, never as "larger than the size limit" ----


def _garble(path: Path, offset: int, length: int = 64) -> None:
    """Flip `length` bytes of `path` from `offset`: the zlib stream breaks there, its header stays intact."""
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _text(rng: random.Random, size: int) -> str:
    """Text that compresses poorly enough for its zlib stream to be long (random words, no secret)."""
    words = ["alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega", "lorem", "ipsum", "dolor"]
    lines: list[str] = []
    total = 0
    while total < size:
        lines.append(" ".join(rng.choice(words) + str(rng.randrange(10_000)) for _ in range(10)))
        total += len(lines[-1]) + 1
    return "\n".join(lines) + "\n"


def _corrupt_blob(git: Git, oid: str, packed: bool) -> None:
    if not packed:
        path = git.path / ".git" / "objects" / oid[:2] / oid[2:]
        _garble(path, path.stat().st_size // 2)
        return
    git("gc", "-q")
    [pack] = (git.path / ".git" / "objects" / "pack").glob("*.pack")
    rows = [line.split() for line in git("verify-pack", "-v", str(pack.with_suffix(".idx"))).splitlines()]
    [(kind, size_in_pack, offset)] = [(r[1], int(r[3]), int(r[4])) for r in rows if r and r[0] == oid]
    assert kind == "blob"
    _garble(pack, offset + size_in_pack // 2)  # the middle of its compressed data


@pytest.mark.parametrize("packed", [False, True], ids=["loose", "packed"])
def test_a_corrupt_blob_is_named_as_corrupt_and_the_rest_is_scanned(
    cli: CliRunner, tmp_path: Path, packed: bool
) -> None:
    rng = random.Random(41)
    git = Git(tmp_path / "repo")
    secrets = [aws_key_id(rng) for _ in range(3)]
    git.commit("first", k0__cfg=f"aws_access_key_id = {secrets[0]}\n")
    git.commit("big notes", notes__txt=_text(rng, 400_000))
    git.commit(
        "later", k1__cfg=f"aws_access_key_id = {secrets[1]}\n", k2__cfg=f"aws_access_key_id = {secrets[2]}\n"
    )
    oid = git("rev-parse", "HEAD:notes.txt")
    _corrupt_blob(git, oid, packed)
    (git.path / "notes.txt").unlink()  # or the work tree's copy stands in for the object at HEAD
    out = tmp_path / "out.json"
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 3, run.err
    assert "Traceback" not in run.err
    assert f"notes.txt: cannot read blob {oid}: corrupt or unreadable object" in run.err
    assert "larger than the size limit" not in run.err
    assert "missing object" not in run.err  # the blobs read after it are read, not "missing"
    findings = read_json(out)
    for secret in secrets:
        assert by_secret(findings, secret)  # before and after the corrupt blob


def test_a_blob_over_the_limit_is_still_named_as_such(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    git.commit("big notes", notes__txt=_text(random.Random(43), 5000))
    run = cli("scan", "git", str(git.path), "--max-size", "1000")
    assert run.code == 3, run.err
    assert "notes.txt: larger than the size limit (1000 bytes); the rest was not scanned" in run.out
    assert "corrupt" not in run.out


def test_stream_blobs_goes_on_after_a_corrupt_object(tmp_path: Path) -> None:
    git = Git(tmp_path / "r")
    git.commit("files", small__txt="tiny\n", big__txt=_text(random.Random(47), 200_000), last__txt="end\n")
    small, big, last = (git("rev-parse", f"HEAD:{name}") for name in ("small.txt", "big.txt", "last.txt"))
    _corrupt_blob(git, big, packed=False)
    repo = open_repo(str(git.path))
    blobs = list(catfile.stream_blobs(repo, [small, big, last, big, small], limit=1 << 20))
    assert [b.kind for b in blobs] == ["blob", "corrupt", "blob", "corrupt", "blob"]
    assert blobs[2].data == b"end\n"
    assert catfile.unreadable(blobs[1]).startswith("corrupt or unreadable object")
    reader = catfile.ObjectReader(repo)
    try:
        assert reader.read(big, 1 << 20).kind == "corrupt"
        assert reader.read(last, 100).data == b"end\n"  # a new cat-file answers after the one that died
    finally:
        reader.close()
