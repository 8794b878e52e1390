"""Building the stores an environment needs from the inventory, and reading them all concurrently.

An environment's `stores:` are searched in order for each variable; a variable's `storage:` entry for that
environment replaces the search with one exact place. Places at the same location share one read (one Vault
secret, one SSM path, one JSON secret), so the number of API calls does not grow with the number of variables.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secretguard.inventory.model import (
    AwsConnection,
    DotenvLocation,
    EnvironLocation,
    Environment,
    Inventory,
    SecretsManagerLocation,
    SsmLocation,
    StorageRef,
    StoreSpec,
    Variable,
    VaultConnection,
    VaultLocation,
)
from secretguard.inventory.stores.aws import AwsClients
from secretguard.inventory.stores.aws_secrets_manager import SecretsManagerStore, SecretsManagerValuesStore
from secretguard.inventory.stores.aws_ssm import SsmParametersStore, SsmPathStore
from secretguard.inventory.stores.base import Assess, Store, StoreReading
from secretguard.inventory.stores.dotenv import DotenvStore
from secretguard.inventory.stores.environ import EnvironStore
from secretguard.inventory.stores.vault import VaultClients, VaultStore

__all__ = ["Clients", "StoreLayout", "environment_layout", "read_all"]

_VAULT_FIELDS = set(VaultConnection.model_fields)
_AWS_FIELDS = set(AwsConnection.model_fields)


@dataclass
class Clients:
    vault: VaultClients = field(default_factory=VaultClients)
    aws: AwsClients = field(default_factory=AwsClients)


@dataclass
class Fetch:
    store: Store
    keys: dict[str, str] = field(default_factory=dict)  # variable name -> key at the location
    listed: bool = False  # keys nobody asked for count as undeclared


@dataclass
class StoreLayout:
    """Where an environment's variables are read: the stores to fetch, and each variable's search order."""

    environment: str
    fetches: dict[str, Fetch] = field(default_factory=dict)  # by store label
    chain: dict[str, list[str]] = field(default_factory=dict)  # variable -> labels to search, in order
    ignore_undeclared: list[str] = field(default_factory=list)


def _merged(model: type[Any], fields: set[str], *layers: Any) -> Any:
    data: dict[str, Any] = {}
    for layer in layers:
        if layer is not None:
            data.update({k: v for k, v in layer.model_dump(exclude_unset=True).items() if k in fields})
    return model.model_validate(data)


def _vault_conn(inv: Inventory, env: Environment, loc: VaultLocation | None) -> VaultConnection:
    return _merged(VaultConnection, _VAULT_FIELDS, inv.connections.vault, env.vault, loc)  # type: ignore[no-any-return]


def _aws_conn(inv: Inventory, env: Environment, loc: AwsConnection | None) -> AwsConnection:
    return _merged(AwsConnection, _AWS_FIELDS, inv.connections.aws, env.aws, loc)  # type: ignore[no-any-return]


def _resolve(base_dir: Path, file: str) -> Path:
    path = Path(file)
    return path if path.is_absolute() else base_dir / path


def _env_store(inv: Inventory, env: Environment, spec: StoreSpec, base_dir: Path, clients: Clients) -> Store:
    loc = spec.location
    label = spec.label()
    if isinstance(loc, VaultLocation):
        return VaultStore(
            _vault_conn(inv, env, loc), loc.mount, loc.path, loc.kv_version, clients.vault, label
        )
    if isinstance(loc, SsmLocation):
        return SsmPathStore(_aws_conn(inv, env, loc), loc.path, clients.aws, label)
    if isinstance(loc, SecretsManagerLocation):
        return SecretsManagerStore(_aws_conn(inv, env, loc), loc.secret_id, clients.aws, label)
    if isinstance(loc, DotenvLocation):
        return DotenvStore(_resolve(base_dir, loc.file), loc.file, label)
    assert isinstance(loc, EnvironLocation)
    return EnvironStore(loc.prefix, label)


def _first(env: Environment, kind: type[Any]) -> Any:
    return next((s.location for s in env.stores if isinstance(s.location, kind)), None)


def _override(
    layout: StoreLayout,
    inv: Inventory,
    env: Environment,
    var: Variable,
    ref: StorageRef,
    base_dir: Path,
    clients: Clients,
) -> str:
    """Add the place named in `storage:` to the layout; returns its store label."""
    if ref.vault is not None:
        label = f"vault:{ref.vault.mount.strip('/')}/{ref.vault.path.strip('/')}"
        first_vault = _first(env, VaultLocation)
        if label not in layout.fetches:
            store = VaultStore(
                _vault_conn(inv, env, first_vault),
                ref.vault.mount,
                ref.vault.path,
                first_vault.kv_version if first_vault and first_vault.mount == ref.vault.mount else None,
                clients.vault,
                label,
                listed=False,
            )
            layout.fetches[label] = Fetch(store)
        layout.fetches[label].keys[var.name] = ref.vault.key or var.name
        return label
    if ref.ssm is not None:
        label = "ssm:parameters"
        if label not in layout.fetches:
            layout.fetches[label] = Fetch(
                SsmParametersStore(_aws_conn(inv, env, _first(env, SsmLocation)), clients.aws, label)
            )
        layout.fetches[label].keys[var.name] = ref.ssm
        return label
    if ref.secretsmanager is not None:
        label = "secretsmanager:secrets"
        if label not in layout.fetches:
            conn = _aws_conn(inv, env, _first(env, SecretsManagerLocation))
            layout.fetches[label] = Fetch(SecretsManagerValuesStore(conn, clients.aws, label))
        layout.fetches[label].keys[var.name] = ref.secretsmanager
        return label
    if ref.dotenv is not None:
        file, _, key = ref.dotenv.partition("#")
        label = f"dotenv:{file}"
        if label not in layout.fetches:
            layout.fetches[label] = Fetch(DotenvStore(_resolve(base_dir, file), file, label, listed=False))
        layout.fetches[label].keys[var.name] = key or var.name
        return label
    assert ref.environ is not None
    label = "environ"
    if label not in layout.fetches:
        layout.fetches[label] = Fetch(EnvironStore("", label))
    layout.fetches[label].keys[var.name] = ref.environ
    return label


def environment_layout(
    inv: Inventory, environment: str, base_dir: Path, clients: Clients, names: Iterable[str] | None = None
) -> StoreLayout:
    """What to read for one environment: its stores (asked for every checked variable) and overrides."""
    env = inv.environments[environment]
    layout = StoreLayout(environment, ignore_undeclared=list(env.ignore_undeclared))
    order: list[str] = []
    for spec in env.stores:
        label = spec.label()
        if label in layout.fetches:
            continue
        layout.fetches[label] = Fetch(_env_store(inv, env, spec, base_dir, clients), listed=True)
        order.append(label)
    wanted = set(names) if names is not None else None
    for var in inv.variables:
        if var.status != "active" or (wanted is not None and var.name not in wanted):
            continue
        ref = var.storage.get(environment)
        if ref is not None:
            layout.chain[var.name] = [_override(layout, inv, env, var, ref, base_dir, clients)]
            continue
        layout.chain[var.name] = list(order)
        for label in order:
            layout.fetches[label].keys[var.name] = var.name
    return layout


def read_all(
    layouts: Iterable[StoreLayout], assess: Assess, workers: int = 8
) -> dict[tuple[str, str], StoreReading]:
    """Read every store of every layout concurrently: {(environment, label): reading}."""
    jobs: list[tuple[str, str, Fetch]] = [
        (p.environment, label, f) for p in layouts for label, f in p.fetches.items()
    ]
    if not jobs:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        futures = {
            (env, label): pool.submit(fetch.store.fetch, dict(fetch.keys), assess)
            for env, label, fetch in jobs
        }
        return {key: future.result() for key, future in futures.items()}
