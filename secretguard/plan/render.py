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


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rotation plan</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b}}
table{{border-collapse:collapse;width:100%}}
th,td{{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top}}
th{{background:#f3f3f3;cursor:pointer;user-select:none}}th:after{{content:" \\2195";color:#999}}
.P0{{background:#fde2e1}}.P1{{background:#fff1d6}}.P2{{background:#fffbe6}}
.timeline{{position:relative;height:{height}px;border-left:2px solid #888;margin:1rem 0 2rem 10rem}}
.event{{position:absolute;left:.5rem;white-space:nowrap;font-size:12px}}
.event b{{position:absolute;left:-10.5rem;width:9.5rem;text-align:right;font-weight:normal;color:#555}}
code{{background:#f6f6f6;padding:0 .2rem}}ol{{margin:.2rem 0 .6rem 1.2rem}}
</style></head><body>
<h1>Rotation plan</h1>
<p>{count} credential(s). Click a column to sort. Secrets appear only redacted.</p>
<table id="plan"><thead><tr><th>#</th><th>priority</th><th>deadline</th><th>credential</th><th>live</th>
<th>variables</th><th>most public</th><th>since</th></tr></thead><tbody>
{rows}
</tbody></table>
<h2>Timeline of exposures</h2>
<div class="timeline">{events}</div>
<h2>Steps</h2>
{details}
<script>
document.querySelectorAll("#plan th").forEach(function (th, column) {{
  th.addEventListener("click", function () {{
    var body = th.closest("table").tBodies[0];
    var rows = Array.from(body.rows);
    var up = th.dataset.order !== "asc";
    th.dataset.order = up ? "asc" : "desc";
    rows.sort(function (a, b) {{
      var x = a.cells[column].textContent, y = b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? c : -c;
    }});
    rows.forEach(function (r) {{ body.appendChild(r); }});
  }});
}});
</script>
</body></html>
"""


def to_html(entries: list[PlanEntry], notes: list[str]) -> str:
    """A self-contained page (no external resources): sortable table, a timeline of exposures, the steps."""
    from html import escape  # noqa: PLC0415

    rows = []
    for e in entries:
        data = e.to_dict()
        live = {True: "yes", False: "no", None: "unknown"}[e.live]
        rows.append(
            f'<tr class="{e.priority}"><td>{e.rank}</td><td>{e.priority}</td>'
            f"<td>{escape(e.deadline or '')}</td>"
            f"<td>{escape(e.title)}<br><code>{escape(e.secret)}</code></td><td>{live}</td>"
            f"<td>{escape(', '.join(e.variables) or '-')}</td><td>{escape(str(data['most_public']))}</td>"
            f"<td>{escape(e.since or '-')}</td></tr>"
        )
    dated = sorted((x.since, e.rank, x.kind, x.file) for e in entries for x in e.exposures if x.since)
    events = [
        f'<div class="event" style="top:{i * 22}px"><b>{escape(since[:19])}</b>#{rank} {escape(kind)} '
        f"{escape(file)}</div>"
        for i, (since, rank, kind, file) in enumerate(dated)
    ]
    details = []
    for e in entries:
        steps = "".join(
            f"<li>{escape(s['action'])} <i>Verify: {escape(s['verify'])}</i></li>" for s in e.steps
        )
        places = "".join(
            f"<li>{escape(x.kind)}: {escape(x.file)}:{x.line}"
            + (f" (commit {escape(x.commit[:12])})" if x.commit else "")
            + "</li>"
            for x in e.exposures
        )
        details.append(
            f"<h3>{e.rank}. {escape(e.title)} ({e.priority})</h3><ul>{places}</ul><ol>{steps}</ol>"
        )
    if notes:
        details.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    return _PAGE.format(
        count=len(entries),
        rows="\n".join(rows),
        events="".join(events) or "<p>No dated exposure (dates come from git history).</p>",
        details="\n".join(details),
        height=max(40, 22 * len(events)),
    )
