"""Is this content text, and in which encoding: the one test every source applies before scanning.

Only the first 8 KiB are looked at (it runs on every file and every blob of a history). Text is UTF-8 (or
any ASCII-compatible encoding) as it is, or UTF-16/UTF-32, recognised by a byte order mark or, for UTF-16
and UTF-32 without one, by NUL bytes that sit at the same place of every code unit; those are decoded to
UTF-8 for the engine (newlines stay newlines, so line numbers are unchanged). A few stray NUL bytes in
otherwise plain text do not make it binary; control bytes spread all over it (compressed data, images,
executables) do.

Imports only the standard library: the pre-commit hook uses it.
"""

from __future__ import annotations

BINARY_PROBE = 8192
# Byte order marks, UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Bytes that plain text does not hold: C0 controls other than tab, newlines, form feed and escape; DEL.
_CONTROL = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
# Of the probe, how many bytes (or decoded characters) may be controls or undecodable: one in 50.
_BAD_SHARE = 50
# NUL bytes plain text may hold: one, and one more per 128 bytes of the probe (a stray terminator, a
# padding byte). More than that is a binary format.
_NUL_SHARE = 128


def _controls(data: bytes) -> int:
    """How many bytes of `data` are controls (NUL included)."""
    return len(data.translate(None, _NOT_CONTROL))


def _reads_as_text(probe: bytes, codec: str, cut: bool) -> bool:
    """Whether the probe decodes with `codec` to text: few undecodable units, NULs or other controls."""
    sample = probe.decode(codec, "replace")
    if not sample:
        return False
    # A code unit cut at the end of a probe shorter than the content decodes as one replacement character.
    bad = sample.count("\ufffd") + _controls(sample.encode("utf-8"))
    return bad <= int(cut) + len(sample) // _BAD_SHARE


def _unit_pattern(probe: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte order mark, from where its NUL bytes sit: text that is mostly
    ASCII or Latin has a NUL in the same byte of (nearly) every code unit, and never in the other."""
    size = len(probe) - len(probe) % 4
    quads = size // 4
    if quads >= 2:
        at = [probe[i:size:4].count(0) for i in range(4)]
        if at[2] == at[3] == quads and at[0] * 10 <= quads:
            return "utf-32-le"
        if at[0] == at[1] == quads and at[3] * 10 <= quads:
            return "utf-32-be"
    pairs = len(probe) // 2
    if pairs >= 2:
        even, odd = probe[0 : 2 * pairs : 2].count(0), probe[1 : 2 * pairs : 2].count(0)
        if odd * 2 >= pairs and even * 10 <= pairs:
            return "utf-16-le"
        if even * 2 >= pairs and odd * 10 <= pairs:
            return "utf-16-be"
    return None


def text_encoding(data: bytes) -> str | None:
    """How to read `data` as text: "utf-8" (scanned as it is), "utf-16", "utf-16-le", "utf-16-be",
    "utf-32", "utf-32-le" or "utf-32-be" (decoded first), or None for binary content."""
    probe = data[:BINARY_PROBE]
    cut = len(data) > BINARY_PROBE
    for bom, codec in _BOMS:
        if probe.startswith(bom) and _reads_as_text(probe, codec, cut):
            return codec
    if b"\x00" not in probe:
        return "utf-8"
    units = _unit_pattern(probe)
    if units is not None and _reads_as_text(probe, units, cut):
        return units
    nuls = probe.count(0)
    if nuls > 1 + len(probe) // _NUL_SHARE:
        return None
    return "utf-8" if _controls(probe) - nuls <= len(probe) // _BAD_SHARE else None


def is_binary(head: bytes) -> bool:
    """Whether content starting with `head` is not text (see `text_encoding`)."""
    return text_encoding(head) is None


def as_text(data: bytes) -> tuple[bytes, str] | None:
    """The bytes to scan and the encoding they were decoded from ("" when `data` is scanned as it is), or
    None for binary content. UTF-16/32 come out as UTF-8 without their byte order mark."""
    codec = text_encoding(data)
    if codec is None:
        return None
    if codec == "utf-8":
        return data, ""
    return data.decode(codec, "replace").encode("utf-8"), codec.removesuffix("-le").removesuffix("-be")
