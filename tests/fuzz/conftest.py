"""Hypothesis profiles for the parser fuzz tests (tests/fuzz, tools/fuzz.py, tools/FUZZING.md).

`ci` (the default): a few dozen examples per property, derandomized and without an example database, so the
normal test run is quick and deterministic. `fuzz`: a campaign (HYPOTHESIS_PROFILE=fuzz), random seeds, an
example database under .hypothesis/ that replays past failures first; tools/fuzz.py runs it for a time budget.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
FUZZ_DATABASE = Path(__file__).resolve().parents[2] / ".hypothesis" / "fuzz"

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    max_examples=10**9,  # tools/fuzz.py runs chunks of examples until its time budget is spent
    # A hang shows as a deadline error (confirmed by a rerun) rather than a stuck campaign.
    # Generous: the campaign runs at the lowest priority on shared cores, where a 1 s example can take 60.
    deadline=120_000,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(str(FUZZ_DATABASE)),
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
