"""From scan reports (and optionally the live stores) to an ordered rotation plan.

One entry per distinct credential, deduplicated by the hash of the secret across every report and place it
appeared. The plan never holds a secret: findings carry only redacted values and hashes, and the live
check compares the stores' value hashes with those.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from secretguard.errors import InputError
from secretguard.plan.owners import CodeOwners
from secretguard.scan.finding import redact, secret_hash
from secretguard.scan.rules import SEVERITY_ORDER

# How public an exposure is: what ships to browsers is read by anyone, a CI log by everyone with access to
# the project's runs, the repository's current tree by every clone, history by those who look.
PUBLICNESS = {"public-bundle": 4, "ci-log": 3, "repository": 2, "history": 1}
DEADLINES = {
    "P0": timedelta(hours=24),
    "P1": timedelta(days=3),
    "P2": timedelta(days=14),
    "P3": timedelta(days=30),
}
# Findings that are not credentials to rotate.
NOT_ROTATED = {"public-source-map"}


@dataclass(frozen=True, slots=True)
class Exposure:
    kind: str  # public-bundle, ci-log, repository, history
    file: str
    line: int
    since: str | None = None  # first commit date or the log's date, when known
    commit: str | None = None
    job: str | None = None
    step: str | None = None
    original_file: str | None = None


@dataclass(slots=True)
class PlanEntry:
    key: str  # the secret's hash (or the fingerprint when a report has no hash)
    rule_id: str
    title: str
    provider: str
    severity: str
    exposure_class: str  # server-only or client-safe
    playbook: str
    fingerprint: str
    secret: str  # redacted form, as the report gave it
    exposures: list[Exposure] = field(default_factory=list)
    live: bool | None = None
    variables: list[str] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    owner: str | None = None
    owner_source: str | None = None  # "inventory" or "CODEOWNERS"
    owner_rule: str | None = None  # the CODEOWNERS line(s) that decided, e.g. ".github/CODEOWNERS:4 /api/"
    automation: str | None = None  # how `secretguard rotate` can carry it out, when the inventory allows
    priority: str = "P3"
    deadline: str | None = None
    steps: list[dict[str, str]] = field(default_factory=list)
    rank: int = 0

    @property
    def publicness(self) -> int:
        return max((PUBLICNESS[e.kind] for e in self.exposures), default=0)

    @property
    def since(self) -> str | None:
        dates = sorted(e.since for e in self.exposures if e.since)
        return dates[0] if dates else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "rule_id": self.rule_id,
            "title": self.title,
            "provider": self.provider,
            "severity": self.severity,
            "exposure": self.exposure_class,
            "fingerprint": self.fingerprint,
            "secret": self.secret,
            "secret_hash": self.key,
            "priority": self.priority,
            "deadline": self.deadline,
            "live": self.live,
            "variables": self.variables,
            "environments": self.environments,
            "owner": self.owner,
            "owner_source": self.owner_source,
            "owner_rule": self.owner_rule,
            "automation": self.automation,
            "most_public": max(self.exposures, key=lambda e: PUBLICNESS[e.kind]).kind
            if self.exposures
            else None,
            "since": self.since,
            "exposures": [_exposure_dict(e) for e in self.exposures],
            "playbook": self.playbook,
            "steps": self.steps,
        }


def _exposure_dict(exposure: Exposure) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": exposure.kind, "file": exposure.file, "line": exposure.line}
    for key in ("since", "commit", "job", "step", "original_file"):
        value = getattr(exposure, key)
        if value is not None:
            out[key] = value
    return out


def load_findings(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The findings of `scan` reports (JSON lists or JSON Lines)."""
    findings: list[dict[str, Any]] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read findings {path}: {exc}") from exc
        try:
            data = (
                json.loads(text)
                if text.strip().startswith("[")
                else [json.loads(line) for line in text.splitlines() if line.strip()]
            )
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path} is not a secretguard JSON report: {exc}",
                hint="write one with `scan ... --format json`",
            ) from exc
        if not isinstance(data, list) or not all(isinstance(f, dict) and "rule_id" in f for f in data):
            raise InputError(f"{path} is not a secretguard JSON report (a list of findings with rule_id)")
        findings.extend(data)
    return findings


def _redacted(finding: dict[str, Any]) -> str:
    """The report's secret as the plan may show it: a --show-secrets report's plaintext is redacted here,
    since no plan ever holds a secret (only the filter-repo expressions file does)."""
    secret = finding.get("secret")
    if isinstance(secret, str) and secret_hash(secret) == finding.get("secret_hash"):
        return redact(secret)
    return str(secret or "")


