"""The CI log source: each run through the engine, then the run's `::add-mask::` values, then deduplication.

A run's logs are read and normalized here, as a stream (bounded chunks), and its chunks scanned on the
runner's threads, in order; the run's findings then come back here to be given their steps, checked against
the run's masks and deduplicated before they are handed on.
"""

from __future__ import annotations

from collections.abc import Iterator

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, ScanResult, Skipped
from secretguard.scan.source import Detection, Item, Outcome, Tasks, outcomes
from secretguard.scan.sources.ci_log.findings import assign_steps, dedupe, redact_locations, redact_member
from secretguard.scan.sources.ci_log.inputs import Run, open_runs
from secretguard.scan.sources.ci_log.masks import MaskSet, find_unmasked
from secretguard.scan.sources.ci_log.stream import CiLogOptions, member_chunks

__all__ = ["CiLogOptions", "CiLogSource"]


def _run_chunks(
    run: Run, options: CiLogOptions, record: ScanResult, masks: MaskSet | None
) -> Iterator[Chunk]:
    for member in run.members:
        yield from member_chunks(member, options, record, masks)


def _kept(chunks: Iterator[Chunk], detection: Detection, record: ScanResult) -> Iterator[Chunk]:
    """The chunks whose path is not excluded (those are counted)."""
    for chunk in chunks:
        if detection.excluded(chunk.path):
            record.count("excluded")
        else:
            yield chunk


def _scan(detection: Detection, chunk: Chunk) -> ScanResult:
    part = ScanResult()
    detection.scan_into(chunk, part)
    return part


class CiLogSource:
    """`scan ci-log`: every run the paths name (a run-log archive, a folder of logs, a log, stdin)."""

    kind = "ci-log"

    def __init__(self, paths: list[str], options: CiLogOptions) -> None:
        self.paths = paths
        self.options = options
        self.name = " ".join(paths)

    def items(self, detection: Detection, workers: int) -> Iterator[Item]:
        record = ScanResult()  # what reading notes; each run's part is redacted with its findings
        for run in open_runs(self.paths, record):
            yield from self._run(run, detection, record)
        yield from outcomes(record)

    def _run(self, run: Run, detection: Detection, record: ScanResult) -> Iterator[Item]:
        # Names first: every chunk, finding and skipped item of a member takes its (redacted) names.
        run.members = [redact_member(member, detection.engine) for member in run.members]
        found: list[Finding] = []
        notes: list[Skipped] = []

        def collect(part: ScanResult) -> list[Outcome]:
            found.extend(part.findings)
            notes.extend(part.skipped)
            return []

        masks = MaskSet()
        first_skip = len(record.skipped)
        chunks = _kept(_run_chunks(run, self.options, record, masks), detection, record)
        yield Tasks(_scan, chunks, collect, "threads")
        if masks and self.options.unmasked:
            # A second read of the run: a value can be printed before the line that registers it.
            scratch = ScanResult()
            again = _kept(_run_chunks(run, self.options, scratch, None), detection, scratch)
            found += find_unmasked(masks, again, found)
        # The engine's notes (a rule's matches capped) make the result partial like a read problem does.
        skipped = record.skipped[first_skip:] + notes
        findings, skipped = redact_locations(dedupe(assign_steps(found), run), skipped)
        record.findings.extend(findings)
        record.skipped[first_skip:] = skipped
