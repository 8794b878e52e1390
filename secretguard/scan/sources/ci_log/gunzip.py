"""Streaming gunzip that hands out everything readable before it reports a truncated file.

`gzip.GzipFile.read(n)` raises at the end of a truncated file and drops what that call had decompressed; a
log cut short by a failed upload would then lose its last megabyte, where the failure (and often the leak)
is. This reader returns every decodable byte first and raises EOFError only on the next read.
"""

from __future__ import annotations

import zlib

from secretguard.scan.sources.ci_log.reader import Readable

_GZIP_WBITS = zlib.MAX_WBITS | 16
_INPUT_BYTES = 1 << 16


class Gunzip:
    """A minimal binary reader (`read(size)`) over the gzip stream in `raw`; multi-member files work."""

    def __init__(self, raw: Readable) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(_GZIP_WBITS)
        self._input = b""
        self._started = False  # the current member has been fed input: ending now means truncation
        self._exhausted = False

    def read(self, size: int = -1, /) -> bytes:
        limit = size if size > 0 else 1 << 20
        while True:
            if self._input:
                self._started = True
                # Bounded output per call: a small input can inflate a thousandfold.
                out = self._inflate.decompress(self._input, limit)
                self._input = self._inflate.unconsumed_tail
                if self._inflate.eof:
                    # unused_data holds every byte after this member (unconsumed_tail may repeat some).
                    self._input = self._inflate.unused_data
                    self._inflate = zlib.decompressobj(_GZIP_WBITS)
                    self._started = False
                if out:
                    return out
                continue
            if self._exhausted:
                if self._started:
                    raise EOFError("compressed file ended before the end-of-stream marker")
                return b""
            data = self._raw.read(_INPUT_BYTES)
            if data:
                self._input = data
            else:
                self._exhausted = True
