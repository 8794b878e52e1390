"""Which leaked values are still live: the inventory's stores, read now, compared by hash.

A leaked value is often only part of what a store holds: the password of `postgresql://app:PASSWORD@db/app`,
the `password=` field of a DSN, a leaf of a JSON secret, one line of a dotenv-style multi-line value. While a
store holds a value, `part_facts` computes the hash of the value and of each of its parts (parsed in memory;
no part is kept, printed or returned, only its hash and what kind of part it is), so a leaked password
matches the URL that holds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from secretguard.inventory.model import load_inventory
from secretguard.inventory.rotation import rotation_of
from secretguard.inventory.stores import Clients, environment_layout, read_all
from secretguard.inventory.stores.base import LookupResult, StoredValue, ValueFacts, plain_facts
from secretguard.plan.planner import Holder
from secretguard.scan.finding import secret_hash

MAX_PARTS = 256  # parts hashed per stored value (each hash costs ~1.5 ms of scrypt)
MAX_DEPTH = 4  # a URL in a DSN field in a JSON leaf in a dotenv line...
_URL = re.compile(r"^(?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{0,30}://", re.IGNORECASE)
_DSN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9 _.-]{0,40}$")
_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]{0,127})\s*[=:]\s?(.*?)\s*$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
_PASSWORD_KEYS = frozenset({"password", "pwd", "pass", "passwd", "secret", "token", "key", "apikey"})


@dataclass(frozen=True, slots=True)
class PartFacts(ValueFacts):
    """ValueFacts with the hashes of the value's parts: ((kind of part, hash), ...)."""

    parts: tuple[tuple[str, str], ...] = ()


def part_facts(name: str, value: str) -> ValueFacts:
    """The `assess` callback for liveness: the value's hash and its parts' hashes (read_all calls it while a
    store holds the value)."""
    base = plain_facts(name, value)
    seen: dict[str, str] = {}
    for kind, part in value_parts(value):
        if part and part != value and part not in seen:
            seen[part] = kind
            if len(seen) >= MAX_PARTS:
                break
    parts = tuple((kind, secret_hash(part)) for part, kind in seen.items())
    return PartFacts(base.hash, base.length, base.empty, parts=parts)


