"""Phase two of a history scan: every distinct new blob read once, in pack order, and scanned whole.

Reading blobs in the order they sit in the pack lets git resolve each delta from a base it has just
inflated: on a 90k-commit history, 195k blobs took 7 s in pack order against 22 s in commit order (and
`git log -p` over the same history ~39 s, as it inflates both sides of every change and diffs them).
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding
from secretguard.scan.sources.git.catfile import stream_blobs, unreadable
from secretguard.scan.sources.git.repo import Repo, git_command
from secretguard.scan.sources.textfile import as_text

if TYPE_CHECKING:
    from secretguard.scan.engine import Engine

# Below this many blobs, asking git for the pack order costs more than reading in commit order.
PACK_ORDER_MIN = 4096


@dataclass(frozen=True, slots=True)
class BlobTask:
    oid: str
    path: str  # a path the blob was committed at (rules bound to file names depend on it)


@dataclass(slots=True)
class BlobOutput:
    """Findings by task position, problems (position, reason), the positions whose blob could not be read
    at all, and counters of one run of tasks."""

    findings: list[tuple[int, list[Finding]]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n


def pack_order(repo: Repo, wanted: Mapping[bytes, object]) -> Iterator[bytes]:
    """The keys of `wanted` (binary object ids) in the order of the repository's packs, then any other."""
    if len(wanted) < PACK_ORDER_MIN:
        yield from wanted
        return
    listed: set[bytes] = set()
    try:
        proc = subprocess.Popen(
            git_command(
                repo, "cat-file", "--batch-check=%(objectname)", "--batch-all-objects", "--unordered"
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=1 << 20,
        )
    except OSError:
        yield from wanted
        return
    assert proc.stdout is not None
    fromhex = bytes.fromhex
    try:
        for line in proc.stdout:
            try:
                oid = fromhex(line[:-1].decode("ascii"))
            except ValueError:
                continue
            if oid in wanted and oid not in listed:
                listed.add(oid)
                yield oid
    finally:
        proc.stdout.close()
        proc.wait()
    if len(listed) != len(wanted):  # objects git could not list (missing): read last, named then
        yield from (oid for oid in wanted if oid not in listed)


def scan_blobs(repo: Repo, engine: Engine, tasks: Sequence[BlobTask], max_file_size: int) -> BlobOutput:
    """Read and scan each task's blob; content past `max_file_size` is not scanned and is reported."""
    out = BlobOutput()
    for position, blob in enumerate(stream_blobs(repo, [t.oid for t in tasks], max_file_size)):
        if blob.kind != "blob":
            out.problems.append((position, f"cannot read blob {blob.oid}: {unreadable(blob)}"))
            out.unread.append(position)
            continue
        out.count("blobs")
        out.count("bytes", len(blob.data))
        text = as_text(blob.data)
        if text is None:
            out.count("binary_skipped")
            continue
        if blob.cut:
            out.problems.append(
                (position, f"larger than the size limit ({max_file_size} bytes); the rest was not scanned")
            )
        notes: list[str] = []
        found = engine.scan(Chunk(data=text[0], path=tasks[position].path), notes)
        if text[1]:
            # Read through UTF-16/32: marked like a decoding, so presence at HEAD is checked by the engine
            # (git grep cannot find UTF-8 text in such a file).
            found = [dataclasses.replace(f, decoded=(text[1], *f.decoded)) for f in found]
        if found:
            out.findings.append((position, found))
        out.problems.extend((position, note) for note in notes)
    return out
