"""The gate can't be silenced by the change it checks.

In CI the working tree is the head of the change, so a change that adds a key could also add
`allowlist.paths = ['.*']`, disable the rule, raise `min_confidence`, or accept its own fingerprint. The gate
therefore reads its configuration, rule files, baseline and ignore files from the range's base commit (the
merge base of a pull request, a push's previous tip, the default branch for a new branch): a file the base
does not have does not exist for the gate.

Then it looks at the head's configuration only to tell reviewers: every finding the head would suppress but
the base does not carries the reason `suppressed-by-this-change` (it still fails the gate), and the changes to
suppressions (configuration keys, baseline entries, ignore lines, rule files) are listed in the summary.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secretguard.errors import SecretGuardError
from secretguard.formats.printable import printable
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.baseline import normal_path
from secretguard.scan.filters import ValueAllowlist, any_of
from secretguard.scan.finding import CONFIDENCE_LEVELS, Finding
from secretguard.scan.pathtext import printable_path
from secretguard.scan.sources.git.repo import Repo, run
from secretguard.scan.suppress import BASELINE_NAME, GITLEAKS_IGNORE_NAME, IGNORE_NAME, Suppressions, locate
from secretguard.settings import CONFIG_FILE, Settings

SUPPRESSED_BY_THIS_CHANGE = "suppressed-by-this-change"
MAX_CONFIG_FILE = 64 * 1024 * 1024
# Read from the base whatever the configuration says: their default places.
DEFAULT_FILES = (CONFIG_FILE, "pyproject.toml", BASELINE_NAME, IGNORE_NAME, GITLEAKS_IGNORE_NAME)


def read_at(repo: Repo, commit: str, path: str) -> bytes | None:
    """The content of `path` (repository-relative) in `commit`, or None when the commit has no such file."""
    size = run(repo, "cat-file", "-s", f"{commit}:{path}")
    if size.returncode != 0:
        return None
    if int(size.stdout.strip() or 0) > MAX_CONFIG_FILE:
        raise SecretGuardError(f"{path} in {commit[:12]} is larger than {MAX_CONFIG_FILE >> 20} MiB")
    proc = run(repo, "cat-file", "blob", f"{commit}:{path}")
    return proc.stdout if proc.returncode == 0 else None


@dataclass(slots=True)
class BaseCopy:
    """The base commit's versions of the configuration files, copied into a private folder."""

    repo: Repo
    commit: str
    folder: Path
    notes: list[str] = field(default_factory=list)

    def in_repo(self, path: Path | str) -> str | None:
        """`path` (as the user gave it, relative to the working folder) relative to the work tree, or None
        when it lies outside (a file the change cannot touch, read where it is)."""
        root = self.repo.work_tree or self.repo.path
        full = os.path.abspath(path)
        relative = os.path.relpath(full, os.path.abspath(root))
        if relative == ".." or relative.startswith(".." + os.sep):
            return None
        return normal_path(relative.replace(os.sep, "/"))

    def copy(self, path: str) -> Path | None:
        """Write the base's version of repository-relative `path` into the folder; None when it has none."""
        data = read_at(self.repo, self.commit, path)
        if data is None:
            return None
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def resolve(self, path: Path | str, what: str) -> Path | None:
        """The trusted version of a file the configuration or the command line names."""
        inside = self.in_repo(path)
        if inside is None:
            return Path(path)
        copied = self.copy(inside)
        if copied is None:
            self.notes.append(f"{what} {inside} is not in the base commit {self.commit[:12]}: not used")
        return copied


@dataclass(slots=True)
class TrustedConfig:
    settings: Settings
    suppressions: Suppressions
    base: str
    notes: list[str]


def trusted_config(
    repo: Repo,
    base: str,
    folder: Path,
    *,
    config_file: Path | None,
    baseline_file: Path | None,
    rule_files: Sequence[Path],
    overrides: dict[str, Any],
) -> TrustedConfig:
    """Settings and suppressions as the base commit has them (command-line values on top)."""
    from secretguard.settings import load_settings  # noqa: PLC0415

    copy = BaseCopy(repo, base, folder)
    for name in DEFAULT_FILES:
        copy.copy(name)
    config = copy.resolve(config_file, "the configuration file") if config_file is not None else None
    settings = load_settings(config, root=folder, **overrides)
    rules = [*settings.rules, *rule_files]
    settings.rules = [p for p in (copy.resolve(_from_root(r, folder), "the rule file") for r in rules) if p]
    if settings.gitleaks_config is not None:
        gitleaks = _from_root(settings.gitleaks_config, folder)
        settings.gitleaks_config = copy.resolve(gitleaks, "the gitleaks config")
    baseline = baseline_file if baseline_file is not None else settings.baseline
    settings.baseline = None
    if baseline is not None:
        trusted = copy.resolve(_from_root(baseline, folder), "the baseline")
        suppressions = locate(trusted, root=folder) if trusted is not None else _ignores_only(folder)
    else:
        suppressions = locate(None, root=folder)
    return TrustedConfig(settings, suppressions, base, copy.notes)


def _from_root(path: Path | str, folder: Path) -> Path:
    """A path read from the copied configuration: relative ones name files of the work tree."""
    path = Path(path)
    if path.is_absolute():
        try:
            return Path(os.path.relpath(path, folder)) if path.is_relative_to(folder) else path
        except ValueError:
            return path
    return path


def _ignores_only(folder: Path) -> Suppressions:
    found = locate(None, root=folder)
    found.baseline, found.baseline_path = None, None
    return found


