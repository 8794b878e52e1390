"""Everything that suppresses a finding after the scan, found and applied in one place.

- The baseline: `--baseline`, else `baseline` in the configuration, else `.secretguard-baseline.json` in the
  working folder when there is one (so the hook, the CI gate and a developer's scan agree without flags).
- Ignore files in the working folder: `.secretguardignore` (our fingerprints, one per line, `# why` after
  it) and gitleaks' `.gitleaksignore` (`[commit:]file:rule:line`, matched on commit, file and line: gitleaks'
  rule ids are not ours).
- Our own bookkeeping files are never reported: fingerprints in a baseline look like assignments.

Used by the full scan (cli/options.finish) and the pre-commit fast path; imports only the standard library,
the finding model and the baseline reader, so the fast path stays light.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from secretguard.errors import InputError
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.baseline import Baseline, normal_path
from secretguard.scan.finding import Finding, legacy_fingerprint

BASELINE_NAME = ".secretguard-baseline.json"
IGNORE_NAME = ".secretguardignore"
GITLEAKS_IGNORE_NAME = ".gitleaksignore"
OWN_FILE_NAMES = frozenset({BASELINE_NAME, IGNORE_NAME, GITLEAKS_IGNORE_NAME})
MAX_IGNORE_BYTES = 16 * 1024 * 1024
# Our fingerprint: rule id, colon, 24 hex digits of the salted hash (scan/finding.fingerprint).
_OURS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*:[0-9a-f]{24}")
_SHA = re.compile(r"[0-9a-f]{7,40}")
# A comment starts at a `#` that begins the line or follows a blank: gitleaks' file names may hold a `#`.
_COMMENT = re.compile(r"(?:^|\s)#")


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One accepted finding of an ignore file, with the comment that says why."""

    source: str  # the ignore file's name and line number, for the summary
    fingerprint: str | None = None  # ours
    file: str | None = None  # gitleaks': file, line and (for history) commit
    line: int = 0
    commit: str | None = None
    comment: str = ""

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint is not None:  # version 1 fingerprints (before scrypt) still match
            if legacy_fingerprint(finding.rule_id, finding.secret) == self.fingerprint:
                return True
            return finding.fingerprint == self.fingerprint
        if self.file is None or normal_path(finding.file) != self.file or finding.line != self.line:
            return False
        if self.commit is None:
            return True
        commit = finding.extra.get("commit")
        return isinstance(commit, str) and commit.startswith(self.commit)


@dataclass(slots=True)
class Suppressions:
    baseline: Baseline | None = None
    baseline_path: str | None = None
    ignored: list[IgnoreEntry] = field(default_factory=list)

    def own_file(self, finding: Finding) -> bool:
        """The baseline or an ignore file itself: never a finding."""
        path = normal_path(finding.file)
        if path.rpartition("/")[2] in OWN_FILE_NAMES:
            return True
        return self.baseline_path is not None and path == self.baseline_path

    def suppressed(self, finding: Finding) -> bool:
        if self.baseline is not None and self.baseline.contains(finding):
            return True
        return any(entry.matches(finding) for entry in self.ignored)

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """The findings to report, and how many the baseline and ignore files accepted."""
        kept = [f for f in findings if not self.own_file(f)]
        new = [f for f in kept if not self.suppressed(f)]
        return new, len(kept) - len(new)


def locate(baseline: Path | str | None, root: Path | str = ".") -> Suppressions:
    """The suppressions in force: an explicit baseline must exist; the default one and the ignore files
    are used when present in `root`."""
    found = Suppressions()
    folder = Path(root)
    path = Path(baseline) if baseline is not None else folder / BASELINE_NAME
    if baseline is not None or os.path.lexists(path):
        found.baseline = Baseline.load(path)
        found.baseline_path = own_path(path, folder)
    for name in (IGNORE_NAME, GITLEAKS_IGNORE_NAME):
        ignore = folder / name
        if os.path.lexists(ignore):
            found.ignored += parse_ignore(_read(ignore), name)
    return found


def own_path(baseline: Path | str, root: Path | str = ".") -> str:
    """A baseline's path as findings name it (relative to `root`, no `./`), for Suppressions.own_file."""
    path = Path(baseline)
    return normal_path(os.path.relpath(path, root) if path.is_absolute() else str(path))


def _read(path: Path) -> str:
    try:
        return read_regular_file(path, roots=None, max_bytes=MAX_IGNORE_BYTES).decode("utf-8-sig", "replace")
    except RefusedInput as exc:
        raise InputError(f"cannot read ignore file {path}: {exc.reason}") from None
    except OSError as exc:
        raise InputError(f"cannot read ignore file {path}: {exc.strerror}") from exc


def parse_ignore(text: str, name: str) -> list[IgnoreEntry]:
    """Entries of an ignore file. A line is our fingerprint or a gitleaks fingerprint, then an optional
    `# comment`; blank and comment lines are skipped; a line that is neither is an error naming the line
    (a typo must not silently accept nothing, or everything)."""
    entries: list[IgnoreEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        body, comment = _split_comment(raw)
        if not body:
            continue
        where = f"{name}:{number}"
        entry = _entry(body, where, comment.strip())
        if entry is None:
            raise InputError(
                f"{where}: not a fingerprint",
                hint="a line is a secretguard fingerprint (rule:hash, from the JSON report) "
                "or a gitleaks one ([commit:]file:rule:line), then an optional # comment",
            )
        entries.append(entry)
    return entries


def _split_comment(raw: str) -> tuple[str, str]:
    """A line's fingerprint and its comment, both stripped."""
    match = _COMMENT.search(raw)
    if match is None:
        return raw.strip(), ""
    return raw[: match.start()].strip(), raw[match.end() :].strip()


def _entry(body: str, where: str, comment: str) -> IgnoreEntry | None:
    if _OURS.fullmatch(body):
        return IgnoreEntry(where, fingerprint=body, comment=comment)
    head, sep, line = body.rpartition(":")
    # ASCII digits only (str.isdigit takes `²`, which int() refuses), and no more than a line number has.
    if not sep or not (line.isascii() and line.isdigit()) or len(line) > 18:
        return None
    rest, sep, _rule = head.rpartition(":")
    if not sep or not rest:
        return None
    commit, sep, file = rest.partition(":")
    if not sep or not _SHA.fullmatch(commit):
        commit, file = "", rest
    return IgnoreEntry(where, file=normal_path(file), line=int(line), commit=commit or None, comment=comment)
