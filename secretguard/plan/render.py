"""The plan for people (Markdown, HTML) and for automation (JSON)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from html import escape

from secretguard.formats.printable import printable
from secretguard.plan.planner import PUBLICNESS, Exposure, PlanEntry

LIVE = {True: "yes", False: "no", None: "unknown"}
LIVE_ORDER = {True: 0, None: 1, False: 2}  # sorting by liveness: live first


def to_json(entries: list[PlanEntry]) -> str:
    return json.dumps([e.to_dict() for e in entries], indent=2) + "\n"


# Markdown that a value from the reports (a file name, a step name, a commit subject) must not become:
# raw HTML (`<img src=x onerror=...>`), an entity, a link or image (`[x](javascript:...)`), an escape that
# undoes ours, a table cell break. `>` stays: without `<` it opens nothing, and playbook steps read better.
_MARKDOWN_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "|": "\\|", "&": "&amp;", "<": "&lt;"})


def _cell(text: object) -> str:
    """A value as Markdown text that shows exactly that text: printable (no escape sequences for whoever
    prints the file), no HTML, links or table breaks."""
    return printable(text).translate(_MARKDOWN_ESCAPES)


def _code(text: object) -> str:
    """A value as a Markdown code span (literal inside, so only a backtick run could end it early: the fence
    is longer than any run in the value)."""
    value = printable(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


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
    where = f"{x.file}:{x.line}"
    if x.original_file:
        where += f" (source {x.original_file})"
    if x.commit:
        where += f" (commit {x.commit[:12]})"
    if x.job or x.step:
        where += f" job {x.job or '-'} step {x.step or '-'}"
    return where


def to_markdown(entries: list[PlanEntry], notes: list[str], exposure_notes: Sequence[str] = ()) -> str:
    lines = ["# Rotation plan", ""]
    if not entries:
        lines.append("Nothing to rotate: the reports hold no credential.")
    else:
        lines += [
            "| # | priority | deadline | credential | owner | live | variables | most public | since |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for e in entries:
            data = e.to_dict()
            secret = f" ({_code(e.secret)})" if e.secret else ""
            cells = [
                str(e.rank),
                _cell(e.priority),
                _cell(e.deadline),
                _cell(e.title) + secret,
                _cell(e.owner or "-"),
                LIVE[e.live],
                _cell(", ".join(e.variables) or "-"),
                _cell(data["most_public"] or "-"),
                _cell(e.since or "-"),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        for e in entries:
            lines += ["", f"## {e.rank}. {_cell(e.title)} — {_cell(e.priority)}, due {_cell(e.deadline)}", ""]
            lines.append(
                f"- rule {_code(e.rule_id)}, fingerprint {_code(e.fingerprint)}, "
                f"exposure {_cell(e.exposure_class)}"
            )
            if e.variables:
                lines.append(f"- live in {_cell(', '.join(e.environments))} as {_cell(_held_as(e))}")
            if e.rotated:
                lines.append(f"- rotated on {_cell(e.rotated[:10])} (`secretguard rotate` journal)")
            if e.owner:
                lines.append(f"- owner: {_cell(e.owner)} ({_cell(_owner_note(e))})")
            if e.automation:
                lines.append(f"- automated: {_cell(e.automation)}")
            if e.exposures:
                lines.append("- exposures:")
                lines += [f"  - {_cell(x.kind)}: {_cell(_where(x))}" for x in e.exposures]
            lines.append("- steps:")
            for number, step in enumerate(e.steps, start=1):
                lines.append(f"  {number}. {_cell(step['action'])} — verify: {_cell(step['verify'])}")
    if exposure_notes:
        lines += ["", "## Exposure notes (not rotations)", ""] + [f"- {_cell(n)}" for n in exposure_notes]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in notes]
    return "\n".join(lines) + "\n"


# The page template: @@NAME@@ markers are filled in one pass (the filled-in text is never searched again).
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rotation plan</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:90rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}
td{overflow-wrap:break-word}
th{background:#f3f3f3;cursor:pointer;user-select:none;white-space:nowrap}
th:after{content:" \\2195";color:#999}
th[aria-sort=ascending]:after{content:" \\25B2";color:#333}
th[aria-sort=descending]:after{content:" \\25BC";color:#333}
td.n,td.t{white-space:nowrap}
tr.P0{background:#fde2e1}tr.P1{background:#fff1d6}tr.P2{background:#fffbe6}
.live-yes{font-weight:bold;color:#a40000}
.summary span{display:inline-block;margin-right:.6rem;padding:0 .4rem;border-radius:.2rem}
.summary .P0{background:#fde2e1}.summary .P1{background:#fff1d6}.summary .P2{background:#fffbe6}
.summary .P3{background:#eee}
ol.timeline{list-style:none;margin:1rem 0 2rem;padding:0}
.timeline li{position:relative;margin-left:11rem;padding:.1rem 0 .3rem .9rem;border-left:2px solid #bbb;
overflow-wrap:anywhere}
.timeline time,.timeline .undated{position:absolute;left:-11rem;width:10.2rem;text-align:right;color:#555;
font-size:12px;padding-top:.1rem}
.timeline li:before{content:"";position:absolute;left:-6px;top:.5rem;width:10px;height:10px;
border-radius:50%;background:#888}
.timeline li.public-bundle:before{background:#c00}.timeline li.ci-log:before{background:#e67e00}
.timeline li.repository:before{background:#d4a000}
.owner-source{color:#666;font-size:12px}
code{background:#f6f6f6;padding:0 .2rem;overflow-wrap:anywhere}ol.steps{margin:.2rem 0 .6rem 1.2rem}
section.entry{border-top:1px solid #ddd;margin-top:1rem}
</style></head><body>
<h1>Rotation plan</h1>
<p class="summary">@@SUMMARY@@</p>
<p>Click a column to sort (the address keeps the order: <code>#sort=since</code>, <code>#sort=-since</code>).
Secrets appear only redacted.</p>
<table id="plan"><thead><tr><th data-key="rank">#</th><th data-key="priority">priority</th>
<th data-key="deadline">deadline</th><th data-key="credential">credential</th><th data-key="owner">owner</th>
<th data-key="live">live</th><th data-key="variables">variables</th><th data-key="public">most public</th>
<th data-key="since">since</th></tr></thead><tbody>
@@ROWS@@
</tbody></table>
<h2>Timeline of exposures</h2>
@@EVENTS@@
<h2>Steps</h2>
@@DETAILS@@
<script>
(function () {
  var table = document.getElementById("plan");
  var heads = Array.from(table.tHead.rows[0].cells);
  function value(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
  }
  function sort(key, descending) {
    var column = heads.findIndex(function (th) { return th.dataset.key === key; });
    if (column < 0) { return; }
    var body = table.tBodies[0];
    var rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, column), y = value(b, column);
      if ((x === "") !== (y === "")) { return x === "" ? 1 : -1; }  /* no value: last either way */
      var nx = Number(x), ny = Number(y);
      var c = (x !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return (descending ? -c : c) || Number(a.dataset.rank) - Number(b.dataset.rank);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (th) { th.removeAttribute("aria-sort"); });
    heads[column].setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.dataset.sorted = (descending ? "-" : "") + key;
  }
  function fromAddress() {
    var m = /^#sort=(-?)([a-z]+)$/.exec(location.hash);
    if (m) { sort(m[2], m[1] === "-"); }
  }
  heads.forEach(function (th) {
    th.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") === "ascending";
      sort(th.dataset.key, descending);
      try { history.replaceState(null, "", "#sort=" + table.dataset.sorted); } catch (e) { /* file: */ }
    });
  });
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
</script>
</body></html>
"""


