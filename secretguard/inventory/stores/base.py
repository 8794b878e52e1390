"""The one interface every store implements, and the values it hands back: hashes and facts, never the value.

A store reads a location (a Vault secret, an SSM path, a Secrets Manager secret, a dotenv file, the process
environment), asks the check's `assess` callback about each value while it holds it, and returns only what
the callback said (hash, length, placeholder, format, weakness) plus the store's own metadata. The plaintext
never leaves the store module: it is not returned, logged, or put into an exception.
"""

from __future__ import annotations

import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from secretguard.scan.finding import secret_hash

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ValueFacts:
    """What the check needs to know about a value, computed while the store holds it."""

    hash: str
    length: int
    empty: bool = False
    placeholder: str | None = None  # why it is a placeholder
    weak: str | None = None  # why it is a weak secret
    format_error: str | None = None  # which expectation it fails (never quoting the value)


Assess = Callable[[str, str], ValueFacts]  # (variable or key name, value) -> facts


def plain_facts(_name: str, value: str) -> ValueFacts:
    return ValueFacts(hash=secret_hash(value), length=len(value), empty=not value.strip())


@dataclass(frozen=True, slots=True)
class StoredValue:
    facts: ValueFacts
    where: str  # the exact place: secret/app/prod#KEY, /app/prod/KEY, app/prod#KEY, .env.staging#KEY
    last_changed: datetime | None = None
    version: str | None = None
    value_type: str | None = None  # SSM: String, StringList, SecureString
    detail: str = ""  # e.g. "last change at least this old" when history ran out


@dataclass(frozen=True, slots=True)
class Missing:
    where: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Unverified:
    reason: str


# What a store found for one variable: its value's facts, nothing there, or the store could not tell.
LookupResult = StoredValue | Missing | Unverified


@dataclass
class StoreReading:
    label: str
    values: dict[str, LookupResult] = field(default_factory=dict)  # by variable name
    # Keys at the location nobody asked for (for `undeclared`); None when the store cannot list them.
    extra: dict[str, StoredValue] | None = None
    error: str | None = None
    seconds: float = 0.0

    @classmethod
    def failed(cls, label: str, names: Mapping[str, str], reason: str) -> StoreReading:
        return cls(label, {name: Unverified(reason) for name in names}, None, reason)


class StoreError(Exception):
    """A store could not be read. The message names the problem, never a value or a request body."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Store(ABC):
    """A location holding variables. `keys` maps each variable name to its key at this location."""

    label: str

    @abstractmethod
    def read(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        """Read the location; raise StoreError when it cannot be read at all."""

    def fetch(self, keys: Mapping[str, str], assess: Assess) -> StoreReading:
        """Like read, but a failure becomes data: every asked variable `Unverified` with the reason."""
        start = time.perf_counter()
        try:
            reading = self.read(keys, assess)
        except StoreError as exc:
            reading = StoreReading.failed(self.label, keys, exc.reason)
        reading.seconds = time.perf_counter() - start
        return reading


def retry(
    call: Callable[[], T],
    retryable: Callable[[BaseException], bool],
    *,
    attempts: int = 4,
    base_delay: float = 0.2,
    max_delay: float = 3.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call, retrying with exponential backoff and full jitter while `retryable(exc)` says so."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Exception as exc:
            if attempt == attempts or not retryable(exc):
                raise
            sleep(random.uniform(0, min(max_delay, base_delay * 2 ** (attempt - 1))))
    raise AssertionError("unreachable")