def _exposure_of(finding: dict[str, Any]) -> Exposure:
    if finding.get("source") == "bundle" or "original_file" in finding:
        kind = "public-bundle"
    elif "job" in finding or "step" in finding:
        kind = "ci-log"
    elif "commit" in finding:
        kind = "repository" if finding.get("at_head") else "history"
    else:
        kind = "repository"
    return Exposure(
        kind=kind,
        file=str(finding.get("file", "")),
        line=int(finding.get("line", 0) or 0),
        since=finding.get("date"),
        commit=finding.get("first_commit") or finding.get("commit"),
        job=finding.get("job"),
        step=finding.get("step"),
        original_file=finding.get("original_file"),
    )


def load_playbooks() -> dict[str, dict[str, Any]]:
    text = (resources.files("secretguard.plan") / "playbooks.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    playbooks: dict[str, dict[str, Any]] = data["playbooks"]
    return playbooks


def build_plan(
    findings: Iterable[dict[str, Any]],
    live: dict[str, list[tuple[str, str, str | None]]] | None = None,
    now: datetime | None = None,
) -> list[PlanEntry]:
    """`live`: {secret hash: [(variable, environment, owner)]} of the values the stores hold now; None when
    the stores were not consulted (liveness unknown)."""
    now = now or datetime.now(UTC)
    playbooks = load_playbooks()
    entries: dict[str, PlanEntry] = {}
    for finding in findings:
        if finding.get("rule_id") in NOT_ROTATED:
            continue
        key = str(finding.get("secret_hash") or finding.get("fingerprint"))
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = PlanEntry(
                key=key,
                rule_id=str(finding["rule_id"]),
                title=str(finding.get("title", finding["rule_id"])),
                provider=str(finding.get("provider", "")),
                severity=str(finding.get("severity", "high")),
                exposure_class=str(finding.get("exposure", "server-only")),
                playbook=str(finding.get("playbook", "generic-api-key")),
                fingerprint=str(finding.get("fingerprint", "")),
                secret=_redacted(finding),
            )
        elif SEVERITY_ORDER.get(str(finding.get("severity")), 9) < SEVERITY_ORDER.get(entry.severity, 9):
            entry.severity = str(finding["severity"])  # the worst place decides
        exposure = _exposure_of(finding)
        if exposure not in entry.exposures:
            entry.exposures.append(exposure)
    for entry in entries.values():
        if live is not None:
            holders = live.get(entry.key, [])
            entry.live = bool(holders)
            entry.variables = sorted({v for v, _, _ in holders})
            entry.environments = sorted({e for _, e, _ in holders})
            entry.owner = next((o for _, _, o in holders if o), None)
            entry.owner_source = "inventory" if entry.owner else None
        entry.priority = _priority(entry)
        entry.deadline = (now + DEADLINES[entry.priority]).strftime("%Y-%m-%dT%H:%M:%SZ")
        book = playbooks.get(entry.playbook) or playbooks["generic-api-key"]
        entry.steps = [dict(step) for step in book["steps"]]
        if entry.live is False:
            entry.steps.insert(
                0,
                {
                    "action": "Confirm the credential is no longer valid anywhere: no store in the inventory "
                    "holds it now (rotated, or never used by this system).",
                    "verify": "The provider rejects it, or its owner confirms it was revoked.",
                },
            )
        if any(e.kind in ("history", "repository") for e in entry.exposures):
            entry.steps.append(
                {
                    "action": "After rotating, purge the value from git history (git filter-repo "
                    "--replace-text with an expressions file written only from a --show-secrets report), "
                    "force-push, and have every clone re-clone; rotation, not the purge, makes it safe.",
                    "verify": "secretguard scan git on a fresh clone no longer finds it.",
                }
            )
    ordered = sorted(
        entries.values(),
        key=lambda e: (
            e.priority,
            -e.publicness,
            SEVERITY_ORDER.get(e.severity, 9),
            e.since or "9999",
            e.rule_id,
        ),
    )
    for rank, entry in enumerate(ordered, start=1):
        entry.rank = rank
    return ordered


# Inventory problems that call for a rotation even though nothing leaked.
HYGIENE = {
    "stale": "rotation period passed",
    "weak": "weak value",
    "reused_across_environments": "same value in several environments",
    "public_prefix": "secret with a public bundler prefix",
}


def hygiene_entries(
    check_results: Iterable[dict[str, Any]],
    start_rank: int,
    now: datetime,
    owners: dict[str, str] | None = None,
) -> list[PlanEntry]:
    """Lower-priority entries for stale, weak and reused secrets reported by `secretguard inventory check`;
    `owners`: the inventory's {variable: owner}, when the plan has the inventory."""
    playbooks = load_playbooks()
    out: dict[tuple[str, str], PlanEntry] = {}
    for item in check_results:
        status = item.get("status")
        if status not in HYGIENE or not item.get("secret"):
            continue
        name, env = str(item.get("name")), str(item.get("environment"))
        entry = out.get((name, env))
        if entry is None:
            priority = "P2" if status in ("reused_across_environments", "public_prefix") else "P3"
            book = playbooks["public-env-secret" if status == "public_prefix" else "generic-api-key"]
            entry = out[(name, env)] = PlanEntry(
                key=f"inventory:{env}:{name}",
                rule_id=f"inventory-{status}",
                title=f"{name} in {env}: {HYGIENE[status]}",
                provider="inventory",
                severity="medium" if priority == "P2" else "low",
                exposure_class="server-only",
                playbook="public-env-secret" if status == "public_prefix" else "generic-api-key",
                fingerprint=f"inventory:{env}:{name}:{status}",
                secret="",
                live=True,
                variables=[name],
                environments=[env],
                owner=(owners or {}).get(name) or None,
                owner_source="inventory" if (owners or {}).get(name) else None,
                priority=priority,
                deadline=(now + DEADLINES[priority]).strftime("%Y-%m-%dT%H:%M:%SZ"),
                steps=[dict(step) for step in book["steps"]],
            )
        elif HYGIENE[status] not in entry.title:
            entry.title += f", {HYGIENE[status]}"
    entries = sorted(out.values(), key=lambda e: (e.priority, e.title))
    for offset, entry in enumerate(entries):
        entry.rank = start_rank + offset
    return entries


_ARCHIVES = (".zip", ".jar", ".whl", ".tar", ".tar.gz", ".tgz")


def repo_path(file: str, repo: Path, cwd: Path, *, from_git: bool) -> str | None:
    """A report's path as a path inside `repo` (`/`-separated), or None when it is not one.

    Git reports name paths from the repository root. Other reports name them as the scan was given them:
    absolute, or relative to the folder the scan ran in (taken to be `cwd`, else the repository root).
    An archive member (`app.zip!config/.env`) belongs to its archive.
    """
    if not file or file.startswith("<") or "://" in file:
        return None  # `<commit message>`, `<stdin>`, a URL-like source map entry
    head, bang, _ = file.partition("!")
    if bang and head.lower().endswith(_ARCHIVES):
        file = head
    if from_git:
        return os.path.normpath(file).replace(os.sep, "/").lstrip("/")
    given = Path(file)
    root = repo.resolve()
    for candidate in [given] if given.is_absolute() else [cwd / given, root / given]:
        try:
            return candidate.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def assign_codeowners(entries: Iterable[PlanEntry], codeowners: CodeOwners, repo: Path, cwd: Path) -> int:
    """Owners from CODEOWNERS for the entries the inventory gave none: the owners of the most public
    exposure's source file (a bundle's `original_file` first), else of the next exposure. Returns how many
    entries got an owner this way."""
    assigned = 0
    for entry in entries:
        if entry.owner:
            continue
        for exposure in sorted(entry.exposures, key=lambda x: -PUBLICNESS[x.kind]):
            names = [exposure.original_file, exposure.file]
            paths = [
                repo_path(name, repo, cwd, from_git=exposure.commit is not None) for name in names if name
            ]
            match = next((m for m in (codeowners.owners_for(p) for p in paths if p) if m), None)
            if match is not None:
                entry.owner = " ".join(match.owners)
                entry.owner_source = "CODEOWNERS"
                entry.owner_rule = match.describe()
                assigned += 1
                break
    return assigned


def _priority(entry: PlanEntry) -> str:
    if entry.exposure_class == "client-safe":
        return "P3"
    severe = SEVERITY_ORDER.get(entry.severity, 9) <= SEVERITY_ORDER["high"]
    if entry.live or (entry.publicness >= PUBLICNESS["ci-log"] and entry.live is not False and severe):
        return "P0"
    if severe and entry.live is not False:
        return "P1"
    if severe or entry.severity == "medium":
        return "P2"
    return "P3"
