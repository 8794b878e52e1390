"""The blob-verdict cache shared by the repositories of a run stays bounded."""

from __future__ import annotations

from typing import cast

from secretguard.scan.finding import Finding
from secretguard.scan.sources.git.verdicts import VerdictCache


def test_past_the_limit_only_blobs_with_findings_are_kept() -> None:
    cache = VerdictCache("rules", limit=2)
    for n in range(3):
        cache.remember((bytes([n]) * 20, ()), [])
    assert len(cache.found) == 2
    assert not cache.knows((bytes([2]) * 20, ()))
    held = cast(list[Finding], [object()])
    cache.remember((b"\xff" * 20, ()), held)
    assert cache.knows((b"\xff" * 20, ()))
