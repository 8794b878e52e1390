"""safe_read: only regular files, inside the roots, capped; refusals name the reason; nothing blocks.

Reads that used to block (FIFOs) run in a daemon thread joined with a generous timeout, so a regression fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secretguard.safe_read import (
    RefusedInput,
    check_regular,
    folder_roots,
    read_regular_file,
    read_regular_head,
    read_text_file,
)
from tests.helpers import settle

MiB = 1024 * 1024


def refusal(call: Callable[[], Any]) -> RefusedInput:
    result = settle(call, "the read")
    assert isinstance(result, RefusedInput), result
    return result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path.resolve() / "root"
    folder.mkdir()
    return folder


def test_a_regular_file_is_read_whole(root: Path) -> None:
    (root / "a.map").write_bytes(b"x" * 3000)
    assert read_regular_file(root / "a.map", roots=[root], max_bytes=3000) == b"x" * 3000
    assert read_regular_file(root / "a.map", roots=None, max_bytes=3000) == b"x" * 3000


def test_text_has_universal_newlines(root: Path) -> None:
    (root / ".env").write_bytes(b"A=1\r\nB=2\rC=3\n")
    assert read_text_file(root / ".env", roots=None, max_bytes=100) == "A=1\nB=2\nC=3\n"


@pytest.mark.parametrize("roots", ["root", None])
def test_a_fifo_is_refused_without_blocking(root: Path, roots: str | None) -> None:
    os.mkfifo(root / "app.js.map")
    refused = refusal(
        lambda: read_regular_file(root / "app.js.map", roots=[root] if roots else None, max_bytes=MiB)
    )
    assert refused.reason == "not a regular file but a FIFO"
    assert refused.path == str(root / "app.js.map")


def test_devices_sockets_and_folders_are_refused(root: Path) -> None:
    assert (
        "character device"
        in refusal(lambda: read_regular_file("/dev/zero", roots=None, max_bytes=MiB)).reason
    )
    (root / "zero.env").symlink_to("/dev/zero")
    assert (
        "character device"
        in refusal(lambda: read_regular_file(root / "zero.env", roots=None, max_bytes=MiB)).reason
    )
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "sock"))
        assert "socket" in refusal(lambda: read_regular_file(root / "sock", roots=None, max_bytes=MiB)).reason
    assert "folder" in refusal(lambda: read_regular_file(root, roots=None, max_bytes=MiB)).reason


def test_the_size_limit_holds_by_size_and_while_reading(root: Path) -> None:
    (root / "big.map").write_bytes(b"x" * 101)
    refused = refusal(lambda: read_regular_file(root / "big.map", roots=[root], max_bytes=100))
    assert refused.reason == "larger than the size limit (101 > 100 bytes)"
    with (root / "sparse.map").open("wb") as handle:
        handle.truncate(1024 * MiB)  # 1 GiB, sparse: refused by its size, never read
    assert (
        "larger than the size limit"
        in refusal(lambda: read_regular_file(root / "sparse.map", roots=None, max_bytes=MiB)).reason
    )
    # /proc files say size 0 and go on: the cap holds while reading.
    refused = refusal(lambda: read_regular_file("/proc/self/status", roots=None, max_bytes=10))
    assert refused.reason == "larger than the size limit (more than 10 bytes)"


def test_a_head_is_read_under_the_same_rules_but_the_size(root: Path) -> None:
    (root / "tool").write_bytes(b"#!/bin/sh\n" + b"x" * (2 * MiB))
    assert read_regular_head(root / "tool", roots=[root], size=10) == b"#!/bin/sh\n"  # any size has a head
    os.mkfifo(root / "pipe")
    (root / "zero").symlink_to("/dev/zero")
    (root / "out").symlink_to("/etc/hostname")
    assert refusal(lambda: read_regular_head(root / "pipe", roots=None, size=256)).reason == (
        "not a regular file but a FIFO"
    )
    assert refusal(lambda: read_regular_head(root / "zero", roots=[root], size=256)).reason == (
        "not a regular file but a character device"
    )
    assert refusal(lambda: read_regular_head(root / "out", roots=[root], size=256)).reason == (
        "a symbolic link to outside the scanned folders"
    )


def test_check_regular_is_the_same_test_for_a_descriptor_opened_elsewhere(root: Path) -> None:
    (root / "journal").write_bytes(b"x" * 11)
    check_regular(root / "journal", os.stat(root / "journal"), max_bytes=11)
    with pytest.raises(RefusedInput, match=r"larger than the size limit \(11 > 10 bytes\)"):
        check_regular(root / "journal", os.stat(root / "journal"), max_bytes=10)
    os.mkfifo(root / "pipe")
    with pytest.raises(RefusedInput, match="not a regular file but a FIFO"):
        check_regular(root / "pipe", os.stat(root / "pipe"), max_bytes=10)


def test_missing_files_raise_the_os_error(root: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular_file(root / "nope.map", roots=[root], max_bytes=MiB)


def test_paths_outside_the_roots_are_refused(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "x.map").write_text("{}")
    (root / "link.map").symlink_to(outside / "x.map")
    (root / "in.map").write_text("{}")
    (root / "inside-link.map").symlink_to(root / "in.map")
    (root / "sub").mkdir()

    refused = refusal(
        lambda: read_regular_file(root / ".." / "outside" / "x.map", roots=[root], max_bytes=MiB)
    )
    assert refused.reason == "outside the scanned folders"
    assert refusal(lambda: read_regular_file("/etc/passwd", roots=[root], max_bytes=MiB)).reason == (
        "outside the scanned folders"
    )
    refused = refusal(lambda: read_regular_file(root / "link.map", roots=[root], max_bytes=MiB))
    assert refused.reason == "a symbolic link to outside the scanned folders"
    # Symlinks that stay inside, and several roots, are fine; without roots a named symlink is followed.
    assert read_regular_file(root / "inside-link.map", roots=[root], max_bytes=MiB) == b"{}"
    assert read_regular_file(outside / "x.map", roots=[root / "sub", outside], max_bytes=MiB) == b"{}"
    assert read_regular_file(root / "link.map", roots=None, max_bytes=MiB) == b"{}"


def swap_after_the_check(monkeypatch: pytest.MonkeyPatch, path: Path, swap: Callable[[], None]) -> None:
    """The check before the open sees `path` as it is; right after it, `swap()` replaces it (the race)."""
    real_stat = os.stat

    def stat_then_swap(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)
        if os.fspath(target) == str(path):
            swap()
        return result

    monkeypatch.setattr(os, "stat", stat_then_swap)


def test_a_file_swapped_for_a_fifo_after_the_check_is_caught_on_the_descriptor(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = root / "app.js.map"
    target.write_text("{}")

    def to_fifo() -> None:
        target.unlink()
        os.mkfifo(target)

    swap_after_the_check(monkeypatch, target, to_fifo)
    refused = refusal(lambda: read_regular_file(target, roots=[root], max_bytes=MiB))
    assert refused.reason == "not a regular file but a FIFO"


def test_a_file_swapped_for_a_symlink_out_after_the_check_is_caught_on_the_descriptor(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = root.parent / "secret.txt"
    secret.write_text("s3cr3t")
    target = root / "app.js.map"
    target.write_text("{}")

    def to_symlink() -> None:
        target.unlink()
        target.symlink_to(secret)

    swap_after_the_check(monkeypatch, target, to_symlink)
    refused = refusal(lambda: read_regular_file(target, roots=[root], max_bytes=MiB))
    assert refused.reason == "a symbolic link to outside the scanned folders"


@pytest.mark.parametrize("proc", [True, False], ids=["proc-fd", "resolved-name"])
def test_a_folder_on_the_way_that_links_out_is_caught(
    root: Path, monkeypatch: pytest.MonkeyPatch, proc: bool
) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (outside / "app.js.map").write_text("{}")
    (root / "maps").symlink_to(outside)
    if not proc:  # as on systems without /proc: the name is resolved after the open
        real_readlink = os.readlink

        def no_proc(link: Any, *args: Any, **kwargs: Any) -> Any:
            if os.fspath(link).startswith("/proc/"):
                raise FileNotFoundError(link)
            return real_readlink(link, *args, **kwargs)

        monkeypatch.setattr(os, "readlink", no_proc)
    refused = refusal(lambda: read_regular_file(root / "maps" / "app.js.map", roots=[root], max_bytes=MiB))
    assert refused.reason == "a symbolic link to outside the scanned folders"


def test_folder_roots_are_the_named_folders_or_the_folders_of_named_files(root: Path) -> None:
    (root / "dist").mkdir()
    (root / "dist" / "app.js").write_text("")
    (root / "link").symlink_to(root / "dist")
    assert folder_roots([root / "dist", root / "dist" / "app.js", root / "link"]) == [str(root / "dist")] * 3
