"""One `rotate` run: find where each target lives, open the journal, rotate the targets in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from secretguard.inventory.model import AwsConnection, Inventory
from secretguard.inventory.stores import Clients
from secretguard.rotate.journal import Journal
from secretguard.rotate.resolve import HeldAt, find_holders, place_for
from secretguard.rotate.runner import RotateSettings, RotationResult, Rotator
from secretguard.rotate.store_writes import AwsPlace, Place, PlaceError
from secretguard.rotate.targets import Target


def rotate_all(
    inventory: Inventory,
    base_dir: Path,
    targets: Sequence[Target],
    journal_path: Path,
    *,
    apply: bool,
    grace: timedelta,
    verify_wait: float,
    again: bool = False,
    restart: bool = False,
) -> list[RotationResult]:
    clients = Clients()
    holders: dict[str, dict[str, HeldAt]] = {}
    problems: dict[str, dict[str, str]] = {}
    for env in dict.fromkeys(t.environment for t in targets):
        names = sorted({n for t in targets if t.environment == env for n in t.variables})
        holders[env], problems[env] = find_holders(inventory, env, base_dir, names, clients)

    def place_of(target: Target) -> Place:
        missing = [n for n in target.variables if n not in holders[target.environment]]
        if missing:
            raise PlaceError(
                f"{', '.join(missing)} in {target.environment}: "
                + "; ".join(problems[target.environment].get(n, "not found") for n in missing)
            )
        place = place_for(holders[target.environment], target.variables, clients)
        if target.spec.previous:
            place.add_sibling(target.spec.previous, target.variable)
        return place

    def aws_of(target: Target) -> AwsConnection:
        place = place_of(target)
        if isinstance(place, AwsPlace):
            return place.conn
        env = inventory.environments[target.environment]
        merged: dict[str, object] = {}
        for layer in (inventory.connections.aws, env.aws):
            if layer is not None:
                merged.update(layer.model_dump(exclude_unset=True))
        return AwsConnection.model_validate(merged)

    settings = RotateSettings(apply=apply, grace=grace, verify_wait=verify_wait, again=again, restart=restart)
    journal = Journal(journal_path)
    if not apply and not journal_path.exists():
        rotator = Rotator(journal, clients, settings, place_of, aws_of)
        return [rotator.run(t) for t in targets]  # a dry run never creates the journal
    with journal.open():
        rotator = Rotator(journal, clients, settings, place_of, aws_of)
        if apply:
            rotator.survey(targets)
        return [rotator.run(t) for t in targets]
