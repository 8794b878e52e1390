"""Filters every candidate passes before it becomes a finding: placeholders, entropy, allowlists."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import re2

# Values that stand in for a secret in docs, templates and examples. Matched case-insensitively against the
# secret alone (never the line), so a real key in an example file is still found.
_PLACEHOLDER = re2.compile(
    r"(?i)(?:x{5,}|\*{3,}|#{4,}|\.{3}|•|"
    r"^<[^>]*>$|^\{[^}]*\}$|^\$\{[^}]*\}$|^\$\([^)]*\)$|^%\([^)]*\)s?$|^\$[A-Z_][A-Z0-9_]*$|"
    r"^\{\{.*\}\}$|^@[A-Z_]+@$|^__[A-Z_]+__$|^%[A-Z_]+%$|replace[_-]?(?:with|this|me)|"
    r"example|sample|dummy|placeholder|changeme|change_me|change-me|replace_?me|your[_-]?(?:api|secret|"
    r"token|key|pass|own|app|client|access)|yourkey|insert[_-]?(?:your|key|token|here)|redacted|"
    r"fake|notreal|not_real|not-a-real|lorem|ipsum|foobar|secret_here|key_here|token_here|here_is)"
)
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "01234567890",
    "zyxwvutsrqponmlkjihgfedcba",
    "9876543210",
    "qwertyuiop",
    "asdfghjkl",
)


_SEQUENTIAL_RUN = re2.compile(
    r"(?:0123456|1234567|2345678|3456789|abcdefgh|bcdefghi|cdefghij|defghijk|efghijkl|fghijklm|ghijklmn|"
    r"hijklmno|ijklmnop|jklmnopq|klmnopqr|lmnopqrs|mnopqrst|nopqrstu|opqrstuv|pqrstuvw|qrstuvwx|rstuvwxy|"
    r"stuvwxyz|9876543|zyxwvuts)"
)


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    size = len(value)
    return -sum(c / size * math.log2(c / size) for c in counts.values())


def placeholder_reason(secret: str) -> str | None:
    """Why `secret` is a placeholder rather than a credential, or None."""
    if _PLACEHOLDER.search(secret):
        return "placeholder"
    if len(set(secret)) <= 2 and len(secret) >= 4:
        return "repeated-character"
    lowered = secret.lower()
    if len(lowered) >= 6 and any(lowered in seq for seq in _SEQUENCES):
        return "sequence"
    if _SEQUENTIAL_RUN.search(lowered):
        # `1234567890abcdef...`, `abcdefghijkl`: test values, never generated keys.
        return "sequence"
    return None


class ValueAllowlist:
    """Allowlisted values from configuration and rules: regexes on the secret, and stop words."""

    def __init__(self, regexes: Iterable[str] = (), stopwords: Iterable[str] = ()) -> None:
        patterns = list(regexes)
        self._regex = re2.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        self._stopwords = tuple(w.lower() for w in stopwords if w)

    def allows(self, secret: str) -> bool:
        if self._regex is not None and self._regex.search(secret):
            return True
        lowered = secret.lower()
        return any(word in lowered for word in self._stopwords)
