"""What the handover document says about each variable: a row per variable and environment (variable,
purpose, owner, secret, required, store, where stored, last changed, status with its reason, rotation due).
secretguard/formats/handover.py lays the rows out in Markdown, self-contained HTML, or JSON.

"Where stored" is only ever the place a value was read from. A variable no store holds says `not found`
(with `missing` when it is required, `not found` as its status when it is optional: fine, but not stored);
one whose store could not be read says so; without reading the stores, the places it would be looked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
