"""The rotation journal: records survive a kill mid-write, one run at a time, hand edits are refused."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from secretguard.rotate.journal import Journal, JournalError


def test_records_fold_back_into_rotations(tmp_path: Path) -> None:
    path = tmp_path / "j" / "journal.jsonl"
    with Journal(path).open() as journal:
        rotation = journal.start("prod/KEY")
        journal.record(rotation, "begin", place="vault:secret/app")
        journal.record(rotation, "prepared", new_hash="ab" * 32)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Journal(path).open() as journal:
        again = journal.current("prod/KEY")
        assert again is not None
        assert [e["event"] for e in again.events] == ["begin", "prepared"]
        assert not again.finished
        assert journal.current("prod/OTHER") is None


def test_a_record_cut_by_a_kill_is_dropped_and_the_file_stays_usable(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    with Journal(path).open() as journal:
        rotation = journal.start("prod/KEY")
        journal.record(rotation, "begin", place="p")
    with path.open("a") as handle:
        handle.write('{"target": "prod/KEY", "rotation": "')  # the kill came mid-write
    with Journal(path).open() as journal:
        resumed = journal.current("prod/KEY")
        assert resumed is not None
        journal.record(resumed, "stored", version="2")
    lines = path.read_text().splitlines()
    assert [json.loads(line)["event"] for line in lines] == ["begin", "stored"]


def test_since_follows_discards() -> None:
    from secretguard.rotate.journal import Rotation

    rotation = Rotation("t", "r", [{"event": e} for e in ("creating", "created", "discarded", "creating")])
    assert rotation.since("creating", after="discarded")
    assert not rotation.since("created", after="discarded")


def test_one_run_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    first, second = Journal(path), Journal(path)
    with first.open(), pytest.raises(JournalError, match="another `secretguard rotate`"), second.open():
        pass


def test_a_hand_edited_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_text("not json\n{}\n")
    with pytest.raises(JournalError, match="not a journal record"), Journal(path).open():
        pass
