"""Decoding passes: find encoded runs (base64, hex, percent-encoding, \\uXXXX/\\xNN escapes) and decode them.

The engine scans what comes out, to a fixed depth, and reports a secret found inside at the position of the
encoded run. Candidates are found with one RE2 pass (linear, several hundred MB/s); a decode is kept only
when it yields mostly printable text, so fonts, images and hashes inlined as base64 cost a decode, not a scan.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

import re2

# An encoded run must be long enough to hide a credential, and short enough to decode cheaply. Inline data
# URIs of fonts and images are far longer; they never hold a key worth finding at this cost.
MIN_ENCODED = 16
MAX_ENCODED = 16384

_CANDIDATES = re2.compile(
    rb"([A-Za-z0-9+/_-]{16,}={0,2})"
    rb"|((?:[A-Za-z0-9._~:/?#@!$&'()*+,;=-]*%[0-9A-Fa-f]{2}){2,}[A-Za-z0-9._~:/?#@!$&'()*+,;=-]*)"
    rb"|((?:[A-Za-z0-9 _.:/=+-]*(?:\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2})){2,}[A-Za-z0-9 _.:/=+-]*)"
)
_HEX = re2.compile(rb"^(?:[0-9A-Fa-f]{2}){12,}$")
_ESCAPE = re2.compile(rb"\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class Decoded:
    start: int
    end: int
    encoding: str
    data: bytes


def _printable(data: bytes) -> bool:
    """Mostly printable text: decoded binary (images, fonts, hashes) is not worth scanning."""
    if not data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return printable >= 0.95 * len(text)


def _decode_base64(run: bytes) -> bytes | None:
    body = run.rstrip(b"=")
    if len(body) % 4 == 1:
        return None
    padded = body + b"=" * (-len(body) % 4)
    try:
        if b"-" in body or b"_" in body:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (ValueError, binascii.Error):
        return None


def _unescape(run: bytes) -> bytes:
    def replace(match: Any) -> bytes:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)).encode("utf-8", "surrogatepass")

    return bytes(_ESCAPE.sub(replace, run))


def find_encoded(data: bytes) -> Iterator[Decoded]:
    """Every decodable run in `data` whose decoding is printable text, with its span in `data`."""
    for match in _CANDIDATES.finditer(data):
        run = match.group(0)
        if len(run) < MIN_ENCODED or len(run) > MAX_ENCODED:
            continue
        decoded: bytes | None
        encoding: str
        if match.group(1) is not None:
            if _HEX.match(run):
                encoding = "hex"
                decoded = bytes.fromhex(run.decode("ascii")) if len(run) % 2 == 0 else None
            else:
                # Identifiers and words are valid base64 too; real encoded data mixes cases and digits.
                if not (
                    any(48 <= c <= 57 for c in run[:64]) or b"+" in run or b"/" in run or run.endswith(b"=")
                ):
                    continue
                encoding = "base64"
                decoded = _decode_base64(run)
        elif match.group(2) is not None:
            encoding = "percent"
            decoded = unquote_to_bytes(run)
        else:
            encoding = "escape"
            decoded = _unescape(run)
        if decoded and decoded != run and _printable(decoded):
            yield Decoded(match.start(), match.end(), encoding, decoded)
