"""Where a rotated value is written: Vault KV v2, SSM parameters, a Secrets Manager secret.

A place reads the current value's hash and version, writes a new value next to the old one (a new KV v2
version, a new parameter version, an `AWSPENDING` secret version) so the old stays available for rollback,
and hands back values only to the caller that verifies them. Values never reach a message or an exception.

Two runs must never both rotate one credential, even from two copies of the inventory (two journals, so no
lock file can tell). Immediately before writing, a place re-reads the store and requires the value (by hash)
and the version the rotation planned from, and each store's own guard closes the rest of the window:

- Vault KV v2: the write is a check-and-set on the planned version (`cas`).
- SSM, which has no check-and-set: the rotation labels the planned versions with a claim
  (`secretguard-rotation-<id>`) for as long as it runs and stops on anyone else's; each parameter's version is
  re-read right before `PutParameter`, and the version written must be the next one (else someone wrote in
  between: this run's write is rolled back), and is read again after.
- Secrets Manager: another rotation's `AWSPENDING` version stops the run; promotion moves `AWSCURRENT` only
  off the planned version (a check-and-set), so of two pending versions one at most becomes current.
"""

from __future__ import annotations

import json
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
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

CLAIM_PREFIX = "secretguard-rotation-"  # SSM label marking the versions a rotation started from
CLAIM_ATTEMPTS = 8  # two runs that claimed at the same instant both back off, then retry at random


class PlaceError(SecretGuardError):
    """A place cannot be read or written; the message names it, never a value."""

    exit_code = ExitCode.INCOMPLETE


class ConflictError(PlaceError):
    """Someone else changed the value, or is rotating it, while this rotation was under way."""


def conflict(what: str, hint: str | None = None) -> ConflictError:
    return ConflictError(
        f"conflict: {what}",
        hint=hint or "check the store; if what it holds now still needs rotating, run again with --restart",
    )


@dataclass(frozen=True, slots=True)
class Current:
    version: str | None  # the place's version now (KV version, SM version id, SSM versions as JSON)
    hashes: dict[str, str | None]  # variable -> hash of its value now (None: not there)


@dataclass(frozen=True, slots=True)
class Expected:
    """What a rotation requires of a place before it writes: the state it planned from."""

    version: str | None  # the place's version when the rotation began
    hashes: Mapping[str, str | None]  # variable -> hash of its value then (the value running apps use)
    own: Mapping[str, Collection[str]] = field(default_factory=dict)  # the rotation's own earlier values
    rotation: str = ""  # the rotation's id (its claim)
    tokens: Collection[str] = ()  # the rotation's write tokens (Secrets Manager version ids)

    def allows(self, variable: str, value_hash: str | None) -> bool:
        return value_hash == self.hashes.get(variable) or value_hash in self.own.get(variable, ())


@dataclass(frozen=True, slots=True)
class Write:
    """One value a rotation wrote: which variable, where, which version."""

    variable: str
    where: str
    version: str
    previous: bool = False  # the value from before the rotation, kept for a dual-key overlap
    stage: str | None = None  # Secrets Manager: the staging label the version was written with

    def to_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "store": self.where,
            "version": self.version,
            "stage": self.stage,
            "previous": self.previous,
        }

    def describe(self) -> str:
        version = f"version {self.version}" + (f", {self.stage}" if self.stage else "")
        text = f"wrote {self.variable} to {self.where} ({version})"
        return text + (": the value in use until now, kept for the overlap" if self.previous else "")


