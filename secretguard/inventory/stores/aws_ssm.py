"""AWS Systems Manager Parameter Store: one parameter per variable.

A path location (`/app/production/`) is read with `get_parameters_by_path` (decrypted, one level), which also
lists the parameters nobody declared; single parameters named in `storage:` are read with `get_parameters`,
10 names per call. Both return `Type` and `LastModifiedDate`, so no describe call is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores.aws import AwsClients, describe_error
from secretguard.inventory.stores.base import (
    Assess,
    LookupResult,
    Missing,
    Store,
    StoredValue,
    StoreError,
    StoreReading,
)

BATCH = 10  # get_parameters accepts at most 10 names


def _stored(name: str, param: dict[str, Any], assess: Assess) -> StoredValue:
    value = param.get("Value")
    modified = param.get("LastModifiedDate")
    if isinstance(modified, datetime):
        modified = modified.astimezone(UTC)
    facts = assess(name, value if isinstance(value, str) else "")
    return StoredValue(
        facts,
        str(param.get("Name")),
        modified if isinstance(modified, datetime) else None,
        str(param.get("Version")) if param.get("Version") is not None else None,
        str(param.get("Type")) if param.get("Type") else None,
    )


class SsmPathStore(Store):
    def __init__(self, conn: AwsConnection, path: str, clients: AwsClients, label: str) -> None:
        self.conn = conn
        self.path = path if path.endswith("/") else path + "/"
        self.clients = clients
        self.label = label

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        client = self.clients.client("ssm", self.conn)
        by_key: dict[str, dict[str, Any]] = {}
        try:
            paginator = client.get_paginator("get_parameters_by_path")
            for page in paginator.paginate(
                Path=self.path, Recursive=False, WithDecryption=True, PaginationConfig={"PageSize": 10}
            ):
                for param in page.get("Parameters", []):
                    name = str(param.get("Name", ""))
                    if name.startswith(self.path):
                        by_key[name[len(self.path) :]] = param
        except Exception as exc:  # noqa: BLE001 - every failure becomes a store error without its text
            raise StoreError(describe_error(exc, "SSM", f"parameters under {self.path}")) from None
        values: dict[str, LookupResult] = {}
        asked = set(keys.values())
        for name, key in keys.items():
            param = by_key.get(key)
            values[name] = _stored(name, param, assess) if param is not None else Missing(self.path + key)
        extra = {k: _stored(k, p, assess) for k, p in by_key.items() if k not in asked}
        for param in by_key.values():
            param.pop("Value", None)
        return StoreReading(self.label, values, extra)


class SsmParametersStore(Store):
    """Parameters named one by one (`storage: {production: {ssm: /shared/db/password}}`)."""

    def __init__(self, conn: AwsConnection, clients: AwsClients, label: str) -> None:
        self.conn = conn
        self.clients = clients
        self.label = label

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        client = self.clients.client("ssm", self.conn)
        wanted = sorted(set(keys.values()))
        found: dict[str, dict[str, Any]] = {}
        try:
            for start in range(0, len(wanted), BATCH):
                response = client.get_parameters(Names=wanted[start : start + BATCH], WithDecryption=True)
                for param in response.get("Parameters", []):
                    found[str(param.get("Name"))] = param
        except Exception as exc:  # noqa: BLE001
            raise StoreError(describe_error(exc, "SSM", f"{len(wanted)} parameter(s)")) from None
        values: dict[str, LookupResult] = {}
        for name, key in keys.items():
            param = found.get(key)
            values[name] = _stored(name, param, assess) if param is not None else Missing(key)
        for param in found.values():
            param.pop("Value", None)
        return StoreReading(self.label, values, None)
