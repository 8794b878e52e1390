"""One way to read a file the tool did not write: a regular file, inside the folders it may come from, capped.

Every input named by other input (a source map a bundle points to, a dotenv store an inventory names) or read
on the user's behalf (configuration, baseline) goes through `read_regular_file`. It refuses, with a reason:
- anything but a regular file: a FIFO would block the read forever, a device (/dev/zero) never ends;
- with `roots`, a path outside them, by its name (`../outside/x.map`, `/etc/passwd`: never touched) or once
  its symlinks are resolved (`dist/app.js.map -> /home/me/.ssh/id_rsa`);
- a file over `max_bytes`, by its size and again while reading (it may grow, or lie, as /proc files do).

The kind of file is checked before the open (no device is ever opened on purpose) and again on the opened
descriptor, and the open never blocks (O_NONBLOCK), so a file swapped for a FIFO in between is caught.
Where the file really is comes from the descriptor too (/proc/self/fd on Linux), so a symlink swapped into
the path on the way is caught as well; elsewhere the name is resolved after the open, which leaves that race.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Sequence
from pathlib import Path

StrPath = str | os.PathLike[str]

_READ_BLOCK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class RefusedInput(Exception):  # noqa: N818 - a refusal, not an error: callers turn it into Skipped
    """A file that is not read, and why. The reason names the kind of problem, never the file's content."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def read_regular_file(path: StrPath, *, roots: Sequence[StrPath] | None, max_bytes: int) -> bytes:
    """The bytes of `path`, or RefusedInput. `roots=None` is for a file the user named (a config file, a
    dotenv store, which may be a symlink such as /run/secrets/...): its target must still be a regular file.
    A missing or unreadable file raises the OSError as it is (callers word "not found" their own way)."""
    shown = os.fspath(path)
    fd, opened = _open_regular(shown, roots, max_bytes)
    try:
        return _read_capped(shown, fd, max_bytes, opened.st_size)
    finally:
        os.close(fd)


def read_regular_head(path: StrPath, *, roots: Sequence[StrPath] | None, size: int) -> bytes:
    """The first `size` bytes of `path` (a sniff of its kind: a shebang, magic bytes), under the rules of
    `read_regular_file` but the size limit: a file of any size has a head, and nothing past it is read."""
    shown = os.fspath(path)
    fd, _ = _open_regular(shown, roots, None)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def check_regular(path: StrPath, st: os.stat_result, *, max_bytes: int) -> None:
    """RefusedInput unless `st` (of `path`, from os.stat or, once opened, os.fstat) is a regular file of at
    most `max_bytes`: for a file opened another way than for reading (a journal opened to append to)."""
    _check_regular(os.fspath(path), st, max_bytes)


def _open_regular(
    shown: str, roots: Sequence[StrPath] | None, max_bytes: int | None
) -> tuple[int, os.stat_result]:
    """A descriptor of `shown`, opened after and checked again once open (kind, roots, size unless None)."""
    # Keyed by absolute path: a relative root means another folder once the working folder changes.
    bases = _resolved(tuple(os.path.abspath(root) for root in roots)) if roots is not None else None
    if bases is not None and not _inside(os.path.abspath(shown), bases):
        raise RefusedInput(shown, "outside the scanned folders")
    _check_regular(shown, os.stat(shown), max_bytes)
    fd = os.open(shown, os.O_RDONLY | os.O_NONBLOCK)  # Python makes it non-inheritable already
    try:
        _check_regular(shown, opened := os.fstat(fd), max_bytes)
        if bases is not None and not _inside(_real_path(fd, shown), bases):
            raise RefusedInput(shown, "a symbolic link to outside the scanned folders")
    except BaseException:
        os.close(fd)
        raise
    return fd, opened


def read_text_file(
    path: StrPath, *, roots: Sequence[StrPath] | None, max_bytes: int, encoding: str = "utf-8"
) -> str:
    """`read_regular_file`, decoded, with universal newlines (what `Path.read_text` gives)."""
    text = read_regular_file(path, roots=roots, max_bytes=max_bytes).decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def folder_roots(paths: Sequence[StrPath]) -> list[str]:
    """The roots for inputs found from `paths` the user named: each folder, or the folder a named file is
    really in (symlinks resolved)."""
    roots = []
    for given in paths:
        real = os.path.realpath(given)
        roots.append(real if os.path.isdir(real) else str(Path(real).parent))
    return roots


@functools.lru_cache(maxsize=64)
def _resolved(roots: tuple[str, ...]) -> tuple[str, ...]:
    """The roots with their symlinks resolved, once per set of roots (a scan reads thousands of files)."""
    return tuple(os.path.realpath(root) for root in roots)


def _inside(path: str, bases: Sequence[str]) -> bool:
    """Whether a normalised absolute path is one of `bases` or under one (a prefix test on whole names)."""
    for base in bases:
        if path == base or path.startswith(base if base.endswith(os.sep) else base + os.sep):
            return True
    return False


def _check_regular(shown: str, st: os.stat_result, max_bytes: int | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "something else")
        raise RefusedInput(shown, f"not a regular file but {kind}")
    if max_bytes is not None and st.st_size > max_bytes:
        raise RefusedInput(shown, f"larger than the size limit ({st.st_size} > {max_bytes} bytes)")


def _real_path(fd: int, shown: str) -> str:
    """Where the opened file really is: the descriptor's own path on Linux, else the name resolved."""
    try:
        opened = os.readlink(f"/proc/self/fd/{fd}")  # noqa: PTH115 - Path.readlink costs 3x per file
    except OSError:
        return os.path.realpath(shown)
    return opened if opened.startswith("/") else os.path.realpath(shown)


def _read_capped(shown: str, fd: int, max_bytes: int, expected: int) -> bytes:
    """At most `max_bytes`, else refused. The first read asks for the whole file and one byte more, so the
    usual file is one read and no copy; a file that grows, or says size 0 (/proc), goes on by blocks."""
    parts: list[bytes] = []
    total = 0
    want = min(expected, max_bytes) + 1
    while total <= max_bytes:
        block = os.read(fd, min(want, max_bytes + 1 - total))
        if not block:
            return b"".join(parts)
        parts.append(block)
        total += len(block)
        want = _READ_BLOCK
    raise RefusedInput(shown, f"larger than the size limit (more than {max_bytes} bytes)")
