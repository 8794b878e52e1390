"""`secretguard scan git` on real repositories: every planted secret, its first commit and its HEAD flag."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.sources.git import history
from secretguard.scan.sources.git.head import EarlyGrep, present_at_head
from secretguard.scan.sources.git.history import GitOptions, scan_history
from secretguard.scan.sources.git.repo import open_repo
from tests.conftest import CliRunner
from tests.scan.sources.gitfixtures import Git, History, build_history, by_secret, read_json

FIELDS = ("commit", "author", "email", "date", "file", "line", "first_commit", "commits", "at_head")


@pytest.fixture
def planted_history(tmp_path: Path) -> History:
    return build_history(tmp_path / "repo")


def _scan(cli: CliRunner, repo: Path, out: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    run = cli("scan", "git", str(repo), "--format", "json", "--output", str(out), "--show-secrets", *extra)
    assert "Traceback" not in run.err
    return run.code, read_json(out)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_planted_secret_found_with_first_commit_and_head_flag(
    cli: CliRunner, planted_history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    if workers != "1":
        monkeypatch.setattr(history, "PARALLEL_THRESHOLD", 1)
        monkeypatch.setattr(history, "MIN_BATCH", 2)
    h = planted_history
    code, findings = _scan(cli, h.git.path, tmp_path / "out.json", "--workers", workers)
    assert code == 1
    for name, secret in h.secrets.items():
        found = by_secret(findings, secret)
        assert found, f"{name}: not found"
        assert all(set(FIELDS) <= f.keys() for f in found)
        first = found[0]
        assert first["first_commit"] == h.first[name], name
        assert first["at_head"] is h.at_head[name], name
        assert any(f["file"] == h.files[name] for f in found), (name, [f["file"] for f in found])
        assert first["author"] == "Dev Eloper"
        assert first["email"] == "dev@example.com"
    twice = by_secret(findings, h.secrets["twice"])
    assert len(twice) == 1
    assert twice[0]["commits"] == 2
    assert twice[0]["commit"] == h.first["twice"]
    renamed = by_secret(findings, h.secrets["renamed"])
    assert [f["file"] for f in renamed] == ["settings.env"]  # the rename adds nothing
    assert renamed[0]["commits"] == 1
    merge = by_secret(findings, h.secrets["merge"])[0]
    assert merge["commit"] == h.first["merge"]
    assert merge["line"] == 2


def test_single_branch_skips_other_refs(cli: CliRunner, planted_history: History, tmp_path: Path) -> None:
    h = planted_history
    _, findings = _scan(cli, h.git.path, tmp_path / "out.json", "--branch", "main")
    assert by_secret(findings, h.secrets["head"])
    assert not by_secret(findings, h.secrets["unmerged"])
    assert not by_secret(findings, h.secrets["tag"])


def test_range_and_since_commit(cli: CliRunner, planted_history: History, tmp_path: Path) -> None:
    h = planted_history
    git = h.git
    base = h.first["twice"]
    _, findings = _scan(cli, git.path, tmp_path / "a.json", "--range", f"{base}..main")
    secrets = {f["secret"] for f in findings}
    assert h.secrets["head"] in secrets
    assert h.secrets["twice"] in secrets
    assert h.secrets["deleted"] not in secrets
    _, findings = _scan(cli, git.path, tmp_path / "b.json", "--since-commit", base, "--branch", "main")
    assert {f["secret"] for f in findings} == secrets


def test_incremental_rescan_reads_only_the_new_commit(
    cli: CliRunner, planted_history: History, tmp_path: Path
) -> None:
    git = planted_history.git
    total = int(git("rev-list", "--all", "--count"))
    run = cli(
        "scan",
        "git",
        str(git.path),
        "--incremental",
        "--format",
        "json",
        "--output",
        str(tmp_path / "1.json"),
    )
    assert run.code == 1
    assert (git.path / ".git" / "secretguard" / "incremental.json").is_file()
    stats = _stats(cli, git.path, tmp_path / "2.sarif")
    assert stats == 0  # nothing new
    git.commit("one more", extra__txt="nothing secret here\n")
    assert _stats(cli, git.path, tmp_path / "3.sarif") == 1
    assert total > 10


def _stats(cli: CliRunner, repo: Path, out: Path) -> int:
    """Commits scanned by an incremental run, read from the text report's summary counters."""
    from secretguard.cli import options

    seen: list[int] = []
    original = options.finish

    def spy(result, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(result.stats.get("commits", -1))
        return original(result, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr("secretguard.cli.scan_git.finish", spy)
    try:
        run = cli("scan", "git", str(repo), "--incremental", "--format", "sarif", "--output", str(out))
    finally:
        mp.undo()
    assert run.code in (0, 1), run.err
    return seen[-1]


def test_bare_and_shallow_clones(cli: CliRunner, planted_history: History, tmp_path: Path) -> None:
    h = planted_history
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(h.git.path), str(bare)], check=True)
    _, findings = _scan(cli, bare, tmp_path / "bare.json")
    for name in ("deleted", "renamed", "merge", "message", "tag", "head", "twice"):
        found = by_secret(findings, h.secrets[name])
        assert found, name
        assert found[0]["first_commit"] == h.first[name], name
        assert found[0]["at_head"] is h.at_head[name], name
    # Some mirrors and snapshots are bare repositories without a config file: still read as bare.
    (bare / "config").unlink()
    _, findings = _scan(cli, bare, tmp_path / "bare-no-config.json")
    assert by_secret(findings, h.secrets["deleted"])
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{h.git.path}", str(shallow)], check=True)
    code, findings = _scan(cli, shallow, tmp_path / "shallow.json")
    assert code == 3  # partial: the history behind the boundary is missing
    # The boundary commit shows the whole tree as added: what is at HEAD is found there.
    for name in ("renamed", "merge", "twice", "head"):
        found = by_secret(findings, h.secrets[name])
        assert found, name
        assert found[0]["at_head"] is True, name
    assert not by_secret(findings, h.secrets["deleted"])


