"""The blob-oriented history scan: listing (git log --raw), reading blobs (cat-file), and giving findings
to the commits that added them."""

from __future__ import annotations

import random
import subprocess
import tempfile
from pathlib import Path

import pytest

from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.sources.git import blobscan
from secretguard.scan.sources.git.catfile import ObjectReader, stream_blobs
from secretguard.scan.sources.git.listing import RangeLister
from secretguard.scan.sources.git.patches import CommitHeader
from secretguard.scan.sources.git.repo import open_repo
from tests.conftest import CliRunner
from tests.helpers import aws_key_id
from tests.scan.sources.gitfixtures import Git, build_history, by_secret, read_json


def _scan(cli: CliRunner, repo: Path, out: Path, *extra: str) -> list[dict[str, object]]:
    run = cli("scan", "git", str(repo), "--format", "json", "--output", str(out), "--show-secrets", *extra)
    assert "Traceback" not in run.err
    assert run.code in (0, 1), run.err
    return read_json(out)


def test_stream_blobs_names_missing_objects_and_cuts_at_the_limit(tmp_path: Path) -> None:
    git = Git(tmp_path / "r")
    git.commit("two files", small__txt="tiny\n", big__txt="x" * 5000 + "\n")
    repo = open_repo(str(git.path))
    small, big = git("rev-parse", "HEAD:small.txt"), git("rev-parse", "HEAD:big.txt")
    missing = "0123456789abcdef0123456789abcdef01234567"
    blobs = list(stream_blobs(repo, [small, missing, big], limit=100))
    assert [b.kind for b in blobs] == ["blob", "missing", "blob"]
    assert blobs[0].data == b"tiny\n"
    assert not blobs[0].cut
    assert (len(blobs[2].data), blobs[2].size, blobs[2].cut) == (100, 5001, True)
    reader = ObjectReader(repo)
    try:
        assert reader.read(missing, 100).kind == "missing"
        assert reader.read(small, 100).data == b"tiny\n"  # still answering after a missing object
    finally:
        reader.close()


def test_listing_reads_odd_paths_merges_and_deletions(tmp_path: Path) -> None:
    git = Git(tmp_path / "r")
    odd = ["with space.cfg", "tab\there.cfg", "new\nline.cfg", "ünï.cfg", "SG1 looks like a header"]
    git.commit("odd names", **{name.replace(".", "__"): f"{i}\n" for i, name in enumerate(odd)})
    git("checkout", "-q", "-b", "side")
    git.commit("side", shared__txt="side\n")
    git("checkout", "-q", "main")
    git.commit("main", shared__txt="main\n")
    git("merge", "-q", "side", "-m", "merge", check=False)
    git.write("shared.txt", "resolved\n")
    git("add", "shared.txt")
    git("commit", "-q", "--no-edit")
    git.commit("drop and add", **{"with space__cfg": None}, added__txt="added\n")
    repo = open_repo(str(git.path))
    commits = git("rev-list", "--topo-order", "--all").split()
    seen: list[CommitHeader] = []

    def on_message(header: CommitHeader, skipped: list[Skipped]) -> list[Finding]:
        seen.append(header)
        return []

    spool = str(tmp_path / "spool")
    lister = RangeLister(repo, commits, 0, len(commits), spool, lambda _p: False, lambda _p: (), on_message)
    part = lister.run()
    assert part.stats["commits"] == len(commits) == len(seen)
    assert [h.sha for h in seen] == commits
    paths = {raw.decode() for _, raw in part.occurrences}
    assert set(odd) <= paths
    spooled = (tmp_path / "spool").read_bytes()
    merge = commits.index(git("rev-parse", "HEAD~1"))
    merge_entries = [line for line in spooled.split(b"\n") if line.startswith(b"E %d " % merge)]
    assert len(merge_entries) == 1  # only the resolved file, with both parents' blobs
    assert merge_entries[0].split()[3].count(b",") == 1
    # A commit that deletes and adds files records its deletions (a move adds nothing).
    assert b"D %d " % commits.index(git("rev-parse", "HEAD")) in spooled
    assert all(h.author == "Dev Eloper" and h.email == "dev@example.com" for h in seen)


def test_move_with_an_edit_and_an_edited_line_add_nothing(cli: CliRunner, tmp_path: Path) -> None:
    secret = aws_key_id(random.Random(3))
    git = Git(tmp_path / "r")
    first = git.commit("add", cfg__ini=f"aws_access_key_id = {secret}\n")
    git("mv", "cfg.ini", "moved.ini")
    git.write("moved.ini", f"aws_access_key_id = {secret}\nregion = eu-west-1\n")
    git("add", "moved.ini")
    git.commit("move and edit")
    git.commit("edit the line", moved__ini=f"aws_access_key_id = {secret}  # prod\nregion = eu-west-1\n")
    found = by_secret(_scan(cli, git.path, tmp_path / "o.json"), secret)
    rows = [(f["file"], f["commit"], f["commits"], f["at_head"]) for f in found]
    assert rows == [("cfg.ini", first, 1, True)]


