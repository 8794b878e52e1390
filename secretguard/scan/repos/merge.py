"""One finding per credential across every repository of a run, with every place it was committed.

A credential copied into three forks is one credential to rotate: its findings (one per repository and file,
as `scan git` reports them) fold into the first repository's finding, in the order the repositories were
given, and `places` lists every (repository, file, commit) where a commit added it. A commit a fork shares
with an earlier member of its family is scanned once; the fork is still listed in `places` for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from secretguard.scan.finding import Finding, Skipped

Place = tuple[str, str, str]  # (repository, file, commit)


@dataclass(slots=True)
class RepoScan:
    """What one repository's scan found: its own findings, and the earlier family members' findings whose
    commits it also holds (identity, file, commit; `inherited_at_head`: identities still in its HEAD)."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    inherited: list[tuple[str, str, str]] = field(default_factory=list)
    inherited_at_head: set[str] = field(default_factory=set)
    skipped: list[Skipped] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


def _order(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.file,
        finding.line,
        finding.column,
        finding.rule_id,
        str(finding.extra.get("commit") or ""),
    )


def merge(scans: Sequence[RepoScan]) -> list[Finding]:
    """The merged findings, in the order of the repositories, then file and line (independent of the order
    in which repositories finished, so a cluster run reports what a local run does)."""
    rank = {scan.name: i for i, scan in enumerate(scans)}
    merged: dict[str, Finding] = {}
    places: dict[str, set[Place]] = {}
    for scan in scans:
        for finding in sorted(scan.findings, key=_order):
            key = finding.identity
            commit = str(finding.extra.get("commit") or "")
            places.setdefault(key, set()).add((scan.name, finding.file, commit))
            kept = merged.get(key)
            if kept is None:
                merged[key] = dataclasses.replace(finding, extra={**finding.extra, "repository": scan.name})
            elif finding.extra.get("at_head"):
                kept.extra["at_head"] = True
        for key, file, commit in scan.inherited:
            places.setdefault(key, set()).add((scan.name, file, commit))
            kept = merged.get(key)
            if kept is not None and key in scan.inherited_at_head:
                kept.extra["at_head"] = True
    for key, finding in merged.items():
        ordered = sorted(places[key], key=lambda p: (rank.get(p[0], len(rank)), p[1], p[2]))
        finding.extra["places"] = [{"repository": r, "file": f, "commit": c} for r, f, c in ordered]
    return list(merged.values())
