"""Files and folders as a source: git-aware listing, size limit, binary detection, archives opened safely.

`FileSource` lists the files in this process (cheap) and hands them to the runner's workers in batches;
each worker reads its files with a `FileReader` and scans them (reading and scanning are the costly part).
Past PROCESS_THRESHOLD files the batches go to forked processes, below it to threads.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import stat
import subprocess
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.names import redact_name, unquoted
from secretguard.scan.sources.textfile import as_text, is_binary

if TYPE_CHECKING:  # the source interface is for the full path; the fast path reads files with FileReader
    from secretguard.scan.source import Detection, Item, Parallelism

# is_binary and as_text live in textfile (light enough for the pre-commit hook); named here for every source.
__all__ = [
    "ALWAYS_SKIPPED_DIRS",
    "FileOptions",
    "FileReader",
    "FileSource",
    "as_text",
    "file_chunks",
    "git_listing",
    "is_binary",
    "list_files",
]

ARCHIVE_SUFFIXES = (".zip", ".jar", ".war", ".whl", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
# Directories that are never source: VCS metadata. Dependencies and build output are left to .gitignore
# (in a repository) or scanned, since a key in node_modules/ of a folder that is shipped is still a leak.
ALWAYS_SKIPPED_DIRS = {".git", ".hg", ".svn"}
# Past this many files, scanning forks worker processes: the judging and bookkeeping around Hyperscan are
# Python and hold the GIL, so threads use barely more than one core on a large tree.
PROCESS_THRESHOLD = 2000
FILES_PER_TASK = 64

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileOptions:
    max_size: int = 25 * 1024 * 1024
    all_files: bool = False  # False: in a git work tree, only files git tracks or would add (.gitignore)
    archives: bool = True
    archive_depth: int = 2
    archive_max_total: int = 256 * 1024 * 1024  # uncompressed bytes read from one archive, nested included
    follow_symlinks: bool = False


def _is_archive(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(ARCHIVE_SUFFIXES)


def git_listing(folder: Path) -> list[str] | None:
    """Files under `folder` that git tracks or would add (respecting .gitignore); None if not a work tree."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n})


