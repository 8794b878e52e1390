"""Read a byte stream as blocks of whole lines, in bounded memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class Readable(Protocol):
    """What a log is read from: a file, a zip member, a gunzip stream, spooled stdin."""

    def read(self, size: int = -1, /) -> bytes: ...


BLOCK_BYTES = 1 << 20
# A "line" longer than this (a minified blob, a log with no newlines) is cut: memory stays bounded, and the
# next block continues the same original line.
MAX_LINE = 1 << 20


def read_blocks(
    stream: Readable, block_bytes: int = BLOCK_BYTES, max_line: int = MAX_LINE
) -> Iterator[bytes]:
    """Blocks of about `block_bytes` that end at a newline (except at a cut overlong line or the end)."""
    carry = b""
    while True:
        data = stream.read(block_bytes)
        if not data:
            break
        buffer = carry + data if carry else data
        cut = buffer.rfind(b"\n") + 1
        if cut == 0:
            if len(buffer) >= max_line:
                yield buffer
                carry = b""
            else:
                carry = buffer
            continue
        yield buffer[:cut]
        carry = buffer[cut:]
    if carry:
        yield carry
