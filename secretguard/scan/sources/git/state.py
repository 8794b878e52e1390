"""Incremental scans: what was already scanned, kept in `<git common dir>/secretguard/incremental.json`.

The state is the set of commits that were the starting points (ref tips) of the last complete scan: every
commit reachable from them has been scanned. The next scan walks `<current tips> --not <stored tips>`, so
after one new commit it reads exactly that commit. The state also records a key of the rule set: when rules
change (new rules may find secrets in old commits), the next incremental scan is a full one.
A scan that could not read everything (a partial result) does not advance the state.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from secretguard import __version__
from secretguard.scan.sources.git.repo import Repo

VERSION = 1
FOLDER = "secretguard"
FILE = "incremental.json"


@dataclass(frozen=True, slots=True)
class State:
    tips: tuple[str, ...]
    rules_key: str


def rules_key(rules: Iterable[object], decode_depth: int) -> str:
    digest = hashlib.sha256(f"secretguard {__version__} decode={decode_depth}".encode())
    for rule in rules:
        digest.update(repr(rule).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _path(repo: Repo) -> str:
    return os.path.join(repo.common_dir, FOLDER, FILE)


def load(repo: Repo) -> State | None:
    try:
        with open(_path(repo), encoding="utf-8") as handle:
            doc = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        return None
    tips = doc.get("tips")
    key = doc.get("rules_key")
    if not isinstance(tips, list) or not isinstance(key, str) or not all(isinstance(t, str) for t in tips):
        return None
    return State(tuple(tips), key)


def save(repo: Repo, tips: Sequence[str], key: str) -> str | None:
    """Store the state; returns an error message instead of raising (a read-only repo only costs a rescan)."""
    folder = Path(repo.common_dir) / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{FILE}.{os.getpid()}.tmp"
        doc = {"version": VERSION, "rules_key": key, "tips": sorted(set(tips))}
        tmp.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        tmp.replace(_path(repo))
    except OSError as exc:
        return f"cannot save the incremental state: {exc.strerror or exc}"
    return None
