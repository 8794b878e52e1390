"""Fingerprints, hashes and redaction of findings."""

from __future__ import annotations

import random

import pytest

from secretguard.scan.finding import Finding, ScanResult, Skipped, fingerprint, key_id, redact, secret_hash
from tests.helpers import github_style_token


def _finding(secret: str, *, line: int = 1, file: str = "a.txt") -> Finding:
    return Finding(
        rule_id="github-pat",
        title="GitHub token",
        provider="github",
        severity="high",
        exposure="server-only",
        playbook="github-token",
        file=file,
        line=line,
        column=1,
        end_line=line,
        end_column=1 + len(secret),
        secret=secret,
    )


def test_redaction_keeps_a_short_prefix_and_a_hash() -> None:
    token = github_style_token(random.Random(1))
    shown = redact(token)
    assert token not in shown
    assert shown.startswith("ghp_…[redacted:")
    assert shown.endswith("]")
    assert secret_hash(token)[:8] in shown


def test_redaction_shows_no_character_of_a_short_secret() -> None:
    # A password is short and chosen by a person: none of it is shown. Tokens of 20+ show 4 characters.
    for value in ("", "abcd", "hunter2", "Winter2024!Prod", "q8Vz2mKp4Lx7abcdefg"):
        assert redact(value).startswith("…[redacted:"), value
    key_id = "AKIA" + "Q3DMXRSL7P2BVHNA"  # built here: a whole key id in the source is a finding
    assert redact(key_id).startswith("AKIA…[redacted:")


def test_secret_hash_is_a_slow_salted_hash() -> None:
    import hashlib

    value = "s3cr3t-value"
    assert len(secret_hash(value)) == 64
    assert secret_hash(value) != hashlib.sha256(value.encode()).hexdigest()
    assert secret_hash(value) != hashlib.sha256(b"secretguard/v1\x00" + value.encode()).hexdigest()
    expected = hashlib.scrypt(value.encode(), salt=b"secretguard/v2\x00", n=1024, r=8, p=1, dklen=32).hex()
    assert secret_hash(value) == expected
    assert secret_hash(value) != secret_hash(value + "x")


def test_a_fingerprint_key_makes_the_hash_unguessable_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    value = "Winter2024!Prod"
    plain = secret_hash(value)
    monkeypatch.setenv("SECRETGUARD_FINGERPRINT_KEY", "k3y")
    keyed = secret_hash(value)
    assert keyed != plain
    assert key_id() != "none"
    assert "k3y" not in key_id()


def test_fingerprint_ignores_the_position() -> None:
    token = github_style_token(random.Random(2))
    assert _finding(token, line=1).fingerprint == _finding(token, line=90).fingerprint
    assert _finding(token).fingerprint == fingerprint("github-pat", token)
    assert token not in _finding(token).fingerprint


def test_to_dict_redacts_unless_asked() -> None:
    token = github_style_token(random.Random(3))
    finding = _finding(token)
    redacted = finding.to_dict()
    assert redacted["secret"] == redact(token)
    assert token not in repr(redacted)
    assert token not in repr(finding)
    assert finding.to_dict(show_secrets=True)["secret"] == token
    assert set(redacted) >= {"rule_id", "file", "line", "column", "secret", "fingerprint", "severity"}


def test_scan_result_is_partial_only_with_skipped_items() -> None:
    result = ScanResult()
    result.count("files")
    result.count("files", 2)
    assert result.stats == {"files": 3}
    assert not result.partial
    result.skipped.append(Skipped("big.bin", "too large"))
    assert result.partial
