"""How sure a finding is: evidence from the rule's kind of match, weighed against its surroundings.

`high`   a format with a structural check: a checksum, a fixed prefix of a provider's token, a JWT or PEM
         structure, a value an inventory or a CI log's masking proves secret;
`medium` a provider rule anchored on the provider's name near a value of the documented shape; a generic rule
         whose name says credential and whose value looks generated;
`low`    everything weaker.
Contexts (context.py) lower a finding a level: any place a fixture or a vendored copy lives lowers the
non-structural ones, documentation places lower all of them; what a generic value or name is lowers generic
findings. The level never drops below `low` here: the gate decides what is shown.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from secretguard.scan.assignment import char_kinds
from secretguard.scan.context import (
    BUILD_PLACES,
    CODE_PLACES,
    DOCUMENTATION_PLACES,
    comment_reason,
    name_reasons,
    place_reasons,
    value_reasons,
)
from secretguard.scan.filters import shannon_entropy
from secretguard.scan.finding import CONFIDENCE_LEVELS as LEVELS

if TYPE_CHECKING:
    from secretguard.scan.rules import Rule

LOW, MEDIUM, HIGH = 0, 1, 2

_STRUCTURE_REASON = {
    "github-checksum": "checksum-ok",
    "luhn": "checksum-ok",
    "jwt": "jwt-structure",
    "pem": "pem-structure",
    "basic-auth": "basic-auth-structure",
}
# Validators that prove a format but whose match is just as common in illustrations as in leaks.
_SOFT_STRUCTURE = frozenset({"basic-auth", "base64-text"})

# SHA-256 of values that providers' and standards' own documentation publish as examples (hashed so the
# table does not itself look like a leak to scanners): Stripe's documented test secret and publishable keys.
# The jwt.io debugger's default token is recognised by its claims instead (`_jwt_reasons`).
_DOCUMENTED_EXAMPLES = frozenset(
    {
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
        "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
    }
)


def level_of(name: str) -> int:
    return LEVELS.index(name)


@dataclass(frozen=True, slots=True)
class Assessment:
    level: int
    reasons: tuple[str, ...]
    # Evidence in the value itself (checksum, prefix, structure): places where fixtures live do not lower it,
    # and repetition across files does not either.
    structural: bool


def generated_value(value: str, *, password_like: bool) -> bool:
    """Does a free-form value look like a real credential rather than a stand-in typed for a test or a demo?
    Passwords are judged by length and variety (people choose them); keys and tokens by randomness."""
    body = value.strip().rstrip("=")
    kinds = char_kinds(body)
    if password_like:
        # A single plain word ("parameters") is a stand-in; people's real passwords mix kinds or run long.
        return (len(body) >= 8 and kinds >= 2) or (len(body) >= 6 and kinds >= 3) or len(body) >= 16
    if len(body) < 10:
        return False
    return kinds >= 2 and shannon_entropy(body) >= (3.0 if len(body) < 16 else 3.3)


def prefix_in_secret(rule: Rule, secret: str) -> bool:
    """Whether one of the rule's keywords (3+ characters) is part of the secret: a fixed token prefix."""
    lowered = secret.lower()
    return any((len(k) >= 3 or not k.isalnum()) and k in lowered for k in rule.keywords)


def _jwt_claims(token: str) -> dict[str, Any] | None:
    parts = token.split(".")
    if len(parts) < 2:
        return None
    try:
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def jwt_role(token: str) -> str | None:
    """The role a Supabase-issued JWT carries (`anon`, `authenticated`, `service_role`), else None: the
    claims, not the variable it is assigned to, say whether the key is public by design or a master key."""
    claims = _jwt_claims(token)
    if claims is None or not (claims.get("iss") == "supabase" or "ref" in claims):
        return None
    role = claims.get("role")
    return role if isinstance(role, str) and role in ("anon", "authenticated", "service_role") else None


def _jwt_reasons(token: str) -> tuple[str, ...]:
    claims = _jwt_claims(token)
    if claims is None:
        return ()
    reasons = []
    expiry = claims.get("exp")
    if isinstance(expiry, int | float) and expiry < time.time():
        reasons.append("expired-token")
    if claims.get("name") == "John Doe" or claims.get("sub") == "1234567890":
        reasons.append("example-value")
    return tuple(reasons)


def capped_at_medium(rule: Rule) -> bool:
    """A generic rule with no structural evidence: medium at best, so low wherever its place lowers it."""
    if rule.provider != "generic" or rule.pairs_with:
        return False
    if rule.validator is not None and rule.validator not in _SOFT_STRUCTURE:
        return False
    return rule.confidence in (None, "low", "medium")


def documented_example(secret: str) -> bool:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest() in _DOCUMENTED_EXAMPLES


def base_evidence(
    rule: Rule, secret: str, name_is_credential: bool, password_like: bool
) -> tuple[int, list[str], bool]:
    """(level, reasons, structural) from the match alone, before any context."""
    if rule.confidence is not None:
        return level_of(rule.confidence), ["rule-confidence"], rule.confidence == "high"
    if rule.validator is not None and rule.validator not in _SOFT_STRUCTURE:
        return HIGH, [_STRUCTURE_REASON.get(rule.validator, "structure-ok")], True
    if rule.provider != "generic":
        if prefix_in_secret(rule, secret):
            return HIGH, ["fixed-prefix"], True
        return MEDIUM, ["keyword-anchored"], False
    # Generic rules: the name (when the rule captures one) and the value are all there is.
    reasons = ["credential-name"] if name_is_credential else []
    if generated_value(secret, password_like=password_like):
        return MEDIUM, [*reasons, "generated-value"], False
    return LOW, [*reasons, "weak-value"], False


def assess(
    rule: Rule,
    secret: str,
    *,
    path: str,
    name: str,
    name_is_credential: bool,
    password_like: bool,
    minified: bool,
    line_before: bytes = b"",
) -> Assessment:
    level, reasons, structural = base_evidence(rule, secret, name_is_credential, password_like)
    places = list(place_reasons(path))
    if minified and "generated-file" not in places:
        places.append("minified")
    reasons += places
    # One level at most for the place: documentation lowers everything, fixtures and vendored copies what is
    # not structural, build output only what a generic rule found.
    if DOCUMENTATION_PLACES.intersection(places) or (
        not structural
        and (
            CODE_PLACES.intersection(places)
            or (rule.provider == "generic" and BUILD_PLACES.intersection(places))
        )
    ):
        level -= 1
    extra: list[str] = []
    if rule.validator == "jwt":
        extra += _jwt_reasons(secret)
    if documented_example(secret):
        extra.append("example-value")
    if not structural:
        comment = comment_reason(path, line_before)
        if comment is not None and not places:
            extra.append(comment)
        if rule.provider == "generic":
            # A provider rule's anchor is its provider's name; a generic rule has only the name and value.
            extra += name_reasons(name)
            extra += value_reasons(
                secret,
                password_like=password_like,
                identifier_shapes=rule.judge == "entropy"
                or (rule.name_group is not None and not name_is_credential),
            )
    for reason in extra:
        reasons.append(reason)
        level = LOW if reason in ("example-value", "code-reference") else level - 1
    return Assessment(max(LOW, level), tuple(reasons), structural)
