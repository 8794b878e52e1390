"""The bundle source: read build output, scan every chunk, then map the findings back through source maps.

The files are listed here and read and scanned by the runner's workers (processes past PROCESS_THRESHOLD
source files' worth of bundles, threads below); each worker returns what it found with the part of the
`BundleIndex` (maps, sourceMappingURLs) its files showed. Once every file is scanned the findings are
annotated here (original positions, exposure), which needs the whole index, and handed on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from secretguard.safe_read import folder_roots
from secretguard.scan.finding import ScanResult
from secretguard.scan.source import Detection, Item, Outcome, Parallelism, Tasks, outcomes
from secretguard.scan.sources.bundle.annotate import annotate
from secretguard.scan.sources.bundle.files import BundleIndex, BundleReader, list_bundle_files
from secretguard.scan.sources.files import PROCESS_THRESHOLD

FILES_PER_TASK = 16  # bundles are few and large
SOURCE_FILES_PER_BUNDLE = 8  # a bundle file is worth several source files of work


@dataclass(frozen=True, slots=True)
class _Batch:
    names: list[str]
    max_size: int
    roots: Sequence[str]


def _read_and_scan(detection: Detection, batch: _Batch) -> tuple[ScanResult, BundleIndex]:
    """In a worker: read and scan some bundle files; what they hold, and what they say about maps."""
    part = ScanResult()
    files = BundleReader(part, batch.max_size, batch.roots)
    for name in batch.names:
        for chunk in files.read(name):
            detection.scan_into(chunk, part)
    return part, files.index


class BundleSource:
    """`scan bundle`: the built frontend output under `paths`, files read up to `max_size` bytes."""

    kind = "bundle"

    def __init__(self, paths: Sequence[str], max_size: int) -> None:
        self.paths = list(paths)
        self.max_size = max_size
        self.name = " ".join(self.paths)

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        record = ScanResult()  # everything this source found, skipped and counted, until it is annotated
        names = list(list_bundle_files(self.paths, record))
        roots = folder_roots(self.paths)  # nothing is read from outside the folders named
        many = len(names) * SOURCE_FILES_PER_BUNDLE >= PROCESS_THRESHOLD
        how: Parallelism = "processes" if many else "threads"
        size = FILES_PER_TASK if many else 1
        batches = [_Batch(names[i : i + size], self.max_size, roots) for i in range(0, len(names), size)]
        index = BundleIndex()

        def collect(done: tuple[ScanResult, BundleIndex]) -> list[Outcome]:
            part, seen = done
            record.findings += part.findings
            record.skipped += part.skipped
            for key, value in part.stats.items():
                record.count(key, value)
            index.maps |= seen.maps
            index.map_urls.update(seen.map_urls)
            index.broken_maps |= seen.broken_maps
            return []

        yield Tasks(_read_and_scan, batches, collect, how)
        record.findings = annotate(record.findings, index, record, roots, self.max_size)
        yield from outcomes(record)
