"""Where a rotated value is written: Vault KV v2, SSM parameters, a Secrets Manager secret.

A place reads the current value's hash and version, writes a new value next to the old one (a new KV v2
version, a new parameter version, an `AWSPENDING` secret version) so the old stays available for rollback,
and hands back values only to the caller that verifies them. Values never reach a message or an exception.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from secretguard.errors import ExitCode, SecretGuardError
from secretguard.inventory.model import AwsConnection, VaultConnection
from secretguard.inventory.stores.aws import AwsClients
from secretguard.inventory.stores.aws import describe_error as describe_aws_error
from secretguard.inventory.stores.base import StoreError
from secretguard.inventory.stores.vault import VaultClients
from secretguard.inventory.stores.vault import describe_error as describe_vault_error
from secretguard.rotate.faults import fault_point
from secretguard.scan.finding import secret_hash


class PlaceError(SecretGuardError):
    """A place cannot be read or written; the message names it, never a value."""

    exit_code = ExitCode.INCOMPLETE


class ConflictError(PlaceError):
    """Someone else changed the value while the rotation was under way."""


@dataclass(frozen=True, slots=True)
class Current:
    version: str | None  # the place's version now (KV version, SM version id, SSM versions as JSON)
    hashes: dict[str, str | None]  # variable -> hash of its value now (None: not there)


# variable -> the hashes it may hold before a write: the old value's, and the rotation's own earlier writes
Allowed = Mapping[str, Collection[str | None]]


def _hashes(values: Mapping[str, str | None]) -> dict[str, str | None]:
    return {name: (secret_hash(v) if v is not None else None) for name, v in values.items()}


class Place(ABC):
    """Some variables at one location; `keys` maps each variable to its key (or name) there."""

    staged = False  # True when a write lands as a pending version that `promote` makes current

    def __init__(self, label: str, keys: Mapping[str, str]) -> None:
        self.label = label
        self.keys = dict(keys)

    @abstractmethod
    def where(self, variable: str) -> str: ...

    @abstractmethod
    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        """(version, {variable: value or None}) now, or at `version`. Values stay with the caller."""

    @abstractmethod
    def write(
        self, values: Mapping[str, str], allowed: Allowed, token: str, copies: Mapping[str, str] | None = None
    ) -> str:
        """Write the new values (other keys at the location kept), and for each `copies` entry
        {destination: source} the source's value from just before this write (the previous key of a dual-key
        overlap); returns the version written. Raises ConflictError when a variable holds a value outside
        `allowed` (someone else changed it)."""

    def show_version(self, version: str | None) -> str:
        return str(version)

    def add_sibling(self, variable: str, like: str) -> None:
        """Give `variable` a key next to `like`'s (where a dual-key overlap keeps the previous value)."""
        self.keys[variable] = variable

    def current(self) -> Current:
        version, values = self.read()
        return Current(version, _hashes(values))

    def at(self, version: str) -> Current:
        version_read, values = self.read(version)
        return Current(version_read, _hashes(values))

    def written(self, token: str) -> str | None:
        """The version a write with this token made, when it landed (staged places only)."""
        return None

    def promote(self, version: str) -> None:  # noqa: B027 - only staged places have something to do
        """Make a staged version current (staged places only)."""

    def _check(self, now: Mapping[str, str | None], allowed: Allowed) -> None:
        hashes = _hashes({n: now.get(n) for n in self.keys})
        changed = [n for n in self.keys if n in allowed and hashes[n] not in allowed[n]]
        if changed:
            raise ConflictError(
                f"{', '.join(self.where(n) for n in changed)} changed since the rotation began",
                hint="someone else rotated or edited it: check the store, then run again with --restart",
            )


# --- Vault / OpenBao KV v2 ----------------------------------------------------------------------------


