"""AWS Secrets Manager: a JSON secret holding a key per variable (`secret_id`), or single secrets named in
`storage:` (`secret-id#json-key`, or the whole secret string without `#`).

The value is read at stage AWSCURRENT explicitly; the last change comes from `describe_secret`
(`LastRotatedDate` / `LastChangedDate`, the later of the two). Secrets named one by one are fetched with
`batch_get_secret_value` (20 per call) where the service offers it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from secretguard.inventory.model import AwsConnection
from secretguard.inventory.stores.aws import AwsClients, describe_error, error_code
from secretguard.inventory.stores.base import (
    Assess,
    LookupResult,
    Missing,
    Store,
    StoredValue,
    StoreError,
    StoreReading,
    Unverified,
)

BATCH = 20
_NOT_FOUND = frozenset({"ResourceNotFoundException"})


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _last_changed(description: Mapping[str, Any]) -> datetime | None:
    dates = [
        d.astimezone(UTC)
        for d in (description.get("LastRotatedDate"), description.get("LastChangedDate"))
        if isinstance(d, datetime)
    ]
    return max(dates) if dates else None


class SecretsManagerStore(Store):
    """One JSON secret, a key per variable."""

    def __init__(self, conn: AwsConnection, secret_id: str, clients: AwsClients, label: str) -> None:
        self.conn = conn
        self.secret_id = secret_id
        self.clients = clients
        self.label = label

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        client = self.clients.client("secretsmanager", self.conn)
        what = f"secret {self.secret_id}"
        try:
            response = client.get_secret_value(SecretId=self.secret_id, VersionStage="AWSCURRENT")
            description = client.describe_secret(SecretId=self.secret_id)
        except Exception as exc:  # noqa: BLE001
            if error_code(exc) in _NOT_FOUND:
                return StoreReading(
                    self.label,
                    {
                        n: Missing(f"{self.secret_id} (secret not found)", "the secret does not exist")
                        for n in keys
                    },
                    {},
                )
            raise StoreError(describe_error(exc, "Secrets Manager", what)) from None
        raw = response.get("SecretString")
        response.clear()
        if not isinstance(raw, str):
            raise StoreError(f"Secrets Manager {what} holds binary data, not a JSON object of variables")
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        del raw
        if not isinstance(data, dict):
            raise StoreError(f"Secrets Manager {what} is not a JSON object: it cannot hold variables by key")
        when = _last_changed(description)
        version = next(
            (
                v
                for v, stages in (description.get("VersionIdsToStages") or {}).items()
                if "AWSCURRENT" in stages
            ),
            None,
        )
        values: dict[str, LookupResult] = {}
        asked = set(keys.values())
        for name, key in keys.items():
            if key in data:
                values[name] = StoredValue(
                    assess(name, _as_text(data[key])), f"{self.secret_id}#{key}", when, version
                )
            else:
                values[name] = Missing(f"{self.secret_id}#{key}")
        extra = {
            k: StoredValue(assess(k, _as_text(v)), f"{self.secret_id}#{k}", when, version)
            for k, v in data.items()
            if k not in asked
        }
        data.clear()
        return StoreReading(self.label, values, extra)


class SecretsManagerValuesStore(Store):
    """Secrets named one by one: `secret-id#json-key` or a whole `secret-id`."""

    def __init__(self, conn: AwsConnection, clients: AwsClients, label: str) -> None:
        self.conn = conn
        self.clients = clients
        self.label = label

    def _fetch_strings(self, client: Any, ids: list[str]) -> tuple[dict[str, str | None], set[str]]:
        """SecretString by id (None: binary), and the ids that do not exist."""
        strings: dict[str, str | None] = {}
        missing: set[str] = set()
        batch = getattr(client, "batch_get_secret_value", None)
        if batch is not None:
            try:
                for start in range(0, len(ids), BATCH):
                    response = batch(SecretIdList=ids[start : start + BATCH])
                    for item in response.get("SecretValues", []):
                        for ident in (item.get("Name"), item.get("ARN")):
                            if ident in ids:
                                strings[ident] = item.get("SecretString")
                    for err in response.get("Errors", []):
                        if err.get("ErrorCode") in _NOT_FOUND:
                            missing.add(str(err.get("SecretId")))
                        elif err.get("SecretId") in ids:
                            raise StoreError(
                                f"Secrets Manager could not read secret {err.get('SecretId')} "
                                f"({err.get('ErrorCode')})"
                            )
                    response.clear()
                return strings, missing
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001
                if error_code(exc) not in ("UnknownOperationException", "InvalidAction", "NotImplemented"):
                    raise StoreError(
                        describe_error(exc, "Secrets Manager", f"{len(ids)} secret(s)")
                    ) from None
        for ident in ids:
            try:
                response = client.get_secret_value(SecretId=ident, VersionStage="AWSCURRENT")
            except Exception as exc:  # noqa: BLE001
                if error_code(exc) in _NOT_FOUND:
                    missing.add(ident)
                    continue
                raise StoreError(describe_error(exc, "Secrets Manager", f"secret {ident}")) from None
            strings[ident] = response.get("SecretString")
            response.clear()
        return strings, missing

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        client = self.clients.client("secretsmanager", self.conn)
        refs = {name: ref.partition("#")[::2] for name, ref in keys.items()}
        ids = sorted({ident for ident, _ in refs.values()})
        strings, missing = self._fetch_strings(client, ids)
        dates: dict[str, datetime | None] = {}
        for ident in ids:
            if ident in missing:
                continue
            try:
                dates[ident] = _last_changed(client.describe_secret(SecretId=ident))
            except Exception:  # noqa: BLE001 - metadata is a refinement
                dates[ident] = None
        values: dict[str, LookupResult] = {}
        parsed: dict[str, Any] = {}
        for name, (ident, key) in refs.items():
            where = f"{ident}#{key}" if key else ident
            if ident in missing or ident not in strings:
                values[name] = Missing(where, "the secret does not exist")
                continue
            raw = strings[ident]
            if raw is None:
                values[name] = Unverified(f"Secrets Manager secret {ident} holds binary data")
                continue
            if not key:
                values[name] = StoredValue(assess(name, raw), where, dates.get(ident))
                continue
            if ident not in parsed:
                try:
                    parsed[ident] = json.loads(raw)
                except ValueError:
                    parsed[ident] = None
            data = parsed[ident]
            if not isinstance(data, dict):
                values[name] = Unverified(f"Secrets Manager secret {ident} is not a JSON object")
            elif key in data:
                values[name] = StoredValue(assess(name, _as_text(data[key])), where, dates.get(ident))
            else:
                values[name] = Missing(where)
        strings.clear()
        parsed.clear()
        return StoreReading(self.label, values, None)
