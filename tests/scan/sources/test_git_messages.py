"""Issue 14, item 5: commit messages are scanned to their end (a long one in overlapping pieces), and the
messages of annotated tags are scanned too, reported at `<tag message>` with the tag's name."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from secretguard.scan.engine import Engine
from secretguard.scan.finding import ScanResult
from secretguard.scan.sources.git import history, messages
from tests.conftest import CliRunner
from tests.helpers import stripe_live_key
from tests.scan.sources.gitfixtures import Git, by_secret, read_json


def filler(lines: int) -> str:
    rng = random.Random(lines)
    return "".join(f"line {i} {''.join(rng.choice('abcdefgh ') for _ in range(60))}\n" for i in range(lines))


def test_token_after_the_first_mib_of_a_commit_message_is_found(cli: CliRunner, tmp_path: Path) -> None:
    secret = stripe_live_key(random.Random(51))
    body = filler(40_000)  # ~2.8 MB
    assert len(body) > 2 * messages.PIECE
    message = f"huge message\n\n{body}leaked stripe = {secret}\n"
    (tmp_path / "msg.txt").write_text(message, encoding="utf-8")
    git = Git(tmp_path / "repo")
    git.write("a.txt", "a\n")
    git("add", "a.txt")
    git("commit", "-q", "-F", str(tmp_path / "msg.txt"))
    out = tmp_path / "out.json"
    run = cli("scan", "git", git.path, "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    [finding] = by_secret(read_json(out), secret)
    assert finding["file"] == "<commit message>"
    assert finding["line"] == message.count("\n")
    assert finding["column"] == len("leaked stripe = ") + 1


@pytest.mark.parametrize("size", [0, 10, 5000, 20_000, 100_000])
def test_pieces_cover_the_message_with_overlap(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(messages, "PIECE", 1000)
    monkeypatch.setattr(messages, "OVERLAP", 100)
    rng = random.Random(size)
    data = bytes(rng.choice(b"abc \n") for _ in range(size))
    parts = list(messages.pieces(data))
    covered = 0
    offset = 0
    owned = 0
    for piece in parts:
        text = piece.text
        start = data.find(text, offset) if text else 0
        assert start <= covered, "a gap between pieces"
        assert piece.line == data.count(b"\n", 0, start) + 1
        assert piece.shift == start - (data.rfind(b"\n", 0, start) + 1)
        assert start + piece.own_from == owned, "the owned spans tile the message"
        assert piece.own_from <= piece.own_to
        owned = start + piece.own_to
        if covered and start < covered:
            assert covered - start >= 100, "pieces overlap by at least OVERLAP bytes"
        covered = max(covered, start + len(text))
        offset = start + 1
    assert covered == size
    assert owned == size
    assert len(parts) <= size // 700 + 1


def test_a_key_across_a_piece_boundary_is_found_once(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    monkeypatch.setattr(messages, "PIECE", 2048)
    monkeypatch.setattr(messages, "OVERLAP", 512)
    secret = stripe_live_key(random.Random(52))
    straddled = 0
    head = ("x" * 70 + "\n") * 20  # then one long line: pieces must end inside it
    for pad in range(300, 1800, 11):
        data = f"{head}{'y' * pad} stripe = {secret} {'z' * 1500}\nend\n".encode()
        at = data.index(secret.encode())
        ends = [data.find(p.text) + len(p.text) for p in messages.pieces(data)]
        straddled += any(at < end < at + len(secret) for end in ends)
        found = messages.scan_message(engine, data, "<commit message>", {}, [])
        column = pad + len(" stripe = ") + 1
        assert [(f.secret, f.line, f.column, f.end_column) for f in found] == [
            (secret, 21, column, column + len(secret))
        ], pad
    assert straddled  # some of those placements put the key across a piece's end


@pytest.fixture
def tagged(tmp_path: Path) -> tuple[Git, dict[str, str]]:
    rng = random.Random(54)
    secrets = {name: stripe_live_key(rng) for name in ("main", "branch", "commit")}
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    git("tag", "-a", "v1.0", "-m", f"release 1.0\n\ndeploy key: {secrets['main']}\n")
    git("tag", "light")  # lightweight: no message
    git("checkout", "-q", "-b", "side")
    git.commit("side work", side__txt="side\n")
    git("tag", "-a", "side-1", "-m", f"side release\n\nkey {secrets['branch']}\n")
    git("checkout", "-q", "main")
    git.commit(f"normal commit\n\nstripe {secrets['commit']}\n", app__py="print(1)\n")
    return git, secrets


def test_annotated_tag_messages_are_scanned(
    cli: CliRunner, tagged: tuple[Git, dict[str, str]], tmp_path: Path
) -> None:
    git, secrets = tagged
    out = tmp_path / "out.json"
    run = cli("scan", "git", git.path, "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    findings = read_json(out)
    [main] = by_secret(findings, secrets["main"])
    assert (main["file"], main["line"], main["tag"]) == ("<tag message>", 3, "v1.0")
    assert main["commit"] == git("rev-parse", "v1.0^{commit}")
    assert main["author"] == "Dev Eloper"
    assert main["email"] == "dev@example.com"
    assert main["date"]
    [branch] = by_secret(findings, secrets["branch"])
    assert (branch["file"], branch["tag"]) == ("<tag message>", "side-1")
    [commit] = by_secret(findings, secrets["commit"])
    assert commit["file"] == "<commit message>"
    assert "tag" not in commit
    text = cli("scan", "git", git.path).out
    assert "tag=v1.0" in text
    assert "<tag message>" in text


def test_tag_messages_follow_the_scanned_commits_and_no_messages(
    cli: CliRunner, tagged: tuple[Git, dict[str, str]], tmp_path: Path
) -> None:
    git, secrets = tagged
    out = tmp_path / "out.json"
    cli("scan", "git", git.path, "--branch", "main", "--format", "json", "--output", out, "--show-secrets")
    found = {f["secret"] for f in read_json(out)}
    assert secrets["main"] in found
    assert secrets["branch"] not in found  # its tag is on a commit --branch main does not scan
    run = cli("scan", "git", git.path, "--no-messages", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 0, run.err
    assert read_json(out) == []


def test_tag_over_the_size_limit_is_scanned_to_the_limit_and_named(cli: CliRunner, tmp_path: Path) -> None:
    secret = stripe_live_key(random.Random(55))
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    (tmp_path / "tag.txt").write_text(f"big tag\n\nkey {secret}\n{filler(2000)}", encoding="utf-8")
    git("tag", "-a", "big", "-F", str(tmp_path / "tag.txt"))
    out = tmp_path / "out.json"
    run = cli(
        "scan", "git", git.path, "--max-size", "4096", "--format", "json", "--output", out, "--show-secrets"
    )
    assert run.code == 3, run.err
    assert [f["tag"] for f in by_secret(read_json(out), secret)] == ["big"]
    assert "tag big: tag larger than the size limit" in run.err


@pytest.mark.parametrize("branch", [None, "main"])
def test_tags_read_by_a_worker_beside_the_listing_give_the_serial_findings(
    tagged: tuple[Git, dict[str, str]], engine: Engine, monkeypatch: pytest.MonkeyPatch, branch: str | None
) -> None:
    """With ranges listed in parallel, a worker reads the tag messages (and keeps only the scanned commits'
    tags under --branch): the same findings as the serial run."""
    git, secrets = tagged

    def scan() -> set[tuple[str, str, object]]:
        found = history.scan_history(
            str(git.path), engine, None, history.GitOptions(branch=branch, workers=2), ScanResult()
        )
        return {(f.secret, f.file, f.extra.get("tag")) for f in found}

    serial = scan()
    monkeypatch.setattr(history, "MIN_RANGE", 1)  # one range per few commits: several ranges, in parallel
    parallel = scan()
    assert parallel == serial
    assert (secrets["main"], "<tag message>", "v1.0") in parallel
    assert ((secrets["branch"], "<tag message>", "side-1") in parallel) == (branch is None)
