"""The rotation journal's format: the contract between its one writer and its reader.

`secretguard rotate` writes the journal (rotate/journal.py: locked, appended, fsynced); `secretguard plan`
reads it (plan/rotated.py: read-only, never locked, created or fixed). Both import this module and neither
imports the other, so the plan step does not depend on the rotate step's internals.

The journal is JSON Lines. Every record has `ts` (ISO 8601, UTC), `target` (`ENV/VARIABLE`), `rotation` (an
id shared by the records of one rotation), `event` (one of `JournalEvent`) and the event's data: hashes,
versions, masked key ids, never a value. A rotation's `begin` record holds the hashes of the values it
replaces (`REPLACED_HASHES`); its `done` record says it finished.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

# Records are a few hundred bytes: a journal is read whole, as a regular file of at most this size.
MAX_JOURNAL_BYTES = 64 * 1024 * 1024

# The steps a rotation records, in the order they happen (rotate/runner.py describes each path):
# generated secret: begin, prepared, stored, verified, promoted, released, done;
# IAM access key: begin, creating, created, stored, verified, promoted, released, deactivated, deleted, done;
# and at any point: conflict (lost a race), discarded (an unused new key deleted), abandoned (--restart).
JournalEvent = Literal[
    "begin",
    "prepared",
    "creating",
    "created",
    "stored",
    "verified",
    "promoted",
    "released",
    "deactivated",
    "deleted",
    "done",
    "conflict",
    "discarded",
    "abandoned",
]

# Fields of a `begin` record: the hash of the value replaced, and for an IAM key pair the hashes of the old
# access key id (as IAM lists it, and as the store holds it).
REPLACED_HASHES = ("old_hash", "old_key_hash", "old_key_id_hash")


def default_journal(inventory: Path) -> Path:
    """Where `secretguard rotate` keeps its journal unless told otherwise: next to the inventory."""
    return inventory.parent / ".secretguard" / "rotate-journal.jsonl"
