"""Filters every candidate passes before it becomes a finding: placeholders, entropy, allowlists."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import re2

from secretguard.scan.pathtext import path_bytes
from secretguard.scan.regexes import compile_quiet

# Shapes that stand in for a secret in docs and templates: masks, ellipses, `<token>`, `${VAR}`, `{{ x }}`.
_TEMPLATE = re2.compile(
    r"(?i)(?:x{5,}|\*{3,}|#{4,}|\.{3}|•|"
    r"^<[^>]*>$|^\{[^}]*\}$|^\$\{[^}]*\}$|^\$\([^)]*\)$|^%\([^)]*\)s?$|^\$[A-Z_][A-Z0-9_]*$|"
    r"^\{\{.*\}\}$|^@[A-Z_]+@$|^__[A-Z_]+__$|^%[A-Z_]+%$)"
)
# Words that mark an example value. Matched in one consistent case (`example`, `EXAMPLE`, `Example`) so
# that random tokens, which mix cases, do not trip on them by chance (`...1lFaKe` is not a placeholder).
_PLACEHOLDER_WORDS = (
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replaceme",
    "replace_with",
    "replace-with",
    "replace_this",
    "your_api",
    "your-api",
    "yourapi",
    "your_secret",
    "your-secret",
    "your_token",
    "your-token",
    "your_key",
    "your-key",
    "yourkey",
    "your_pass",
    "your-pass",
    "your_own",
    "your_app",
    "your_client",
    "your_access",
    "insert_your",
    "insert-your",
    "insert_key",
    "insert_token",
    "insert_here",
    "redacted",
    "fake",
    "notreal",
    "not_real",
    "not-a-real",
    "lorem",
    "ipsum",
    "foobar",
    "secret_here",
    "key_here",
    "token_here",
    "here_is",
)


def _case_variants(words: Iterable[str]) -> str:
    variants: list[str] = []
    for word in words:
        for form in (word, word.upper(), word.capitalize()):
            if form not in variants:
                variants.append(form)
    return "|".join(v.replace("-", r"\-") for v in variants)


_PLACEHOLDER = re2.compile(f"(?:{_case_variants(_PLACEHOLDER_WORDS)})")
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
    if _TEMPLATE.search(secret) or _PLACEHOLDER.search(secret):
        return "placeholder"
    if len(set(secret)) <= 2 and len(secret) >= 4:
        return "repeated-character"
    lowered = secret.lower()
    if len(lowered) >= 6 and any(lowered in seq for seq in _SEQUENCES):
        return "sequence"
    return None


def dummy_reason(secret: str) -> str | None:
    """Why a free-form value is a made-up test value: a keyboard or counting run (`1234567`, `abcdefgh`),
    or one short unit repeated (`abcd1234abcd1234abcd1234`). Applied to generic rules only: for a
    provider-prefixed token the prefix is the evidence, and dummies there are still worth a look."""
    lowered = secret.lower()
    if _SEQUENTIAL_RUN.search(lowered):
        return "sequence"
    size = len(lowered)
    for unit in range(2, 9):
        run = 1
        while lowered.startswith(lowered[:unit], run * unit):
            run += 1
        if run >= 3 and run * unit >= 0.6 * size:
            return "repeated-unit"
    return None


class _AnyOf:
    """A compiled alternation whose `search` takes any str: a file name that is not UTF-8 (held as surrogate
    escapes) is searched as its bytes instead of failing to encode."""

    __slots__ = ("_regex",)

    def __init__(self, regex: Any) -> None:
        self._regex = regex

    def search(self, text: str | bytes) -> Any:
        return self._regex.search(path_bytes(text))


def any_of(patterns: Iterable[str]) -> Any:
    """One RE2 regex matching any of `patterns` (None when there are none)."""
    joined = "|".join(f"(?:{p})" for p in patterns)
    # Quietly: the patterns come from configuration and rules, and RE2 would log a rejected one in full.
    return _AnyOf(compile_quiet(joined)) if joined else None


class ValueAllowlist:
    """Allowlisted values from configuration and rules: regexes on the secret, and stop words."""

    def __init__(self, regexes: Iterable[str] = (), stopwords: Iterable[str] = ()) -> None:
        patterns = list(regexes)
        self._regex = any_of(patterns)
        self._stopwords = tuple(w.lower() for w in stopwords if w)

    def allows(self, secret: str) -> bool:
        if self._regex is not None and self._regex.search(secret):
            return True
        lowered = secret.lower()
        return any(word in lowered for word in self._stopwords)