@dataclass(slots=True)
class HeadView:
    """What the head of the change would suppress: used to label findings and list changes, never to hide."""

    settings: Settings
    suppressions: Suppressions
    rule_ids: frozenset[str]
    paths: Any  # a compiled regex over file paths, or None
    values: ValueAllowlist
    rule_allow: dict[str, tuple[ValueAllowlist, Any]]

    def reason(self, finding: Finding) -> str | None:
        """Which of the head's suppressions would hide `finding` (None: none would)."""
        if finding.rule_id not in self.rule_ids:
            return "the rule is disabled or removed"
        if self.paths is not None and self.paths.search(finding.file):
            return "a path allowlist"
        if self.values.allows(finding.secret):
            return "a value allowlist"
        values, paths = self.rule_allow.get(finding.rule_id, (None, None))
        if values is not None and values.allows(finding.secret):
            return "the rule's own allowlist"
        if paths is not None and paths.search(finding.file):
            return "the rule's own path allowlist"
        floor = CONFIDENCE_LEVELS.index(self.settings.min_confidence)
        if CONFIDENCE_LEVELS.index(finding.confidence) < floor:
            return f"min_confidence = {self.settings.min_confidence}"
        if self.suppressions.own_file(finding) or self.suppressions.suppressed(finding):
            return "the baseline or an ignore file"
        return None


def head_view(settings: Settings, suppressions: Suppressions) -> HeadView:
    from secretguard.scan.runner import load_rules  # noqa: PLC0415

    problems: list[str] = []
    rules, values, paths = load_rules(settings, problems)
    rule_allow = {
        rule.id: (
            ValueAllowlist(rule.allowlist.regexes, rule.allowlist.stopwords),
            any_of(list(rule.allowlist.paths)) if rule.allowlist.paths else None,
        )
        for rule in rules
        if rule.allowlist.regexes or rule.allowlist.stopwords or rule.allowlist.paths
    }
    return HeadView(
        settings=settings,
        suppressions=suppressions,
        rule_ids=frozenset(r.id for r in rules),
        paths=any_of(paths) if paths else None,
        values=values,
        rule_allow=rule_allow,
    )


def label(findings: Sequence[Finding], head: HeadView) -> list[str]:
    """Mark findings the head would suppress; one summary line per such finding."""
    lines = []
    for finding in findings:
        why = head.reason(finding)
        if why is None:
            continue
        if SUPPRESSED_BY_THIS_CHANGE not in finding.reasons:
            finding.reasons = (*finding.reasons, SUPPRESSED_BY_THIS_CHANGE)
        where = printable(printable_path(finding.file))
        lines.append(f"{where}:{finding.line} {finding.rule_id}: would be hidden by {why} of this change")
    return lines


# Keys whose values may themselves be secrets: changes are counted, never quoted.
_COUNT_ONLY = frozenset({"allowlist.regexes", "allowlist.stopwords"})


def _flat(layers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for layer in reversed(layers):  # the highest layer last, so it wins
        out.update(_flatten(layer, ""))
    return out


def _flatten(table: dict[str, Any], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _short(value: object) -> str:
    return printable(repr(value))[:80]


def config_changes(base: Settings, head: Settings) -> list[str]:
    """The configuration keys the change edits (from `.secretguard.toml` and `[tool.secretguard]`)."""
    before, after = _flat(type(base).file_layers), _flat(type(head).file_layers)
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
            added = [v for v in new or [] if v not in (old or [])]
            removed = [v for v in old or [] if v not in (new or [])]
            if key in _COUNT_ONLY:
                lines.append(f"configuration {key}: {len(added)} entry(ies) added, {len(removed)} removed")
                continue
            if added:
                lines.append(f"configuration {key}: added {', '.join(_short(v) for v in added)}")
            if removed:
                lines.append(f"configuration {key}: removed {', '.join(_short(v) for v in removed)}")
        elif key in _COUNT_ONLY:
            lines.append(f"configuration {key}: changed")
        else:
            lines.append(f"configuration {key}: {_short(old)} -> {_short(new)}")
    return lines


def suppression_changes(base: TrustedConfig, head: HeadView, repo: Repo) -> list[str]:
    """What the change does to suppressions: configuration, baseline entries, ignore lines, rule files."""
    lines = config_changes(base.settings, head.settings)
    old = base.suppressions
    new = head.suppressions
    if new.baseline is not None:
        known = (
            {(e.fingerprint, normal_path(e.file)) for e in old.baseline.entries} if old.baseline else set()
        )
        added = [e for e in new.baseline.entries if (e.fingerprint, normal_path(e.file)) not in known]
        for entry in added[:20]:
            lines.append(f"baseline entry added: {entry.fingerprint} in {printable(entry.file)}")
        if len(added) > 20:
            lines.append(f"... and {len(added) - 20} more baseline entries")
    before = {(e.fingerprint, e.file, e.line, e.commit) for e in old.ignored}
    for ignore in new.ignored:
        if (ignore.fingerprint, ignore.file, ignore.line, ignore.commit) not in before:
            what = ignore.fingerprint or f"{ignore.file}:{ignore.line}"
            lines.append(f"ignore line added: {printable(ignore.source)}: {printable(what)}")
    from secretguard.scan.rules import MAX_RULE_FILE_BYTES  # noqa: PLC0415 - loaded with the rules already

    copy = BaseCopy(repo, base.base, Path(os.devnull))
    for path in [
        *head.settings.rules,
        *([head.settings.gitleaks_config] if head.settings.gitleaks_config else []),
    ]:
        inside = copy.in_repo(path)
        if inside is None:
            continue
        try:
            current: bytes | None = read_regular_file(path, roots=None, max_bytes=MAX_RULE_FILE_BYTES)
        except RefusedInput:
            current = None  # a FIFO or a device is never read, and not the base's file either
        except OSError:
            continue
        if current is None or read_at(repo, base.base, inside) != current:
            lines.append(f"rule file changed or added: {printable(inside)} (the base's version is used)")
    return lines
