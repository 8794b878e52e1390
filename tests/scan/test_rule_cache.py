"""The pickled cache of validated built-in rules."""

from __future__ import annotations

from pathlib import Path

from secretguard.scan import rule_cache
from secretguard.scan.rules import builtin_rules


def test_cache_round_trip_and_key(cache_dir: Path) -> None:
    first = rule_cache.builtin_rules_cached()
    stored = list(cache_dir.glob(f"rules-{rule_cache.builtin_key()}.pickle"))
    assert len(stored) == 1
    assert rule_cache.builtin_rules_cached() == first == builtin_rules()


def test_corrupt_cache_falls_back(cache_dir: Path) -> None:
    path = cache_dir / f"rules-{rule_cache.builtin_key()}.pickle"
    path.write_bytes(b"not a pickle")
    assert rule_cache.builtin_rules_cached() == builtin_rules()
