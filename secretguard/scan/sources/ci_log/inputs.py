"""What the user named, opened as runs of logs: a file, a gzipped file, a run-log archive, a folder, stdin.

A run is the unit `::add-mask::` values are collected over: one log, one archive, one folder. Its members
are opened lazily and can be opened again (the mask pass reads a run twice); stdin is spooled to a
temporary file for that, so memory stays bounded whatever arrives there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from secretguard.safe_read import RefusedInput, check_regular
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.sources.ci_log.gunzip import Gunzip
from secretguard.scan.sources.ci_log.reader import Readable

STDIN_NAME = "<stdin>"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_GZIP_MAGIC = b"\x1f\x8b"
_ORDER = re.compile(r"^(\d+)_")
_LOG_SUFFIXES = (".gz", ".txt", ".log")

Opener = Callable[[], contextlib.AbstractContextManager[Readable]]


@dataclass(frozen=True, slots=True)
class Member:
    path: str  # as reported: the file, or `archive.zip!job/3_step.txt`
    open: Opener
    job: str | None = None
    step: str | None = None  # from the file name; None: from the markers inside
    job_log: bool = False  # a whole-job log of a run archive (GitHub's `N_job.txt` beside `job/`)


@dataclass(slots=True)
class Run:
    name: str
    members: list[Member] = field(default_factory=list)


def _stem(name: str) -> str:
    for suffix in _LOG_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return _ORDER.sub("", name, count=1)


def _order(name: str) -> tuple[str, int, str]:
    """Archive members by folder, then by the step number GitHub puts in front of each name."""
    folder, _, base = name.rpartition("/")
    number = _ORDER.match(base)
    return (folder, int(number.group(1)) if number else -1, base)


def member_names(name: str) -> tuple[str | None, str | None, bool]:
    """(job, step, is a whole-job log) from a member's path inside a run archive or folder."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if len(parts) >= 2:
        return parts[-2], _stem(parts[-1]), False
    return _stem(parts[-1]) if parts else None, None, True


def _peek(stream: IO[bytes], size: int) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(size)[:size])
    head = stream.read(size)
    stream.seek(0)
    return head


@contextlib.contextmanager
def _decompressed(raw: IO[bytes]) -> Iterator[Readable]:
    """The stream itself, or its gunzipped content (detected by magic, whatever the name says)."""
    if _peek(raw, 2) == _GZIP_MAGIC:
        yield Gunzip(raw)
    else:
        yield raw


# Logs are streamed, not read whole: no size cap, but only regular files (a FIFO would hang the scan,
# /dev/zero stream forever).
_NO_CAP = 1 << 62


def open_log(path: str) -> IO[bytes]:
    """A log file opened for streaming: RefusedInput unless it is a regular file (checked before and after
    opening, without blocking on a FIFO)."""
    check_regular(path, os.stat(path), max_bytes=_NO_CAP)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        check_regular(path, os.fstat(fd), max_bytes=_NO_CAP)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _file_opener(path: str) -> Opener:
    @contextlib.contextmanager
    def opener() -> Iterator[Readable]:
        with open_log(path) as raw, _decompressed(raw) as stream:
            yield stream

    return opener


def _handle_opener(handle: IO[bytes]) -> Opener:
    @contextlib.contextmanager
    def opener() -> Iterator[Readable]:
        handle.seek(0)
        with _decompressed(handle) as stream:
            yield stream

    return opener


def _zip_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    @contextlib.contextmanager
    def opener() -> Iterator[Readable]:
        with archive.open(info) as raw, _decompressed(raw) as stream:
            yield stream

    return opener


def _zip_run(display: str, handle: IO[bytes], result: ScanResult) -> Iterator[Run]:
    try:
        archive = zipfile.ZipFile(handle)
    # NotImplementedError: a member needing a zip version zipfile does not know (or a damaged version field).
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        result.skipped.append(Skipped(display, f"corrupt zip archive, not scanned: {exc}"))
        return
    with archive:
        run = Run(display)
        for info in sorted(
            (i for i in archive.infolist() if not i.is_dir()), key=lambda i: _order(i.filename)
        ):
            job, step, job_log = member_names(info.filename)
            run.members.append(
                Member(f"{display}!{info.filename}", _zip_opener(archive, info), job, step, job_log)
            )
        result.count("archives")
        yield run


def _is_zip(handle: IO[bytes]) -> bool:
    head = handle.read(4)
    handle.seek(0)
    return head in _ZIP_MAGIC


def _folder_runs(folder: str, result: ScanResult) -> Iterator[Run]:
    """An extracted run archive: one run of its logs; archives inside are runs of their own."""
    run = Run(folder)
    archives: list[str] = []

    def on_error(exc: OSError) -> None:
        result.skipped.append(Skipped(str(exc.filename), f"cannot list folder: {exc.strerror}"))

    names: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs.sort()
        names += [os.path.relpath(os.path.join(root, f), folder) for f in files]
    for rel in sorted(names, key=_order):
        path = os.path.join(folder, rel)
        try:
            with open_log(path) as handle:
                is_zip = _is_zip(handle)
        except RefusedInput as exc:
            result.skipped.append(Skipped(path, exc.reason))
            continue
        except OSError as exc:
            result.skipped.append(Skipped(path, f"cannot read: {exc.strerror}"))
            continue
        if is_zip:
            archives.append(path)
            continue
        job, step, job_log = member_names(rel)
        run.members.append(Member(path, _file_opener(path), job, step, job_log))
    if run.members:
        yield run
    for path in archives:
        yield from _path_runs(path, result)


def _path_runs(given: str, result: ScanResult) -> Iterator[Run]:
    if os.path.isdir(given):
        yield from _folder_runs(given, result)
        return
    try:
        handle = open_log(given)  # held open while the run is scanned
    except RefusedInput as exc:
        result.skipped.append(Skipped(given, exc.reason))
        return
    except OSError as exc:
        result.skipped.append(Skipped(given, f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        if _is_zip(handle):
            yield from _zip_run(given, handle, result)
        else:
            yield Run(given, [Member(given, _file_opener(given))])


def _stdin_runs(result: ScanResult) -> Iterator[Run]:
    # Spooled to disk: stdin can be read once only, and a run may be read twice (masks) or be an archive.
    with tempfile.TemporaryFile(prefix="secretguard-stdin-") as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
        spool.seek(0)
        if _is_zip(spool):
            yield from _zip_run(STDIN_NAME, spool, result)
        else:
            yield Run(STDIN_NAME, [Member(STDIN_NAME, _handle_opener(spool))])


def open_runs(paths: list[str], result: ScanResult) -> Iterator[Run]:
    """Each run, open while the caller scans it (archives are closed when the next run is asked for)."""
    for given in paths:
        if given == "-":
            yield from _stdin_runs(result)
        else:
            yield from _path_runs(given, result)
