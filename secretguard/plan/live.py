"""Which leaked values are still live: the inventory's stores, read now, compared by hash."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.model import load_inventory
from secretguard.inventory.stores import Clients, plan_environment, read_all
from secretguard.inventory.stores.base import StoredValue, plain_facts


def live_hashes(
    inventory_path: Path, environments: list[str] | None
) -> tuple[dict[str, list[tuple[str, str, str | None]]], list[str]]:
    """{value hash: [(variable, environment, owner)]} for every value the stores hold now, and the stores
    that could not be read (their variables' liveness stays unknown)."""
    inventory = load_inventory(inventory_path)
    wanted = environments or list(inventory.environments)
    owners = {v.name: v.owner for v in inventory.variables}
    plans = [plan_environment(inventory, env, inventory_path.parent, Clients()) for env in wanted]
    readings = read_all(plans, plain_facts)
    table: dict[str, list[tuple[str, str, str | None]]] = {}
    problems: list[str] = []
    for (env, label), reading in readings.items():
        if reading.error:
            problems.append(f"{env} {label}: {reading.error}")
            continue
        for name, outcome in reading.values.items():
            if isinstance(outcome, StoredValue) and not outcome.facts.empty:
                table.setdefault(outcome.facts.hash, []).append((name, env, owners.get(name)))
    return table, problems


def inventory_owners(inventory_path: Path) -> dict[str, str]:
    """{variable: owner} for the inventory's variables that name an owner."""
    return {v.name: v.owner for v in load_inventory(inventory_path).variables if v.owner}


def automations(inventory_path: Path) -> dict[str, str]:
    """{variable: what `secretguard rotate` does for it} for the variables it can rotate by itself (the
    secret half of an IAM key pair also covers its access key id)."""
    from secretguard.rotate.targets import rotation_of  # noqa: PLC0415

    inventory = load_inventory(inventory_path)
    out: dict[str, str] = {}
    for var in inventory.variables:
        spec, key_id = rotation_of(inventory, var)
        if spec.kind == "generate":
            out[var.name] = "secretguard rotate: generates and stores a new value"
        elif spec.kind == "aws-iam-access-key":
            text = "secretguard rotate: new IAM access key, stored, verified with STS, old key retired"
            out[var.name] = text
            if key_id:
                out[key_id] = text
    return out
