"""What a finished scan reports and fails on: one place for every command, the pre-commit fast path included.

1. Repetition: a value found in several files of one scan, one of them a test, fixture, example or
   documentation file, is shared test data: its non-structural findings lose a level (`repeated-in-N-files`).
2. The confidence floor (`--min-confidence`, default medium): findings below it are counted, not shown, and
   do not fail the exit code.
3. Suppressions (scan/suppress.py): the baseline and ignore files; accepted findings are counted as
   suppressed. Findings in the baseline or ignore files themselves are dropped first.

Imports only the standard library and the finding model (the hook's fast path uses it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from secretguard.scan.finding import CONFIDENCE_LEVELS as LEVELS
from secretguard.scan.finding import Finding

if TYPE_CHECKING:
    from secretguard.scan.suppress import Suppressions

DEFAULT_MIN_CONFIDENCE = "medium"
# Places whose values are test data (scan/context.py names them as reasons on each finding).
TEST_DATA_PLACES = frozenset({"test-path", "fixture-path", "example-path", "docs-path", "api-example"})
SPREAD_FILES = 8
SPREAD_DIRS = 3


# Set by the engine on a finding whose line carries `secretguard:allow` (only when asked to report them).
ALLOWED_INLINE = "allowed-inline"


@dataclass(slots=True)
class GateOutcome:
    findings: list[Finding]
    below_confidence: int = 0
    suppressed: int = 0
    # Findings an inline marker allows: listed by the CI gate, never failing it.
    allowed_inline: list[Finding] = field(default_factory=list)


def note_repetition(findings: Iterable[Finding]) -> None:
    """A value that also occurs in a test, fixture, example or documentation file is shared test data, in
    every file it occurs in, and so is one spread over many files of several folders: its non-structural
    findings lose a level (`repeated-in-N-files`)."""
    files: dict[str, set[str]] = defaultdict(set)
    in_test_data: set[str] = set()
    items = list(findings)
    for finding in items:
        files[finding.secret].add(finding.file)
        if TEST_DATA_PLACES.intersection(finding.reasons):
            in_test_data.add(finding.secret)
    for finding in items:
        digest = finding.secret
        count = len(files[digest])
        if count < 2 or finding.structural or not (digest in in_test_data or _spread(files[digest])):
            continue
        if TEST_DATA_PLACES.intersection(finding.reasons):
            continue  # its own place already lowered it
        reason = f"repeated-in-{count}-files"
        if reason in finding.reasons:
            continue
        finding.reasons = (*finding.reasons, reason)
        level = LEVELS.index(finding.confidence) if finding.confidence in LEVELS else 1
        finding.confidence = LEVELS[max(0, level - 1)]


def _spread(paths: set[str]) -> bool:
    """A value in SPREAD_FILES files across SPREAD_DIRS folders is shared data (a schema hash, a fixture
    copied per region or per package), not a leak."""
    if len(paths) < SPREAD_FILES:
        return False
    return len({path.rpartition("/")[0] for path in paths}) >= SPREAD_DIRS


def apply_gate(
    findings: Sequence[Finding], *, min_confidence: str | None, suppressions: Suppressions | None
) -> GateOutcome:
    """The findings to report, in report order, with what the floor and the suppressions took away."""
    ordered = sorted(findings, key=lambda f: (f.file, f.line, f.column, f.rule_id))
    if suppressions is not None:
        ordered = [f for f in ordered if not suppressions.own_file(f)]
    allowed = [f for f in ordered if ALLOWED_INLINE in f.reasons]
    if allowed:
        ordered = [f for f in ordered if ALLOWED_INLINE not in f.reasons]
    note_repetition(ordered)
    floor = LEVELS.index(min_confidence or DEFAULT_MIN_CONFIDENCE)
    shown = [f for f in ordered if LEVELS.index(f.confidence) >= floor]
    outcome = GateOutcome(shown, below_confidence=len(ordered) - len(shown), allowed_inline=allowed)
    if suppressions is not None:
        outcome.findings, outcome.suppressed = suppressions.split(shown)
    return outcome
