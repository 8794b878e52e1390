"""A cache of the validated built-in rules, keyed by the rule files' content.

Parsing the shipped YAML and validating ~300 rules with pydantic costs about 250 ms on every run, which is
most of the pre-commit hook's budget. The validated list is pickled next to the Hyperscan database cache
(`$SECRETGUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/secretguard`, else `~/.cache/secretguard`), under a key
made of the rule files' names and bytes and the versions of secretguard, pydantic and Python: any edit to a
rule file, or an upgrade, makes a new key. A missing, stale or unreadable cache only costs a normal load.

Use `builtin_rules_cached()` where `rules.builtin_rules()` is called.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from importlib import resources
from pathlib import Path

from secretguard import __version__
from secretguard.cache import cache_dir
from secretguard.scan.rules import Rule, builtin_rules

KEEP = 4


def builtin_key() -> str:
    """Digest of everything the built-in rule list depends on."""
    import pydantic  # noqa: PLC0415 - already imported by rules.py

    digest = hashlib.sha256(f"rules-v1 {__version__} {pydantic.VERSION} {sys.version_info[:2]}".encode())
    folder = resources.files("secretguard") / "rules"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = entry.read_bytes()
            digest.update(entry.name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def builtin_rules_cached() -> list[Rule]:
    """`rules.builtin_rules()`, from the cache when the rule files have not changed."""
    try:
        key = builtin_key()
    except OSError:
        return builtin_rules()
    path = cache_dir() / f"rules-{key}.pickle"
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
        if isinstance(cached, list) and all(isinstance(r, Rule) for r in cached):
            return cached
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    rules = builtin_rules()
    _store(path, rules)
    return rules


def _store(path: Path, rules: list[Rule]) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        stale = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for old in stale:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs the next run a normal load
