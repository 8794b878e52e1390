"""Findings, their stable fingerprint, and redaction of the secret they hold."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from secretguard.scan.pathtext import printable_path

if TYPE_CHECKING:  # the rules module (pydantic, RE2, YAML) is not loaded just to name a type
    from secretguard.scan.rules import Severity

_COUNT_LOCK = threading.Lock()
# How sure a finding is, weakest first (scan/confidence.py decides; scan/gate.py filters).
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")

# Hashes that leave the process (reports, baselines, ignore files, plans, rotation journals) are scrypt
# hashes: a redacted report must not hand out a weak password to anyone with a word list. The cost (1 MiB,
# ~1.5 ms a value, once per distinct value) makes each guess expensive; a key in SECRETGUARD_FINGERPRINT_KEY
# (the same wherever baselines are used) makes guessing impossible without it. In-memory identity uses the
# value itself (Finding.identity), never a hash.
HASH_SCHEME = "scrypt-n1024-r8-p1"
KEY_ENV = "SECRETGUARD_FINGERPRINT_KEY"
_SALT = b"secretguard/v2\x00"
_SCRYPT = {"n": 1024, "r": 8, "p": 1, "dklen": 32}
# The version-1 scheme (salted SHA-256), still recognised in baselines and ignore files made before.
_LEGACY_PREFIX = b"secretguard/v1\x00"


def _key() -> bytes:
    return os.environ.get(KEY_ENV, "").encode("utf-8", "surrogateescape")


def key_id() -> str:
    """Names the fingerprint key without revealing it ("none" without one): baselines record it."""
    key = _key()
    return hashlib.sha256(b"secretguard key id\x00" + key).hexdigest()[:12] if key else "none"


@functools.lru_cache(maxsize=1 << 16)
def _scrypt(secret: str, key: bytes) -> str:
    data = secret.encode("utf-8", "surrogatepass")
    return hashlib.scrypt(data, salt=_SALT + key, **_SCRYPT).hex()


def secret_hash(secret: str) -> str:
    """The hash of a secret value used in fingerprints, baselines, plans and value comparisons (hex)."""
    return _scrypt(secret, _key())


def fingerprint(rule_id: str, secret: str) -> str:
    """Stable identity of a finding: the rule and the secret, never the line (moving code keeps it)."""
    return f"{rule_id}:{secret_hash(secret)[:24]}"


def legacy_fingerprint(rule_id: str, secret: str) -> str:
    """The fingerprint baselines of version 1 hold (unsalted by any key, fast): matched, never written."""
    digest = hashlib.sha256(_LEGACY_PREFIX + secret.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{rule_id}:{digest[:24]}"


def redact(secret: str) -> str:
    """A short, non-reversible stand-in: a prefix only long secrets (tokens, with a provider prefix) show,
    never a character of a short one (a password), and a hash to correlate."""
    shown = 4 if len(secret) >= 20 else 0
    return f"{secret[:shown]}…[redacted:{secret_hash(secret)[:8]}]"


@dataclass(slots=True)
class Finding:
    rule_id: str
    title: str
    provider: str
    severity: Severity
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
    def identity(self) -> str:
        """What makes two findings the same secret for the same rule, in memory (no hash computed)."""
        return f"{self.rule_id}\x00{self.secret}"

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
