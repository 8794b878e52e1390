"""File names as bytes for matching and as printable text for reports.

A name that is not UTF-8 (`caf\\xe9.txt` in Latin-1) reaches Python as a str holding surrogate escapes
(`caf\\udce9.txt`): it opens the file again, but cannot be encoded as UTF-8, printed or written to a
report. Paths stay in that form inside the scan; `path_bytes` gives the bytes RE2 matches on, and
`printable_path` the form every output shows.
"""

from __future__ import annotations


def path_bytes(path: str | bytes) -> bytes:
    """The path's bytes: UTF-8, with a surrogate-escaped byte given back as it was on disk. Any other lone
    surrogate (a name decoded from JSON) is kept as its UTF-8-style bytes: a path never fails to encode."""
    if isinstance(path, bytes):
        return path
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable_path(path: str) -> str:
    """The path with every byte that is not UTF-8 and every unprintable character (control characters,
    escape sequences, lone surrogates) written as a backslash escape: `caf\\xe9.txt`, `a\\x1b[31m.txt`."""
    if path.isprintable():
        return path
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in path)
