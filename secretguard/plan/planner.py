"""From scan reports (and optionally the live stores) to an ordered rotation plan.

One entry per credential: findings are deduplicated by the hash of the secret across every report and place
they appeared, and the two halves of one credential found together (an AWS access key id and its secret, a
client id and its secret: rules that say `pairs_with`, or a provider's id rule and its secret rule on nearby
lines of one place) are one entry. The plan never holds a secret: findings carry only redacted values and
hashes, and the live check compares the stores' value hashes (and their parts' hashes) with those.
Publishable, client-safe keys are not rotations: `publishable_notes` lists them as exposure notes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from secretguard.errors import InputError
from secretguard.plan.cleanup import NAME_RULES, REPLACEMENT
from secretguard.plan.owners import CodeOwners, Match
from secretguard.plan.rotated import Rotated
from secretguard.safe_read import RefusedInput, read_regular_file, read_text_file
from secretguard.scan.finding import redact, secret_hash
from secretguard.scan.rules import SEVERITY_ORDER

# A scan report (`scan ... --format json`) is read as a regular file of at most this size.
MAX_REPORT_BYTES = 256 * 1024 * 1024
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
# The identifier half of a credential (its rule id says so): paired with the provider's secret rule.
_ID_RULE = re.compile(
    r"-(?:access-key-id|key-id|client-id|secret-id|access-id|app-id|api-id|project-id|account-sid|sid|id"
    r"|user|username|login)$"
)
PAIR_LINES = 3  # the halves of one credential: on lines this close in one place (or the scan saw the pair)
MESSAGE_FILES = ("<commit message>", "<tag message>")
PURGE_STEP = {
    "action": "After rotating, purge the value from git history: in a fresh clone run `git filter-repo "
    "--replace-text F --replace-message F` (F written by `secretguard plan --filter-repo-expressions F` from "
    "--show-secrets reports: SENSITIVE, delete it after), force-push every branch and tag, and have every "
    "clone re-cloned; rotation, not the purge, makes it safe.",
    "verify": "`secretguard plan --verify-purge FRESH_CLONE --findings REPORT.json` (the reports this plan "
    "was made from) exits 0: none of the plan's leaked values is left in any commit, file or message.",
}


@dataclass(frozen=True, slots=True)
class Holder:
    """A variable that holds a leaked value now, whole or as a part (`part`: which, e.g. "URL password")."""

    variable: str
    environment: str
    owner: str | None = None
    part: str | None = None


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
    at_head: bool = False  # in the current tree (git: the scan's at_head; a scanned file: still holds it)
    repository: str | None = None  # which repository (a `scan repos` report names one per place)


@dataclass(slots=True)
class PlanEntry:
    key: str  # the secret's hash (or the fingerprint when a report has no hash); the primary half's
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
    # Every half of the credential (an access key id and its secret), the primary (`key`) first.
    hashes: list[str] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)  # where the stores hold it now
    rotated: str | None = None  # when `secretguard rotate` replaced it (its journal), if it did

    @property
    def publicness(self) -> int:
        return max((PUBLICNESS[e.kind] for e in self.exposures), default=0)

    @property
    def since(self) -> str | None:
        dates = sorted(e.since for e in self.exposures if e.since)
        return dates[0] if dates else None

    @property
    def at_head(self) -> bool:
        return any(e.at_head for e in self.exposures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "rule_id": self.rule_id,
            "title": self.title,
            "provider": self.provider,
            "severity": self.severity,
            "exposure": self.exposure_class,
            "fingerprint": self.fingerprint,
            "fingerprints": self.fingerprints or ([self.fingerprint] if self.fingerprint else []),
            "secret": self.secret,
            "secret_hash": self.key,
            "secret_hashes": list(self.hashes),  # none for inventory check entries (a stored value)
            "priority": self.priority,
            "deadline": self.deadline,
            "live": self.live,
            "variables": self.variables,
            "environments": self.environments,
            "holders": [_holder_dict(h) for h in self.holders],
            "rotated": self.rotated,
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


def _holder_dict(holder: Holder) -> dict[str, Any]:
    out: dict[str, Any] = {"variable": holder.variable, "environment": holder.environment}
    if holder.part:
        out["part"] = holder.part
    return out


def _exposure_dict(exposure: Exposure) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": exposure.kind, "file": exposure.file, "line": exposure.line}
    for key in ("repository", "since", "commit", "job", "step", "original_file"):
        value = getattr(exposure, key)
        if value is not None:
            out[key] = value
    if exposure.at_head:
        out["at_head"] = True
    return out


def load_findings(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The findings of `scan` reports (JSON lists or JSON Lines)."""
    findings: list[dict[str, Any]] = []
    for path in paths:
        try:
            text = read_text_file(path, roots=None, max_bytes=MAX_REPORT_BYTES)
        except RefusedInput as exc:
            raise InputError(f"cannot read findings {path}: {exc.reason}") from None
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


