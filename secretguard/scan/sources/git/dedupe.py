"""One finding per (secret, file) across a history, with the secret's first commit and commit count."""

from __future__ import annotations

from secretguard.scan.finding import Finding


class Dedupe:
    """Keeps one finding per (fingerprint, file) and, per fingerprint, the first commit and the commit set."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], tuple[tuple[int, int], Finding]] = {}
        self.first: dict[str, tuple[tuple[int, int], str]] = {}
        self.commits: dict[str, set[str]] = {}

    def add(self, timestamp: int, position: int, finding: Finding) -> None:
        # Older first: smaller commit time, then larger topological index (further from the tips).
        key = (timestamp, -position)
        fp = finding.identity
        group = (fp, finding.file)
        kept = self.groups.get(group)
        if kept is None or key < kept[0] or (key == kept[0] and finding.line < kept[1].line):
            self.groups[group] = (key, finding)
        commit = str(finding.extra.get("commit") or "")
        first = self.first.get(fp)
        if first is None or key < first[0]:
            self.first[fp] = (key, commit)
        self.commits.setdefault(fp, set()).add(commit)

    def representatives(self) -> list[Finding]:
        return [finding for _, finding in self.groups.values()]

    def findings(self, at_head: set[str]) -> list[Finding]:
        out: list[Finding] = []
        for _, finding in self.groups.values():
            fp = finding.identity
            finding.extra["first_commit"] = self.first[fp][1]
            finding.extra["commits"] = len(self.commits[fp])
            finding.extra["at_head"] = fp in at_head
            out.append(finding)
        return out
