"""Which place holds a variable in an environment: the inventory's store chain, read now, first wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from secretguard.inventory.model import Inventory
from secretguard.inventory.stores import Clients, environment_layout, read_all
from secretguard.inventory.stores.aws_secrets_manager import SecretsManagerStore, SecretsManagerValuesStore
from secretguard.inventory.stores.aws_ssm import SsmParametersStore, SsmPathStore
from secretguard.inventory.stores.base import Store, StoredValue, plain_facts
from secretguard.inventory.stores.vault import VaultStore
from secretguard.rotate.store_writes import Place, PlaceError, SecretsManagerPlace, SsmPlace, VaultKv2Place


@dataclass(frozen=True, slots=True)
class HeldAt:
    """The store that holds a variable now, and its key there."""

    store: Store
    key: str  # the variable's key at that store


def find_holders(
    inventory: Inventory, environment: str, base_dir: Path, names: Sequence[str], clients: Clients
) -> tuple[dict[str, HeldAt], dict[str, str]]:
    """({variable: where it is held now}, {variable: why it was not found})."""
    layout = environment_layout(inventory, environment, base_dir, clients, names)
    readings = read_all([layout], plain_facts)
    holders: dict[str, HeldAt] = {}
    problems: dict[str, str] = {}
    for name in names:
        reasons: list[str] = []
        for label in layout.chain.get(name, []):
            reading = readings[(environment, label)]
            outcome = reading.values.get(name)
            if isinstance(outcome, StoredValue):
                holders[name] = HeldAt(layout.fetches[label].store, layout.fetches[label].keys[name])
                break
            if reading.error:
                reasons.append(f"{label}: {reading.error}")
        else:
            problems[name] = (
                "; ".join(reasons) if reasons else f"not held by any store of environment {environment}"
            )
    return holders, problems


def place_for(holders: dict[str, HeldAt], names: Sequence[str], clients: Clients) -> Place:
    """One place for variables that must be written together (an access key id and its secret)."""
    first = holders[names[0]].store
    if any(holders[n].store is not first for n in names[1:]):
        raise PlaceError(
            f"{' and '.join(names)} are held in different stores",
            hint="keep a key pair in one Vault secret, one Secrets Manager secret or one SSM path",
        )
    keys = {n: holders[n].key for n in names}
    if isinstance(first, VaultStore):
        return VaultKv2Place(first.conn, clients.vault, first.mount, first.path, keys, first.kv_version)
    if isinstance(first, SsmPathStore):
        return SsmPlace(first.conn, clients.aws, {n: first.path + k for n, k in keys.items()})
    if isinstance(first, SsmParametersStore):
        return SsmPlace(first.conn, clients.aws, keys)
    if isinstance(first, SecretsManagerStore):
        return SecretsManagerPlace(first.conn, clients.aws, first.secret_id, keys)
    if isinstance(first, SecretsManagerValuesStore):
        ids = {k.partition("#")[0] for k in keys.values()}
        if len(ids) != 1:
            raise PlaceError(f"{' and '.join(names)} are held in different Secrets Manager secrets")
        return SecretsManagerPlace(
            first.conn, clients.aws, ids.pop(), {n: k.partition("#")[2] for n, k in keys.items()}
        )
    raise PlaceError(
        f"{first.label} is not a secret store rotate can write (only Vault KV v2, SSM and Secrets Manager)",
        hint="rotate it by hand following the plan's steps",
    )