def _plaintext(finding: dict[str, Any]) -> str | None:
    secret = finding.get("secret")
    if isinstance(secret, str) and secret_hash(secret) == finding.get("secret_hash"):
        return secret
    return None


def _still_in_file(finding: dict[str, Any]) -> bool:
    """A scanned file's finding is in the current tree unless the file no longer holds the value (checked
    when the report has the plaintext and the file can be read; else the report is taken at its word)."""
    secret = _plaintext(finding)
    file = str(finding.get("file", ""))
    if secret is None or not file or file.startswith("<") or "!" in file:
        return True
    try:
        data = read_regular_file(file, roots=None, max_bytes=64 * 1024 * 1024)
    except (OSError, RefusedInput):
        return True
    return secret.encode("utf-8", "surrogatepass") in data


def _exposures_of(finding: dict[str, Any]) -> list[Exposure]:
    """Where the finding was seen: one place, or (a `scan repos` report) one per repository, file and commit
    in `places`; the finding's own place keeps its line and at_head."""
    first = _exposure_of(finding)
    places = finding.get("places")
    if not isinstance(places, list) or not places:
        return [first]
    first = dataclasses.replace(first, repository=str(finding.get("repository") or "") or None)
    out = [first]
    for place in places:
        if not isinstance(place, dict):
            continue
        repository, file, commit = (str(place.get(k) or "") for k in ("repository", "file", "commit"))
        if (repository, file, commit) == (first.repository, first.file, str(finding.get("commit") or "")):
            continue
        out.append(Exposure(kind="history", file=file, line=0, commit=commit or None, repository=repository))
    return out


def _exposure_of(finding: dict[str, Any]) -> Exposure:
    at_head = False
    if (finding.get("source") == "bundle" or "original_file" in finding) and finding.get(
        "served"
    ) is not False:
        kind = "public-bundle"
    elif finding.get("source") == "bundle":
        kind = "repository"  # server-side build output: as private as the repository it was built from
    elif "job" in finding or "step" in finding:
        kind = "ci-log"
    elif "commit" in finding:
        at_head = bool(finding.get("at_head"))
        kind = "repository" if at_head else "history"
    else:
        kind = "repository"
        at_head = _still_in_file(finding)
    return Exposure(
        kind=kind,
        file=str(finding.get("file", "")),
        line=int(finding.get("line", 0) or 0),
        since=finding.get("date"),
        commit=finding.get("first_commit") or finding.get("commit"),
        job=finding.get("job"),
        step=finding.get("step"),
        original_file=finding.get("original_file"),
        at_head=at_head,
    )


