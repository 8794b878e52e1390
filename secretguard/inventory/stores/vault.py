"""HashiCorp Vault / OpenBao KV secrets (v1 and v2) through hvac.

One secret per location holds a key per variable, so a whole environment is one read. KV v2 metadata gives
each version's creation time; walking back through a few versions tells when each key last changed (not
just when the secret as a whole was last written). hvac is imported lazily: the scan path never pays for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from secretguard.inventory.model import VaultAuth, VaultConnection
from secretguard.inventory.stores.base import (
    Assess,
    LookupResult,
    Missing,
    Store,
    StoredValue,
    StoreError,
    StoreReading,
    retry,
)

HISTORY_VERSIONS = 10  # KV v2 versions read back at most to date each key's last change


def parse_time(value: Any) -> datetime | None:
    """Vault's RFC 3339 timestamps with nanoseconds (`2026-11-23T15:37:52.799036401Z`)."""
    if not isinstance(value, str) or not value or value.startswith("0001-"):
        return None
    text = value.rstrip("Z")
    main, _, fraction = text.partition(".")
    offset = ""
    for sign in ("+", "-"):
        if sign in fraction:
            fraction, _, rest = fraction.partition(sign)
            offset = sign + rest
    try:
        parsed = datetime.fromisoformat(
            main + (f".{fraction[:6]}" if fraction else "") + (offset or "+00:00")
        )
    except ValueError:
        return None
    return parsed.astimezone(UTC)


def describe_error(exc: BaseException, addr: str, what: str) -> str:
    """A clear reason without the exception's own text (which may quote a response or request)."""
    import hvac.exceptions as hx  # noqa: PLC0415
    import requests  # noqa: PLC0415

    if isinstance(exc, hx.VaultDown):
        return f"Vault at {addr} is sealed or unavailable (HTTP 503)"
    if isinstance(exc, hx.Forbidden | hx.Unauthorized):
        return (
            f"Vault at {addr} refused the token for {what} (HTTP {getattr(exc, 'status_code', 403)}): "
            "it is invalid, expired, or lacks a policy allowing this"
        )
    if isinstance(exc, hx.RateLimitExceeded):
        return f"Vault at {addr} kept rate-limiting requests for {what} (HTTP 429)"
    if isinstance(exc, hx.VaultNotInitialized):
        return f"Vault at {addr} is not initialized"
    if isinstance(exc, hx.InternalServerError | hx.BadGateway | hx.UnexpectedError):
        return f"Vault at {addr} failed on {what} (HTTP {getattr(exc, 'status_code', '5xx')})"
    if isinstance(exc, hx.InvalidRequest):
        return f"Vault at {addr} rejected the request for {what} (HTTP 400)"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS verification failed for Vault at {addr}"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"Vault at {addr} did not answer in time"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"cannot reach Vault at {addr}"
    return f"{what} at Vault {addr} failed ({type(exc).__name__})"


def _retryable(exc: BaseException) -> bool:
    import hvac.exceptions as hx  # noqa: PLC0415
    import requests  # noqa: PLC0415

    if isinstance(exc, hx.RateLimitExceeded | hx.InternalServerError | hx.BadGateway):
        return True
    return isinstance(
        exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout
    ) and not isinstance(exc, requests.exceptions.SSLError)