def _walk(folder: Path, follow_symlinks: bool, result: ScanResult) -> Iterator[str]:
    def on_error(exc: OSError) -> None:
        result.skipped.append(Skipped(str(exc.filename), f"cannot list folder: {exc.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=on_error, followlinks=follow_symlinks):
        dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED_DIRS)
        rel_root = os.path.relpath(root, folder)
        for name in sorted(files):
            yield name if rel_root == "." else os.path.join(rel_root, name)


def list_files(paths: Iterable[str], options: FileOptions, result: ScanResult) -> Iterator[str]:
    """Display paths (as the user named them, joined with the relative path) of every file to scan."""
    for given in paths:
        path = Path(given)
        try:
            st = path.stat() if options.follow_symlinks else path.lstat()
        except OSError as exc:
            result.skipped.append(Skipped(given, f"cannot read: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(st.st_mode) or (
            stat.S_ISLNK(st.st_mode) and path.is_dir() and options.follow_symlinks
        ):
            listing = None if options.all_files else git_listing(path)
            names: Iterable[str] = (
                listing if listing is not None else _walk(path, options.follow_symlinks, result)
            )
            for rel in names:
                yield os.path.join(given, rel)
        else:
            yield given


def _as_is(name: str) -> str:
    return name


class FileReader:
    """Reads a file into chunks (a chunk per text file, and per text member of an archive); records the
    rest in `record` (skipped items and counters).

    `shown` gives the name an archive member is reported under: member names are whatever the archive's
    author wrote, and a secret in one (`backup!deploy --token ghp_....sh`) must not reach the report
    (FileSource's workers pass names.redact_name with the engine)."""

    def __init__(
        self, options: FileOptions, record: ScanResult, shown: Callable[[str], str] = _as_is
    ) -> None:
        self.options = options
        self.result = record
        self.shown = shown

    def read(self, display: str) -> list[Chunk]:
        """The chunks of one file (several for an archive); problems are recorded, not raised."""
        return list(self._file(display))

    def _inner(self, display: str, name: str) -> str:
        return f"{display}!{self.shown(name)}"

    def _file(self, display: str) -> Iterator[Chunk]:
        options = self.options
        try:
            st = os.stat(display) if options.follow_symlinks else os.lstat(display)
        except OSError as exc:
            self.result.skipped.append(Skipped(display, f"cannot read: {exc.strerror}"))
            return
        if stat.S_ISLNK(st.st_mode):
            self.result.count("symlinks_skipped")
            return
        try:
            # A FIFO, socket or device in the tree is named (it used to be passed over in silence), and the
            # read itself cannot block or run past the size limit if the file is swapped meanwhile.
            data = read_regular_file(display, roots=None, max_bytes=options.max_size)
        except RefusedInput as exc:
            self.result.skipped.append(Skipped(display, exc.reason))
            return
        except OSError as exc:
            self.result.skipped.append(Skipped(display, f"cannot read: {exc.strerror}"))
            return
        if options.archives and _is_archive(display):
            yield from self._archive(display, data, depth=1)
            return
        yield from self._text(display, data)

    def _text(self, display: str, data: bytes) -> Iterator[Chunk]:
        text = as_text(data)
        if text is None:
            self.result.count("binary_skipped")
            return
        self.result.count("files")
        self.result.count("bytes", len(data))
        if text[1]:
            self.result.count("files_decoded")  # UTF-16/32, scanned as UTF-8
        yield Chunk(data=text[0], path=display)

    def _archive(self, display: str, data: bytes, depth: int) -> Iterator[Chunk]:
        if depth > self.options.archive_depth:
            self.result.skipped.append(
                Skipped(display, f"archive nested deeper than {self.options.archive_depth}")
            )
            return
        self.result.count("archives")
        budget = [self.options.archive_max_total]
        try:
            if zipfile.is_zipfile(io.BytesIO(data)):
                yield from self._zip(display, data, depth, budget)
            else:
                yield from self._tar(display, data, depth, budget)
        except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
            self.result.skipped.append(Skipped(display, f"corrupt or unreadable archive: {unquoted(exc)}"))

    def _member(self, display: str, name: str, data: bytes, depth: int) -> Iterator[Chunk]:
        inner = self._inner(display, name)
        if _is_archive(name):
            yield from self._archive(inner, data, depth + 1)
        else:
            yield from self._text(inner, data)

    def _zip(self, display: str, data: bytes, depth: int, budget: list[int]) -> Iterator[Chunk]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.file_size > self.options.max_size or info.file_size > budget[0]:
                    self.result.skipped.append(
                        Skipped(self._inner(display, info.filename), "archive member over the size limit")
                    )
                    continue
                try:
                    with archive.open(info) as member:
                        content = member.read(self.options.max_size + 1)
                except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError) as exc:
                    self.result.skipped.append(
                        Skipped(self._inner(display, info.filename), f"unreadable member: {unquoted(exc)}")
                    )
                    continue
                budget[0] -= len(content)
                yield from self._member(display, info.filename, content, depth)

    def _tar(self, display: str, data: bytes, depth: int, budget: list[int]) -> Iterator[Chunk]:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            for info in archive:
                if not info.isfile():
                    continue
                if info.size > self.options.max_size or info.size > budget[0]:
                    self.result.skipped.append(
                        Skipped(self._inner(display, info.name), "archive member over the size limit")
                    )
                    continue
                handle = archive.extractfile(info)
                if handle is None:
                    continue
                content = handle.read(self.options.max_size + 1)
                budget[0] -= len(content)
                yield from self._member(display, info.name, content, depth)


def file_chunks(
    paths: Iterable[str], options: FileOptions, record: ScanResult, shown: Callable[[str], str] = _as_is
) -> Iterator[Chunk]:
    """Every chunk of the files under `paths`, read here, one after the other (no engine needed)."""
    reader = FileReader(options, record, shown)
    for display in list_files(paths, options, record):
        yield from reader.read(display)


@dataclass(frozen=True, slots=True)
class _Batch:
    options: FileOptions
    names: list[str]


def _read_and_scan(detection: Detection, batch: _Batch) -> ScanResult:
    """In a worker: read and scan a batch of files; what it finds, skips and counts."""
    part = ScanResult()
    # Archive members are reported under their names with any secret in them redacted.
    reader = FileReader(batch.options, part, functools.partial(redact_name, detection.engine))
    for name in batch.names:
        for chunk in reader.read(name):
            detection.scan_into(chunk, part)
    return part


class FileSource:
    """`scan files`: every file under `paths`, as `options` say."""

    kind = "files"

    def __init__(self, paths: Iterable[str], options: FileOptions) -> None:
        self.paths = list(paths)
        self.options = options
        self.name = " ".join(self.paths)

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        from secretguard.scan.source import Tasks, drain, outcomes  # noqa: PLC0415 - see TYPE_CHECKING above

        record = ScanResult()  # what listing notes (folders it cannot read)
        listing = list_files(self.paths, self.options, record)
        names = list(itertools.islice(listing, PROCESS_THRESHOLD))
        many = len(names) >= PROCESS_THRESHOLD
        how: Parallelism = "processes" if many else "threads"
        # The rest of the tree is listed while the workers scan (the pool takes tasks as workers free up).
        batches = _batched(itertools.chain(names, listing), FILES_PER_TASK if many else 1)
        yield Tasks(_read_and_scan, (_Batch(self.options, batch) for batch in batches), outcomes, how)
        yield from drain(record)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
