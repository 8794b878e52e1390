"""What `secretguard rotate` already did, read from its journal (read-only: never locked, created or fixed).

The record format is secretguard/journal_format.py's (rotate writes it; this module only reads it). A leaked
value whose hash a finished rotation's `begin` record says it replaced was rotated then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from secretguard.journal_format import MAX_JOURNAL_BYTES, REPLACED_HASHES, default_journal
from secretguard.safe_read import RefusedInput, read_regular_file

__all__ = ["Rotated", "default_journal", "finished_rotations"]


@dataclass(frozen=True, slots=True)
class Rotated:
    target: str  # ENV/VARIABLE
    when: str  # the `done` record's timestamp (ISO 8601)

    @property
    def date(self) -> str:
        return self.when[:10]


def finished_rotations(journal: Path) -> tuple[dict[str, Rotated], list[str]]:
    """{hash of a replaced value: its rotation} for the journal's finished rotations, and problems reading
    it (a missing journal is no problem: nothing was rotated)."""
    try:
        data = read_regular_file(journal, roots=None, max_bytes=MAX_JOURNAL_BYTES)
    except FileNotFoundError:
        return {}, []
    except RefusedInput as exc:
        return {}, [f"rotation journal {journal} not read: {exc.reason}"]
    except OSError as exc:
        return {}, [f"rotation journal {journal} not read: {exc.strerror}"]
    rotations: dict[tuple[str, str], list[dict[str, object]]] = {}
    skipped = 0
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            skipped += bool(line.strip())
            continue
        if isinstance(record, dict) and isinstance(record.get("target"), str):
            rotations.setdefault((record["target"], str(record.get("rotation"))), []).append(record)
    out: dict[str, Rotated] = {}
    for (target, _), records in rotations.items():
        done = next((r for r in reversed(records) if r.get("event") == "done"), None)
        begin = next((r for r in records if r.get("event") == "begin"), None)
        if done is None or begin is None:
            continue
        for key in REPLACED_HASHES:
            old = begin.get(key)
            if isinstance(old, str) and old:
                out[old] = Rotated(target, str(done.get("ts") or ""))
    problems = (
        [f"rotation journal {journal}: {skipped} line(s) that are not records skipped"] if skipped else []
    )
    return out, problems
