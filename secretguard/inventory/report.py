"""The handover document: a table per environment (variable, purpose, owner, secret, where stored, last
changed, status, rotation due) in Markdown, self-contained HTML, or JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from secretguard.inventory.check import CheckReport, CheckResult
from secretguard.inventory.model import Inventory, Variable

NOT_CHECKED = "not checked"


@dataclass
class Row:
    name: str
    purpose: str
    owner: str
    secret: bool
    stored: str
    last_changed: datetime | None
    statuses: list[str]
    details: list[str] = field(default_factory=list)
    rotation_days: int | None = None
    rotation_due: date | None = None
    declared: bool = True

    def rotation_text(self, today: date) -> str:
        if not self.rotation_days:
            return "-"
        if self.rotation_due is None:
            return f"every {self.rotation_days} days (last change unknown)"
        if self.rotation_due < today:
            return f"overdue since {self.rotation_due.isoformat()}"
        return self.rotation_due.isoformat()

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "name": self.name,
            "purpose": self.purpose,
            "owner": self.owner,
            "secret": self.secret,
            "stored": self.stored,
            "last_changed": self.last_changed.isoformat() if self.last_changed else None,
            "status": self.statuses,
            "details": self.details,
            "rotation_days": self.rotation_days,
            "rotation_due": self.rotation_due.isoformat() if self.rotation_due else None,
            "rotation": self.rotation_text(today),
            "declared": self.declared,
        }


def _default_place(inventory: Inventory, var: Variable, env: str) -> str:
    ref = var.storage.get(env)
    if ref is not None:
        if ref.vault is not None:
            return f"vault:{ref.vault.mount}/{ref.vault.path}#{ref.vault.key or var.name}"
        value = getattr(ref, ref.kind)
        return f"{ref.kind}:{value}"
    stores = inventory.environments[env].stores
    return " or ".join(s.label() for s in stores) or "-"


def build_rows(
    inventory: Inventory, check: CheckReport | None, environments: Iterable[str]
) -> dict[str, list[Row]]:
    by_key: dict[tuple[str, str], list[CheckResult]] = {}
    if check is not None:
        for result in check.results:
            by_key.setdefault((result.environment, result.name), []).append(result)
    out: dict[str, list[Row]] = {}
    for env in environments:
        rows: list[Row] = []
        for var in inventory.variables:
            if var.status != "active":
                continue
            results = by_key.get((env, var.name), [])
            first = next((r for r in results if r.where), results[0] if results else None)
            last = next((r.last_changed for r in results if r.last_changed), None)
            due = (last + timedelta(days=var.rotation_days)).date() if last and var.rotation_days else None
            rows.append(
                Row(
                    var.name,
                    var.purpose,
                    var.owner,
                    var.secret,
                    (first.where or first.store or "-")
                    if first and (first.where or first.store)
                    else _default_place(inventory, var, env),
                    last,
                    [r.status for r in results] or [NOT_CHECKED],
                    [f"{r.status}: {r.detail}" for r in results if r.detail and r.status != "ok"],
                    var.rotation_days,
                    due,
                )
            )
        for (renv, name), results in sorted(by_key.items()):
            if renv == env and any(r.status == "undeclared" for r in results):
                first = results[0]
                rows.append(
                    Row(
                        name,
                        "",
                        "",
                        False,
                        first.where or first.store or "-",
                        first.last_changed,
                        ["undeclared"],
                        [first.detail],
                        declared=False,
                    )
                )
        out[env] = rows
    return out


def _summary(rows: list[Row]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        for status in row.statuses:
            counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: (kv[0] != "ok", kv[0])))


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ") or " "


def render_markdown(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    today = generated.date()
    lines = [
        "# Environment variables: handover",
        "",
        f"Generated {generated.strftime('%Y-%m-%d %H:%M UTC')} by secretguard from the inventory "
        f"({len([v for v in inventory.variables if v.status == 'active'])} variables). "
        + ("Statuses come from reading the stores." if check is not None else "Stores were not read."),
        "",
    ]
    if check is not None and check.problems:
        lines.append("**Stores that could not be read** (their variables are `unverified`):")
        lines.append("")
        lines.extend(f"- {_md(p.environment)}: `{_md(p.store)}`: {_md(p.reason)}" for p in check.problems)
        lines.append("")
    for env, env_rows in rows.items():
        lines += [
            f"## {_md(env)}",
            "",
            _md(_summary(env_rows)),
            "",
            "| variable | purpose | owner | secret | where stored | last changed | status | rotation due |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in env_rows:
            lines.append(
                "| "
                + " | ".join(
                    _md(c)
                    for c in (
                        f"`{row.name}`",
                        row.purpose,
                        row.owner,
                        "yes" if row.secret else "no",
                        f"`{row.stored}`",
                        row.last_changed.strftime("%Y-%m-%d") if row.last_changed else "-",
                        ", ".join(row.statuses),
                        row.rotation_text(today),
                    )
                )
                + " |"
            )
        problems = [(row.name, d) for row in env_rows for d in row.details]
        if problems:
            lines += ["", "Details:", ""]
            lines += [f"- `{_md(name)}`: {_md(detail)}" for name, detail in problems]
        lines.append("")
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
.s{display:inline-block;border-radius:.6rem;padding:0 .45rem;margin:.1rem;font-size:.8rem;background:#ddf4ff}
.s-ok{background:#dafbe1}.s-missing,.s-unverified,.s-reused_across_environments,.s-public_prefix{background:#ffebe9}
.s-undeclared,.s-stale,.s-weak,.s-placeholder,.s-empty,.s-invalid_format,.s-insecure_storage{background:#fff8c5}
.muted{color:#59636e}ul.details{font-size:.85rem}
"""


