"""Phase two of a history scan with a verdict cache (verdicts.py) shared by the repositories of one run:
which blobs still need reading, and what each blob read held, remembered for the next repository."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

from secretguard.scan.finding import Finding
from secretguard.scan.sources.git.attribute import BlobKey
from secretguard.scan.sources.git.blobscan import BlobOutput
from secretguard.scan.sources.git.listing import Listing
from secretguard.scan.sources.git.verdicts import VerdictCache


def unread_only(
    verdicts: VerdictCache,
    in_order: Iterable[bytes],
    listing: Listing,
    ids: bytearray,
    path_ids: array[int],
    found: dict[BlobKey, list[Finding]],
    problems: dict[bytes, list[str]],
) -> int:
    """Phase two's reading list with a verdict cache (`in_order`: the listing's blobs in reading order): the
    (blob, profile) pairs the cache knows are not read;
    what they held goes to `found` and `problems` as if just read. Returns how many the cache knew."""
    profiles = listing.path_profiles
    known = 0
    for blob in in_order:
        for path_id in (listing.blobs[blob], *listing.more.get(blob, ())):
            key = (blob, profiles[path_id])
            if not verdicts.knows(key):
                ids += blob
                path_ids.append(path_id)
                continue
            known += 1
            if verdicts.found[key]:
                found[key] = verdicts.found[key]
            if blob in verdicts.problems and blob not in problems:
                problems[blob] = list(verdicts.problems[blob])
    verdicts.hits += known
    return known


def remember(
    verdicts: VerdictCache,
    out: BlobOutput,
    start: int,
    length: int,
    blob_at: Callable[[int], bytes],
    profiles: Sequence[object],
    path_ids: array[int],
) -> None:
    """What each blob of a batch held, for the next repository of the run (not the blobs git could not
    read: another repository may have them)."""
    held = dict(out.findings)
    unread = set(out.unread)
    notes: dict[int, list[str]] = {}
    for position, why in out.problems:
        notes.setdefault(position, []).append(why)
    for position in range(length):
        if position in unread:
            continue
        i = start + position
        blob = blob_at(i)
        verdicts.remember((blob, profiles[path_ids[i]]), held.get(position, []))
        if position in notes:
            verdicts.problems.setdefault(blob, notes[position])