class VaultKv2Place(Place):
    def __init__(
        self,
        conn: VaultConnection,
        clients: VaultClients,
        mount: str,
        path: str,
        keys: Mapping[str, str],
        kv_version: int | None = None,  # as the inventory says; else asked from the server
    ) -> None:
        super().__init__(f"vault:{mount}/{path}", keys)
        self.conn, self.clients, self.mount, self.path = conn, clients, mount, path
        self.kv_version = kv_version

    def where(self, variable: str) -> str:
        return f"vault:{self.mount}/{self.path}#{self.keys[variable]}"

    @contextmanager
    def _calling(self, what: str) -> Iterator[Any]:
        addr = self.clients.settings(self.conn)[0]
        try:
            client = self.clients.client(self.conn)
            version = self.kv_version or self.clients.kv_version(
                client, self.conn, self.mount, f"{self.mount}/{self.path}"
            )
            if version != 2:
                raise PlaceError(
                    f"vault:{self.mount}/ is KV version 1, which keeps no old version to roll back to",
                    hint="rotate it by hand, or move the secret to a KV v2 mount",
                )
            yield client
        except StoreError as exc:
            raise PlaceError(exc.reason) from None
        except PlaceError:
            raise
        except Exception as exc:  # noqa: BLE001 - hvac/requests errors may quote bodies: described, not shown
            import hvac.exceptions as hx  # noqa: PLC0415

            if isinstance(exc, hx.InvalidRequest) and "check-and-set" in str(exc):
                raise ConflictError(
                    f"{self.label} was written by someone else during the rotation",
                    hint="check the secret's versions, then run again",
                ) from None
            raise PlaceError(describe_vault_error(exc, addr, f"{what} {self.mount}/{self.path}")) from None

    def _read_raw(self, client: Any, version: str | None) -> tuple[str | None, dict[str, Any]]:
        import hvac.exceptions as hx  # noqa: PLC0415

        try:
            response = client.secrets.kv.v2.read_secret_version(
                path=self.path,
                mount_point=self.mount,
                version=int(version) if version else None,
                raise_on_deleted_version=True,
            )
        except hx.InvalidPath:
            return None, {}
        data = response.get("data") or {}
        return str((data.get("metadata") or {}).get("version")), dict(data.get("data") or {})

    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        with self._calling("reading") as client:
            found, data = self._read_raw(client, version)
        return found, {n: _text(data.get(k)) for n, k in self.keys.items()}

    def write(
        self, values: Mapping[str, str], allowed: Allowed, token: str, copies: Mapping[str, str] | None = None
    ) -> str:
        with self._calling("writing") as client:
            version, data = self._read_raw(client, None)
            now = {n: _text(data.get(k)) for n, k in self.keys.items()}
            self._check(now, allowed)
            data.update({self.keys[n]: v for n, v in _with_copies(values, now, copies).items()})
            response = client.secrets.kv.v2.create_or_update_secret(
                path=self.path, secret=data, cas=int(version) if version else 0, mount_point=self.mount
            )
            data.clear()
        return str(((response or {}).get("data") or {}).get("version"))


# --- AWS ----------------------------------------------------------------------------------------------------


class AwsPlace(Place):
    service = ""

    def __init__(self, conn: AwsConnection, clients: AwsClients, label: str, keys: Mapping[str, str]) -> None:
        super().__init__(label, keys)
        self.conn, self.clients = conn, clients

    def _call(self, what: str, call: Callable[[Any], Any]) -> Any:
        try:
            client = self.clients.client(self.service, self.conn)
            return call(client)
        except StoreError as exc:
            raise PlaceError(exc.reason) from None
        except PlaceError:
            raise
        except Exception as exc:  # noqa: BLE001 - described by code and status only
            raise PlaceError(describe_aws_error(exc, self.service, what)) from None


class SsmPlace(AwsPlace):
    """One SecureString parameter per variable; `keys` maps each variable to its parameter name."""

    service = "ssm"

    def __init__(self, conn: AwsConnection, clients: AwsClients, keys: Mapping[str, str]) -> None:
        super().__init__(conn, clients, "ssm:" + ",".join(sorted(keys.values())), keys)

    def where(self, variable: str) -> str:
        return f"ssm:{self.keys[variable]}"

    def add_sibling(self, variable: str, like: str) -> None:
        self.keys[variable] = self.keys[like].rsplit("/", 1)[0] + "/" + variable

    def show_version(self, version: str | None) -> str:
        versions = json.loads(version) if version else {}
        return ", ".join(str(v) for _, v in sorted(versions.items())) or "none"

    def _get(self, client: Any, name: str) -> tuple[int | None, str | None]:
        try:
            found = client.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        except client.exceptions.ParameterNotFound:
            return None, None
        except client.exceptions.ParameterVersionNotFound:
            return None, None
        return int(found["Version"]), str(found["Value"])

    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        wanted = json.loads(version) if version else {}

        def run(client: Any) -> tuple[str | None, dict[str, str | None]]:
            versions: dict[str, int | None] = {}
            values: dict[str, str | None] = {}
            for variable, name in self.keys.items():
                asked = f"{name}:{wanted[name]}" if wanted.get(name) else name
                versions[name], values[variable] = self._get(client, asked)
            return json.dumps(versions, sort_keys=True), values

        result: tuple[str | None, dict[str, str | None]] = self._call("reading parameters", run)
        return result

    def write(
        self, values: Mapping[str, str], allowed: Allowed, token: str, copies: Mapping[str, str] | None = None
    ) -> str:
        def run(client: Any) -> str:
            before, now = self.read()
            self._check(now, allowed)
            versions: dict[str, int | None] = json.loads(before or "{}")  # what is not written keeps its own
            for variable, value in _with_copies(values, now, copies).items():
                name = self.keys[variable]
                described = client.describe_parameters(
                    ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]
                ).get("Parameters", [])
                extra: dict[str, Any] = {}
                if described and described[0].get("KeyId"):
                    extra["KeyId"] = described[0]["KeyId"]  # keep the parameter's own KMS key
                if described and described[0].get("Tier"):
                    extra["Tier"] = described[0]["Tier"]
                response = client.put_parameter(
                    Name=name, Value=value, Type="SecureString", Overwrite=True, **extra
                )
                versions[name] = int(response["Version"])
                fault_point("store:partial")  # a pair half-written: one parameter new, the other old
            return json.dumps(versions, sort_keys=True)

        result: str = self._call("writing parameters", run)
        return result