class VaultClients:
    """hvac clients shared by every Vault location with the same address, namespace and login."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self._clients: dict[tuple[Any, ...], Any] = {}
        self._failures: dict[tuple[Any, ...], str] = {}
        self._mounts: dict[tuple[Any, ...], int] = {}
        self._lock = threading.Lock()

    def settings(self, conn: VaultConnection) -> tuple[str, str | None, VaultAuth, bool | str, float]:
        addr = conn.addr or self.environ.get("VAULT_ADDR") or "https://127.0.0.1:8200"
        namespace = conn.namespace or self.environ.get("VAULT_NAMESPACE") or None
        auth = conn.auth or VaultAuth()
        verify: bool | str = True
        if conn.verify is not None:
            verify = conn.verify
        elif self.environ.get("VAULT_CACERT"):
            verify = self.environ["VAULT_CACERT"]
        elif self.environ.get("VAULT_SKIP_VERIFY", "").lower() in ("1", "true"):
            verify = False
        return addr.rstrip("/"), namespace, auth, verify, conn.timeout

    def client(self, conn: VaultConnection) -> Any:
        addr, namespace, auth, verify, timeout = self.settings(conn)
        key = (addr, namespace, auth.model_dump_json(), str(verify), timeout)
        with self._lock:
            if key in self._failures:
                raise StoreError(self._failures[key])
            if key in self._clients:
                return self._clients[key]
            try:
                client = self._login(addr, namespace, auth, verify, timeout)
            except StoreError as exc:
                self._failures[key] = exc.reason
                raise
            self._clients[key] = client
            return client

    def _login(
        self, addr: str, namespace: str | None, auth: VaultAuth, verify: bool | str, timeout: float
    ) -> Any:
        import hvac  # noqa: PLC0415

        if auth.method == "token":
            token = self.environ.get(auth.token_env)
            if not token:
                raise StoreError(
                    f"no Vault token: set {auth.token_env} (or use approle auth in the inventory)"
                )
            return hvac.Client(url=addr, token=token, namespace=namespace, verify=verify, timeout=timeout)
        role_id, secret_id = self.environ.get(auth.role_id_env), self.environ.get(auth.secret_id_env)
        if not role_id or not secret_id:
            raise StoreError(f"AppRole login needs {auth.role_id_env} and {auth.secret_id_env}")
        client = hvac.Client(url=addr, namespace=namespace, verify=verify, timeout=timeout)
        try:
            retry(
                lambda: client.auth.approle.login(
                    role_id=role_id, secret_id=secret_id, mount_point=auth.mount
                ),
                _retryable,
            )
        except Exception as exc:  # noqa: BLE001 - every failure becomes a store error without its text
            raise StoreError(describe_error(exc, addr, f"AppRole login at auth/{auth.mount}")) from None
        return client

    def kv_version(self, client: Any, conn: VaultConnection, mount: str, what: str) -> int:
        addr, namespace, *_ = self.settings(conn)
        key = (addr, namespace, mount)
        with self._lock:
            if key in self._mounts:
                return self._mounts[key]
        try:
            response = retry(lambda: client.adapter.get(f"/v1/sys/internal/ui/mounts/{mount}"), _retryable)
        except Exception as exc:  # noqa: BLE001
            raise StoreError(describe_error(exc, addr, what)) from None
        data = response.get("data") if isinstance(response, dict) else None
        options = (data or {}).get("options") or {}
        kv_type = (data or {}).get("type")
        if kv_type not in (None, "kv", "generic"):
            raise StoreError(f"Vault mount {mount}/ at {addr} is a {kv_type} engine, not KV")
        version = 2 if str(options.get("version", "1")) == "2" else 1
        with self._lock:
            self._mounts[key] = version
        return version


class VaultStore(Store):
    """One KV secret at mount/path; each variable is a key of it."""

    def __init__(
        self,
        conn: VaultConnection,
        mount: str,
        path: str,
        kv_version: int | None,
        clients: VaultClients,
        label: str,
        listed: bool = True,
    ) -> None:
        self.conn = conn
        self.mount = mount.strip("/")
        self.path = path.strip("/")
        self.kv_version = kv_version
        self.clients = clients
        self.label = label
        self.listed = listed

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        client = self.clients.client(self.conn)
        addr = self.clients.settings(self.conn)[0]
        what = f"{self.mount}/{self.path}"
        version = self.kv_version or self.clients.kv_version(client, self.conn, self.mount, what)
        import hvac.exceptions as hx  # noqa: PLC0415

        try:
            if version == 2:
                data, changed = self._read_v2(client)
            else:
                response = retry(
                    lambda: client.secrets.kv.v1.read_secret(path=self.path, mount_point=self.mount),
                    _retryable,
                )
                data, changed = dict(response.get("data") or {}), {}
        except hx.InvalidPath:
            where = f"{what} (secret not found)"
            return StoreReading(
                self.label,
                {n: Missing(where, "the secret does not exist") for n in keys},
                {} if self.listed else None,
            )
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise StoreError(describe_error(exc, addr, what)) from None
        values: dict[str, LookupResult] = {}
        asked = set(keys.values())
        for name, key in keys.items():
            if key in data:
                values[name] = self._stored(name, key, data[key], changed, assess)
            else:
                values[name] = Missing(f"{what}#{key}")
        extra = None
        if self.listed:
            extra = {k: self._stored(k, k, v, changed, assess) for k, v in data.items() if k not in asked}
        data.clear()
        return StoreReading(self.label, values, extra)

    def _stored(
        self,
        name: str,
        key: str,
        raw: Any,
        changed: Mapping[str, tuple[datetime | None, str]],
        assess: Assess,
    ) -> StoredValue:
        value = raw if isinstance(raw, str) else ("" if raw is None else _json(raw))
        when, detail = changed.get(key, (None, ""))
        return StoredValue(assess(name, value), f"{self.mount}/{self.path}#{key}", when, None, None, detail)

    def _read_v2(self, client: Any) -> tuple[dict[str, Any], dict[str, tuple[datetime | None, str]]]:
        kv = client.secrets.kv.v2
        response = retry(
            lambda: kv.read_secret_version(
                path=self.path, mount_point=self.mount, raise_on_deleted_version=True
            ),
            _retryable,
        )
        body = response.get("data") or {}
        data: dict[str, Any] = dict(body.get("data") or {})
        meta = body.get("metadata") or {}
        current = int(meta.get("version") or 0)
        created = parse_time(meta.get("created_time"))
        changed: dict[str, tuple[datetime | None, str]] = dict.fromkeys(data, (created, ""))
        if current <= 1 or not data:
            return data, changed
        # When did each key get its current value? Walk back through older versions.
        try:
            metadata = retry(
                lambda: kv.read_secret_metadata(path=self.path, mount_point=self.mount), _retryable
            )
        except Exception:  # noqa: BLE001 - history is a refinement; the current version's time stands
            return data, changed
        versions = (metadata.get("data") or {}).get("versions") or {}
        unresolved = set(data)
        newer_time = created
        oldest = max(1, current - HISTORY_VERSIONS)
        for number in range(current - 1, oldest - 1, -1):
            info = versions.get(str(number)) or {}
            if info.get("destroyed") or info.get("deletion_time"):
                break
            try:
                old = retry(
                    lambda n=number: kv.read_secret_version(  # type: ignore[misc]
                        path=self.path, mount_point=self.mount, version=n, raise_on_deleted_version=True
                    ),
                    _retryable,
                )
            except Exception:  # noqa: BLE001
                break
            old_data = (old.get("data") or {}).get("data") or {}
            for key in list(unresolved):
                if key not in old_data or old_data[key] != data[key]:
                    changed[key] = (newer_time, "")
                    unresolved.discard(key)
            old_data.clear()
            newer_time = parse_time(info.get("created_time")) or newer_time
            if not unresolved:
                break
        for key in unresolved:
            changed[key] = (newer_time, "unchanged in the versions read: last change at least this old")
        return data, changed


def _json(value: Any) -> str:
    import json  # noqa: PLC0415

    return json.dumps(value, sort_keys=True, separators=(",", ":"))
