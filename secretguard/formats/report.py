"""What every format renders: findings, what was skipped, counters, and the rules that produced them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from secretguard.scan.finding import Finding, Skipped

if TYPE_CHECKING:  # only for type hints: importing rules pulls in pydantic
    from secretguard.scan.rules import Rule


@dataclass(slots=True)
class Report:
    findings: Sequence[Finding]
    skipped: Sequence[Skipped] = ()
    stats: dict[str, int] = field(default_factory=dict)
    rules: Sequence[Rule] = ()
    command: str = "scan"
    partial: bool = False
    suppressed: int = 0
    min_confidence: str = "medium"
    extra: dict[str, Any] = field(default_factory=dict)

    def finding_dicts(self, show_secrets: bool) -> list[dict[str, Any]]:
        return [f.to_dict(show_secrets=show_secrets) for f in self.findings]


def below_confidence_note(report: Report) -> str:
    """The summary's clause about findings the confidence floor hid ("" when it hid none)."""
    hidden = report.stats.get("below_confidence", 0)
    if not hidden:
        return ""
    return f", {hidden} below {report.min_confidence} confidence not shown (--min-confidence low shows them)"
