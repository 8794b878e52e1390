"""The process environment as a store (`environ: {}` or `environ: {prefix: APP_}`). It never reports
undeclared keys: the environment of any process holds many variables nobody needs to declare."""

from __future__ import annotations

import os
from collections.abc import Mapping

from secretguard.inventory.stores.base import Assess, LookupResult, Missing, Store, StoredValue, StoreReading


class EnvironStore(Store):
    def __init__(self, prefix: str, label: str, environ: Mapping[str, str] | None = None) -> None:
        self.prefix = prefix
        self.label = label
        self.environ = os.environ if environ is None else environ

    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        values: dict[str, LookupResult] = {}
        for name, key in keys.items():
            full = self.prefix + key
            value = self.environ.get(full)
            values[name] = (
                StoredValue(assess(name, value), f"${full}") if value is not None else Missing(f"${full}")
            )
        return StoreReading(self.label, values, None)
