"""Fault injection for the resumability and concurrency tests. Off unless the variable is set; the points
cost a dictionary lookup.

- `SECRETGUARD_FAULT_INJECT=POINT`: the process kills itself (SIGKILL: no clean-up, no flush) at the named
  point, e.g. `store:after` = the write reached the store but was not journaled yet.
- `SECRETGUARD_FAULT_INJECT=POINT@FOLDER`: the process pauses there instead (the first time it gets there):
  it writes FOLDER/reached and waits until FOLDER/go exists, so a test can interleave two runs step by step,
  e.g. `store:checked` = the store was re-read and checked, the write is next.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

FAULT_ENV = "SECRETGUARD_FAULT_INJECT"
PAUSE_LIMIT = 600.0  # seconds a paused run waits for its test before killing itself (a test that died)

_paused: set[str] = set()


def fault_point(point: str) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    name, _, folder = wanted.partition("@")
    if name != point:
        return
    if not folder:
        os.kill(os.getpid(), signal.SIGKILL)
    elif point not in _paused:
        _paused.add(point)
        _pause(point, Path(folder))


def _pause(point: str, folder: Path) -> None:
    (folder / "reached").write_text(point, encoding="utf-8")
    deadline = time.monotonic() + PAUSE_LIMIT
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.01)
