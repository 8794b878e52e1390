"""The current values of an environment's secret variables, for a caller that must search for them itself.

`scan bundle --inventory` looks for these values, inlined, in built files: a hash cannot be searched for, so
the values themselves are held, in this process's memory only, never written, printed or returned in an
error. The caller says which values are worth holding (`keep`); the rest are judged by their facts alone, as
every other store reading is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from secretguard.errors import InputError
from secretguard.inventory.model import load_inventory
from secretguard.inventory.stores import Clients, environment_layout, read_all
from secretguard.inventory.stores.base import ValueFacts, plain_facts


def current_secret_values(
    inventory_path: Path, environment: str, keep: Callable[[str], bool]
) -> tuple[dict[str, str], list[str]]:
    """({variable: value} for the active secret variables whose value `keep` accepts, read from the
    environment's stores while each store holds it; the stores that could not be read)."""
    inventory = load_inventory(inventory_path)
    if environment not in inventory.environments:
        known = ", ".join(inventory.environments) or "none"
        raise InputError(
            f"environment {environment!r} is not in the inventory {inventory_path} (known: {known})"
        )
    secret_names = {v.name for v in inventory.variables if v.secret and v.status == "active"}
    held: dict[str, str] = {}

    def hold(name: str, value: str) -> ValueFacts:
        if name in secret_names and keep(value):
            held.setdefault(name, value)
        return plain_facts(name, value)

    layout = environment_layout(inventory, environment, inventory_path.parent, Clients(), secret_names)
    readings = read_all([layout], hold)
    problems = [f"{label}: {reading.error}" for (_, label), reading in readings.items() if reading.error]
    return dict(sorted(held.items())), problems