def load_playbooks() -> dict[str, dict[str, Any]]:
    text = (resources.files("secretguard.plan") / "playbooks.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    playbooks: dict[str, dict[str, Any]] = data["playbooks"]
    return playbooks


def _key(finding: dict[str, Any]) -> str:
    return str(finding.get("secret_hash") or finding.get("fingerprint"))


def _rotation_findings(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        f
        for f in findings
        if f.get("rule_id") not in NOT_ROTATED and str(f.get("exposure", "server-only")) != "client-safe"
    ]


def publishable_notes(findings: Iterable[dict[str, Any]]) -> list[str]:
    """Exposure notes for publishable (client-safe) keys: public by design, so not rotations; one per key."""
    places: dict[str, tuple[dict[str, Any], list[Exposure]]] = {}
    for finding in findings:
        if finding.get("rule_id") in NOT_ROTATED or finding.get("exposure") != "client-safe":
            continue
        _, seen = places.setdefault(_key(finding), (finding, []))
        for exposure in _exposures_of(finding):
            if exposure not in seen:
                seen.append(exposure)
    notes = []
    for first, exposures in places.values():
        where = max(exposures, key=lambda e: PUBLICNESS[e.kind])
        more = f" and {len(exposures) - 1} more place(s)" if len(exposures) > 1 else ""
        title = first.get("title", first["rule_id"])
        notes.append(
            f"publishable key, public by design (client-safe), not rotated: {title}"
            f" {_redacted(first)} in {where.kind} {where.file}:{where.line}{more}; check it is restricted "
            "(allowed domains, referrers or apps) at the provider"
        )
    return notes


def _pair_relation() -> dict[str, frozenset[str]]:
    """{rule id: rule ids of the other half}, from the rules' `pairs_with`, both ways."""
    from secretguard.scan.rule_cache import builtin_rules_cached  # noqa: PLC0415 - only when halves meet

    out: dict[str, frozenset[str]] = {}
    for rule in builtin_rules_cached():
        for partner in rule.pairs_with:
            out[rule.id] = out.get(rule.id, frozenset()) | {partner}
            out[partner] = out.get(partner, frozenset()) | {rule.id}
    return out


def _is_id_rule(rule_id: str) -> bool:
    return bool(_ID_RULE.search(rule_id))


def _related(a: dict[str, Any], b: dict[str, Any], pairs: Mapping[str, frozenset[str]]) -> bool:
    ra, rb = str(a["rule_id"]), str(b["rule_id"])
    if rb in pairs.get(ra, frozenset()):
        return True
    provider = a.get("provider")
    return (
        provider == b.get("provider")
        and provider not in (None, "", "generic")
        and _is_id_rule(ra) != _is_id_rule(rb)
    )


def _place(finding: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(finding.get(k) or "") for k in ("file", "commit", "job", "step", "source"))


def pair_halves(findings: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """(hash, hash) of findings that are two halves of one credential: in one place, on lines at most
    PAIR_LINES apart (or both raised by the scan as a `key-pair`), by related rules; each finding pairs with
    its nearest partner only (two key pairs in one credentials file stay two)."""
    by_place: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for finding in findings:
        by_place.setdefault(_place(finding), []).append(finding)
    crowded = [group for group in by_place.values() if len({_key(f) for f in group}) > 1]
    if not crowded:
        return []
    pairs = _pair_relation()
    out: list[tuple[str, str]] = []
    for group in crowded:
        edges: list[tuple[int, int, int]] = []
        for i, a in enumerate(group):
            for j in range(i + 1, len(group)):
                b = group[j]
                if _key(a) == _key(b) or not _related(a, b, pairs):
                    continue
                distance = abs(int(a.get("line") or 0) - int(b.get("line") or 0))
                together = "key-pair" in (a.get("reasons") or ()) and "key-pair" in (b.get("reasons") or ())
                if distance <= PAIR_LINES or together:
                    edges.append((distance, i, j))
        used: set[int] = set()
        for _, i, j in sorted(edges):
            if i not in used and j not in used:
                used.update((i, j))
                out.append((_key(group[i]), _key(group[j])))
    return out


def _new_entry(finding: dict[str, Any]) -> PlanEntry:
    key = _key(finding)
    fingerprint = str(finding.get("fingerprint", ""))
    return PlanEntry(
        key=key,
        rule_id=str(finding["rule_id"]),
        title=str(finding.get("title", finding["rule_id"])),
        provider=str(finding.get("provider", "")),
        severity=str(finding.get("severity", "high")),
        exposure_class=str(finding.get("exposure", "server-only")),
        playbook=str(finding.get("playbook", "generic-api-key")),
        fingerprint=fingerprint,
        secret=_redacted(finding),
        hashes=[key],
        fingerprints=[fingerprint] if fingerprint else [],
    )


def _worse(a: str, b: str) -> str:
    return a if SEVERITY_ORDER.get(a, 9) <= SEVERITY_ORDER.get(b, 9) else b


def _merge(entries: dict[str, PlanEntry], pairs: list[tuple[str, str]]) -> list[PlanEntry]:
    """One entry per credential: the halves' entries merged into the secret half's (not an id rule's)."""
    parent = {key: key for key in entries}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, list[PlanEntry]] = {}
    for key, entry in entries.items():
        groups.setdefault(root(key), []).append(entry)
    out: list[PlanEntry] = []
    for group in groups.values():
        group.sort(key=lambda e: (_is_id_rule(e.rule_id), SEVERITY_ORDER.get(e.severity, 9)))
        primary = group[0]
        for other in group[1:]:
            primary.title += f" and {other.title}"
            primary.severity = _worse(primary.severity, other.severity)
            primary.hashes += [h for h in other.hashes if h not in primary.hashes]
            primary.fingerprints += [f for f in other.fingerprints if f not in primary.fingerprints]
            primary.exposures += [x for x in other.exposures if x not in primary.exposures]
        out.append(primary)
    return out


def build_plan(
    findings: Iterable[dict[str, Any]],
    live: Mapping[str, Sequence[Holder]] | None = None,
    now: datetime | None = None,
    *,
    live_complete: bool = True,
    rotations: Mapping[str, Rotated] | None = None,
) -> list[PlanEntry]:
    """The rotations the findings call for, ranked. `live`: {hash: holders} of the values (and their parts)
    the stores hold now; None when the stores were not consulted (liveness unknown). `live_complete`: every
    store was read (else a value found in none of them is of unknown liveness, not "not live").
    `rotations`: {replaced value's hash: Rotated} from the rotation journal. Client-safe keys are not
    rotations (see publishable_notes)."""
    now = now or datetime.now(UTC)
    playbooks = load_playbooks()
    wanted = _rotation_findings(findings)
    entries: dict[str, PlanEntry] = {}
    for finding in wanted:
        key = _key(finding)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _new_entry(finding)
        else:
            entry.severity = _worse(entry.severity, str(finding.get("severity")))  # the worst place decides
        for exposure in _exposures_of(finding):
            if exposure not in entry.exposures:
                entry.exposures.append(exposure)
    merged = _merge(entries, pair_halves(wanted))
    for entry in merged:
        if live is not None:
            _set_live(entry, live, live_complete)
        if entry.live is False and rotations:
            done = next((rotations[h] for h in entry.hashes if h in rotations), None)
            if done is not None:
                entry.rotated = str(done.when)
        entry.priority = _priority(entry)
        entry.deadline = (now + DEADLINES[entry.priority]).strftime("%Y-%m-%dT%H:%M:%SZ")
        book = playbooks.get(entry.playbook) or playbooks["generic-api-key"]
        entry.steps = _steps(entry, book, rotations)
    return rank_entries(merged)


def _set_live(entry: PlanEntry, live: Mapping[str, Sequence[Holder]], complete: bool) -> None:
    holders: list[Holder] = []
    for digest in entry.hashes:
        found = sorted(live.get(digest, ()), key=lambda h: (h.environment, h.variable))
        holders += [h for h in found if h not in holders]
    entry.holders = holders
    entry.live = True if holders else (False if complete else None)
    entry.variables = list(dict.fromkeys(h.variable for h in holders))  # the primary half's first
    entry.environments = sorted({h.environment for h in holders})
    entry.owner = next((h.owner for h in holders if h.owner), None)
    entry.owner_source = "inventory" if entry.owner else None


def _steps(
    entry: PlanEntry, book: dict[str, Any], rotations: Mapping[str, Rotated] | None
) -> list[dict[str, str]]:
    steps = [dict(step) for step in book["steps"]]
    inside = [h for h in entry.holders if h.part]
    if inside:
        where = "; ".join(f"{h.variable} in {h.environment} ({h.part})" for h in inside)
        steps.insert(
            0,
            {
                "action": f"The value is part of a stored value: {where}. Store the new credential by "
                "rewriting that part of the value, keeping the rest of it.",
                "verify": "`secretguard plan --inventory ...` no longer reports the old value live.",
            },
        )
    if entry.rotated is not None and rotations:
        done = next(rotations[h] for h in entry.hashes if h in rotations)
        steps.insert(
            0,
            {
                "action": f"Rotated on {entry.rotated[:10]} by `secretguard rotate` ({done.target}, per its "
                "journal); the stores hold another value now. What is left is to make sure the old value "
                "is dead everywhere.",
                "verify": "The provider rejects the old value (an IAM key: deleted after the grace period; "
                "a generated secret: no deployment still runs with the old version).",
            },
        )
    elif entry.live is False:
        steps.insert(
            0,
            {
                "action": "Confirm the credential is no longer valid anywhere: no store in the inventory "
                "holds it now, whole or as part of a value (rotated, or never used by this system).",
                "verify": "The provider rejects it, or its owner confirms it was revoked.",
            },
        )
    if entry.rule_id in NAME_RULES:
        return steps  # a variable name in code: renamed (the playbook), never purged
    if entry.at_head:
        places = ", ".join(f"{x.file}:{x.line}" for x in entry.exposures if x.at_head)
        steps.append(
            {
                "action": f"Change the code first: the value is still in the current tree ({places}). Make "
                "the code read it from the secret store and commit that before any purge: the purge would "
                f"not fix it, only put {REPLACEMENT} into the working code.",
                "verify": "secretguard scan files on a checkout of HEAD no longer finds it.",
            }
        )
    if any(x.kind in ("history", "repository") and (x.commit or x.at_head) for x in entry.exposures):
        purge = dict(PURGE_STEP)
        repositories = sorted({x.repository for x in entry.exposures if x.repository})
        if len(repositories) > 1:
            # A `scan repos` report: every fork holding the commit needs the purge, or it comes back.
            purge["action"] += f" In each of the {len(repositories)} repositories: {', '.join(repositories)}."
        steps.append(purge)
    return steps


def rank_entries(entries: Iterable[PlanEntry]) -> list[PlanEntry]:
    """Every entry, whatever its source (leaks, inventory check results), in priority order, ranked 1..n."""
    ordered = sorted(
        entries,
        key=lambda e: (
            e.priority,
            -e.publicness,
            SEVERITY_ORDER.get(e.severity, 9),
            e.since or "9999",
            e.rule_id,
            e.title,
        ),
    )
    for rank, entry in enumerate(ordered, start=1):
        entry.rank = rank
    return ordered


@dataclass
class PurgeSelection:
    """What goes into the filter-repo expressions file, and what the plan must say about the rest."""

    values: list[str] = field(default_factory=list)  # SENSITIVE: the plaintext values to replace
    left_out: list[str] = field(default_factory=list)  # redacted, with why replacing it would break things
    change_first: list[str] = field(default_factory=list)  # still at HEAD: the code must change first
    redacted: int = 0  # values whose reports were redacted (no plaintext to write)


def purge_selection(entries: Iterable[PlanEntry], findings: Iterable[dict[str, Any]]) -> PurgeSelection:
    """Every leaked value of the entries that is safe to replace everywhere in history (see
    cleanup.replacement_risk), from the reports' plaintexts (--show-secrets reports only)."""
    from secretguard.plan.cleanup import plaintext_secrets, replacement_risk  # noqa: PLC0415

    findings = list(findings)
    secrets = plaintext_secrets(findings)
    rules: dict[str, str] = {}
    for finding in findings:
        rules.setdefault(_key(finding), str(finding.get("rule_id")))
    out = PurgeSelection()
    for entry in entries:
        for digest in entry.hashes:
            value = secrets.get(digest)
            if value is None:
                out.redacted += 1
                continue
            risk = replacement_risk(value, rules.get(digest, entry.rule_id))
            if risk is not None:
                out.left_out.append(f"#{entry.rank} {entry.title} {redact(value)}: {risk}")
            elif value not in out.values:
                out.values.append(value)
        if entry.at_head and entry.rule_id not in NAME_RULES:
            places = ", ".join(f"{x.file}:{x.line}" for x in entry.exposures if x.at_head)
            out.change_first.append(f"#{entry.rank} {entry.title} ({places})")
    return out


# Inventory problems that call for a rotation even though nothing leaked.
HYGIENE = {
    "stale": "rotation period passed",
    "weak": "weak value",
    "reused_across_environments": "same value in several environments",
    "public_prefix": "secret with a public bundler prefix",
}
# Check statuses that say the store holds a value, and those that say it holds none.
_HOLDS_VALUE = {"ok", "stale", "weak", "reused_across_environments", "insecure_storage", "invalid_format"}
_HOLDS_NONE = {"missing", "empty", "placeholder"}


def _hygiene_live(
    status: str, seen: set[str], place: tuple[str, str], stored: set[tuple[str, str]] | None
) -> bool | None:
    """Live only when a store holds the value: as read now (`stored`), else as the check saw it (a stale,
    weak or reused value is one it read; a public prefix is a matter of the name, which says nothing)."""
    if stored is not None:
        return place in stored
    if seen & _HOLDS_NONE:
        return False
    if status != "public_prefix" or seen & _HOLDS_VALUE:
        return True
    return None


def hygiene_entries(
    check_results: Iterable[dict[str, Any]],
    start_rank: int,
    now: datetime,
    owners: dict[str, str] | None = None,
    stored: set[tuple[str, str]] | None = None,
) -> list[PlanEntry]:
    """Entries for stale, weak, reused and public-prefixed secrets reported by `secretguard inventory check`;
    `owners`: the inventory's {variable: owner}, when the plan has the inventory. `stored`: the (variable,
    environment) pairs the stores hold a value for now, when the plan read them: an entry is live only when
    a store holds its value (else from the check's own statuses, or unknown)."""
    playbooks = load_playbooks()
    results = [r for r in check_results if isinstance(r, dict)]
    statuses: dict[tuple[str, str], set[str]] = {}
    for item in results:
        statuses.setdefault((str(item.get("name")), str(item.get("environment"))), set()).add(
            str(item.get("status"))
        )
    out: dict[tuple[str, str], PlanEntry] = {}
    for item in results:
        status = item.get("status")
        if status not in HYGIENE or not item.get("secret"):
            continue
        name, env = str(item.get("name")), str(item.get("environment"))
        entry = out.get((name, env))
        if entry is None:
            live = _hygiene_live(status, statuses[(name, env)], (name, env), stored)
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
                live=live,
                variables=[name],
                environments=[env],
                holders=[Holder(name, env, (owners or {}).get(name) or None)] if live else [],
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


def _codeowners_match(exposure: Exposure, codeowners: CodeOwners, repo: Path, cwd: Path) -> Match | None:
    """The owners of an exposure's source file (a bundle's `original_file` first); None for exposures with
    no path in the repository (CI logs, commit and tag messages, files elsewhere)."""
    if exposure.kind == "ci-log" or exposure.file in MESSAGE_FILES:
        return None
    names = [exposure.original_file, exposure.file]
    paths = [repo_path(name, repo, cwd, from_git=exposure.commit is not None) for name in names if name]
    return next((m for m in (codeowners.owners_for(p) for p in paths if p) if m), None)


def assign_codeowners(entries: Iterable[PlanEntry], codeowners: CodeOwners, repo: Path, cwd: Path) -> int:
    """Owners from CODEOWNERS for the entries the inventory gave none: the owners of the most public
    exposure's source file (a bundle's `original_file` first), else of the next exposure; when no exposure
    has a path in the repository (a CI log, a commit message, a file elsewhere), the repository's default
    owners (its catch-all rule, `*`). Returns how many entries got an owner this way."""
    assigned = 0
    for entry in entries:
        if entry.owner or not entry.exposures:
            continue
        ordered = sorted(entry.exposures, key=lambda x: -PUBLICNESS[x.kind])
        match = next((m for m in (_codeowners_match(x, codeowners, repo, cwd) for x in ordered) if m), None)
        if match is None:
            match = codeowners.default_owners()
        if match is not None:
            entry.owner = " ".join(match.owners)
            entry.owner_source = "CODEOWNERS"
            entry.owner_rule = match.describe()
            assigned += 1
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
