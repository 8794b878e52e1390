"""A dotenv file as a store (`dotenv: {file: .env.staging}`), parsed by our own linear-time parser."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from secretguard.inventory.dotenv_format import MAX_DOTENV_BYTES, parse_dotenv
from secretguard.inventory.stores.base import (
    Assess,
    LookupResult,
    Missing,
    Store,
    StoredValue,
    StoreError,
    StoreReading,
)
from secretguard.safe_read import RefusedInput, read_text_file


class DotenvStore(Store):
    def __init__(self, path: Path, shown: str, label: str, listed: bool = True) -> None:
        self.path = path
        self.shown = shown
        self.label = label
        self.listed = listed

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        try:
            # Named by the inventory, so it may live anywhere (an absolute path, a mounted secret behind a
            # symlink), but it must be a regular file: a FIFO would hang the check, /dev/zero fill memory.
            text = read_text_file(self.path, roots=None, max_bytes=MAX_DOTENV_BYTES)
        except FileNotFoundError:
            raise StoreError(f"dotenv file {self.shown} not found") from None
        except RefusedInput as exc:
            raise StoreError(f"dotenv file {self.shown} not read: {exc.reason}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read dotenv file {self.shown} ({type(exc).__name__})") from None
        entries = {e.key: e for e in parse_dotenv(text)}  # the last definition wins, as in loaders
        del text
        values: dict[str, LookupResult] = {}
        asked = set(keys.values())
        for name, key in keys.items():
            entry = entries.get(key)
            values[name] = (
                StoredValue(assess(name, entry.value), f"{self.shown}#{key}")
                if entry is not None
                else Missing(f"{self.shown}#{key}")
            )
        extra = None
        if self.listed:
            extra = {
                k: StoredValue(assess(k, e.value), f"{self.shown}#{k}")
                for k, e in entries.items()
                if k not in asked
            }
        entries.clear()
        return StoreReading(self.label, values, extra)
