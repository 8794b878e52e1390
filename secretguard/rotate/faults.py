"""Fault injection for the resumability tests: the process kills itself (SIGKILL: no clean-up, no flush) at
the named point, e.g. `store:after` = the write reached the store but was not journaled yet. Off unless the
variable is set; the points cost a dictionary lookup."""

from __future__ import annotations

import os
import signal

FAULT_ENV = "SECRETGUARD_FAULT_INJECT"


def fault_point(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)
