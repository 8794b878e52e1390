"""Where a secret found in history is in the current tree: `head_file`, `head_line`, `head_column`."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from secretguard.scan.sources.git import head
from tests.conftest import CliRunner
from tests.helpers import aws_key_id, private_key_block
from tests.scan.sources.gitfixtures import Git, by_secret, read_json
from tests.scan.sources.test_git_damaged import _remove_object


def _scan(cli: CliRunner, git: Git, out: Path, code: int = 1) -> list[dict[str, Any]]:
    run = cli("scan", "git", str(git.path), "--format", "json", "--output", str(out), "--show-secrets")
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    return read_json(out)


def _place(finding: dict[str, Any]) -> tuple[Any, Any, Any]:
    return finding["head_file"], finding["head_line"], finding["head_column"]


def test_lines_moved_after_the_commit(cli: CliRunner, tmp_path: Path) -> None:
    key = aws_key_id(random.Random(1))
    git = Git(tmp_path / "repo")
    git.commit("add", app__cfg=f"aws_access_key_id = {key}\n")
    # Lines above it, and characters before it that are more than one byte in UTF-8: columns count characters.
    git.commit("more", app__cfg=f"# réglages\n\n[prod]\n  clé é aws_access_key_id = {key}\n")
    [found] = by_secret(_scan(cli, git, tmp_path / "o.json"), key)
    assert (found["file"], found["line"], found["column"]) == ("app.cfg", 1, 21)  # where the commit put it
    assert found["at_head"] is True
    assert _place(found) == ("app.cfg", 4, len("  clé é aws_access_key_id = ") + 1)


def test_renamed_and_copied(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(2)
    moved, copied = aws_key_id(rng), aws_key_id(rng)
    git = Git(tmp_path / "repo")
    git.commit("add", settings__env=f"AWS_ACCESS_KEY_ID={moved}\n", a__cfg=f"aws_access_key_id = {copied}\n")
    (git.path / "config").mkdir()
    git("mv", "settings.env", "config/prod.env")
    git.write("config/prod.env", f"DEBUG=0\nAWS_ACCESS_KEY_ID={moved}\n")
    git("add", "config/prod.env")
    git.commit("move")
    git.commit("copy", b__cfg=f"x = 1\naws_access_key_id = {copied}\n")
    findings = _scan(cli, git, tmp_path / "o.json")
    [renamed] = by_secret(findings, moved)
    assert renamed["file"] == "settings.env"
    assert _place(renamed) == ("config/prod.env", 2, 19)
    # One finding per file that had it added; each points at its own file while the secret is still there.
    places = {f["file"]: _place(f) for f in by_secret(findings, copied)}
    assert places == {"a.cfg": ("a.cfg", 1, 21), "b.cfg": ("b.cfg", 2, 21)}


def test_gone_from_the_tree(cli: CliRunner, tmp_path: Path) -> None:
    key = aws_key_id(random.Random(3))
    git = Git(tmp_path / "repo")
    git.commit("add", old__cfg=f"aws_access_key_id = {key}\n")
    git.commit("drop", old__cfg=None)
    [found] = by_secret(_scan(cli, git, tmp_path / "o.json"), key)
    assert found["at_head"] is False
    assert _place(found) == (None, None, None)


def test_multiline_key_moved_to_another_file(cli: CliRunner, tmp_path: Path) -> None:
    pem = private_key_block(random.Random(4))
    git = Git(tmp_path / "repo")
    git.commit("key", id_rsa=pem + "\n")
    git("mv", "id_rsa", "deploy_key")
    git.commit("rename", deploy_key=f"# deploy key\n\n  {pem}\n")
    [found] = [f for f in _scan(cli, git, tmp_path / "o.json") if f["rule_id"] == "private-key"]
    assert found["file"] == "id_rsa"
    # git grep finds its longest line; the engine, run on the file holding it, says where the key starts.
    assert _place(found) == ("deploy_key", 3, 3)


def test_secret_in_a_commit_message_still_in_a_file(cli: CliRunner, tmp_path: Path) -> None:
    key = aws_key_id(random.Random(5))
    git = Git(tmp_path / "repo")
    git.commit(f"use aws_access_key_id = {key}\n", ci__yml=f"env:\n  aws_access_key_id: {key}\n")
    found = {f["file"]: f for f in by_secret(_scan(cli, git, tmp_path / "o.json"), key)}
    assert _place(found["<commit message>"]) == ("ci.yml", 2, 22)
    assert _place(found["ci.yml"]) == ("ci.yml", 2, 22)


def test_names_git_grep_would_split(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(6)
    colon, newline = aws_key_id(rng), aws_key_id(rng)
    git = Git(tmp_path / "repo")
    git.commit("add", **{"a: b.cfg": f"x\naws_access_key_id = {colon}\n"})
    git.write("new\nline.cfg", f"x\n\naws_access_key_id = {newline}\n")
    git("add", "new\nline.cfg")
    git.commit("newline")
    findings = _scan(cli, git, tmp_path / "o.json")
    assert _place(by_secret(findings, colon)[0]) == ("a: b.cfg", 2, 21)
    assert _place(by_secret(findings, newline)[0]) == ("new\\x0aline.cfg", 3, 21)


def test_places_when_git_grep_cannot_run(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged tree: every blob of HEAD is read instead, and the places are the same."""
    fallback = head._present_by_reading_tree
    calls: list[int] = []

    def spy(*args: Any, **kwargs: Any) -> set[str]:
        calls.append(1)
        return fallback(*args, **kwargs)

    monkeypatch.setattr(head, "_present_by_reading_tree", spy)
    rng = random.Random(7)
    kept, lost = aws_key_id(rng), aws_key_id(rng)
    pem = private_key_block(rng)
    git = Git(tmp_path / "repo")
    git.commit(
        "a", a__cfg=f"aws_access_key_id = {kept}\n", id_rsa=pem + "\n", b__cfg=f"aws_access_key_id = {lost}\n"
    )
    git.commit("move", a__cfg=f"\n\n  é aws_access_key_id = {kept}\n", deploy_key=f"#\n{pem}\n", id_rsa=None)
    _remove_object(git, git("rev-parse", "HEAD:b.cfg"))
    (git.path / "b.cfg").unlink()
    findings = _scan(cli, git, tmp_path / "o.json", code=3)
    assert calls, "git grep should have failed on the missing blob"
    assert _place(by_secret(findings, kept)[0]) == ("a.cfg", 3, len("  é aws_access_key_id = ") + 1)
    [key] = [f for f in findings if f["rule_id"] == "private-key"]
    assert _place(key) == ("deploy_key", 2, 1)


