"""Snapshots of what an environment's stores hold (names, value hashes and metadata, never values), and the
difference between two snapshots: a deploy that wiped or changed a variable shows up as removed or changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from secretguard.inventory.model import Inventory, InventoryError
from secretguard.inventory.stores import Clients, environment_layout, read_all
from secretguard.inventory.stores.base import StoredValue, plain_facts
from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.finding import HASH_SCHEME, key_id

FORMAT = "secretguard-inventory-snapshot"
# Names and hashes, no values: thousands of keys are a few MiB. Read as a regular file of at most this.
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024


def _entry(stored: StoredValue) -> dict[str, Any]:
    entry: dict[str, Any] = {"hash": stored.facts.hash}
    if stored.last_changed is not None:
        entry["last_changed"] = stored.last_changed.isoformat()
    if stored.version is not None:
        entry["version"] = stored.version
    if stored.value_type is not None:
        entry["type"] = stored.value_type
    return entry


def take_snapshot(
    inventory: Inventory,
    environment: str,
    base_dir: Path,
    clients: Clients | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    if environment not in inventory.environments:
        raise InventoryError(f"environment {environment!r} is not in the inventory")
    layout = environment_layout(inventory, environment, base_dir, clients or Clients())
    readings = read_all([layout], plain_facts)
    stores: dict[str, Any] = {}
    for (_, label), reading in sorted(readings.items()):
        keys: dict[str, Any] = {}
        fetch = layout.fetches[label]
        for name, outcome in reading.values.items():
            if isinstance(outcome, StoredValue):
                keys[fetch.keys.get(name, name)] = _entry(outcome)
        for key, stored in (reading.extra or {}).items():
            keys[key] = _entry(stored)
        stores[label] = {"error": reading.error, "keys": dict(sorted(keys.items()))}
    return {
        "format": FORMAT,
        "version": 2,
        "hashes": _scheme(),
        "environment": environment,
        "created": (now or datetime.now(UTC)).isoformat(),
        "stores": stores,
    }


def load_snapshot(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_regular_file(path, roots=None, max_bytes=MAX_SNAPSHOT_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise InventoryError(f"snapshot {path} not found") from None
    except RefusedInput as exc:
        raise InventoryError(f"cannot read snapshot {path}: {exc.reason}") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InventoryError(f"cannot read snapshot {path} ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("stores"), dict):
        raise InventoryError(f"{path} is not a secretguard inventory snapshot")
    return data


def _scheme() -> dict[str, str]:
    return {"scheme": HASH_SCHEME, "key_id": key_id()}


def _hashes_of(snapshot: dict[str, Any]) -> object:
    # Version 1 snapshots hold salted SHA-256 hashes: comparable only with each other.
    return snapshot.get("hashes") if snapshot.get("version") != 1 else "sha256-v1"


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per store: keys added, removed, changed (value hash differs); stores unreadable in either snapshot."""
    if _hashes_of(before) != _hashes_of(after):
        raise InventoryError(
            "the two snapshots hash values differently (another secretguard version or "
            "SECRETGUARD_FINGERPRINT_KEY): every value would look changed; take both with the same setup"
        )
    added: list[dict[str, str]] = []
    removed: list[dict[str, str]] = []
    changed: list[dict[str, str]] = []
    unverified: list[dict[str, str]] = []
    a_stores, b_stores = before["stores"], after["stores"]
    for label in sorted(set(a_stores) | set(b_stores)):
        a, b = a_stores.get(label), b_stores.get(label)
        for side, store in (("before", a), ("after", b)):
            if store is not None and store.get("error"):
                unverified.append({"store": label, "snapshot": side, "reason": str(store["error"])})
        if (a and a.get("error")) or (b and b.get("error")):
            continue
        a_keys = (a or {}).get("keys") or {}
        b_keys = (b or {}).get("keys") or {}
        for key in sorted(set(a_keys) | set(b_keys)):
            if key not in a_keys:
                added.append({"store": label, "key": key})
            elif key not in b_keys:
                removed.append({"store": label, "key": key})
            elif a_keys[key].get("hash") != b_keys[key].get("hash"):
                changed.append({"store": label, "key": key})
    return {
        "before": {"environment": before.get("environment"), "created": before.get("created")},
        "after": {"environment": after.get("environment"), "created": after.get("created")},
        "added": added,
        "removed": removed,
        "changed": changed,
        "unverified": unverified,
    }


def diff_text(diff: dict[str, Any]) -> str:
    lines = [
        f"snapshot diff: {diff['before'].get('environment')} {diff['before'].get('created')} -> "
        f"{diff['after'].get('environment')} {diff['after'].get('created')}"
    ]
    for kind, sign in (("removed", "-"), ("changed", "~"), ("added", "+")):
        for item in diff[kind]:
            lines.append(f"  {sign} {kind:<8} {item['store']}  {item['key']}")
    for item in diff["unverified"]:
        lines.append(f"  ? unreadable {item['store']} in the {item['snapshot']} snapshot: {item['reason']}")
    lines.append(
        f"{len(diff['removed'])} removed, {len(diff['changed'])} changed, {len(diff['added'])} added"
        + (f", {len(diff['unverified'])} store(s) unreadable" if diff["unverified"] else "")
    )
    return "\n".join(lines) + "\n"
