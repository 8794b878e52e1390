"""The handover document: a table per environment (variable, purpose, owner, secret, required, store, where
stored, last changed, status with its reason, rotation due) in Markdown, self-contained HTML, or JSON.

"Where stored" is only ever the place a value was read from. A variable no store holds says `not found`
(with `missing` when it is required, `not found` as its status when it is optional: fine, but not stored);
one whose store could not be read says so; without reading the stores, the places it would be looked for.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from secretguard.inventory.check import CheckReport, CheckResult
from secretguard.inventory.model import Inventory, Variable

NOT_CHECKED = "not checked"
NOT_FOUND = "not found"  # the status of an optional variable no store holds
# Store kinds as the report names them, by the first part of a store label (`vault:secret/app/prod`).
STORE_KINDS = {
    "vault": "vault",
    "ssm": "ssm",
    "secretsmanager": "secrets-manager",
    "dotenv": "dotenv",
    "environ": "env",
}


def store_kind(label: str | None) -> str | None:
    """`vault:secret/app/prod` -> vault; `secretsmanager:app/prod` -> secrets-manager; `environ` -> env."""
    if not label:
        return None
    return STORE_KINDS.get(label.split(":", 1)[0])


@dataclass
class Status:
    name: str
    reason: str = ""

    def text(self) -> str:
        return f"{self.name}: {self.reason}" if self.reason else self.name


@dataclass
class Row:
    name: str
    purpose: str
    owner: str
    secret: bool | None  # None: not in the inventory
    stored: str  # where the value was read from, or why there is no such place
    last_changed: datetime | None
    statuses: list[Status]
    required: bool | None = None  # in this environment; None: not in the inventory
    store: str | None = None  # kind of the store it was found in (or that could not be read)
    store_label: str | None = None
    where: str | None = None  # the exact place read, only when found
    found: bool | None = None  # None: not checked, or the store could not be read
    identifier: str | None = None  # `an access key id`: not a secret, whatever the inventory says
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

    def secret_text(self) -> str:
        if self.secret is None:
            return "-"
        if self.identifier:
            return f"no ({self.identifier})"
        return "yes" if self.secret else "no"

    def required_text(self) -> str:
        return "-" if self.required is None else ("required" if self.required else "optional")

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "name": self.name,
            "purpose": self.purpose,
            "owner": self.owner,
            "secret": self.secret,
            "identifier": self.identifier,
            "required": self.required,
            "store": self.store,
            "store_label": self.store_label,
            "where": self.where,
            "found": self.found,
            "stored": self.stored,
            "last_changed": self.last_changed.isoformat() if self.last_changed else None,
            "status": [s.name for s in self.statuses],
            "reasons": [{"status": s.name, "reason": s.reason} for s in self.statuses],
            "details": [s.text() for s in self.statuses if s.reason and s.name != "ok"],
            "rotation_days": self.rotation_days,
            "rotation_due": self.rotation_due.isoformat() if self.rotation_due else None,
            "rotation": self.rotation_text(today),
            "declared": self.declared,
        }


def _expected_places(inventory: Inventory, var: Variable, env: str) -> list[str]:
    """Where the check would look for the variable (the stores were not read)."""
    ref = var.storage.get(env)
    if ref is not None:
        if ref.vault is not None:
            return [f"vault:{ref.vault.mount}/{ref.vault.path}#{ref.vault.key or var.name}"]
        value = getattr(ref, ref.kind)
        return [f"{ref.kind}:{value}"]
    return [s.label() for s in inventory.environments[env].stores]


def _variable_row(inventory: Inventory, var: Variable, env: str, results: list[CheckResult]) -> Row:
    found_in = next((r for r in results if r.found), None)
    unreadable = next((r for r in results if r.status == "unverified"), None)
    last = next((r.last_changed for r in results if r.last_changed), None)
    due = (last + timedelta(days=var.rotation_days)).date() if last and var.rotation_days else None
    statuses = [Status(r.status, r.detail) for r in results]
    label: str | None = None
    where: str | None = None
    found: bool | None = None
    if not results:
        places = _expected_places(inventory, var, env)
        stored = f"{NOT_CHECKED}; would be looked for in: {' or '.join(places) or 'no store'}"
        statuses = [Status(NOT_CHECKED)]
        kinds = list(dict.fromkeys(k for k in (store_kind(p) for p in places) if k))
        kind = " or ".join(kinds) or None
    elif found_in is not None:
        found, label = True, found_in.store
        where = found_in.where or found_in.store
        stored, kind = where or "-", store_kind(label)
    elif unreadable is not None:
        label, kind = unreadable.store, store_kind(unreadable.store)
        stored = "unknown: the store could not be read"
    else:
        found, kind, stored = False, None, NOT_FOUND
        # An optional variable no store holds: fine, and said as it is, never as `ok`.
        statuses = [Status(NOT_FOUND, s.reason) if s.name == "ok" else s for s in statuses]
    return Row(
        var.name,
        var.purpose,
        var.owner,
        var.holds_secret,
        stored,
        last,
        statuses,
        required=var.required_in(env),
        store=kind,
        store_label=label,
        where=where,
        found=found,
        identifier=var.identifier,
        rotation_days=var.rotation_days,
        rotation_due=due,
    )


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
            rows.append(_variable_row(inventory, var, env, by_key.get((env, var.name), [])))
        for (renv, name), results in sorted(by_key.items()):
            if renv == env and any(r.status == "undeclared" for r in results):
                first = results[0]
                rows.append(
                    Row(
                        name,
                        "",
                        "",
                        None,
                        first.where or first.store or "-",
                        first.last_changed,
                        [Status("undeclared", first.detail)],
                        store=store_kind(first.store),
                        store_label=first.store,
                        where=first.where,
                        found=True,
                        declared=False,
                    )
                )
        out[env] = rows
    return out


def _summary(rows: list[Row]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        for status in row.statuses:
            counts[status.name] = counts.get(status.name, 0) + 1
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
            "| variable | purpose | owner | secret | required | store | where stored | last changed | status "
            "| rotation due |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in env_rows:
            stored = f"`{row.stored}`" if row.where else row.stored
            lines.append(
                "| "
                + " | ".join(
                    (
                        _md(f"`{row.name}`"),
                        _md(row.purpose),
                        _md(row.owner),
                        _md(row.secret_text()),
                        _md(row.required_text()),
                        _md(row.store or "-"),
                        _md(stored),
                        _md(row.last_changed.strftime("%Y-%m-%d") if row.last_changed else "-"),
                        "<br>".join(
                            _md(f"**{s.name}**" + (f": {s.reason}" if s.reason else "")) for s in row.statuses
                        ),
                        _md(row.rotation_text(today)),
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
.s{display:inline-block;border-radius:.6rem;padding:0 .45rem;margin:.1rem;font-size:.8rem;background:#ddf4ff}
.s-ok{background:#dafbe1}.s-not_found,.s-not_checked{background:#eaeef2}.s-missing,.s-unverified,.s-reused_across_environments,.s-public_prefix{background:#ffebe9}
.s-undeclared,.s-stale,.s-weak,.s-placeholder,.s-empty,.s-invalid_format,.s-insecure_storage{background:#fff8c5}
.muted{color:#59636e}.why{font-size:.85rem;color:#59636e}
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
            "<th>required</th><th>store</th><th>where stored</th><th>last changed</th><th>status</th>"
            "<th>rotation due</th></tr></thead><tbody>"
        )
        for row in env_rows:
            badges = "<br>".join(
                f'<span class="s s-{esc(s.name.replace(" ", "_"))}">{esc(s.name)}</span>'
                + (f' <span class="why">{esc(s.reason)}</span>' if s.reason else "")
                for s in row.statuses
            )
            stored = f"<code>{esc(row.stored)}</code>" if row.where else esc(row.stored)
            parts.append(
                "<tr>"
                f"<td><code>{esc(row.name)}</code></td><td>{esc(row.purpose)}</td><td>{esc(row.owner)}</td>"
                f"<td>{esc(row.secret_text())}</td><td>{esc(row.required_text())}</td>"
                f"<td>{esc(row.store or '-')}</td><td>{stored}</td>"
                f"<td>{esc(row.last_changed.strftime('%Y-%m-%d')) if row.last_changed else '-'}</td>"
                f"<td>{badges}</td><td>{esc(row.rotation_text(today))}</td></tr>"
            )
        parts.append("</tbody></table>")
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
