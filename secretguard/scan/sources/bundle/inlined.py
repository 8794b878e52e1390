"""Values of secret variables (from dotenv files, or the inventory through `SecretValues`) found inlined in
bundle files.

The values are held in memory only, compiled into an in-memory Hyperscan literal database (never the
on-disk rule cache), and every finding names the variable and carries the value's hash, never the value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import hyperscan
import re2

from secretguard.errors import InputError
from secretguard.inventory.dotenv_format import MAX_DOTENV_BYTES, parse_dotenv
from secretguard.safe_read import RefusedInput, read_text_file
from secretguard.scan.assignment import credential_name
from secretguard.scan.chunk import Chunk
from secretguard.scan.filters import placeholder_reason, shannon_entropy
from secretguard.scan.finding import Finding

RULE_ID = "inlined-secret-variable"
MIN_VALUE = 8  # shorter values ("true", "3000", "prod") match everywhere and are not credentials
# Every place a value is inlined is reported (a chunk often holds it twice: the module constant, and where
# it is read); past this many in one chunk the rest are counted on the last one kept (`more_in_file`).
KEEP_PER_CHUNK = 20


@dataclass(frozen=True, slots=True)
class SecretValue:
    name: str
    value: bytes
    origin: str  # where the value was read (a dotenv file, an inventory store)


def secrets_from_dotenv(paths: Iterable[Path]) -> list[SecretValue]:
    out: list[SecretValue] = []
    for path in paths:
        try:
            text = read_text_file(path, roots=None, max_bytes=MAX_DOTENV_BYTES)
        except RefusedInput as exc:
            raise InputError(f"cannot read env file {path}: {exc.reason}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read env file {path}: {exc}") from exc
        values = {entry.key: entry.value for entry in parse_dotenv(text)}  # the last definition wins
        for name, value in values.items():
            if secret_variable(name, value) and _worth_matching(value):
                out.append(SecretValue(name, value.encode(), str(path)))
    return out


# Prefixes that make a bundler inline a variable into client code: they say where the value goes, not what
# it is, so the rest of the name is judged (NEXT_PUBLIC_INTERNAL_API_SECRET is a secret, misplaced).
PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "NUXT_PUBLIC_",
    "EXPO_PUBLIC_",
    "REACT_APP_",
    "VITE_",
    "PUBLIC_",
    "GATSBY_",
)
_SECRET_WORDS = re2.compile(
    r"(?:SECRET|PRIVATE|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|SERVICE_?ROLE|API_?KEY|ACCESS_?KEY|AUTH|DSN)"
)
_PUBLIC_BY_DESIGN = re2.compile(r"(?:PUBLISHABLE|ANON_KEY|SITE_KEY|MEASUREMENT_ID|_ID$|_URL$|_HOST$|_NAME$)")
# A URL that carries a password (`postgres://app:PASSWORD@db/x`): a credential whatever the variable is named.
_URL_WITH_PASSWORD = re2.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/@:\s]+:[^@\s]+@")


def secret_variable(name: str, value: str) -> bool:
    """Whether a dotenv variable holds a secret, by its name (public prefixes set aside) or by its value's
    shape (a URL with a password, a generated-looking string)."""
    if _URL_WITH_PASSWORD.match(value):
        return True
    upper = name.upper()
    bare = next((upper[len(p) :] for p in PUBLIC_PREFIXES if upper.startswith(p)), upper)
    if credential_name(bare)[0]:
        return True
    if _SECRET_WORDS.search(bare) and not _PUBLIC_BY_DESIGN.search(bare):
        return True
    return _generated(value) and not _PUBLIC_BY_DESIGN.search(bare)


def _generated(value: str) -> bool:
    """A value that looks machine-made: 20+ characters of letters and digits with high entropy (not hex only:
    by shape alone a commit id or a digest is as likely as a key)."""
    if len(value) < 20 or " " in value or all(c in "0123456789abcdefABCDEF" for c in value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return has_digit and has_alpha and shannon_entropy(value) >= 3.5


class SecretValues(Protocol):
    """Where the current values of secret variables come from, passed in by the caller (the CLI reads the
    inventory's stores: inventory/stores/secret_values.py), so this module reads no store itself. Called with
    `keep` (which values are worth holding), it returns {variable: value}, held in memory only, and the places
    that could not be read (their values go unchecked: the scan is partial)."""

    def __call__(self, keep: Callable[[str], bool]) -> tuple[Mapping[str, str], list[str]]: ...


def secrets_from_values(values: SecretValues, origin: str) -> tuple[list[SecretValue], list[str]]:
    """The values to search for, and the places that could not be read; `origin` names where they came from
    in each finding (`inventory prod`)."""
    held, problems = values(_worth_matching)
    return [SecretValue(name, value.encode(), origin) for name, value in sorted(held.items())], problems


def _worth_matching(value: str) -> bool:
    return len(value) >= MIN_VALUE and placeholder_reason(value) is None


def _literal(value: bytes) -> bytes:
    return b"".join(b"\\x%02x" % byte for byte in value)


class InlinedValues:
    """Finds the given values in chunks. Build once; thread-safe per call (one scratch per call)."""

    def __init__(self, secrets: list[SecretValue]) -> None:
        self.secrets = secrets
        self._database: hyperscan.Database | None = None
        if secrets:
            self._database = hyperscan.Database()
            self._database.compile(
                expressions=[_literal(s.value) for s in secrets],
                ids=list(range(len(secrets))),
                elements=len(secrets),
                flags=[0] * len(secrets),
            )

    def scan(self, chunk: Chunk, notes: list[str] | None = None) -> list[Finding]:
        if self._database is None:
            return []
        hits: list[tuple[int, int]] = []
        counts = [0] * len(self.secrets)

        def on_hit(index: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            counts[index] += 1
            if counts[index] <= KEEP_PER_CHUNK:
                hits.append((index, end))

        self._database.scan(chunk.data, match_event_handler=on_hit, scratch=hyperscan.Scratch(self._database))
        findings = []
        hits.sort(key=lambda hit: hit[1])
        kept = [0] * len(self.secrets)
        for index, end in hits:
            secret = self.secrets[index]
            start = end - len(secret.value)
            line = chunk.data.count(b"\n", 0, start) + 1
            line_start = chunk.data.rfind(b"\n", 0, start) + 1
            column = len(chunk.data[line_start:start].decode("utf-8", "replace")) + 1
            dotenv = os.path.basename(chunk.path).lower().startswith(".env")
            where = "is in a dotenv file deployed with the build" if dotenv else "is inlined in the bundle"
            findings.append(
                Finding(
                    rule_id=RULE_ID,
                    title=f"Value of secret variable {secret.name} {where}",
                    provider="inventory",
                    severity="critical",
                    exposure="server-only",
                    playbook="generic-api-key",
                    file=chunk.path,
                    line=line,
                    column=column,
                    end_line=line,
                    end_column=column + len(secret.value.decode("utf-8", "replace")),
                    secret=secret.value.decode("utf-8", "replace"),
                    excerpt=f"value of {secret.name} (from {secret.origin})",
                    # A map's sourcesContent chunk names its original file: kept, as the engine keeps it.
                    extra={**chunk.extra, "variable": secret.name},
                    offset=start,
                    confidence="high",
                    reasons=("inventory-value",),
                    structural=True,
                )
            )
            kept[index] += 1
            if kept[index] == KEEP_PER_CHUNK and counts[index] > KEEP_PER_CHUNK:
                findings[-1].extra["more_in_file"] = counts[index] - KEEP_PER_CHUNK
        return findings
