"""Findings, their stable fingerprint, and redaction of the secret they hold."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from secretguard.scan.pathtext import printable_path

_COUNT_LOCK = threading.Lock()
# How sure a finding is, weakest first (scan/confidence.py decides; scan/gate.py filters).
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")
# Domain separation, so our hashes cannot be looked up in tables built for plain SHA-256 of secrets.
_HASH_PREFIX = b"secretguard/v1\x00"


def secret_hash(secret: str) -> str:
    """Hex SHA-256 of a secret value, as used in fingerprints, baselines and value comparisons."""
    return hashlib.sha256(_HASH_PREFIX + secret.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(rule_id: str, secret: str) -> str:
    """Stable identity of a finding: the rule and the secret, never the line (moving code keeps it)."""
    return f"{rule_id}:{secret_hash(secret)[:24]}"


def redact(secret: str) -> str:
    """A short, non-reversible stand-in: a prefix only long secrets can spare, and a hash to correlate."""
    shown = min(4, len(secret) // 5)
    return f"{secret[:shown]}…[redacted:{secret_hash(secret)[:8]}]"


@dataclass(slots=True)
class Finding:
    rule_id: str
    title: str
    provider: str
    severity: str
    exposure: str
    playbook: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    secret: str = field(repr=False)
    # The matched line around the secret, with the secret itself already redacted.
    excerpt: str = ""
    # Encodings peeled off to reach the secret, outermost first (["base64"], ["percent", "base64"]).
    decoded: tuple[str, ...] = ()
    entropy: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    # Byte offset of the secret in the scanned chunk: for sources that map positions further (source maps).
    offset: int = -1
    # How sure the finding is (`high`, `medium`, `low`) and the evidence and context behind it (short codes
    # such as `fixed-prefix`, `test-path`, `uuid-value`); see scan/confidence.py.
    confidence: str = "medium"
    reasons: tuple[str, ...] = ()
    # Evidence in the value itself (checksum, prefix, structure), which context does not lower.
    structural: bool = False

    @property
    def secret_hash(self) -> str:
        return secret_hash(self.secret)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule_id, self.secret)

    def to_dict(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The JSON shape every format starts from. The secret is redacted unless asked for."""
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "title": self.title,
            "provider": self.provider,
            "severity": self.severity,
            "exposure": self.exposure,
            "playbook": self.playbook,
            "file": printable_path(self.file),  # a name that is not UTF-8 cannot be written as is
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "secret": self.secret if show_secrets else redact(self.secret),
            "secret_hash": self.secret_hash,
            "fingerprint": self.fingerprint,
            "excerpt": self.excerpt,
            "decoded": list(self.decoded),
            "entropy": round(self.entropy, 3),
            "confidence": self.confidence,
            "reasons": list(self.reasons),
        }
        out.update(self.extra)
        original = out.get("original_file")  # a source map's file name: any text, surrogates included
        if isinstance(original, str):
            out["original_file"] = printable_path(original)
        return out


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input the scan could not read, and why: reported, never silently dropped."""

    path: str
    reason: str


@dataclass(slots=True)
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Counters for the summary: files scanned, bytes, binary files passed over, suppressed findings.
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        return bool(self.skipped)

    def count(self, key: str, n: int = 1) -> None:
        # Sources count from worker threads too; the lock keeps the read-modify-write whole.
        with _COUNT_LOCK:
            self.stats[key] = self.stats.get(key, 0) + n
