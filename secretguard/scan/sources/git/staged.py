"""The staged diff (`git diff --cached -U0`): what the next commit adds. The pre-commit hook's source.

Light on purpose: it runs on every commit, so it imports neither GitPython nor the history machinery.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.sources.git.patches import (
    CONFIG_OPTIONS,
    DIFF_OPTIONS,
    Added,
    Binary,
    Gitlink,
    TooLarge,
    parse,
)

if TYPE_CHECKING:  # the source interface is for the full path; the hook's fast path reads staged_chunks only
    from secretguard.scan.source import Detection, Item

# The keys `scan git` findings carry, present (empty) on staged findings too, so both have one shape.
STAGED_EXTRA: dict[str, str | int | bool | None] = {
    "commit": None,
    "author": None,
    "email": None,
    "date": None,
    "first_commit": None,
    "commits": 0,
    "at_head": None,
    "head_file": None,
    "head_line": None,
    "head_column": None,
    "staged": True,
}


class StagedSource:
    """`scan git --staged`: the lines the next commit adds, scanned here (a small diff, one process)."""

    kind = "staged"

    def __init__(self, max_file_size: int, cwd: str | None = None) -> None:
        self.max_file_size = max_file_size
        self.cwd = cwd
        self.name = cwd or "."

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        from secretguard.scan.source import interleaved  # noqa: PLC0415 - see the TYPE_CHECKING import

        record = ScanResult()
        return interleaved(staged_chunks(record, self.max_file_size, self.cwd), record)


def staged_chunks(result: ScanResult, max_file_size: int, cwd: str | None = None) -> Iterator[Chunk]:
    """A chunk per piece of added lines in the index against HEAD (the empty tree before a first commit)."""
    command = ["git", *CONFIG_OPTIONS, "diff", "--cached", *DIFF_OPTIONS]
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors
            )
        except OSError as exc:
            result.skipped.append(Skipped("staged changes", f"cannot run git: {exc}"))
            return
        assert proc.stdout is not None
        try:
            for event in parse(proc.stdout, commits=False, max_file_size=max_file_size):
                if isinstance(event, Added):
                    result.count("files")
                    result.count("bytes", len(event.data))
                    yield Chunk(data=event.data, path=event.path, line_map=event.lines, extra=STAGED_EXTRA)
                elif isinstance(event, Binary):
                    yield from _binary_change(event.path, result, max_file_size, cwd)
                elif isinstance(event, Gitlink):
                    result.count("submodules_skipped")
                elif isinstance(event, TooLarge):
                    result.skipped.append(
                        Skipped(
                            event.path, f"staged change adds more than the size limit ({event.limit} bytes)"
                        )
                    )
        finally:
            proc.stdout.close()
            code = proc.wait()
        if code != 0:
            errors.seek(0)
            text = errors.read(4096).decode("utf-8", "replace").strip().splitlines()
            reason = next(
                (ln for ln in text if ln.startswith("fatal:")), text[-1] if text else f"exit {code}"
            )
            result.skipped.append(Skipped("staged changes", f"git diff --cached failed: {reason}"))


def _binary_change(path: str, result: ScanResult, max_file_size: int, cwd: str | None) -> Iterator[Chunk]:
    """A staged file git calls binary (it holds NUL bytes) that is text after all: UTF-16/32, or text with a
    stray NUL. Its lines that HEAD's version does not hold are what the change adds (a diff of the decoded
    text would say the same, up to moved lines)."""
    from secretguard.scan.sources.git.catfile import stream_blobs  # noqa: PLC0415 - only for such files
    from secretguard.scan.sources.git.repo import Repo  # noqa: PLC0415
    from secretguard.scan.sources.textfile import as_text  # noqa: PLC0415

    repo = Repo(path=cwd or ".", git_dir="", common_dir="", bare=False, shallow=False, work_tree=None)
    new, old = stream_blobs(repo, [f":{path}", f"HEAD:{path}"], max_file_size)
    text = as_text(new.data) if new.kind == "blob" else None
    if text is None:
        result.count("binary_skipped")
        return
    if new.cut:
        result.skipped.append(
            Skipped(path, f"staged change adds more than the size limit ({max_file_size} bytes)")
        )
        return
    before = as_text(old.data) if old.kind == "blob" and not old.cut else None
    known = set(before[0].split(b"\n")) if before is not None else set()
    lines = text[0].split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the end of the last line, not a line
    added = [(number, line) for number, line in enumerate(lines, 1) if line not in known]
    result.count("files")
    result.count("bytes", len(new.data))
    if added:
        data = b"".join(line + b"\n" for _, line in added)
        yield Chunk(data=data, path=path, line_map=[number for number, _ in added], extra=STAGED_EXTRA)
