"""Where secretguard keeps what it can rebuild: compiled rule databases, validated rules and settings, the
fast path's screens.

Nothing secret is ever written here (rule regexes, encoded rule keywords, compiled databases, settings).
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$SECRETGUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/secretguard`, else `~/.cache/secretguard`."""
    if os.environ.get("SECRETGUARD_CACHE_DIR"):
        return Path(os.environ["SECRETGUARD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "secretguard"


def write_atomic(target: Path, data: bytes, *, keep: tuple[str, int] | None = None) -> None:
    """Write `target` whole or not at all (a reader never sees half a file); with `keep=(glob, n)`, only the
    n newest files matching glob stay. A read-only cache folder only costs the next run a rebuild."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{target.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target)
        if keep is not None:
            pattern, count = keep
            by_age = sorted(folder.glob(pattern), key=_mtime, reverse=True)
            for old in by_age[count:]:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another run meanwhile
        return 0.0
