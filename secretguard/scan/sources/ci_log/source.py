"""Scan CI logs: every run through the engine, then the run's `::add-mask::` values, then deduplication."""

from __future__ import annotations

from collections.abc import Iterator

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.finding import ScanResult
from secretguard.scan.runner import exclude_paths, scan_chunks
from secretguard.scan.sources.ci_log.findings import assign_steps, dedupe, redact_locations, redact_member
from secretguard.scan.sources.ci_log.inputs import Run, open_runs
from secretguard.scan.sources.ci_log.masks import MaskSet, find_unmasked
from secretguard.scan.sources.ci_log.stream import CiLogOptions, member_chunks

__all__ = ["CiLogOptions", "scan_ci_logs"]


def _run_chunks(
    run: Run, options: CiLogOptions, result: ScanResult, masks: MaskSet | None
) -> Iterator[Chunk]:
    for member in run.members:
        yield from member_chunks(member, options, result, masks)


def scan_ci_logs(
    paths: list[str], engine: Engine, options: CiLogOptions, result: ScanResult, excluded: list[str]
) -> None:
    """Scan every run the paths name; findings and skip notes go to `result`."""
    for run in open_runs(paths, result):
        # Names first: every chunk, finding and skipped item of a member takes its (redacted) names.
        run.members = [redact_member(member, engine) for member in run.members]
        found = ScanResult()
        masks = MaskSet()
        first_skip = len(result.skipped)
        chunks = exclude_paths(_run_chunks(run, options, result, masks), excluded, result)
        scan_chunks(engine, chunks, found, options.workers)
        findings = found.findings
        if masks and options.unmasked:
            # A second read of the run: a value can be printed before the line that registers it.
            scratch = ScanResult()
            again = exclude_paths(_run_chunks(run, options, scratch, None), excluded, scratch)
            findings += find_unmasked(masks, again, findings)
        # The engine's notes (a rule's matches capped) make the result partial like a read problem does.
        skipped = result.skipped[first_skip:] + found.skipped
        findings, skipped = redact_locations(dedupe(assign_steps(findings), run), skipped)
        result.findings.extend(findings)
        result.skipped[first_skip:] = skipped
