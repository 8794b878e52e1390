"""The plan for people (Markdown) and for automation (JSON)."""

from __future__ import annotations

import json

from secretguard.plan.planner import PlanEntry


def to_json(entries: list[PlanEntry]) -> str:
    return json.dumps([e.to_dict() for e in entries], indent=2) + "\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(entries: list[PlanEntry], notes: list[str]) -> str:
    lines = ["# Rotation plan", ""]
    if not entries:
        lines.append("Nothing to rotate: the reports hold no credential.")
    else:
        lines += [
            "| # | priority | deadline | credential | live | variables | most public | since |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for e in entries:
            data = e.to_dict()
            live = {True: "yes", False: "no", None: "unknown"}[e.live]
            names = _cell(", ".join(e.variables) or "-")
            lines.append(
                f"| {e.rank} | {e.priority} | {e.deadline} | {_cell(e.title)} (`{_cell(e.secret)}`) "
                f"| {live} | {names} | {data['most_public']} | {e.since or '-'} |"
            )
        for e in entries:
            lines += ["", f"## {e.rank}. {_cell(e.title)} — {e.priority}, due {e.deadline}", ""]
            lines.append(f"- rule `{e.rule_id}`, fingerprint `{e.fingerprint}`, exposure {e.exposure_class}")
            if e.variables:
                lines.append(f"- live in {', '.join(e.environments)} as {', '.join(e.variables)}")
            if e.owner:
                lines.append(f"- owner: {_cell(e.owner)}")
            lines.append("- exposures:")
            for x in e.exposures:
                where = f"{x.file}:{x.line}" + (f" (commit {x.commit[:12]})" if x.commit else "")
                where += f" job {x.job} step {x.step}" if x.job or x.step else ""
                lines.append(f"  - {x.kind}: {_cell(where)}")
            lines.append("- steps:")
            for number, step in enumerate(e.steps, start=1):
                lines.append(f"  {number}. {_cell(step['action'])} — verify: {_cell(step['verify'])}")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in notes]
    return "\n".join(lines) + "\n"
