"""`discover --write`: create the inventory, or merge a new discovery into it.

New variables are added with guesses (secret, required, public); variables discovery found before and no
longer finds are marked `status: vanished`; ones that come back are active again. Only `locations` and
`discovered` are machine-owned: purpose, owner, secret, public, required, format, rotation, provider and
storage are never overwritten, and variables a person added by hand (never discovered) are left alone.
Nothing is deleted: a variable the code no longer reads stays, marked, with everything a person wrote.
New variables go at the end of the list, in name order. `save_inventory` then edits the existing file in
place (see `roundtrip`), so what this keeps is kept byte for byte, comments included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.model import Discovered, Inventory, Variable


@dataclass
class MergeSummary:
    added: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    kept: int = 0

    def text(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.vanished)} vanished",
            f"{len(self.returned)} back",
            f"{self.kept} unchanged",
        ]
        return ", ".join(parts)


def merge(existing: Inventory | None, found: list[DiscoveredVariable]) -> tuple[Inventory, MergeSummary]:
    inventory = existing.model_copy(deep=True) if existing is not None else Inventory()
    summary = MergeSummary()
    by_name = {v.name: v for v in inventory.variables}
    new: list[Variable] = []
    for item in found:
        discovered = Discovered(
            optional=item.optional, secret=item.secret, sources=list(item.sources), default=item.default
        )
        var = by_name.get(item.name)
        if var is None:
            new.append(
                Variable(
                    name=item.name,
                    secret=item.secret,
                    public=item.public and not item.secret,
                    required=not item.optional,
                    locations=list(item.locations),
                    discovered=discovered,
                )
            )
            summary.added.append(item.name)
            continue
        if var.status == "vanished":
            var.status = "active"
            summary.returned.append(item.name)
        else:
            summary.kept += 1
        var.locations = list(item.locations)
        var.discovered = discovered
    names = {item.name for item in found}
    for var in inventory.variables:
        if var.name not in names and var.status == "active" and var.discovered is not None:
            var.status = "vanished"
            summary.vanished.append(var.name)
    inventory.variables.extend(sorted(new, key=lambda v: v.name))
    return inventory, summary