def render_html(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    esc = html.escape
    today = generated.date()
    active = len([v for v in inventory.variables if v.status == "active"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Environment variables: handover</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Environment variables: handover</h1>",
        f'<p class="muted">Generated {esc(generated.strftime("%Y-%m-%d %H:%M UTC"))} by secretguard from the '
        f"inventory ({active} variables). "
        + ("Statuses come from reading the stores." if check is not None else "Stores were not read.")
        + "</p>",
    ]
    if check is not None and check.problems:
        parts.append(
            "<p><strong>Stores that could not be read</strong> (their variables are unverified):</p><ul>"
        )
        parts += [
            f"<li>{esc(p.environment)}: <code>{esc(p.store)}</code>: {esc(p.reason)}</li>"
            for p in check.problems
        ]
        parts.append("</ul>")
    for env, env_rows in rows.items():
        parts.append(f'<h2>{esc(env)}</h2><p class="muted">{esc(_summary(env_rows))}</p>')
        parts.append(
            "<table><thead><tr><th>variable</th><th>purpose</th><th>owner</th><th>secret</th>"
            "<th>where stored</th><th>last changed</th><th>status</th><th>rotation due</th></tr></thead>"
            "<tbody>"
        )
        for row in env_rows:
            badges = "".join(
                f'<span class="s s-{esc(s.replace(" ", "_"))}">{esc(s)}</span>' for s in row.statuses
            )
            parts.append(
                "<tr>"
                f"<td><code>{esc(row.name)}</code></td><td>{esc(row.purpose)}</td><td>{esc(row.owner)}</td>"
                f"<td>{'yes' if row.secret else 'no'}</td><td><code>{esc(row.stored)}</code></td>"
                f"<td>{esc(row.last_changed.strftime('%Y-%m-%d')) if row.last_changed else '-'}</td>"
                f"<td>{badges}</td><td>{esc(row.rotation_text(today))}</td></tr>"
            )
        parts.append("</tbody></table>")
        details = [(row.name, d) for row in env_rows for d in row.details]
        if details:
            parts.append('<ul class="details">')
            parts += [f"<li><code>{esc(name)}</code>: {esc(detail)}</li>" for name, detail in details]
            parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_json(
    inventory: Inventory, rows: dict[str, list[Row]], check: CheckReport | None, generated: datetime
) -> str:
    today = generated.date()
    data = {
        "generated": generated.isoformat(),
        "checked": check is not None,
        "variables": len([v for v in inventory.variables if v.status == "active"]),
        "store_problems": [
            {"environment": p.environment, "store": p.store, "reason": p.reason}
            for p in (check.problems if check else [])
        ],
        "environments": {env: [row.to_dict(today) for row in env_rows] for env, env_rows in rows.items()},
    }
    return json.dumps(data, indent=2) + "\n"


RENDERERS = {"markdown": render_markdown, "html": render_html, "json": render_json}


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
