"""Writing a report or a state file. A file that may hold secrets is created mode 0600 (and an existing
one is narrowed to 0600 before anything is written): a `--show-secrets` report must not be world-readable.

Standard library only: the pre-commit fast path writes through here too.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_text(path: Path | str, text: str, *, private: bool = False) -> None:
    """Write `text` to `path` (UTF-8). Raises OSError; callers turn it into their own message."""
    if not private:
        Path(path).write_text(text, encoding="utf-8")
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # O_CREAT keeps an existing file's mode: narrow it first
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
