"""The baseline: findings a team has accepted, stored as fingerprints (hashes) only, never as secrets.

A finding is identified by its fingerprint (rule + hash of the secret) and its file, not its line, so
moving code does not churn the baseline.

Version 2 holds scrypt fingerprints (scan/finding.py) and names the fingerprint key it was made with
(`key_id`, "none" without one): a run with another key stops with a clear error instead of silently accepting
nothing. Version 1 baselines (salted SHA-256) are still matched, through their legacy fingerprints;
`baseline update` rewrites them as version 2, keeping entries and comments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from secretguard import __version__
from secretguard.errors import InputError
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.finding import HASH_SCHEME, Finding, key_id, legacy_fingerprint

VERSION = 2
LEGACY_VERSION = 1
# About 150 bytes an entry: room for hundreds of thousands of accepted findings, not for /dev/zero.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_FIELDS = ("fingerprint", "rule_id", "file")


def normal_path(path: str) -> str:
    """`./a.cfg` (scan files .) and `a.cfg` (git) name the same file."""
    while path.startswith("./"):
        path = path[2:]
    return path


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    rule_id: str
    file: str
    # Why it was accepted: written by hand into the JSON, kept by `baseline update`.
    comment: str = ""


class Baseline:
    def __init__(self, entries: Iterable[BaselineEntry] = (), *, legacy: bool = False) -> None:
        unique = {(e.fingerprint, e.rule_id, e.file): e for e in entries}
        self.entries = sorted(unique.values(), key=lambda e: (e.file, e.rule_id, e.fingerprint))
        self._keys = {(e.fingerprint, normal_path(e.file)) for e in self.entries}
        self.legacy = legacy  # version 1 fingerprints

    def _fingerprint(self, finding: Finding) -> str:
        return legacy_fingerprint(finding.rule_id, finding.secret) if self.legacy else finding.fingerprint

    @classmethod
    def from_findings(cls, findings: Iterable[Finding], previous: Baseline | None = None) -> Baseline:
        """The baseline accepting `findings`; comments of entries already in `previous` are kept (a version 1
        `previous` is matched through its legacy fingerprints: this is the migration)."""
        comments = (
            {(e.fingerprint, normal_path(e.file)): e.comment for e in previous.entries} if previous else {}
        )
        out = []
        for f in findings:
            old = previous._fingerprint(f) if previous is not None else ""
            out.append(
                BaselineEntry(f.fingerprint, f.rule_id, f.file, comments.get((old, normal_path(f.file)), ""))
            )
        return cls(out)

    def contains(self, finding: Finding) -> bool:
        return (self._fingerprint(finding), normal_path(finding.file)) in self._keys

    def filter_new(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """Findings not in the baseline, and how many were suppressed."""
        new = [f for f in findings if not self.contains(f)]
        return new, len(findings) - len(new)

    def to_json(self) -> str:
        doc = {
            "version": VERSION,
            "generated_by": f"secretguard {__version__}",
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "fingerprints": {"scheme": HASH_SCHEME, "key_id": key_id()},
            "note": "fingerprints are rule id + an scrypt hash of the secret; no secret is stored here",
            "findings": [_entry_json(e) for e in self.entries],
        }
        return json.dumps(doc, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path) -> Baseline:
        doc = _read(path)
        if (
            not isinstance(doc, dict)
            or doc.get("version") not in (VERSION, LEGACY_VERSION)
            or not isinstance(doc.get("findings"), list)
        ):
            raise InputError(f"baseline {path} is not a secretguard baseline (version {VERSION})")
        legacy = doc["version"] == LEGACY_VERSION
        if not legacy:
            _check_scheme(path, doc.get("fingerprints"))
        entries = []
        for i, item in enumerate(doc["findings"]):
            fields = [item.get(k) for k in _FIELDS] if isinstance(item, dict) else []
            # Strings only: str() of a nested value would recurse as deep as the JSON did.
            strings = [f for f in fields if isinstance(f, str)]
            if len(strings) != len(_FIELDS):
                raise InputError(f"baseline {path}: entry #{i + 1} lacks fingerprint, rule_id or file")
            comment = item.get("comment", "")
            if not isinstance(comment, str):
                raise InputError(f"baseline {path}: entry #{i + 1} has a comment that is not a string")
            entries.append(BaselineEntry(strings[0], strings[1], strings[2], comment))
        return cls(entries, legacy=legacy)


def _check_scheme(path: Path, scheme: object) -> None:
    """A version 2 baseline must have been made with this scheme and this fingerprint key."""
    if not isinstance(scheme, dict) or scheme.get("scheme") != HASH_SCHEME:
        raise InputError(f"baseline {path}: fingerprints of an unknown scheme (expected {HASH_SCHEME})")
    made_with, now = scheme.get("key_id"), key_id()
    if made_with != now:
        raise InputError(
            f"baseline {path} was made with fingerprint key {made_with!s:.12}, this run has {now}",
            hint="set SECRETGUARD_FINGERPRINT_KEY as when the baseline was made (or unset it), "
            "or recreate the baseline with `secretguard baseline create`",
        )


def _entry_json(entry: BaselineEntry) -> dict[str, str]:
    out = {"fingerprint": entry.fingerprint, "rule_id": entry.rule_id, "file": entry.file}
    if entry.comment:
        out["comment"] = entry.comment
    return out


def _read(path: Path) -> object:
    """The parsed JSON of a baseline file, read as a capped regular file (never a FIFO or a device)."""
    try:
        return json.loads(read_regular_file(path, roots=None, max_bytes=MAX_BASELINE_BYTES).decode("utf-8"))
    except FileNotFoundError as exc:
        raise InputError(
            f"baseline {path} does not exist", hint="create one with `secretguard baseline create`"
        ) from exc
    except RefusedInput as exc:
        raise InputError(f"cannot read baseline {path}: {exc.reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read baseline {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"baseline {path} is not valid JSON: {exc}") from exc
    except RecursionError:  # the decoder recurses once per nested array or object
        raise InputError(f"baseline {path} is not valid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer past Python's digit limit
        raise InputError(f"baseline {path} is not valid JSON: {exc}") from None