@dataclass(frozen=True, slots=True)
class Written:
    version: str  # the place's version after the write (what the journal records)
    writes: tuple[Write, ...]


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
    def check(self, expected: Expected, copies: Mapping[str, str] | None = None) -> None:
        """Raise ConflictError unless the place is still as the rotation planned (or holds its own values)."""

    @abstractmethod
    def write(
        self,
        values: Mapping[str, str],
        expected: Expected,
        token: str,
        copies: Mapping[str, str] | None = None,
    ) -> Written:
        """Write the new values (other keys at the location kept), and for each `copies` entry
        {destination: source} the source's value at the planned version (the previous key of a dual-key
        overlap). Raises ConflictError, writing nothing (or undoing what it wrote), unless the place still
        holds what the rotation planned from."""

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

    def claim(self, expected: Expected) -> None:  # noqa: B027 - only places without check-and-set claim
        """Mark the place as being rotated by this rotation; ConflictError when another rotation is."""

    def release(self, expected: Expected) -> None:  # noqa: B027 - see claim
        """Withdraw this rotation's claim (and a staged version it left pending)."""

    def promote(self, version: str, expected: Expected) -> None:  # noqa: B027 - staged places only
        """Make a staged version current (staged places only)."""

    def named(self, variables: Collection[str]) -> str:
        return ", ".join(f"{n} ({self.where(n)})" for n in variables)

    def _under_way(self, expected: Expected, sign: str, remedy: str) -> ConflictError:
        """Another rotation holds these variables (`sign` shows it); `remedy` clears a stale claim."""
        return conflict(
            f"{self.named(expected.hashes)}: another rotation is under way ({sign}); this run wrote nothing",
            hint=f"let it finish; if no other `secretguard rotate` is running, {remedy}",
        )

    def _written_by_others(self, variables: Collection[str], at: str, planned: str) -> ConflictError:
        """The store moved past the version the rotation planned from."""
        return conflict(
            f"{self.named(variables)} is at {at}, not at {planned} the rotation planned from "
            "(someone else wrote it)"
        )

    def _check(self, now: Mapping[str, str | None], expected: Expected) -> dict[str, str | None]:
        hashes = _hashes({n: now.get(n) for n in self.keys})
        changed = [n for n in self.keys if n in expected.hashes and not expected.allows(n, hashes[n])]
        if changed:
            raise conflict(f"{self.named(changed)} changed since the rotation began")
        return hashes


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
        found = (data.get("metadata") or {}).get("version")
        return (str(found) if found is not None else None), dict(data.get("data") or {})

    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        with self._calling("reading") as client:
            found, data = self._read_raw(client, version)
        return found, {n: _text(data.get(k)) for n, k in self.keys.items()}

    def _state(self, client: Any, expected: Expected) -> tuple[dict[str, Any], dict[str, str | None]]:
        version, data = self._read_raw(client, None)
        now = {n: _text(data.get(k)) for n, k in self.keys.items()}
        self._check(now, expected)
        if version != expected.version:
            raise conflict(
                f"{self.named(expected.hashes)}: the secret is at version {version}, not at version "
                f"{expected.version} the rotation planned from (someone else wrote it)"
            )
        return data, now

    def check(self, expected: Expected, copies: Mapping[str, str] | None = None) -> None:
        with self._calling("reading") as client:
            data, _ = self._state(client, expected)
            data.clear()

    def write(
        self,
        values: Mapping[str, str],
        expected: Expected,
        token: str,
        copies: Mapping[str, str] | None = None,
    ) -> Written:
        import hvac.exceptions as hx  # noqa: PLC0415

        with self._calling("writing") as client:
            data, now = self._state(client, expected)  # at the planned version: copies are its values
            new = _with_copies(values, now, copies)
            data.update({self.keys[n]: v for n, v in new.items()})
            fault_point("store:checked")
            try:
                response = client.secrets.kv.v2.create_or_update_secret(
                    path=self.path,
                    secret=data,
                    cas=int(expected.version) if expected.version else 0,
                    mount_point=self.mount,
                )
            except hx.InvalidRequest as exc:
                if "check-and-set" not in str(exc):
                    raise
                raise conflict(
                    f"{self.named(expected.hashes)}: the secret was written by someone else after version "
                    f"{expected.version}, the version the rotation planned from (check-and-set refused the "
                    "write; nothing was written)"
                ) from None
            finally:
                data.clear()
                new.clear()
        version = str(((response or {}).get("data") or {}).get("version"))
        return Written(version, _writes(self, values, copies, version))


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
    """One parameter per variable; `keys` maps each variable to its parameter name. A rewritten parameter
    keeps its type, KMS key and tier (and description, allowed pattern and data type)."""

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

    def _version(self, client: Any, name: str) -> int | None:
        try:
            return int(client.get_parameter(Name=name, WithDecryption=False)["Parameter"]["Version"])
        except client.exceptions.ParameterNotFound:
            return None

    def _read(
        self, client: Any, wanted: Mapping[str, int | None]
    ) -> tuple[dict[str, int | None], dict[str, str | None]]:
        versions: dict[str, int | None] = {}
        values: dict[str, str | None] = {}
        for variable, name in self.keys.items():
            asked = f"{name}:{wanted[name]}" if wanted.get(name) else name
            versions[name], values[variable] = self._get(client, asked)
        return versions, values

    def read(self, version: str | None = None) -> tuple[str | None, dict[str, str | None]]:
        wanted = json.loads(version) if version else {}

        def run(client: Any) -> tuple[str | None, dict[str, str | None]]:
            versions, values = self._read(client, wanted)
            return json.dumps(versions, sort_keys=True), values

        result: tuple[str | None, dict[str, str | None]] = self._call("reading parameters", run)
        return result

    # --- claims: labels on the versions a rotation started from --------------------------------------------

    def _labels(self, client: Any, name: str) -> list[tuple[int, list[str]]]:
        out: list[tuple[int, list[str]]] = []
        token: str | None = None
        while True:
            try:
                page = client.get_parameter_history(
                    Name=name, WithDecryption=False, MaxResults=50, **({"NextToken": token} if token else {})
                )
            except client.exceptions.ParameterNotFound:
                return out
            out += [(int(p["Version"]), list(p.get("Labels") or [])) for p in page.get("Parameters", [])]
            token = page.get("NextToken")
            if not token:
                return out

    def _foreign_claims(self, client: Any, mine: str) -> list[tuple[str, int, str]]:
        return [
            (name, version, label)
            for name in sorted(set(self.keys.values()))
            for version, labels in self._labels(client, name)
            for label in labels
            if label.startswith(CLAIM_PREFIX) and label != mine
        ]

    def _unlabel(self, client: Any, label: str) -> None:
        for name in sorted(set(self.keys.values())):
            for version, labels in self._labels(client, name):
                if label in labels:
                    client.unlabel_parameter_version(Name=name, ParameterVersion=version, Labels=[label])

    def _claimed_by_others(self, foreign: list[tuple[str, int, str]], expected: Expected) -> ConflictError:
        name, version, label = foreign[0]
        return self._under_way(
            expected,
            f"label {label} on {name} version {version}",
            "(one died and its journal is lost) remove its claim: aws ssm unlabel-parameter-version --name "
            f"{name} --parameter-version {version} --labels {label}",
        )

    def claim(self, expected: Expected) -> None:
        mine = CLAIM_PREFIX + expected.rotation
        planned: dict[str, int | None] = json.loads(expected.version or "{}")

        def run(client: Any) -> None:
            foreign: list[tuple[str, int, str]] = []
            for attempt in range(CLAIM_ATTEMPTS):
                for name, version in sorted(planned.items()):
                    if version is not None and name in self.keys.values():
                        client.label_parameter_version(Name=name, ParameterVersion=version, Labels=[mine])
                fault_point("claim:after")
                foreign = self._foreign_claims(client, mine)
                if not foreign:
                    return
                # Another rotation claimed too. Both may see each other: both step back and try again after a
                # random pause, until one finds the other gone (or its write done: the version check sees it).
                self._unlabel(client, mine)
                if attempt + 1 < CLAIM_ATTEMPTS:
                    time.sleep(random.uniform(0.05, 0.4))  # a back-off, not a secret
            raise self._claimed_by_others(foreign, expected)

        self._call("labelling parameters", run)

    def release(self, expected: Expected) -> None:
        self._call("removing labels", lambda client: self._unlabel(client, CLAIM_PREFIX + expected.rotation))

    # --- check and write ------------------------------------------------------------------------------------

    def _state(
        self, client: Any, expected: Expected, copies: Mapping[str, str] | None
    ) -> tuple[dict[str, int | None], dict[str, str | None]]:
        foreign = self._foreign_claims(client, CLAIM_PREFIX + expected.rotation)
        if foreign:
            raise self._claimed_by_others(foreign, expected)
        versions, now = self._read(client, {})
        hashes = self._check(now, expected)
        planned: dict[str, int | None] = json.loads(expected.version or "{}")
        for variable, name in self.keys.items():
            if versions[name] == planned.get(name):
                continue
            if variable in expected.hashes and hashes[variable] in expected.own.get(variable, ()):
                continue  # a pair half-written by this rotation's run that died
            source = (copies or {}).get(variable)
            if source is not None and hashes[variable] == expected.hashes.get(source):
                continue  # the previous value, written by this rotation's run that died
            raise self._written_by_others(
                [variable], f"version {versions[name]}", f"version {planned.get(name)}"
            )
        return versions, now

    def check(self, expected: Expected, copies: Mapping[str, str] | None = None) -> None:
        def run(client: Any) -> None:
            _, now = self._state(client, expected, copies)
            now.clear()

        self._call("reading parameters", run)

    def _describe(self, client: Any, name: str) -> dict[str, Any] | None:
        found = client.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]
        ).get("Parameters", [])
        return dict(found[0]) if found else None

    @staticmethod
    def _kept(meta: dict[str, Any] | None, like: dict[str, Any] | None) -> dict[str, Any]:
        """PutParameter arguments that keep the parameter as it is: its type, KMS key and tier (and
        description, allowed pattern, data type); a new parameter is made like `like`."""
        source = meta or like or {}
        kind = str(source.get("Type") or "SecureString")
        args: dict[str, Any] = {"Type": kind}
        if kind == "SecureString" and source.get("KeyId"):
            args["KeyId"] = source["KeyId"]
        if source.get("Tier"):
            args["Tier"] = source["Tier"]
        for key in ("Description", "AllowedPattern", "DataType"):
            if meta is not None and meta.get(key):
                args[key] = meta[key]
        return args

    def _planned_value(
        self,
        client: Any,
        variable: str,
        versions: Mapping[str, int | None],
        now: Mapping[str, str | None],
        expected: Expected,
    ) -> str:
        """The variable's value at the version the rotation planned from, checked by hash."""
        name = self.keys[variable]
        planned = json.loads(expected.version or "{}").get(name)
        value = (
            now.get(variable) if versions.get(name) == planned else self._get(client, f"{name}:{planned}")[1]
        )
        if value is None or secret_hash(value) != expected.hashes.get(variable):
            raise conflict(f"{self.named([variable])} no longer has the version the rotation planned from")
        return value

    def _undo(
        self, client: Any, done: list[tuple[str, int]], kept: Mapping[str, dict[str, Any]]
    ) -> list[str]:
        """Put back what each parameter held just before this run wrote it, unless written since."""
        notes: list[str] = []
        for name, version in reversed(done):
            try:
                now = self._version(client, name)
                if now != version:
                    notes.append(f"{name} left at version {now}, written after this run's version {version}")
                elif version == 1:
                    client.delete_parameter(Name=name)
                    notes.append(f"{name} deleted (this run had created it)")
                else:
                    _, value = self._get(client, f"{name}:{version - 1}")
                    if value is None:
                        raise PlaceError(f"ssm:{name} version {version - 1} is gone")
                    response = client.put_parameter(Name=name, Value=value, Overwrite=True, **kept[name])
                    notes.append(f"{name} version {response['Version']} restores version {version - 1}")
            except Exception:  # noqa: BLE001 - the conflict is what to report; this says what is left to do
                notes.append(f"{name}: could not roll back version {version}, check it by hand")
        return notes

    def write(
        self,
        values: Mapping[str, str],
        expected: Expected,
        token: str,
        copies: Mapping[str, str] | None = None,
    ) -> Written:
        def run(client: Any) -> Written:
            versions, now = self._state(client, expected, copies)
            order = [
                (dest, self._planned_value(client, source, versions, now, expected))
                for dest, source in (copies or {}).items()
            ]  # the previous value first: apps verifying with both keys never miss the one in use
            order += list(values.items())
            now.clear()
            described: dict[str, dict[str, Any] | None] = {}
            for name in self.keys.values():
                described[name] = self._describe(client, name)
            kept = {
                self.keys[v]: self._kept(
                    described[self.keys[v]], described[self.keys[(copies or {}).get(v, v)]]
                )
                for v, _ in order
            }
            done: list[tuple[str, int]] = []
            writes: list[Write] = []
            for index, (variable, value) in enumerate(order):
                name = self.keys[variable]
                before = self._version(client, name)  # re-read immediately before the write
                if before != versions[name]:
                    notes = self._undo(client, done, kept)
                    raise conflict(
                        f"{self.named([variable])} was written by someone else during the rotation "
                        f"(version {versions[name]}, now {before})" + _rolled_back(notes)
                    )
                if index == 0:
                    fault_point("store:checked")
                response = client.put_parameter(Name=name, Value=value, Overwrite=True, **kept[name])
                version = int(response["Version"])
                done.append((name, version))
                if version != (before or 0) + 1:  # someone wrote between the re-read and the write
                    notes = self._undo(client, done, kept)
                    raise conflict(
                        f"{self.named([variable])} was written by someone else just before this run's write "
                        f"(version {before}, this run's write became {version})" + _rolled_back(notes)
                    )
                versions[name] = version
                writes.append(Write(variable, self.where(variable), str(version), variable in (copies or {})))
                fault_point("store:partial")  # a pair half-written: one parameter new, the other old
            order.clear()
            for name, version in done:  # the verification read: nobody wrote after us either
                after = self._version(client, name)
                if after != version:
                    raise conflict(
                        f"ssm:{name} was written by someone else right after this run's write (version "
                        f"{version}, now {after}); left as it is"
                    )
            return Written(json.dumps(versions, sort_keys=True), tuple(writes))

        result: Written = self._call("writing parameters", run)
        return result


