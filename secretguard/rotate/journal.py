"""Writing the rotation journal: an append-only JSON Lines file that makes `rotate` resumable and idempotent.

Every step is written (and fsynced) as soon as it happens, so a run killed at any point can be continued:
the next run folds the records of each target's unfinished rotation back into its state and asks the
remote side what happened after the last record. Records hold hashes, versions, masked key ids and
timestamps only, never a value. One run at a time: the file is locked for the whole run. The record format
(shared with `plan`, which reads the journal) is in secretguard/journal_format.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from secretguard.errors import SecretGuardError
from secretguard.journal_format import MAX_JOURNAL_BYTES, JournalEvent
from secretguard.safe_read import RefusedInput, check_regular


class JournalError(SecretGuardError):
    """The journal cannot be read, written or locked."""


@dataclass
class Rotation:
    """One rotation of one target, as far as the journal knows it."""

    target: str
    rotation_id: str
    events: list[dict[str, Any]] = field(default_factory=list)

    def has(self, event: JournalEvent) -> bool:
        return any(e["event"] == event for e in self.events)

    def last(self, event: JournalEvent) -> dict[str, Any] | None:
        return next((e for e in reversed(self.events) if e["event"] == event), None)

    def since(self, event: JournalEvent, *, after: JournalEvent) -> bool:
        """Whether `event` was recorded after the last `after` (e.g. created again after a discard)."""
        seen_after = False
        for record in self.events:
            if record["event"] == after:
                seen_after = False
            elif record["event"] == event:
                seen_after = True
        return seen_after

    @property
    def finished(self) -> bool:
        return self.has("done") or self.has("abandoned")


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None
        self._rotations: dict[str, list[Rotation]] = {}

    @contextmanager
    def open(self) -> Iterator[Journal]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = self._open_regular()
        except RefusedInput as exc:
            raise JournalError(
                f"cannot open the rotation journal {self.path}: {exc.reason}",
                hint="pass --journal PATH to put it somewhere else",
            ) from None
        except OSError as exc:
            raise JournalError(
                f"cannot open the rotation journal {self.path}: {exc.strerror}",
                hint="pass --journal PATH to put it somewhere writable",
            ) from None
        handle = os.fdopen(fd, "a+", encoding="utf-8")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise JournalError(
                    f"another `secretguard rotate` is using {self.path}",
                    hint="wait for it to finish; two runs must never rotate the same credentials at once",
                ) from None
            handle.seek(0)
            text = handle.read(MAX_JOURNAL_BYTES + 1)
            if len(text) > MAX_JOURNAL_BYTES:
                raise JournalError(
                    f"cannot read the rotation journal {self.path}: larger than the size limit"
                )
            if text and not text.endswith("\n"):
                # A record cut short by a kill mid-write never happened: drop it before appending more.
                text = text[: text.rfind("\n") + 1]
                os.ftruncate(handle.fileno(), len(text.encode("utf-8")))
            self._load(text)
            self._handle = handle
            yield self
        finally:
            self._handle = None
            handle.close()

    def _open_regular(self) -> int:
        """The journal, created or opened to read and append; RefusedInput unless a regular file (a FIFO would
        block the read, a device never end it), checked before the open and again on the descriptor."""
        with suppress(FileNotFoundError):  # else created by the open
            check_regular(self.path, os.stat(self.path), max_bytes=MAX_JOURNAL_BYTES)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o600)
        try:
            check_regular(self.path, os.fstat(fd), max_bytes=MAX_JOURNAL_BYTES)
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _load(self, text: str) -> None:
        self._rotations.clear()
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                raise JournalError(
                    f"{self.path}:{number}: not a journal record",
                    hint="the journal was edited by hand; restore it from a copy",
                ) from None
            if not isinstance(record, dict) or not {"target", "rotation", "event"} <= record.keys():
                raise JournalError(f"{self.path}:{number}: not a journal record")
            chain = self._rotations.setdefault(record["target"], [])
            if not chain or chain[-1].rotation_id != record["rotation"]:
                chain.append(Rotation(record["target"], record["rotation"]))
            chain[-1].events.append(record)

    def current(self, target: str) -> Rotation | None:
        """The target's latest rotation (finished or not)."""
        chain = self._rotations.get(target)
        return chain[-1] if chain else None

    def start(self, target: str) -> Rotation:
        rotation = Rotation(target, uuid.uuid4().hex)
        self._rotations.setdefault(target, []).append(rotation)
        return rotation

    def record(self, rotation: Rotation, event: JournalEvent, **data: Any) -> dict[str, Any]:
        if self._handle is None:
            raise JournalError("the journal is not open")
        entry = {
            "ts": datetime.now(UTC).isoformat(timespec="microseconds"),
            "target": rotation.target,
            "rotation": rotation.rotation_id,
            "event": event,
            **data,
        }
        line = json.dumps(entry, sort_keys=True) + "\n"
        try:
            self._handle.write(line)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise JournalError(f"cannot write the rotation journal {self.path}: {exc.strerror}") from None
        rotation.events.append(entry)
        return entry