def test_same_content_under_paths_with_different_rules(cli: CliRunner, tmp_path: Path) -> None:
    """A high-entropy setting counts only in config files: the blob is scanned under each kind of path."""
    value = "gY71Hq0Vb3Ld8Ws5Xn2Ck9Fm4Tz6Rp1Jv7Ae3Uo0Q+"
    text = f"relay={value}\n"
    git = Git(tmp_path / "r")
    git.commit("as code", notes__py=text)
    env = git.commit("as config", config__env=text)
    found = [f for f in _scan(cli, git.path, tmp_path / "o.json") if f["secret"] == value]
    assert [(f["file"], f["commit"]) for f in found] == [("config.env", env)]


def test_range_compares_with_content_before_the_range(cli: CliRunner, tmp_path: Path) -> None:
    secret = aws_key_id(random.Random(4))
    git = Git(tmp_path / "r")
    base = git.commit("add", cfg__ini=f"aws_access_key_id = {secret}\n")
    git.commit("edit another line", cfg__ini=f"aws_access_key_id = {secret}\nregion = x\n")
    assert not by_secret(_scan(cli, git.path, tmp_path / "a.json", "--range", f"{base}..main"), secret)
    assert by_secret(_scan(cli, git.path, tmp_path / "b.json"), secret)


def test_pack_order_reading_gives_the_same_findings(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = build_history(tmp_path / "repo")
    loose = _scan(cli, h.git.path, tmp_path / "loose.json")
    subprocess.run(["git", "-C", str(h.git.path), "gc", "-q"], check=True)
    monkeypatch.setattr(blobscan, "PACK_ORDER_MIN", 1)
    packed = _scan(cli, h.git.path, tmp_path / "packed.json")
    key = ("fingerprint", "file", "commit", "first_commit", "commits", "at_head", "line")

    def rows(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return sorted(tuple(f[k] for k in key) for f in findings)

    assert rows(packed) == rows(loose)
    for name, secret in h.secrets.items():
        assert by_secret(packed, secret), name


def test_pack_order_lists_every_wanted_blob_once_missing_ones_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = Git(tmp_path / "r")
    for i in range(5):
        git.commit(f"c{i}", **{f"f{i}__txt": f"{i}\n" * (i + 1)})
    subprocess.run(["git", "-C", str(git.path), "gc", "-q"], check=True)
    blobs = [bytes.fromhex(git("rev-parse", f"HEAD:f{i}.txt")) for i in range(5)]
    missing = bytes(20)
    monkeypatch.setattr(blobscan, "PACK_ORDER_MIN", 1)
    order = blobscan.PackOrder.for_history(open_repo(str(git.path)), 5)
    assert order is not None
    listed = list(order.order(dict.fromkeys([missing, *blobs])))
    assert sorted(listed[:-1]) == sorted(blobs)
    assert listed[-1] == missing


def test_listing_goes_past_a_commit_git_refuses_in_the_middle(tmp_path: Path) -> None:
    """git stops before printing anything (an unreadable commit named on its input): the commits before it
    are listed first, it is named, and the ones after it are listed too."""
    git = Git(tmp_path / "r")
    shas = [git.commit(f"c{i}", **{f"f{i}__txt": f"{i}\n"}) for i in range(6)][::-1]
    lost = shas[2]
    (git.path / ".git" / "objects" / lost[:2] / lost[2:]).unlink()
    repo = open_repo(str(git.path))
    spool = str(tmp_path / "spool")
    part = RangeLister(repo, shas, 0, len(shas), spool, lambda _p: False, lambda _p: (), None).run()
    assert [s.path for s in part.skipped] == [f"commit {lost}"]
    assert part.stats["commits"] == 5
    listed = {raw.decode() for _, raw in part.occurrences}
    # Each readable commit is listed; the one below the lost commit has no readable parent: whole tree.
    assert {f"f{i}.txt" for i in (5, 4, 2, 1, 0)} <= listed


def test_pack_order_without_room_for_its_list_reads_in_listing_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = Git(tmp_path / "r")
    git.commit("c", a__txt="a\n", b__txt="b\n")
    blobs = [bytes.fromhex(git("rev-parse", f"HEAD:{n}.txt")) for n in "ab"]

    def no_room() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(blobscan, "PACK_ORDER_MIN", 1)
    monkeypatch.setattr(tempfile, "TemporaryFile", no_room)
    order = blobscan.PackOrder(open_repo(str(git.path)))
    assert list(order.order(dict.fromkeys(blobs))) == blobs