def test_git_grep_output_is_parsed_whole() -> None:
    prefix = b"abc:"
    literals = {b"AKIAAAAAAAAAAAAAAAAA"}
    out = b"abc:a:\nb\x002\x007\x00AKIAAAAAAAAAAAAAAAAA\nabc:c\x001\x001\x00AKIAAAAAAAAAAAAAAAAA\n"
    assert head._parse_grep(out, prefix, literals) == [
        ("a:\nb", 2, 7, b"AKIAAAAAAAAAAAAAAAAA"),
        ("c", 1, 1, b"AKIAAAAAAAAAAAAAAAAA"),
    ]
    assert head._parse_grep(b"", prefix, literals) == []


@pytest.mark.parametrize(
    "out",
    [
        b"abc:a\x002\x00AKIAAAAAAAAAAAAAAAAA\n",  # no column: an older git
        b"xyz:a\x002\x007\x00AKIAAAAAAAAAAAAAAAAA\n",  # another tree
        b"abc:a\x002\x007\x00SOMETHING ELSE\n",
        b"abc:a\x00x\x007\x00AKIAAAAAAAAAAAAAAAAA\n",
    ],
)
def test_unexpected_git_grep_output_falls_back(out: bytes) -> None:
    assert head._parse_grep(out, b"abc:", {b"AKIAAAAAAAAAAAAAAAAA"}) is None


@pytest.mark.parametrize(
    ("data", "offset", "place"),
    [
        (b"abc", 0, (1, 1)),
        (b"a\nbc", 3, (2, 2)),
        ("é\nxé y".encode(), len("é\nxé ".encode()), (2, 4)),
    ],
)
def test_position_counts_characters(data: bytes, offset: int, place: tuple[int, int]) -> None:
    assert head._position(data, offset) == place
