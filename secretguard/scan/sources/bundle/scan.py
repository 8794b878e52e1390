"""The bundle scan: read build output, scan every chunk, map findings back, on every core."""

from __future__ import annotations

from secretguard.safe_read import folder_roots
from secretguard.scan.filters import any_of
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.runner import (
    Scanner,
    can_fork,
    exclude_paths,
    fork_map,
    merge_into,
    scan_chunks,
    scan_one,
)
from secretguard.scan.sources.bundle.annotate import annotate
from secretguard.scan.sources.bundle.files import BundleIndex, BundleSource, list_bundle_files

FILES_PER_TASK = 16  # bundles are few and large


def scan_bundles(
    paths: list[str], scanner: Scanner, excluded: list[str], result: ScanResult, workers: int, max_size: int
) -> None:
    """Findings (annotated with original positions and exposure) and skip notes go to `result`."""
    names = list(list_bundle_files(paths, result))
    roots = folder_roots(paths)  # nothing is read from outside the folders named
    if can_fork(workers, len(names) * 8):  # a bundle file is worth several source files
        index = _forked(names, scanner, excluded, result, workers, max_size, roots)
    else:
        source = BundleSource(names, result, max_size, roots)
        scan_chunks(scanner, exclude_paths(source, excluded, result), result, workers)
        index = source.index
    result.findings = annotate(result.findings, index, result, roots, max_size)


def _forked(
    names: list[str],
    scanner: Scanner,
    excluded: list[str],
    result: ScanResult,
    workers: int,
    max_size: int,
    roots: list[str],
) -> BundleIndex:
    exclude = any_of(excluded)

    def task(batch: list[str]) -> tuple[list[Finding], list[Skipped], dict[str, int], BundleIndex]:
        local = ScanResult()
        source = BundleSource([], local, max_size, roots)
        found: list[Finding] = []
        notes: list[Skipped] = []
        for name in batch:
            for chunk in source.read(name):
                if exclude is not None and exclude.search(chunk.path):
                    local.count("excluded")
                    continue
                more, skipped = scan_one(scanner, chunk)
                found += more
                notes += skipped
        return found, notes + local.skipped, local.stats, source.index

    index = BundleIndex()
    batches = [names[i : i + FILES_PER_TASK] for i in range(0, len(names), FILES_PER_TASK)]
    for found, notes, stats, part in fork_map(task, batches, workers):
        merge_into(result, found, notes, stats)
        index.maps |= part.maps
        index.map_urls.update(part.map_urls)
        index.broken_maps |= part.broken_maps
    return index
