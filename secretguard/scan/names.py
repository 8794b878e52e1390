"""Secrets inside names that reports show as locations: CI step logs named after the command they ran
(`build/2_Run curl -u sk_live_...: https:__api.stripe.com.txt`), archive members, job and step names.

A location is printed even where secrets are redacted, so the name itself goes through the engine (as a
small chunk of its own) and every secret found in it is replaced by its redaction before the name becomes
a finding's `file`, `job` or `step` or a skipped item's path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from secretguard.scan.finding import redact
from secretguard.scan.pathtext import path_bytes

if TYPE_CHECKING:  # the engine is handed in: importing it here would load Hyperscan for every file listing
    from secretguard.scan.engine import Engine

# A quoted name in an error message: zipfile quotes the member it failed on (`Bad CRC-32 for file '...'`).
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
# A secret found in one name is also replaced where it appears, as text, in the others of the group; shorter
# values would be replaced all over ordinary words (the same floor as for job and step names).
MIN_SHARED = 6


def _redact_spans(engine: Engine, name: str, found: set[str]) -> str:
    data = path_bytes(name)
    pieces: list[bytes] = []
    last = 0
    # Each candidate's span holds the secret, or the encoded run it was decoded from: both are replaced.
    for candidate in sorted(engine.candidates(data, ""), key=lambda c: (c.start, -c.end)):
        if candidate.start < last:
            continue
        pieces += [data[last : candidate.start], redact(candidate.secret).encode("utf-8", "surrogatepass")]
        last = candidate.end
        found.add(candidate.secret)
    if not pieces:
        return name
    pieces.append(data[last:])
    return b"".join(pieces).decode("utf-8", "surrogateescape")


def redact_names(engine: Engine, *names: str | None) -> tuple[str | None, ...]:
    """The names, each with every secret the engine finds in any of them replaced by its redaction. A group
    is one place said several ways (a step log's path, its job, its step): a rule may see a secret in one
    form only (`2_sk_live_...` has no word boundary before the key), and it must go from all of them."""
    found: set[str] = set()
    out = [_redact_spans(engine, name, found) if name else name for name in names]
    shared = shareable(found)
    if not shared:
        return tuple(out)
    return tuple(replace_secrets(name, shared) if name else name for name in out)


def redact_name(engine: Engine, name: str) -> str:
    """One name with every secret the engine finds in it replaced by its redaction."""
    return _redact_spans(engine, name, set()) if name else name


def shareable(secrets: Iterable[str]) -> list[str]:
    """The secrets worth looking for as text in other names: long enough, longest first (so a secret that
    contains another is replaced whole)."""
    return sorted({s for s in secrets if len(s) >= MIN_SHARED}, key=len, reverse=True)


def replace_secrets(name: str, secrets: list[str]) -> str:
    """`name` with each of `secrets` (from `shareable`) that it contains replaced by its redaction."""
    for secret in secrets:
        if secret in name:
            name = name.replace(secret, redact(secret))
    return name


def unquoted(message: object) -> str:
    """An error message without the names it quotes: the skipped item already names the member (redacted),
    and the library's message would repeat it as it was (`Bad CRC-32 for file 'Run curl -u sk_live_...'`)."""
    return _QUOTED.sub("'…'", str(message))
