"""The files source: what becomes a chunk, and what is skipped (and reported) instead."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from secretguard.errors import ExitCode
from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult
from secretguard.scan.sources.files import FileOptions, file_chunks, is_binary
from tests.conftest import CliRunner
from tests.helpers import settle


def collect(paths: Iterable[str | Path], **options: object) -> tuple[dict[str, bytes], ScanResult]:
    result = ScanResult()
    chunks: list[Chunk] = list(file_chunks([str(p) for p in paths], FileOptions(**options), result))  # type: ignore[arg-type]
    return {c.path: c.data for c in chunks}, result


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_gz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_folder_listing_uses_the_given_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "proj" / "sub").mkdir(parents=True)
    (tmp_path / "proj" / "a.txt").write_text("a\n")
    (tmp_path / "proj" / "sub" / "b.txt").write_text("b\n")
    (tmp_path / "proj" / ".git").mkdir()  # not a work tree (no HEAD): walked, and .git is always skipped
    (tmp_path / "proj" / ".git" / "config").write_text("[core]\n")
    monkeypatch.chdir(tmp_path)
    chunks, result = collect(["proj"], all_files=True)
    assert sorted(chunks) == ["proj/a.txt", "proj/sub/b.txt"]
    chunks, _ = collect(["./proj/"], all_files=True)
    assert sorted(chunks) == ["./proj/a.txt", "./proj/sub/b.txt"]
    chunks, _ = collect(["proj/sub/b.txt"])
    assert list(chunks) == ["proj/sub/b.txt"]
    assert result.stats["files"] == 2
    assert not result.partial


def test_binary_files_are_counted_not_reported(tmp_path: Path) -> None:
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00secret=abc")
    (tmp_path / "text.txt").write_text("hello\n")
    chunks, result = collect([tmp_path], all_files=True)
    assert [Path(p).name for p in chunks] == ["text.txt"]
    assert result.stats["binary_skipped"] == 1
    assert not result.partial
    assert is_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
    assert not is_binary(b"abc\x00")  # one stray NUL does not make text binary (issue 14)
    assert not is_binary("ünïcode".encode())


def test_files_over_the_size_limit_are_reported(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 200)
    (tmp_path / "small.txt").write_text("x" * 20)
    chunks, result = collect([tmp_path], max_size=100, all_files=True)
    assert [Path(p).name for p in chunks] == ["small.txt"]
    assert result.partial
    [skipped] = result.skipped
    assert skipped.path.endswith("big.txt")
    assert "size limit" in skipped.reason


def test_a_missing_path_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("fine\n")
    chunks, result = collect([tmp_path / "gone.txt", tmp_path / "ok.txt"])
    assert list(chunks) == [str(tmp_path / "ok.txt")]
    [skipped] = result.skipped
    assert skipped.path == str(tmp_path / "gone.txt")
    assert "cannot read" in skipped.reason


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_is_reported(tmp_path: Path) -> None:
    # Tests run as root, so permissions cannot make a file unreadable; /proc/self/mem is a regular file whose
    # read at offset 0 fails (EIO) for every user.
    (tmp_path / "ok.txt").write_text("fine\n")
    chunks, result = collect(["/proc/self/mem", tmp_path / "ok.txt"])
    assert list(chunks) == [str(tmp_path / "ok.txt")]
    [skipped] = result.skipped
    assert skipped.path == "/proc/self/mem"
    assert "cannot read" in skipped.reason


def test_special_files_and_symlinks_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("real\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe")
    outcome: list[tuple[dict[str, bytes], ScanResult]] = []
    worker = threading.Thread(target=lambda: outcome.append(collect([tmp_path], all_files=True)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert outcome, "reading the folder blocked (a FIFO was opened?)"
    chunks, result = outcome[0]
    assert [Path(p).name for p in chunks] == ["real.txt"]
    assert result.stats["symlinks_skipped"] == 2


def test_zip_and_tar_members_are_scanned_with_bang_paths(tmp_path: Path) -> None:
    (tmp_path / "bundle.zip").write_bytes(
        zip_bytes({"conf/app.env": b"A=1\n", "logo.png": b"\x89PNG\x00\x00"})
    )
    (tmp_path / "release.tar.gz").write_bytes(tar_gz_bytes({"etc/settings.ini": b"[x]\nb=2\n"}))
    chunks, result = collect([tmp_path], all_files=True)
    base = str(tmp_path)
    assert chunks == {
        f"{base}/bundle.zip!conf/app.env": b"A=1\n",
        f"{base}/release.tar.gz!etc/settings.ini": b"[x]\nb=2\n",
    }
    assert result.stats["archives"] == 2
    assert result.stats["binary_skipped"] == 1
    assert not result.partial
    chunks, _ = collect([tmp_path], all_files=True, archives=False)
    assert chunks == {}  # archives are binary when not opened


def test_nested_archives_beyond_the_depth_are_reported(tmp_path: Path) -> None:
    innermost = zip_bytes({"deep.env": b"DEEP=1\n"})
    middle = zip_bytes({"middle.env": b"MIDDLE=1\n", "inner.zip": innermost})
    (tmp_path / "outer.zip").write_bytes(zip_bytes({"outer.env": b"OUTER=1\n", "middle.zip": middle}))
    chunks, result = collect([tmp_path / "outer.zip"], archive_depth=2)
    outer = str(tmp_path / "outer.zip")
    assert sorted(chunks) == [f"{outer}!middle.zip!middle.env", f"{outer}!outer.env"]
    [skipped] = result.skipped
    assert skipped.path == f"{outer}!middle.zip!inner.zip"
    assert "nested deeper than 2" in skipped.reason
    chunks, result = collect([tmp_path / "outer.zip"], archive_depth=3)
    assert f"{outer}!middle.zip!inner.zip!deep.env" in chunks
    assert not result.partial


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 this is not really a zip file", "truncated"],
    ids=["garbage", "truncated"],
)
def test_corrupt_archives_are_reported(tmp_path: Path, content: bytes | str) -> None:
    if content == "truncated":
        whole = zip_bytes({"a.env": b"A=1\n" * 200})
        content = whole[: len(whole) // 2]
    assert isinstance(content, bytes)
    (tmp_path / "broken.zip").write_bytes(content)
    (tmp_path / "fine.txt").write_text("ok\n")
    chunks, result = collect([tmp_path], all_files=True)
    assert [Path(p).name for p in chunks] == ["fine.txt"]
    [skipped] = result.skipped
    assert skipped.path.endswith("broken.zip")
    assert "corrupt or unreadable archive" in skipped.reason


def test_archive_members_over_the_size_limit_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(zip_bytes({"big.txt": b"x" * 5000, "small.txt": b"ok\n"}))
    chunks, result = collect([tmp_path / "a.zip"], max_size=1000)
    assert list(chunks) == [f"{tmp_path}/a.zip!small.txt"]
    [skipped] = result.skipped
    assert skipped.path == f"{tmp_path}/a.zip!big.txt"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_ignored_files_are_skipped_unless_all_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("*.log\nbuild/\n")
    (repo / "app.env").write_text("A=1\n")
    (repo / "debug.log").write_text("B=2\n")
    (repo / "build").mkdir()
    (repo / "build" / "out.js").write_text("C=3\n")
    chunks, _ = collect([repo])
    assert sorted(Path(p).name for p in chunks) == [".gitignore", "app.env"]
    chunks, _ = collect([repo], all_files=True)
    assert sorted(Path(p).name for p in chunks) == [".gitignore", "app.env", "debug.log", "out.js"]


def test_a_fifo_or_device_in_the_tree_is_named_not_passed_over(cli: CliRunner, tmp_path: Path) -> None:
    tree = tmp_path / "t"
    tree.mkdir()
    os.mkfifo(tree / "pipe")
    (tree / "zero").symlink_to("/dev/zero")
    (tree / "a.txt").write_text("nothing here\n")
    run = settle(lambda: cli("scan", "files", tree, "--all-files"), "scanning a tree with a FIFO")
    assert run.code == ExitCode.INCOMPLETE
    assert "pipe: not a regular file but a FIFO" in run.out
    # A symlink is not followed by default (counted, not read): /dev/zero is never opened.
    assert "zero" not in run.out.replace("a.txt", "")
