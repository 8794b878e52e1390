"""A file's new version scanned in its changed lines, its other findings taken from the version it replaced.

A history scan reads every new version of a file; most of a modified file is text the version before it
already held, and the findings of that text are already known. So when the version a blob replaced was
scanned just before (chain order, blobscan.py), only the changed lines are scanned again, and the blob's
findings are put together from three parts, lines being whole in both versions:

    new = A + changed + B      old = A + removed + B      (A, B: the longest common prefix and suffix)

- the lines wholly inside A keep the old version's findings as they are;
- the lines wholly inside B keep them too, moved by the difference in length (in bytes and in lines);
- the lines between (the *band*: the changed lines and CONTEXT_LINES either side) get what a scan of a
  *region* finds there: the band plus MARGIN bytes either side, widened to a whole PEM block when the change
  falls inside one (a replaced private key changes its body, not its BEGIN and END lines).

The result is the blob's whole set of findings, as a scan of all of it would give, whichever way the blob
entered the history; so attribution and the verdict cache treat it as any other. The caller falls back to a
whole scan where a chunk-wide effect could make the parts disagree with the whole (see blobscan.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from secretguard.scan.finding import Finding

# Lines of unchanged text in the band on each side of the change.
CONTEXT_LINES = 3
# Bytes of text the region holds beyond the band on each side (a keyword on the line above, a wrapped value).
MARGIN = 512
# A region larger than this share of the file is scanned whole: trimming would save little.
MAX_SHARE = 0.85
# Files smaller than this are scanned whole: the engine's per-chunk cost dominates.
MIN_SIZE = 4096
_STEP = 4096
_MAX_STEP = 1 << 18
_PAST_END = 1 << 62  # a line number past any file's last line
_BEGIN = b"-----BEGIN "
_END = b"-----END "


@dataclass(frozen=True, slots=True)
class Split:
    """How to rebuild the findings of `new` from a scan of `new[start:end]` (whose first line is
    `first_line`) and the findings of `old`: lines [band_first, band_end) of `new` come from the scan; lines
    before `band_first` from `old` as they are; lines from `old_band_end` on in `old` from `old`, moved by
    `shift` bytes and `line_shift` lines."""

    start: int
    end: int
    first_line: int
    band_first: int
    band_end: int
    old_band_end: int
    shift: int
    line_shift: int
    pem: bool  # whether the new version holds a PEM BEGIN line

    def merge(self, scanned: Sequence[Finding], old: Sequence[Finding]) -> list[Finding]:
        """The findings of the whole new version: `scanned` (the region's, offsets within the region) in
        the band, `old`'s (whole-file offsets) outside it, in file order."""
        before = [f for f in old if f.end_line < self.band_first]
        band = [
            dataclasses.replace(f, offset=f.offset + self.start)
            for f in scanned
            if f.end_line >= self.band_first and f.line < self.band_end
        ]
        after = [
            dataclasses.replace(
                f,
                offset=f.offset + self.shift,
                line=f.line + self.line_shift,
                end_line=f.end_line + self.line_shift,
            )
            for f in old
            if f.line >= self.old_band_end
        ]
        return [*before, *band, *after]


def _common_prefix(a: bytes, b: bytes, limit: int) -> int:
    """Length of the common prefix of `a` and `b`, at most `limit`: block compares with growing blocks (a
    long common prefix costs few steps), then a binary search in the block that differs."""
    i, step = 0, _STEP
    while i + step <= limit and a[i : i + step] == b[i : i + step]:
        i += step
        step = min(step * 2, _MAX_STEP)
    lo, hi = i, min(limit, i + step)
    while lo < hi:  # the prefix ends in [lo, hi]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """Length of the common suffix of `a` and `b`, at most `limit`."""
    la, lb = len(a), len(b)
    i, step = 0, _STEP
    while i + step <= limit and a[la - i - step : la - i] == b[lb - i - step : lb - i]:
        i += step
        step = min(step * 2, _MAX_STEP)
    lo, hi = i, min(limit, i + step)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _lines_up(data: bytes, start: int, count: int) -> int:
    """The start of the line `count` lines above the line that starts at `start`."""
    for _ in range(count):
        if start == 0:
            break
        start = data.rfind(b"\n", 0, start - 1) + 1
    return start


def _lines_down(data: bytes, end: int, count: int) -> int:
    """The end of the line `count` lines below the line that ends at `end` (just past its newline)."""
    for _ in range(count):
        if end >= len(data):
            return len(data)
        newline = data.find(b"\n", end)
        end = len(data) if newline < 0 else newline + 1
    return end


def has_pem(text: bytes) -> bool:
    return _BEGIN in text


def split(new: bytes, old: bytes, old_pem: bool = True) -> Split | None:
    """How to scan `new` given the version it replaced, `old`; None when it should be scanned whole.
    `old_pem`: whether `old` holds a PEM BEGIN line (when it does not, only the changed bytes can)."""
    size = len(new)
    if size < MIN_SIZE or new == old:
        return None
    limit = min(size, len(old))
    prefix = _common_prefix(new, old, limit)
    suffix = _common_suffix(new, old, limit - prefix)
    shift = size - len(old)
    # The changed lines: from the line holding the first differing byte to the first line that lies wholly
    # in the common suffix (one that starts after a newline of the suffix), the same lines in both versions.
    core_start = new.rfind(b"\n", 0, prefix) + 1
    newline = new.find(b"\n", size - suffix)
    core_end = size if newline < 0 else newline + 1
    band_start = _lines_up(new, core_start, CONTEXT_LINES)
    band_end = _lines_down(new, core_end, CONTEXT_LINES)
    # Band ends inside B (or at the end of both versions): the same place in `old`, `shift` bytes earlier.
    old_band_end = band_end - shift
    start = new.rfind(b"\n", 0, max(0, band_start - MARGIN)) + 1 if band_start > MARGIN else 0
    end = _lines_down(new, min(size, band_end + MARGIN - 1), 1) if band_end + MARGIN < size else size
    if old_pem:
        pem = _BEGIN in new
    else:  # the common prefix and suffix hold none: only text around the change can
        pem = _BEGIN in new[max(0, prefix - len(_BEGIN)) : size - suffix + len(_BEGIN)]
    if pem:  # inside a PEM block: the whole block, its BEGIN and END lines framing the change
        begin = new.rfind(_BEGIN, 0, start)
        if begin >= 0 and new.rfind(_END, begin, start) < 0:
            start = new.rfind(b"\n", 0, begin) + 1
        close = new.find(_END, end)
        if close >= 0 and new.find(_BEGIN, end, close) < 0:
            end = _lines_down(new, close, 1)
    if end - start > size * MAX_SHARE:
        return None
    first_line = new.count(b"\n", 0, start) + 1
    band_first = first_line + new.count(b"\n", start, band_start)
    if band_end >= size:  # the band runs to the end: nothing after it to take from `old`
        new_band_line = old_band_line = _PAST_END
    else:
        new_band_line = band_first + new.count(b"\n", band_start, band_end)
        # The lines before band_start are the same in both versions (they lie in the common prefix).
        old_band_line = band_first + old.count(b"\n", band_start, old_band_end)
    return Split(
        start=start,
        end=end,
        first_line=first_line,
        band_first=band_first,
        band_end=new_band_line,
        old_band_end=old_band_line,
        shift=shift,
        line_shift=new_band_line - old_band_line,
        pem=pem,
    )
