"""Where secretguard keeps what it can rebuild: compiled rule databases, validated rules, the hook's manifest.

Nothing secret is ever written here (rule regexes, encoded rule keywords, compiled databases).
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
