"""The rotation plan for people (Markdown, a self-contained HTML page) and for automation (JSON), and the
result of `plan --verify-purge` (text, JSON).

The documents' layout is in templates/plan.md.j2 and templates/plan.html.j2; this module hands them the
entries and the few derived values they show.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from secretguard.formats.templating import render_template
from secretguard.plan.planner import PUBLICNESS, Exposure, PlanEntry

if TYPE_CHECKING:
    from secretguard.plan.verify import Verification

LIVE = {True: "yes", False: "no", None: "unknown"}
LIVE_ORDER = {True: 0, None: 1, False: 2}  # sorting by liveness: live first


def to_json(entries: list[PlanEntry]) -> str:
    return json.dumps([e.to_dict() for e in entries], indent=2) + "\n"


def _owner_note(entry: PlanEntry) -> str:
    if entry.owner_source == "CODEOWNERS":
        return f"from CODEOWNERS: {entry.owner_rule}" if entry.owner_rule else "from CODEOWNERS"
    return "from the inventory" if entry.owner_source == "inventory" else ""


def _held_as(entry: PlanEntry) -> str:
    """`DATABASE_URL (URL password), DB_PASSWORD`: the variables, and which part of a value holds it."""
    if not entry.holders:
        return ", ".join(entry.variables)
    shown: dict[str, str] = {}
    for h in entry.holders:
        shown.setdefault(h.variable, f"{h.variable} ({h.part})" if h.part else h.variable)
    return ", ".join(shown.values())


def _where(x: Exposure) -> str:
    where = f"{x.file}:{x.line}" if x.line else x.file
    if x.repository:
        where = f"{x.repository}: {where}"
    if x.original_file:
        where += f" (source {x.original_file})"
    if x.commit:
        where += f" (commit {x.commit[:12]})"
    if x.job or x.step:
        where += f" job {x.job or '-'} step {x.step or '-'}"
    return where


def _most_public(entry: PlanEntry) -> str | None:
    most: str | None = entry.to_dict()["most_public"]
    return most


def _publicness(entry: PlanEntry) -> int:
    return PUBLICNESS.get(_most_public(entry) or "", 0)


def _short(timestamp: str) -> str:
    """`2026-09-15T10:00:00+00:00` -> `2026-09-15 10:00` (the full value stays in the element's datetime)."""
    return timestamp[:10] + (" " + timestamp[11:16] if len(timestamp) >= 16 and timestamp[10] == "T" else "")


_HELPERS = {
    "live": LIVE,
    "live_order": LIVE_ORDER,
    "owner_note": _owner_note,
    "held_as": _held_as,
    "where": _where,
    "most_public": _most_public,
    "publicness": _publicness,
    "short": _short,
}


def to_markdown(entries: list[PlanEntry], notes: list[str], exposure_notes: Sequence[str] = ()) -> str:
    return render_template(
        "plan.md.j2", entries=entries, notes=notes, exposure_notes=exposure_notes, **_HELPERS
    )


def _events(entries: list[PlanEntry]) -> list[dict[str, Any]]:
    """The timeline: dated exposures by date, then one line per credential and kind for the exposures
    without a date (bundles, files, logs), with how many more places that line stands for."""
    exposures = [(x.since, e.rank, x) for e in entries for x in e.exposures]
    dated = sorted(((s, r, x) for s, r, x in exposures if s), key=lambda item: (item[0], item[1]))
    undated: dict[tuple[int, str], list[Exposure]] = {}
    for since, rank, x in exposures:
        if not since:
            undated.setdefault((rank, x.kind), []).append(x)
    events = [
        {"since": since, "rank": rank, "kind": x.kind, "where": _where(x), "more": 0}
        for since, rank, x in dated
    ]
    events += [
        {"since": None, "rank": rank, "kind": kind, "where": _where(places[0]), "more": len(places) - 1}
        for (rank, kind), places in undated.items()
    ]
    return events


def to_html(entries: list[PlanEntry], notes: list[str], exposure_notes: Sequence[str] = ()) -> str:
    """A self-contained page (no external resources): sortable table, a timeline of exposures, the steps."""
    counts = Counter(e.priority for e in entries)
    return render_template(
        "plan.html.j2",
        entries=entries,
        notes=notes,
        exposure_notes=exposure_notes,
        events=_events(entries),
        counts=[(p, counts[p]) for p in sorted(counts)],
        **_HELPERS,
    )


def verification_json(outcome: Verification) -> str:
    """`plan --verify-purge --format json`."""
    data = {
        "clean": outcome.clean,
        "values": outcome.values,
        "remaining": [r.to_dict() for r in outcome.remaining],
        "left_by_design": [r.to_dict() for r in outcome.by_design],
        "skipped": outcome.skipped,
    }
    return json.dumps(data, indent=2) + "\n"


def verification_text(outcome: Verification) -> str:
    """`plan --verify-purge`: a line per place that still holds a leaked value (redacted), then those left
    on purpose; nothing when the purge is complete."""
    lines = [
        f"REMAINS {r.rule_id} {r.secret} {r.file}:{r.line}"
        + (f" (commit {r.commit[:12]})" if r.commit else "")
        for r in outcome.remaining
    ]
    lines += [
        f"LEFT BY DESIGN {r.rule_id} {r.secret} {r.file}:{r.line}: {r.left_by_design}"
        for r in outcome.by_design
    ]
    return "\n".join(lines) + "\n" if lines else ""