class SecretsManagerPlace(AwsPlace):
    """One secret; each variable is a key of its JSON object (or, with key "", the whole string).

    New values are written as an `AWSPENDING` version with our request token, verified, then promoted to
    `AWSCURRENT` (the old version becomes `AWSPREVIOUS`), the way AWS's own rotation does it. The secret's KMS
    key is the secret's own: new versions are encrypted with it.
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

    @staticmethod
    def _holder(stages: Mapping[str, list[str]], stage: str) -> str | None:
        return next((v for v, s in stages.items() if stage in s), None)

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

    def _pending_elsewhere(self, stages: Mapping[str, list[str]], expected: Expected) -> ConflictError | None:
        other = next((v for v, s in stages.items() if "AWSPENDING" in s and v not in expected.tokens), None)
        if other is None:
            return None
        return self._under_way(
            expected,
            f"a pending version, AWSPENDING, {other}",
            "remove the label: aws secretsmanager update-secret-version-stage --secret-id "
            f"{self.secret_id} --version-stage AWSPENDING --remove-from-version-id {other}",
        )

    def claim(self, expected: Expected) -> None:
        """The `AWSPENDING` version is the claim: a rotation that sees another's stops before writing."""
        stages: dict[str, list[str]] = self._call(f"describing {self.secret_id}", self._stages)
        pending = self._pending_elsewhere(stages, expected)
        if pending is not None:
            raise pending

    def _state(self, client: Any, expected: Expected) -> tuple[str | None, dict[str, str | None]]:
        stages = self._stages(client)
        pending = self._pending_elsewhere(stages, expected)
        if pending is not None:
            raise pending
        current = self._holder(stages, "AWSCURRENT")
        if current != expected.version:
            at, planned = f"version {current} (AWSCURRENT)", f"version {expected.version}"
            raise self._written_by_others(expected.hashes, at, planned)
        _, text = self._read_version(client, current)
        now = self._values(text)
        self._check(now, expected)
        return text, now

    def check(self, expected: Expected, copies: Mapping[str, str] | None = None) -> None:
        def run(client: Any) -> None:
            _, now = self._state(client, expected)
            now.clear()

        self._call(f"reading {self.secret_id}", run)

    def _withdraw(self, client: Any, version: str) -> None:
        if "AWSPENDING" in self._stages(client).get(version, []):
            client.update_secret_version_stage(
                SecretId=self.secret_id, VersionStage="AWSPENDING", RemoveFromVersionId=version
            )

    def write(
        self,
        values: Mapping[str, str],
        expected: Expected,
        token: str,
        copies: Mapping[str, str] | None = None,
    ) -> Written:
        def run(client: Any) -> Written:
            text, now = self._state(client, expected)  # at the planned version: copies are its values
            if all(key == "" for key in self.keys.values()):
                new_text = next(iter(values.values()))
            else:
                data = json.loads(text) if text else {}
                data.update({self.keys[n]: v for n, v in _with_copies(values, now, copies).items()})
                new_text = json.dumps(data)
                data.clear()
            now.clear()
            fault_point("store:checked")
            client.put_secret_value(
                SecretId=self.secret_id,
                ClientRequestToken=token,
                SecretString=new_text,
                VersionStages=["AWSPENDING"],
            )
            stages = self._stages(client)
            if (
                "AWSPENDING" not in stages.get(token, [])
                or self._holder(stages, "AWSCURRENT") != expected.version
            ):
                self._withdraw(client, token)
                raise conflict(
                    f"{self.named(expected.hashes)}: another rotation wrote a version at the same time; this "
                    f"run's version {token} was withdrawn (it has no staging label)"
                )
            return Written(token, _writes(self, values, copies, token, stage="AWSPENDING"))

        result: Written = self._call(f"writing {self.secret_id}", run)
        return result

    def written(self, token: str) -> str | None:
        stages: dict[str, list[str]] = self._call(f"describing {self.secret_id}", self._stages)
        return token if stages.get(token) else None  # a version without a label was withdrawn

    def release(self, expected: Expected) -> None:
        def run(client: Any) -> None:
            for token in expected.tokens:
                self._withdraw(client, token)

        self._call(f"withdrawing a pending version of {self.secret_id}", run)

    def promote(self, version: str, expected: Expected) -> None:
        def run(client: Any) -> None:
            stages = self._stages(client)
            if "AWSCURRENT" not in stages.get(version, []):
                if "AWSPENDING" not in stages.get(version, []):
                    raise conflict(
                        f"{self.named(expected.hashes)}: this rotation's version {version} lost its "
                        "AWSPENDING label to another rotation's; not promoted"
                    )
                try:
                    # Moves AWSCURRENT only off the planned version: a check-and-set.
                    client.update_secret_version_stage(
                        SecretId=self.secret_id,
                        VersionStage="AWSCURRENT",
                        MoveToVersionId=version,
                        **({"RemoveFromVersionId": expected.version} if expected.version else {}),
                    )
                except Exception:
                    holder = self._holder(self._stages(client), "AWSCURRENT")
                    if holder in (expected.version, version):
                        raise
                    self._withdraw(client, version)
                    raise conflict(
                        f"{self.named(expected.hashes)}: another rotation made version {holder} current "
                        f"first; this run's version {version} was withdrawn"
                    ) from None
            self._withdraw(client, version)

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


def _writes(
    place: Place,
    values: Mapping[str, str],
    copies: Mapping[str, str] | None,
    version: str,
    stage: str | None = None,
) -> tuple[Write, ...]:
    """The writes of one atomic write: the previous values kept, then the new ones."""
    names = dict.fromkeys([*(copies or {}), *values])
    return tuple(Write(n, place.where(n), version, n in (copies or {}), stage) for n in names)


def _rolled_back(notes: list[str]) -> str:
    return ("; rolled back: " + "; ".join(notes)) if notes else "; nothing was written"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
