"""Structural checks a secret of a known format must pass: checksums, decodable parts, key bodies."""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(_BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")


def github_checksum(secret: str) -> bool:
    """GitHub (ghp_, gho_, ...) and npm tokens end in 6 base62 digits of the CRC32 of the 30 before them."""
    _, _, body = secret.partition("_")
    if len(body) < 7:
        return False
    payload, check = body[:-6], body[-6:]
    return _base62(zlib.crc32(payload.encode()), 6) == check


def _b64url(part: str) -> bytes:
    trimmed = part[: len(part) - len(part) % 4] if len(part) % 4 == 1 else part
    return base64.urlsafe_b64decode(trimmed + "=" * (-len(trimmed) % 4))


def jwt(secret: str) -> bool:
    """The header is a JSON object naming an algorithm or type; the payload decodes to a JSON object (a
    truncated payload is accepted when what decodes is clearly the start of one)."""
    parts = secret.split(".")
    if len(parts) < 2:
        return False
    try:
        header = json.loads(_b64url(parts[0]))
        payload = _b64url(parts[1])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    if not isinstance(header, dict) or not ({"alg", "typ", "kid", "x5t", "enc"} & header.keys()):
        return False
    try:
        return isinstance(json.loads(payload), dict)
    except (ValueError, UnicodeDecodeError):
        text = payload.decode("utf-8", "replace")
        return text.startswith("{") and sum(ch.isprintable() for ch in text) >= 0.9 * len(text)


def luhn(secret: str) -> bool:
    digits = [int(c) for c in secret if c.isdigit()]
    if len(digits) < 12:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if i % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def pem(secret: str) -> bool:
    """A PEM block whose body is real base64 of a plausible key size, not `...` or a placeholder."""
    lines = [ln.strip() for ln in secret.replace("\\n", "\n").splitlines()]
    # Skip armour: BEGIN/END lines, headers (`Proc-Type: ...`) and the PGP checksum line (`=AbCd`).
    body = "".join(ln for ln in lines if ln and not ln.startswith(("-----", "=")) and ":" not in ln)
    if len(body) < 64:
        return False
    body = body.rstrip("=")
    # A stray or missing character (keys pasted by hand, truncated in docs) still leaves a key body.
    body = body[: len(body) - len(body) % 4]
    try:
        raw = base64.b64decode(body, validate=False)
    except (ValueError, binascii.Error):
        return False
    return len(raw) >= 48 and len(set(raw)) > 16


def _b64_text(value: str) -> str | None:
    try:
        raw = base64.b64decode(value, validate=True)
        text = raw.decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not text or sum(ch.isprintable() or ch in "\r\n\t" for ch in text) < 0.95 * len(text):
        return None
    return text


def basic_auth(secret: str) -> bool:
    """HTTP Basic credentials: base64 of `user:password` (a token as user with an empty password counts)."""
    try:
        raw = base64.b64decode(secret + "=" * (-len(secret) % 4))
    except (ValueError, binascii.Error):
        return False
    user, colon, _ = raw.partition(b":")
    # The user part must be text; the password part may be any bytes (some clients send Latin-1).
    return bool(colon) and len(raw) >= 4 and all(32 <= b < 127 for b in user)


def base64_text(secret: str) -> bool:
    """Padded base64 of printable text worth a secret: Kubernetes Secret data and the like."""
    if len(secret) % 4:
        return False
    text = _b64_text(secret)
    return text is not None and len(text.strip()) >= 4


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "github-checksum": github_checksum,
    "jwt": jwt,
    "luhn": luhn,
    "pem": pem,
    "basic-auth": basic_auth,
    "base64-text": base64_text,
}