def _short(timestamp: str | None) -> str:
    """`2026-09-15T10:00:00+00:00` -> `2026-09-15 10:00` (the full value stays in the element's datetime)."""
    if not timestamp:
        return "-"
    return timestamp[:10] + (" " + timestamp[11:16] if len(timestamp) >= 16 and timestamp[10] == "T" else "")


def _time(timestamp: str | None, *, date_only: bool = False) -> str:
    if not timestamp:
        return "-"
    shown = timestamp[:10] if date_only else _short(timestamp)
    return f'<time datetime="{escape(timestamp)}" title="{escape(timestamp)}">{escape(shown)}</time>'


def to_html(entries: list[PlanEntry], notes: list[str], exposure_notes: Sequence[str] = ()) -> str:
    """A self-contained page (no external resources): sortable table, a timeline of exposures, the steps."""
    rows = []
    for e in entries:
        data = e.to_dict()
        public = data["most_public"]
        secret = f"<br><code>{escape(e.secret)}</code>" if e.secret else ""
        owner = escape(e.owner or "-")
        if e.owner:
            note = escape(_owner_note(e))
            owner += f'<br><span class="owner-source" title="{note}">{escape(e.owner_source or "")}</span>'
        rows.append(
            f'<tr class="{escape(e.priority)}" id="entry-{e.rank}" data-rank="{e.rank}">'
            f'<td class="n">{e.rank}</td><td class="n">{escape(e.priority)}</td>'
            f'<td class="t" data-sort="{escape(e.deadline or "")}">{_time(e.deadline)}</td>'
            f'<td><a href="#step-{e.rank}">{escape(e.title)}</a>{secret}</td>'
            f'<td data-sort="{escape(e.owner or "")}">{owner}</td>'
            f'<td class="live-{LIVE[e.live]}" data-sort="{LIVE_ORDER[e.live]}">{LIVE[e.live]}</td>'
            f'<td data-sort="{escape(", ".join(e.variables))}">{escape(", ".join(e.variables) or "-")}</td>'
            f'<td data-sort="{-PUBLICNESS.get(public or "", 0)}">{escape(public or "-")}</td>'
            f'<td class="t" data-sort="{escape(e.since or "")}">{_time(e.since, date_only=True)}</td></tr>'
        )
    exposures = [(x.since, e.rank, x) for e in entries for x in e.exposures]
    dated = sorted(((s, r, x) for s, r, x in exposures if s), key=lambda item: (item[0], item[1]))
    # Exposures without a date (bundles, files, logs): one line per credential and kind, after the dated.
    undated: dict[tuple[int, str], list[Exposure]] = {}
    for since, rank, x in exposures:
        if not since:
            undated.setdefault((rank, x.kind), []).append(x)
    events = [
        f'<li class="{escape(x.kind)}">{_time(since)} <a href="#step-{rank}">#{rank}</a> {escape(x.kind)}: '
        f"{escape(_where(x))}</li>"
        for since, rank, x in dated
    ]
    for (rank, kind), places in undated.items():
        more = f" and {len(places) - 1} more place(s)" if len(places) > 1 else ""
        events.append(
            f'<li class="{escape(kind)}"><span class="undated">date unknown</span> '
            f'<a href="#step-{rank}">#{rank}</a> {escape(kind)}: {escape(_where(places[0]))}{more}</li>'
        )
    details = []
    for e in entries:
        steps = "".join(
            f"<li>{escape(s['action'])} <i>Verify: {escape(s['verify'])}</i></li>" for s in e.steps
        )
        facts = [
            f"rule <code>{escape(e.rule_id)}</code>, exposure {escape(e.exposure_class)}, "
            f"due {_time(e.deadline)}"
        ]
        if e.variables:
            facts.append(f"live in {escape(', '.join(e.environments))} as {escape(_held_as(e))}")
        if e.rotated:
            facts.append(f"rotated on {escape(e.rotated[:10])} (secretguard rotate journal)")
        if e.owner:
            facts.append(f"owner: {escape(e.owner)} ({escape(_owner_note(e))})")
        if e.automation:
            facts.append(f"automated: {escape(e.automation)}")
        facts += [f"{escape(x.kind)}: {escape(_where(x))}" for x in e.exposures]
        details.append(
            f'<section class="entry" id="step-{e.rank}">'
            f"<h3>{e.rank}. {escape(e.title)} ({escape(e.priority)})</h3>"
            f'<ul>{"".join(f"<li>{f}</li>" for f in facts)}</ul><ol class="steps">{steps}</ol></section>'
        )
    if exposure_notes:
        details.append(
            "<h2>Exposure notes (not rotations)</h2><ul>"
            + "".join(f"<li>{escape(n)}</li>" for n in exposure_notes)
            + "</ul>"
        )
    if notes:
        details.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    counts = Counter(e.priority for e in entries)
    summary = (
        f"{len(entries)} credential(s) to rotate"
        + (": " if entries else ".")
        + "".join(f'<span class="{escape(p)}">{counts[p]} {escape(p)}</span>' for p in sorted(counts))
    )
    values = {
        "SUMMARY": summary,
        "ROWS": "\n".join(rows),
        "EVENTS": f'<ol class="timeline">{"".join(events)}</ol>'
        if events
        else '<p class="timeline">No exposure.</p>',
        "DETAILS": "\n".join(details),
    }
    return re.sub(r"@@([A-Z]+)@@", lambda m: values[m.group(1)], _PAGE)
