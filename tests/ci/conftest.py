"""The CI gate's tests run with no CI variables but the ones each test sets."""

from __future__ import annotations

import pytest

from tests.ci.world import clear_ci_env


@pytest.fixture(autouse=True)
def no_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_ci_env(monkeypatch)
