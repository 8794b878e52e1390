"""Decoding passes: find encoded runs (base64, hex, percent-encoding, \\uXXXX/\\xNN escapes) and decode them.

The engine scans what comes out, to a fixed depth, and reports a secret found inside at the position of the
encoded run. Candidates are found with one RE2 pass (linear, several hundred MB/s); a decode is kept only
when it yields mostly printable text, so fonts, images and hashes inlined as base64 cost a decode, not a scan.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import re2

# An encoded run must be long enough to hide a credential, and short enough to decode cheaply. Inline data
# URIs of fonts and images are far longer; they never hold a key worth finding at this cost.
MIN_ENCODED = 16
MAX_ENCODED = 16384

# Percent-encoded and escaped runs are rare and cheap to find directly; base64 and hex runs are everywhere
# (identifiers, hashes, assets), so those are only decoded where an encoded rule keyword was seen.
_CANDIDATES = re2.compile(
    rb"((?:[A-Za-z0-9._~:/?#@!$&'()*+,;=-]*%[0-9A-Fa-f]{2}){2,}[A-Za-z0-9._~:/?#@!$&'()*+,;=-]*)"
    rb"|((?:[A-Za-z0-9 _.:/=+-]*(?:\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2})){2,}[A-Za-z0-9 _.:/=+-]*)"
)
# What marks percent-encoded or escaped text worth decoding: three encoded printable ASCII characters in a
# row. Hyperscan finds these with the rules; RE2 then reads only a window around each hit.
TEXT_TRIGGERS = (
    rb"(?:\\u00[2-7][0-9A-Fa-f]|\\x[2-7][0-9A-Fa-f]){3}",
    rb"%[2-7][0-9A-Fa-f][^%\s]{0,8}%[2-7][0-9A-Fa-f][^%\s]{0,8}%[2-7][0-9A-Fa-f]",
)
TEXT_WINDOW = 4096
_B64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=")
_ALNUM = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_WHITESPACE = dict.fromkeys(map(ord, "\n\r\t"))  # characters str.translate deletes
MIN_DECODED = 8  # no credential is shorter
MIN_TRIGGER = 5  # shorter encoded fragments turn up by chance in every base64 asset
_HEX = re2.compile(rb"^(?:[0-9A-Fa-f]{2}){12,}$")


@dataclass(frozen=True, slots=True)
class Decoded:
    start: int
    end: int
    encoding: str
    data: bytes


def _printable(data: bytes) -> bool:
    """Mostly printable text with room for a credential: decoded binary (images, fonts, hashes) and short
    or non-Latin text (unicode tables in minified code are escape runs too) are not worth a scan."""
    if len(data) < MIN_DECODED or len(data) - len(data.translate(None, _ALNUM)) < MIN_DECODED:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text.translate(_WHITESPACE).isprintable():
        return True
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
    """`\\uXXXX` and `\\xNN` escapes decoded by the C codec (the run is ASCII by construction)."""
    try:
        text = run.decode("latin-1").encode("latin-1").decode("unicode_escape")
        return text.encode("utf-8", "surrogatepass")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return b""


def _base64_cores(raw: bytes) -> set[bytes]:
    """The characters of base64(raw) that do not depend on neighbouring bytes, at each of 3 alignments."""
    cores: set[bytes] = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        first = -(-8 * shift // 6)  # first output character made only of `raw`'s bits
        last = 8 * (shift + len(raw)) // 6  # one past the last such character
        core = encoded[first:last]
        if len(core) >= MIN_TRIGGER:
            cores.add(core)
    return cores


def encoded_keyword_literals(keywords: Iterable[str], depth: int = 2) -> list[bytes]:
    """How each keyword looks inside base64 (standard and URL-safe, as written, upper-cased, capitalised)
    and hex, and inside base64 of base64 (`depth` 2): what the matcher looks for to find runs to decode."""
    out: set[bytes] = set()
    level: set[bytes] = set()
    for keyword in keywords:
        for variant in {keyword, keyword.upper(), keyword.capitalize()}:
            raw = variant.encode()
            if len(raw) < 4:
                continue
            level |= _base64_cores(raw)
            out.add(raw.hex().encode())
            out.add(raw.hex().upper().encode())
    for _ in range(depth):
        out |= level
        out |= {core.translate(_URLSAFE) for core in level}
        level = {nested for core in level for nested in _base64_cores(core)}
    return sorted(out)


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encoded_runs(data: bytes, trigger_ends: Iterable[int]) -> list[tuple[int, int]]:
    """The base64/hex runs around trigger hits: each expanded once over the encoding's alphabet."""
    runs: list[tuple[int, int]] = []
    covered = -1
    size = len(data)
    for end in sorted(trigger_ends):
        if end <= covered:
            continue
        start = end
        floor = max(0, end - MAX_ENCODED)
        while start > floor and data[start - 1] in _B64_CHARS:
            start -= 1
        stop = end
        ceiling = min(size, end + MAX_ENCODED)
        while stop < ceiling and data[stop] in _B64_CHARS:
            stop += 1
        covered = stop
        if stop - start >= MIN_ENCODED:
            runs.append((start, stop))
    return runs


def decode_run(data: bytes, start: int, stop: int) -> Decoded | None:
    run = data[start:stop].lstrip(b"=")
    if _HEX.match(run) and len(run) % 2 == 0:
        decoded: bytes | None = bytes.fromhex(run.decode("ascii"))
        encoding = "hex"
    else:
        encoding = "base64"
        decoded = _decode_base64(run)
    if decoded and _printable(decoded):
        return Decoded(start, stop, encoding, decoded)
    return None


def text_windows(data: bytes, ends: Iterable[int]) -> list[tuple[int, int]]:
    """Windows around percent/escape trigger hits, merged where they overlap."""
    windows: list[tuple[int, int]] = []
    for end in sorted(ends):
        lo, hi = max(0, end - TEXT_WINDOW), min(len(data), end + TEXT_WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def find_encoded(
    data: bytes, runs: Iterable[tuple[int, int]] = (), windows: Iterable[tuple[int, int]] = ()
) -> Iterator[Decoded]:
    """Every decodable run in `data` whose decoding is printable text, with its span in `data`: the
    base64/hex `runs` and the percent-encoded or escaped runs inside `windows` that the matcher flagged."""
    for start, stop in runs:
        found = decode_run(data, start, stop)
        if found is not None:
            yield found
    for lo, hi in windows:
        yield from _text_runs(data, lo, hi)


def _text_runs(data: bytes, lo: int, hi: int) -> Iterator[Decoded]:
    for match in _CANDIDATES.finditer(data, lo, hi):
        run = match.group(0)
        if len(run) < MIN_ENCODED or len(run) > MAX_ENCODED:
            continue
        if match.group(1) is not None:
            encoding = "percent"
            decoded = unquote_to_bytes(run)
        else:
            encoding = "escape"
            decoded = _unescape(run)
        if decoded and decoded != run and _printable(decoded):
            yield Decoded(match.start(), match.end(), encoding, decoded)
