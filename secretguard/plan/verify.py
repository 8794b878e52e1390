"""`plan --verify-purge CLONE`: does a fresh clone's history still hold any of the plan's leaked values?

The clone's whole history (every ref, every commit's added content, commit and tag messages) is scanned
with the same machinery as `scan git`, with every built-in rule at the lowest confidence floor and none of
the clone's own configuration, baseline or inline allowances (a purge must not be "verified" by a file the
purged repository carries). Each finding is compared with the plan's values by fingerprint and by the hash
of its secret, computed in memory; nothing but redacted forms is ever shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secretguard.plan.cleanup import replacement_risk
from secretguard.plan.planner import build_plan
from secretguard.scan.finding import Finding, ScanResult, redact


@dataclass(frozen=True, slots=True)
class Remaining:
    """A plan value found in the clone: where, redacted, and (when set) why the purge leaves it on purpose."""

    rule_id: str
    secret: str  # redacted
    file: str
    line: int
    commit: str | None
    left_by_design: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "secret": self.secret,
            "file": self.file,
            "line": self.line,
            "commit": self.commit,
        }
        if self.left_by_design:
            out["left_by_design"] = self.left_by_design
        return out


@dataclass
class Verification:
    values: int  # distinct leaked values the plan holds
    remaining: list[Remaining] = field(default_factory=list)  # the purge missed these
    by_design: list[Remaining] = field(default_factory=list)  # never purged on purpose (variable names...)
    skipped: list[str] = field(default_factory=list)  # what the scan could not read

    @property
    def clean(self) -> bool:
        return not self.remaining


def plan_values(findings: Iterable[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(secret hashes, fingerprints) of every value of every entry the plan would have."""
    hashes: set[str] = set()
    fingerprints: set[str] = set()
    for entry in build_plan(findings):
        hashes.update(entry.hashes)
        fingerprints.update(entry.fingerprints)
    return hashes, fingerprints


def verify_purge(clone: Path, findings: list[dict[str, Any]]) -> Verification:
    from secretguard.cli.scan_runs import HistoryRequest, scan_repo_history  # noqa: PLC0415
    from secretguard.scan.runner import build_engine  # noqa: PLC0415
    from secretguard.settings import Settings  # noqa: PLC0415

    hashes, fingerprints = plan_values(findings)
    # Only built-in rules and the environment's settings; the lowest floor: a value whose confidence the
    # clone's context lowers (a test path) must still be found. Client-safe keys are not plan values.
    settings = Settings(min_confidence="low")
    result = ScanResult()
    engine, _ = build_engine(settings, result, report_inline_allowed=True)
    scan_repo_history(str(clone), engine, None, settings, HistoryRequest(), result)
    outcome = Verification(values=len(hashes), skipped=[f"{s.path}: {s.reason}" for s in result.skipped])
    seen: set[tuple[str, str, str | None]] = set()
    for finding in result.findings:
        if finding.fingerprint not in fingerprints and finding.secret_hash not in hashes:
            continue
        commit = _commit(finding)
        place = (finding.secret_hash, finding.file, commit)
        if place in seen:
            continue
        seen.add(place)
        reason = replacement_risk(finding.secret, finding.rule_id)
        found = Remaining(
            finding.rule_id, redact(finding.secret), finding.file, finding.line, commit, left_by_design=reason
        )
        (outcome.by_design if reason else outcome.remaining).append(found)
    return outcome


def _commit(finding: Finding) -> str | None:
    commit = finding.extra.get("first_commit") or finding.extra.get("commit")
    return str(commit) if commit else None
