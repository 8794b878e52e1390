"""What each blob held, remembered across the repositories of one run: a blob met again (in a fork, a vendored
copy, a mirror) is not read or scanned again.

Keyed by (blob id, path profile), like a history scan's own phase-two results: rules bound to file names see
the same blob differently under different paths. The cache belongs to one engine (one rule set): `rules_key`
names it, and a scan with other rules must not use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.scan.finding import Finding

BlobKey = tuple[bytes, object]  # (binary blob id, path profile)


@dataclass(slots=True)
class VerdictCache:
    rules_key: str
    # The rule list the key was computed from: a source handed the same list skips recomputing the key (a
    # repr of every rule, ~60 ms, for each of thousands of repositories).
    rules: object = None
    # Every blob scanned, with what it held (an empty list: nothing); problems (size limit, unreadable)
    # by blob.
    found: dict[BlobKey, list[Finding]] = field(default_factory=dict)
    problems: dict[bytes, list[str]] = field(default_factory=dict)
    hits: int = 0
    limit: int = 2_000_000

    def knows(self, key: BlobKey) -> bool:
        return key in self.found

    def remember(self, key: BlobKey, findings: list[Finding]) -> None:
        # ~220 bytes an entry: past the limit only blobs with findings are kept (a clean blob met again is
        # read again), so an organisation-wide run stays within about half a gigabyte.
        if findings or len(self.found) < self.limit:
            self.found[key] = findings
