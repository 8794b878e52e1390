"""The handover document (`inventory report`): a table per environment in Markdown, a self-contained HTML
page, or JSON. What each row says is decided in secretguard/inventory/report.py; the layout is in
templates/handover.md.j2 and templates/handover.html.j2."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from secretguard.formats.templating import render_template
from secretguard.inventory.check import CheckReport
from secretguard.inventory.model import Inventory
from secretguard.inventory.report import Row, build_rows

Renderer = Callable[[Inventory, dict[str, list[Row]], CheckReport | None, datetime], str]


def _summary(rows: list[Row]) -> str:
    """`3 ok, 1 missing, 2 stale`: how many of each status, ok first."""
    counts: dict[str, int] = {}
    for row in rows:
        for status in row.statuses:
            counts[status.name] = counts.get(status.name, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: (kv[0] != "ok", kv[0])))


def _day(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "-"


def _active(inventory: Inventory) -> int:
    return len([v for v in inventory.variables if v.status == "active"])


def _document(
    template: str,
    inventory: Inventory,
    rows: dict[str, list[Row]],
    check: CheckReport | None,
    generated: datetime,
) -> str:
    return render_template(
        template,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        today=generated.date(),
        active=_active(inventory),
        checked=check is not None,
        problems=check.problems if check is not None else [],
        rows=rows,
        summary=_summary,
        day=_day,
    )


def render_markdown(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    return _document("handover.md.j2", inventory, rows, check, generated)


def render_html(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    return _document("handover.html.j2", inventory, rows, check, generated)


def render_json(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    today = generated.date()
    data = {
        "generated": generated.isoformat(),
        "checked": check is not None,
        "variables": _active(inventory),
        "store_problems": [
            {"environment": p.environment, "store": p.store, "reason": p.reason}
            for p in (check.problems if check else [])
        ],
        "environments": {env: [row.to_dict(today) for row in env_rows] for env, env_rows in rows.items()},
    }
    return json.dumps(data, indent=2) + "\n"


RENDERERS: dict[str, Renderer] = {"markdown": render_markdown, "html": render_html, "json": render_json}


def render(
    fmt: str,
    inventory: Inventory,
    check: CheckReport | None,
    environments: Iterable[str],
    generated: datetime | None = None,
) -> str:
    generated = generated or datetime.now(UTC)
    rows = build_rows(inventory, check, environments)
    return RENDERERS[fmt](inventory, rows, check, generated)