def test_binary_submodule_and_clean_repo(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "r")
    git.write("blob.bin", "")
    (git.path / "blob.bin").write_bytes(b"\x00\x01AKIA" + b"Q" * 16 + b"\x00")
    git("add", "blob.bin")
    git.commit("binary")
    sub = Git(tmp_path / "sub")
    sub.commit("sub init", a__txt="a\n")
    git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.path), "vendor/sub")
    git.commit("add submodule")
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(tmp_path / "o.json"))
    assert run.code == 0, run.err
    assert read_json(tmp_path / "o.json") == []


def test_missing_repository_is_incomplete_not_a_crash(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("scan", "git", str(tmp_path / "nope"), "--format", "json", "--output", str(tmp_path / "o.json"))
    assert run.code == 3
    assert "nope" in run.err
    assert "Traceback" not in run.err
    plain = tmp_path / "plain"
    plain.mkdir()
    run = cli("scan", "git", str(plain))
    assert run.code == 3
    assert "not a git repository" in run.out + run.err


def test_huge_diff_is_bounded_and_named(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "r")
    git.commit("big", big__txt="line of text\n" * 20000)
    run = cli(
        "scan",
        "git",
        str(git.path),
        "--max-size",
        "10000",
        "--format",
        "json",
        "--output",
        str(tmp_path / "o.json"),
    )
    assert run.code == 3
    assert "big.txt" in run.err
    assert "size limit" in run.err


def test_at_head_for_multiline_and_decoded_secrets(cli: CliRunner, tmp_path: Path) -> None:
    """A PEM key (many lines) moved to another file, and a base64-wrapped key: still at HEAD or not."""
    import base64
    import random

    from tests.helpers import aws_key_id, private_key_block

    rng = random.Random(21)
    pem = private_key_block(rng)
    wrapped, gone = aws_key_id(rng), aws_key_id(rng)
    git = Git(tmp_path / "repo")
    git.commit("key", **{"id_rsa": pem + "\n"})
    git("mv", "id_rsa", "deploy_key")
    git.commit("rename key")
    encode = base64.b64encode
    git.commit("blob", cfg__txt=f"data: {encode(f'aws_access_key_id = {wrapped}'.encode()).decode()}\n")
    git.commit("gone", old__txt=f"data: {encode(f'aws_access_key_id = {gone}'.encode()).decode()}\n")
    git.commit("drop", old__txt=None)
    out = tmp_path / "o.json"
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == 1, run.err
    findings = read_json(out)
    key = [f for f in findings if f["rule_id"] == "private-key"]
    assert key, [f["rule_id"] for f in findings]
    assert key[0]["at_head"] is True
    assert key[0]["file"] == "id_rsa"
    decoded = {f["secret"]: f for f in findings if f["decoded"]}
    assert decoded[wrapped]["at_head"] is True  # found by decoding: the HEAD file went through the engine
    assert decoded[gone]["at_head"] is False


@pytest.mark.parametrize("count", [1, 64, 300, 1_000, 9_240, 50_001, 228_000])
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_blob_batches_cover_every_blob_once_and_shrink_towards_the_end(count: int, workers: int) -> None:
    spans = history.batch_spans(count, workers)
    starts = [start for start, _ in spans]
    assert starts == sorted(starts)
    assert [start + length for start, length in spans[:-1]] == starts[1:]  # contiguous, no overlap
    assert spans[0][0] == 0
    assert spans[-1][0] + spans[-1][1] == count
    largest = max(history.MIN_BATCH, -(-count // (workers * 4)))
    assert all(length <= largest for _, length in spans[:-1])
    assert spans[-1][1] < largest + history.MIN_BATCH // 2  # the last one at most takes a few more along
    lengths = [length for _, length in spans]
    assert lengths[:-1] == sorted(lengths[:-1], reverse=True)  # never grows again once it shrinks
    if count >= largest * workers * 2:
        assert lengths[-2] < lengths[0]  # the last batches are smaller than the first


def _head_places(findings: list[Finding]) -> list[tuple[str, object, object, object]]:
    return sorted(
        (f.identity, f.extra["head_file"], f.extra["head_line"], f.extra["head_column"]) for f in findings
    )


@pytest.mark.parametrize("early_sees", ["all", "some", "none"])
def test_an_early_head_grep_gives_the_head_check_the_same_answer(
    planted_history: History, engine: Engine, early_sees: str
) -> None:
    """The HEAD check with an early grep (started with a superset, a subset or none of the literals it
    wants) answers exactly as the check that greps on its own."""
    h = planted_history
    repo = open_repo(str(h.git.path))
    findings = scan_history(str(h.git.path), engine, None, GitOptions(), ScanResult())
    assert findings
    alone = [dataclasses.replace(f, extra=dict(f.extra)) for f in findings]
    present_alone = present_at_head(repo, engine, alone, 1 << 20, ScanResult())
    given = {"all": findings, "some": findings[: len(findings) // 2], "none": []}[early_sees]
    early = EarlyGrep(repo, given)
    with_early = [dataclasses.replace(f, extra=dict(f.extra)) for f in findings]
    assert present_at_head(repo, engine, with_early, 1 << 20, ScanResult(), early) == present_alone
    assert _head_places(with_early) == _head_places(alone)
    assert {h.secrets[n] for n, at in h.at_head.items() if at} <= {
        f.secret for f in alone if f.identity in present_alone
    }