def value_parts(value: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(kind, text) for each credential-bearing part of a stored value: URL user info and query values,
    DSN fields, JSON leaves, `KEY=VALUE` lines; each part is searched again for parts of its own."""
    text = value.strip()
    if not text or depth > MAX_DEPTH:
        return
    if text != value:
        yield "trimmed value", text
    found = list(_shallow_parts(text))
    for kind, part in found:
        yield kind, part
        if part != text:
            yield from ((f"{sub} in {kind}", p) for sub, p in value_parts(part, depth + 1))


def _shallow_parts(text: str) -> Iterator[tuple[str, str]]:
    if text[0] in "{[":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict | list):
            yield from (("JSON value", leaf) for leaf in _json_leaves(data))
            return
    if "\n" in text:
        for line in text.splitlines():
            match = _LINE.match(line)
            if match and match.group(2):
                yield "line of a multi-line value", _unquote(match.group(2))
        return
    if _URL.match(text):
        yield from _url_parts(text)
        return
    fields = _dsn_fields(text)
    if len(fields) >= 2 or any(k.lower().replace(" ", "") in _PASSWORD_KEYS for k, _ in fields):
        yield from (("connection-string field", v) for _, v in fields if v)
    elif len(fields) == 1 and _ENV_NAME.match(fields[0][0]) and fields[0][1]:
        yield "KEY=VALUE value", fields[0][1]  # a dotenv line stored as the value


def _json_leaves(data: object, depth: int = 0) -> Iterator[str]:
    if depth > 32:
        return
    if isinstance(data, dict):
        for item in data.values():
            yield from _json_leaves(item, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _json_leaves(item, depth + 1)
    elif isinstance(data, str):
        yield data


def _url_parts(text: str) -> Iterator[tuple[str, str]]:
    body = text[5:] if text[:5].lower() == "jdbc:" else text
    try:
        parts = urlsplit(body)
    except ValueError:
        return
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        for kind, raw in (("URL user name", user), ("URL password", password if colon else "")):
            if raw:
                yield kind, raw
                if unquote(raw) != raw:
                    yield kind, unquote(raw)
    for _, item in parse_qsl(parts.query, keep_blank_values=False):
        yield "URL parameter", item


def _dsn_fields(text: str) -> list[tuple[str, str]]:
    """`key=value` fields: `;`-separated (ADO.NET, JDBC, ODBC) or whitespace-separated with libpq quoting."""
    pieces = _semicolon_fields(text) if ";" in text else _libpq_words(text)
    fields: list[tuple[str, str]] = []
    for piece in pieces:
        key, eq, raw = piece.partition("=")
        if eq and _DSN_KEY.match(key.strip()):
            fields.append((key.strip(), _unquote(raw.strip())))
    return fields


def _semicolon_fields(text: str) -> list[str]:
    """`;`-separated fields, where `{...}` (ODBC) and `"..."` (ADO.NET) may hold a `;`."""
    fields: list[str] = []
    current: list[str] = []
    closing = ""
    for ch in text:
        if closing:
            closing = "" if ch == closing else closing
        elif ch in '{"':
            closing = "}" if ch == "{" else '"'
        elif ch == ";":
            fields.append("".join(current))
            current = []
            continue
        current.append(ch)
    fields.append("".join(current))
    return fields


def _libpq_words(text: str) -> list[str]:
    """Whitespace-separated words, where `'...'` (with `\\'` and `\\\\` escapes) may hold spaces."""
    words: list[str] = []
    current: list[str] = []
    quoted = False
    chars = iter(text)
    for ch in chars:
        if quoted and ch == "\\":
            current.append(next(chars, ""))
        elif ch == "'":
            quoted = not quoted
        elif ch.isspace() and not quoted:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1]
    if len(raw) >= 2 and raw[0] == "{" and raw[-1] == "}":  # ODBC: Pwd={a;b}
        return raw[1:-1]
    return raw


@dataclass
class LiveStores:
    """What the stores hold now: {hash: holders} for values and their parts, the (variable, environment)
    pairs that hold any value, and the stores that could not be read (then an unmatched value's liveness
    is unknown, not "no")."""

    table: dict[str, list[Holder]] = field(default_factory=dict)
    stored: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems


def live_hashes(inventory_path: Path, environments: list[str] | None) -> LiveStores:
    """Read every store of the environments now (variables the inventory declares and, where the store
    lists them, keys it does not) and index each value's hash and its parts' hashes."""
    inventory = load_inventory(inventory_path)
    wanted = environments or list(inventory.environments)
    owners = {v.name: v.owner for v in inventory.variables}
    layouts = [environment_layout(inventory, env, inventory_path.parent, Clients()) for env in wanted]
    readings = read_all(layouts, part_facts)
    out = LiveStores()
    for (env, label), reading in readings.items():
        if reading.error:
            out.problems.append(f"{env} {label}: {reading.error}")
            continue
        values: dict[str, LookupResult] = dict(reading.extra or {})
        values.update(reading.values)
        for name, outcome in values.items():
            if not isinstance(outcome, StoredValue) or outcome.facts.empty:
                continue
            owner = owners.get(name) or None
            out.stored.add((name, env))
            _add(out.table, outcome.facts.hash, Holder(name, env, owner))
            facts = outcome.facts
            for kind, digest in facts.parts if isinstance(facts, PartFacts) else ():
                _add(out.table, digest, Holder(name, env, owner, kind))
    return out


def _add(table: dict[str, list[Holder]], digest: str, holder: Holder) -> None:
    holders = table.setdefault(digest, [])
    if not any((h.variable, h.environment) == (holder.variable, holder.environment) for h in holders):
        holders.append(holder)


def inventory_owners(inventory_path: Path) -> dict[str, str]:
    """{variable: owner} for the inventory's variables that name an owner."""
    return {v.name: v.owner for v in load_inventory(inventory_path).variables if v.owner}


def automations(inventory_path: Path) -> dict[str, str]:
    """{variable: what `secretguard rotate` does for it} for the variables it can rotate by itself (the
    secret half of an IAM key pair also covers its access key id)."""
    inventory = load_inventory(inventory_path)
    out: dict[str, str] = {}
    for var in inventory.variables:
        spec, key_id = rotation_of(inventory, var)
        if spec.kind == "generate":
            out[var.name] = "secretguard rotate: generates and stores a new value"
        elif spec.kind == "aws-iam-access-key":
            text = "secretguard rotate: new IAM access key, stored, verified with STS, old key retired"
            out[var.name] = text
            if key_id:
                out[key_id] = text
    return out
