"""`plan --format html` in a real headless Chromium: the page renders (table, timeline, steps), its script
sorts the table, a hostile file name stays text, and a screenshot is saved under the test's folder."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliRunner
from tests.helpers import github_style_token, stripe_live_key
from tests.plan.browser import read_png, render

BUNDLE = Path(__file__).resolve().parents[1] / "assets" / "bundles"
# If the page ever let this name through as markup, the browser would run the handler and mark the body.
HOSTILE = "x<img src=x onerror=document.body.dataset.pwned=1>.env"


def rows_in(dom: str) -> list[int]:
    body = dom.split('<table id="plan"', 1)[1].split("</table>", 1)[0]
    return [int(n) for n in re.findall(r'<tr class="P\d" id="entry-\d+" data-rank="(\d+)"', body)]


def test_html_plan_renders_sorts_and_stays_escaped_in_chromium(
    cli: CliRunner, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    rng = random.Random(74)
    token, stripe = github_style_token(rng), stripe_live_key(rng)
    src = tmp_path / "src"
    src.mkdir()
    (src / HOSTILE).write_text(f"GH_TOKEN={token}\n")
    (src / "pay.py").write_text(f'stripe.api_key = "{stripe}"\n')
    files_report = tmp_path / "files.json"
    assert cli("scan", "files", src, "--all-files", "--format", "json", "--output", files_report).code == 1
    site = tmp_path / "site"
    shutil.copytree(BUNDLE / "app" / "dist", site)
    bundle_report = tmp_path / "bundle.json"
    assert cli("scan", "bundle", site, "--format", "json", "--output", bundle_report).code == 1
    check = tmp_path / "check.json"
    check.write_text(
        json.dumps([{"name": "SESSION_KEY", "environment": "production", "status": "stale", "secret": True}])
    )
    common = ("plan", "--findings", files_report, "--findings", bundle_report, "--check", check)
    plan_json, page = tmp_path / "plan.json", tmp_path / "plan.html"
    assert cli(*common, "--format", "json", "--output", plan_json).code == 1
    run = cli(*common, "--format", "html", "--output", page)
    assert run.code == 1, run.err
    entries = json.loads(plan_json.read_text())
    assert len(entries) >= 5

    shown = render(page, tmp_path / "browser")
    assert shown.screenshot is not None
    record_property("screenshot", str(shown.screenshot))
    dom = shown.dom
    assert rows_in(dom) == [e["rank"] for e in entries]
    assert dom.count('<section class="entry"') == len(entries)
    timeline = dom.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    dated_count = sum(1 for e in entries for x in e["exposures"] if x.get("since"))
    undated_kinds = {(e["rank"], x["kind"]) for e in entries for x in e["exposures"] if not x.get("since")}
    assert timeline.count("<li") == dated_count + len(undated_kinds)
    assert "and 2 more place(s)" in timeline  # app.js, app.js.gz and app.js.map: one line
    assert "data-pwned" not in dom  # the file name was text, not an element with a handler
    assert "x&lt;img src=x onerror=document.body.dataset.pwned=1&gt;.env" in dom
    for secret in (token, stripe):
        assert secret not in dom

    png = read_png(shown.screenshot)
    assert (png.width, png.height) == (1280, 2000)
    assert png.size > 50_000
    assert png.distinct_rows > 400, "the screenshot is mostly blank"

    # The page's own script sorts the table; the address fragment (kept on click) chooses the column.
    by_since = render(page, tmp_path / "browser", fragment="sort=-since", name="by-since", screenshot=False)
    dated = sorted((e for e in entries if e["since"]), key=lambda e: (e["since"], -e["rank"]), reverse=True)
    undated = [e for e in entries if not e["since"]]
    assert rows_in(by_since.dom) == [e["rank"] for e in dated + undated]
    assert re.search(r'<th data-key="since" aria-sort="descending">', by_since.dom)
    by_public = render(page, tmp_path / "browser", fragment="sort=public", name="by-public", screenshot=False)
    order = {"public-bundle": 0, "ci-log": 1, "repository": 2, "history": 3, None: 4}
    expected = sorted(entries, key=lambda e: (order[e["most_public"]], e["rank"]))
    assert rows_in(by_public.dom) == [e["rank"] for e in expected]