class SecretsManagerPlace(AwsPlace):
    """One secret; each variable is a key of its JSON object (or, with key "", the whole string).

    New values are written as an `AWSPENDING` version with our request token, verified, then promoted to
    `AWSCURRENT` (the old version becomes `AWSPREVIOUS`), the way AWS's own rotation does it.
    """

    service = "secretsmanager"
    staged = True

    def __init__(
        self, conn: AwsConnection, clients: AwsClients, secret_id: str, keys: Mapping[str, str]
    ) -> None:
        super().__init__(conn, clients, f"secretsmanager:{secret_id}", keys)
        self.secret_id = secret_id

    def where(self, variable: str) -> str:
        key = self.keys[variable]
        return f"secretsmanager:{self.secret_id}" + (f"#{key}" if key else "")

    def add_sibling(self, variable: str, like: str) -> None:
        if not self.keys[like]:
            raise PlaceError(
                f"{self.where(like)} is a whole-string secret: there is no key for the previous value",
                hint="store the value as a key of a JSON secret to keep a previous key for overlap",
            )
        self.keys[variable] = variable

    def _stages(self, client: Any) -> dict[str, list[str]]:
        described = client.describe_secret(SecretId=self.secret_id)
        return {k: list(v) for k, v in (described.get("VersionIdsToStages") or {}).items()}

    def _values(self, text: str | None) -> dict[str, str | None]:
        if text is None:
            return dict.fromkeys(self.keys)
        if all(key == "" for key in self.keys.values()):
            return dict.fromkeys(self.keys, text)
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise PlaceError(f"{self.label} does not hold a JSON object") from None
        if not isinstance(data, dict):
            raise PlaceError(f"{self.label} does not hold a JSON object")
        return {n: _text(data.get(k)) if k else text for n, k in self.keys.items()}

    def _read_version(self, client: Any, version: str | None) -> tuple[str | None, str | None]:
        stage: dict[str, str] = {"VersionId": version} if version else {"VersionStage": "AWSCURRENT"}
        try:
            response = client.get_secret_value(SecretId=self.secret_id, **stage)
        except client.exceptions.ResourceNotFoundException:
            return None, None
        return str(response["VersionId"]), response.get("SecretString")

    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        def run(client: Any) -> tuple[str | None, dict[str, str | None]]:
            found, text = self._read_version(client, version)
            return found, self._values(text)

        result: tuple[str | None, dict[str, str | None]] = self._call(f"reading {self.secret_id}", run)
        return result

    def write(
        self, values: Mapping[str, str], allowed: Allowed, token: str, copies: Mapping[str, str] | None = None
    ) -> str:
        def run(client: Any) -> str:
            _, text = self._read_version(client, None)
            now = self._values(text)
            self._check(now, allowed)
            if all(key == "" for key in self.keys.values()):
                new_text = next(iter(values.values()))
            else:
                data = json.loads(text) if text else {}
                data.update({self.keys[n]: v for n, v in _with_copies(values, now, copies).items()})
                new_text = json.dumps(data)
                data.clear()
            client.put_secret_value(
                SecretId=self.secret_id,
                ClientRequestToken=token,
                SecretString=new_text,
                VersionStages=["AWSPENDING"],
            )
            return token

        result: str = self._call(f"writing {self.secret_id}", run)
        return result

    def written(self, token: str) -> str | None:
        stages: dict[str, list[str]] = self._call(f"describing {self.secret_id}", self._stages)
        return token if token in stages else None

    def promote(self, version: str) -> None:
        def run(client: Any) -> None:
            stages = self._stages(client)
            if "AWSCURRENT" not in stages.get(version, []):
                old = next((v for v, s in stages.items() if "AWSCURRENT" in s), None)
                client.update_secret_version_stage(
                    SecretId=self.secret_id,
                    VersionStage="AWSCURRENT",
                    MoveToVersionId=version,
                    **({"RemoveFromVersionId": old} if old else {}),
                )
            if "AWSPENDING" in stages.get(version, []):
                client.update_secret_version_stage(
                    SecretId=self.secret_id, VersionStage="AWSPENDING", RemoveFromVersionId=version
                )

        self._call(f"promoting the new version of {self.secret_id}", run)


def _with_copies(
    values: Mapping[str, str], now: Mapping[str, str | None], copies: Mapping[str, str] | None
) -> dict[str, str]:
    out = dict(values)
    for destination, source in (copies or {}).items():
        value = now.get(source)
        if value is not None:
            out[destination] = value
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
