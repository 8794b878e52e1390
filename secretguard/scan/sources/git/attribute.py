"""Phase three of a history scan: each blob's findings given to the commits that added them.

A commit adds a secret to a file when the file's new content holds it and the content it replaced did not
(for a merge: none of its parents' versions did; for a file added in a commit that also deletes files: none
of the deleted files did, so a move adds nothing). Only the spool entries whose new blob had a finding or a
problem are looked at; the previous content's findings come from phase two, or, when that content was not
part of this scan (a range, an incremental run), from reading and scanning it here.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, BinaryIO

from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import Finding, Skipped
from secretguard.scan.sources.git.catfile import ObjectReader
from secretguard.scan.sources.git.dedupe import Dedupe
from secretguard.scan.sources.git.listing import Listing
from secretguard.scan.sources.git.verdicts import VerdictCache
from secretguard.scan.sources.textfile import as_text

if TYPE_CHECKING:  # typing only: the engine is handed in
    from secretguard.scan.engine import Engine

BlobKey = tuple[bytes, object]  # (binary blob id, path profile)


class Attribution:
    def __init__(
        self,
        listing: Listing,
        engine: Engine,
        reader: ObjectReader,
        found: dict[BlobKey, list[Finding]],
        problems: dict[bytes, list[str]],
        max_file_size: int,
        verdicts: VerdictCache | None = None,
    ) -> None:
        self.verdicts = verdicts
        self.listing = listing
        self.engine = engine
        self.reader = reader
        self.found = found
        self.problems = problems
        self.max_file_size = max_file_size
        self._previous: dict[BlobKey, frozenset[str]] = {}
        self.skipped: list[Skipped] = []
        self.read_on_demand = 0

    def run(self, dedupe: Dedupe) -> None:
        listing = self.listing
        wanted = {blob.hex().encode("ascii") for blob, _ in self.found} | {
            blob.hex().encode("ascii") for blob in self.problems
        }
        named: set[bytes] = set()
        for _, spool in listing.spools:
            with open(spool, "rb") as records:
                self._read(records, wanted, named, dedupe)

    def _read(self, spool: BinaryIO, wanted: set[bytes], named: set[bytes], dedupe: Dedupe) -> None:
        listing = self.listing
        deleted_in, deleted = -1, []
        while True:
            line = spool.readline()
            if not line:
                break
            fields = line.split()
            if fields[0] == b"D":
                deleted_in, deleted = int(fields[1]), fields[2].split(b",")
                continue
            raw_path = spool.read(int(fields[4]) + 1)[:-1]
            new = fields[2]
            if new not in wanted:
                continue
            index = int(fields[1])
            blob = bytes.fromhex(new.decode("ascii"))
            path_id = listing.path_id(raw_path)
            path, profile = listing.paths[path_id], listing.path_profiles[path_id]
            sha = listing.commits[index]
            if blob in self.problems and blob not in named:
                named.add(blob)  # named once, where it was met first (the newest commit holding it)
                self.skipped += [Skipped(f"{sha[:12]}:{path}", why) for why in self.problems[blob]]
            findings = self.found.get((blob, profile))
            if not findings:
                continue
            olds: list[bytes] = fields[3].split(b",") if fields[3] != b"-" else []
            if not olds and deleted_in == index:
                olds = deleted
            before: set[str] = set()
            for old in olds:
                before |= self._fingerprints(old, profile, path)
            author, email, date = listing.authors[index] or ("", "", "")
            extra = {"commit": sha, "author": author, "email": email, "date": date}
            timestamp = listing.timestamps[index]
            for finding in findings:
                if finding.identity not in before:
                    dedupe.add(timestamp, index, dataclasses.replace(finding, file=path, extra=dict(extra)))

    def _fingerprints(self, oid: bytes, profile: object, path: str) -> frozenset[str]:
        """The fingerprints found in a previous version of a file (scanned under the file's profile)."""
        blob = bytes.fromhex(oid.decode("ascii"))
        key = (blob, profile)
        known = self._previous.get(key)
        if known is not None:
            return known
        if key in self.found:
            known = frozenset(f.identity for f in self.found[key])
        elif self.listing.scanned_under(blob, profile):
            known = frozenset()  # read in phase two, nothing found
        elif self.verdicts is not None and self.verdicts.knows(key):
            known = frozenset(f.identity for f in self.verdicts.found[key])  # read for another repository
        else:
            self.read_on_demand += 1
            read = self.reader.read(oid.decode("ascii"), self.max_file_size)
            text = as_text(read.data) if read.kind == "blob" else None
            if text is None:
                known = frozenset()  # unreadable or binary: what the new version holds counts as added
            else:
                known = frozenset(f.identity for f in self.engine.scan(Chunk(data=text[0], path=path)))
        self._previous[key] = known
        return known
