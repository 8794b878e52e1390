"""Checking an inventory against its stores: inventory + store readings -> one result per problem.

Values are judged inside the stores through `Assessor` (hash, placeholder, format, weakness) and compared by
hash only; results carry names, places, statuses and metadata, never a value.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import unquote, urlsplit

from secretguard.inventory.model import FormatSpec, Inventory, InventoryError, Variable, has_public_prefix
from secretguard.inventory.stores import Clients, StoreLayout, environment_layout, read_all
from secretguard.inventory.stores.base import Missing, StoredValue, StoreReading, Unverified, ValueFacts
from secretguard.scan.assignment import is_weak_word
from secretguard.scan.filters import placeholder_reason, shannon_entropy
from secretguard.scan.finding import secret_hash

# A check result's `status` (the strings are the `status` field of `inventory check --format json`).
CheckStatus = Literal[
    "ok",
    "missing",
    "empty",
    "placeholder",
    "invalid_format",
    "weak",
    "stale",
    "insecure_storage",
    "public_prefix",
    "reused_across_environments",
    "undeclared",
    "unverified",
]
STATUSES: tuple[CheckStatus, ...] = get_args(CheckStatus)
MIN_SECRET_LENGTH = 12
MIN_SECRET_ENTROPY = 3.0  # bits per character, for secrets of at least 16 characters
# Values that stand for "fill me in" in any variable, and more that no real secret would be.
_PLACEHOLDERS = frozenset(
    """
    changeme change_me change-me todo tbd fixme xxx xxxx xxxxx replaceme replace_me replace-me
    your_key your-key
    yourkey tochange to_change set_me setme fill_me fillme
    """.split()
)
_SECRET_PLACEHOLDERS = _PLACEHOLDERS | frozenset(
    "placeholder dummy example sample fake none null nil undefined secret password test".split()
)


# A value in a template language, anywhere in a URL: `postgres://app:${DB_PASSWORD}@db/x`, `{{ .Values.x }}`.
_TEMPLATE_PARTS = ("${", "{{", "%(", "<", ">")


@dataclass(frozen=True, slots=True)
class _Url:
    host: str
    rest: str  # the URL without its host and password: scheme, user, path, query
    password: str | None  # from the userinfo (`scheme://user:password@host`), decoded


def _url(value: str) -> _Url | None:
    """The parts of `scheme://[user[:password]@]host/...` that judgement looks at; None for anything else."""
    stripped = value.strip()
    scheme, sep, rest = stripped.partition("://")
    if not sep or not scheme or not (scheme[0].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme)):
        return None
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return _Url(host, f"{scheme}://{user}{at}{tail}", unquote(password) if at and colon else None)


def _placeholder(value: str, secret: bool) -> str | None:
    """Why a value stands for "fill me in" rather than a real setting, or None.

    A URL is judged by its password when it has one (`postgres://app:changeme@db/x` is a placeholder,
    `postgres://app:<strong>@db.example.com/x` is not), otherwise by its user, path and query. Its host
    counts only when it is a fill-me-in word (`your-db-host`, `changeme`): a host under `example` may be a
    real machine (`db.example-corp.internal`) and says nothing about the credential."""
    url = _url(value)
    if url is None:
        return _plain_placeholder(value, secret)
    if any(part in value for part in _TEMPLATE_PARTS):
        return "a URL with a template placeholder"
    if _plain_placeholder(url.host, False):
        return "a URL with a placeholder host"
    if url.password is None:
        return _plain_placeholder(url.rest, secret)
    found = _plain_placeholder(url.password, True)
    return f"a URL whose password is {found}" if found else None


def _plain_placeholder(value: str, secret: bool) -> str | None:
    stripped = value.strip().strip("'\"")
    lowered = stripped.lower()
    if lowered in (_SECRET_PLACEHOLDERS if secret else _PLACEHOLDERS):
        return "a placeholder word"
    if len(stripped) >= 2 and stripped[0] == "<" and stripped[-1] == ">":
        return "an angle-bracket placeholder"
    if secret and placeholder_reason(stripped):
        return "a placeholder or example value"
    if any(
        w in lowered for w in ("changeme", "change_me", "replace_me", "your_", "your-")
    ) or lowered.startswith("todo"):
        return "a placeholder"
    return None


def _format_error(fmt: FormatSpec, value: str) -> str | None:
    """Which expectation the value fails, as a predicate of "the value" ("is not an integer", "does not
    match the expected pattern"). Never quotes the value."""
    import re2  # noqa: PLC0415

    if fmt.min_length is not None and len(value) < fmt.min_length:
        return f"is shorter than {fmt.min_length} characters"
    if fmt.max_length is not None and len(value) > fmt.max_length:
        return f"is longer than {fmt.max_length} characters"
    if fmt.integer:
        try:
            int(value.strip())
        except ValueError:
            return "is not an integer"
    if fmt.boolean and value.strip().lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        return "is not a boolean"
    if fmt.url:
        parts = urlsplit(value.strip())
        if not parts.scheme or not (parts.netloc or parts.scheme in ("file", "sqlite")):
            return "is not a URL"
    if fmt.enum is not None and value not in fmt.enum:
        shown = ", ".join(fmt.enum[:10]) + (", ..." if len(fmt.enum) > 10 else "")
        return f"is not one of: {shown}"
    if fmt.regex is not None and not re2.search(fmt.regex, value):
        return "does not match the expected pattern"
    return None


def _weak(value: str) -> str | None:
    if is_weak_word(value):
        return "a common word"
    if len(value) < MIN_SECRET_LENGTH:
        return f"short ({len(value)} characters; at least {MIN_SECRET_LENGTH} expected)"
    if len(value) >= 16 and shannon_entropy(value) < MIN_SECRET_ENTROPY:
        return "low entropy (repetitive or predictable)"
    if len(set(value)) <= 3:
        return "low entropy (repetitive or predictable)"
    return None


class Assessor:
    """Judges a value while its store holds it; only the facts leave."""

    def __init__(self, inventory: Inventory) -> None:
        self.variables = {v.name: v for v in inventory.variables}

    def __call__(self, name: str, value: str) -> ValueFacts:
        var = self.variables.get(name)
        empty = not value.strip()
        facts = ValueFacts(hash=secret_hash(value), length=len(value), empty=empty)
        if empty or var is None:
            return facts
        secret = var.holds_secret
        placeholder = _placeholder(value, secret)
        if placeholder:
            return ValueFacts(facts.hash, facts.length, placeholder=placeholder)
        format_error = _format_error(var.format, value) if var.format is not None else None
        weak = None
        if secret:
            url = _url(value)
            if url is None or url.password is None:
                weak = _weak(value)
            else:  # a URL is as strong as its password
                found = _weak(url.password)
                weak = f"a URL whose password is {found}" if found else None
        return ValueFacts(facts.hash, facts.length, weak=weak, format_error=format_error)


@dataclass
class CheckResult:
    name: str
    environment: str
    store: str | None
    status: CheckStatus
    detail: str = ""
    where: str | None = None
    last_changed: datetime | None = None
    rotation_due: date | None = None
    secret: bool = False
    # Whether a value was found: False for `missing` and for an optional variable no store holds (`where`
    # is then None: the places searched are in `detail`); None when the store could not be read.
    found: bool | None = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "environment": self.environment,
            "store": self.store,
            "status": self.status,
            "detail": self.detail,
            "where": self.where,
            "found": self.found,
            "secret": self.secret,
            "last_changed": self.last_changed.isoformat() if self.last_changed else None,
            "rotation_due": self.rotation_due.isoformat() if self.rotation_due else None,
        }


@dataclass
class StoreProblem:
    environment: str
    store: str
    reason: str
    variables: int


@dataclass
class CheckReport:
    results: list[CheckResult] = field(default_factory=list)
    problems: list[StoreProblem] = field(default_factory=list)  # stores that could not be read
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per environment/store read time

    @property
    def clean(self) -> bool:
        return all(r.status == "ok" for r in self.results)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for result in self.results:
            out[result.status] = out.get(result.status, 0) + 1
        return out


def _locate(
    var: Variable, layout: StoreLayout, readings: dict[str, StoreReading]
) -> tuple[str | None, StoredValue | None, str | None, list[str]]:
    """(store label, value, unverified reason, places searched in vain) for the first store in the chain
    that has it."""
    unverified: tuple[str, str] | None = None
    searched: list[str] = []
    for label in layout.chain.get(var.name, []):
        reading = readings.get(label)
        outcome = reading.values.get(var.name) if reading is not None else None
        if isinstance(outcome, StoredValue):
            return label, outcome, None, searched
        if isinstance(outcome, Unverified) and unverified is None:
            unverified = (label, outcome.reason)
        if isinstance(outcome, Missing):
            fetch = layout.fetches.get(label)
            key = fetch.keys.get(var.name, var.name) if fetch is not None else var.name
            place = label if key == var.name else f"{label} as {key}"
            searched.append(f"{place} ({outcome.detail})" if outcome.detail else place)
    if unverified is not None:
        return unverified[0], None, unverified[1], searched
    chain = layout.chain.get(var.name) or []
    return (chain[0] if chain else None), None, None, searched


def run_check(
    inventory: Inventory,
    base_dir: Path,
    environments: Iterable[str] | None = None,
    *,
    now: datetime | None = None,
    clients: Clients | None = None,
) -> CheckReport:
    now = now or datetime.now(UTC)
    wanted = list(environments) if environments is not None else list(inventory.environments)
    for env in wanted:
        if env not in inventory.environments:
            known = ", ".join(inventory.environments) or "none"
            raise InventoryError(f"environment {env!r} is not in the inventory (known: {known})")
    clients = clients or Clients()
    assess = Assessor(inventory)
    # Every environment is read: `reused_across_environments` compares against all of them.
    layouts = {env: environment_layout(inventory, env, base_dir, clients) for env in inventory.environments}
    readings = read_all(layouts.values(), assess)
    report = CheckReport()
    for (env, label), reading in readings.items():
        report.seconds[f"{env} {label}"] = round(reading.seconds, 3)
        if reading.error and env not in wanted:
            report.notes.append(
                f"could not read {label} of environment {env} ({reading.error}): "
                "the comparison of values across environments is incomplete"
            )
    hashes = _secret_hashes(inventory, layouts, readings)
    for env in wanted:
        layout = layouts[env]
        env_readings = {label: r for (e, label), r in readings.items() if e == env}
        for label, reading in env_readings.items():
            if reading.error:
                report.problems.append(
                    StoreProblem(env, label, reading.error, len(layout.fetches[label].keys))
                )
        declared = {v.name for v in inventory.variables}
        for var in inventory.variables:
            if var.status != "active":
                continue
            report.results.extend(_check_variable(var, env, layout, env_readings, hashes, now))
        for label, reading in env_readings.items():
            if not layout.fetches[label].listed or not reading.extra:
                continue
            for key, stored in sorted(reading.extra.items()):
                if key in declared or any(fnmatch.fnmatchcase(key, g) for g in layout.ignore_undeclared):
                    continue
                report.results.append(
                    CheckResult(
                        key,
                        env,
                        label,
                        "undeclared",
                        "present in the store but not declared in the inventory",
                        stored.where,
                        stored.last_changed,
                    )
                )
    return report


def _secret_hashes(
    inventory: Inventory, layouts: dict[str, StoreLayout], readings: dict[tuple[str, str], StoreReading]
) -> dict[str, dict[str, list[str]]]:
    """{environment: {value hash: [variable names]}} for the secret values each environment resolves to."""
    out: dict[str, dict[str, list[str]]] = {}
    for env, layout in layouts.items():
        env_readings = {label: r for (e, label), r in readings.items() if e == env}
        table: dict[str, list[str]] = {}
        for var in inventory.variables:
            if var.status != "active" or not var.holds_secret:
                continue
            _, stored, _, _ = _locate(var, layout, env_readings)
            if stored is None or stored.facts.empty or stored.facts.placeholder:
                continue
            table.setdefault(stored.facts.hash, []).append(var.name)
        out[env] = table
    return out


def _check_variable(
    var: Variable,
    env: str,
    layout: StoreLayout,
    readings: dict[str, StoreReading],
    hashes: dict[str, dict[str, list[str]]],
    now: datetime,
) -> list[CheckResult]:
    label, stored, unverified, searched = _locate(var, layout, readings)
    secret = var.holds_secret  # an identifier (`AWS_ACCESS_KEY_ID`) is judged as what it is, not a secret

    def result(status: CheckStatus, detail: str = "") -> CheckResult:
        last = stored.last_changed if stored is not None else None
        due = (
            (last + timedelta(days=var.rotation_days)).date()
            if last is not None and var.rotation_days
            else None
        )
        return CheckResult(
            var.name,
            env,
            label,
            status,
            detail,
            stored.where if stored else None,
            last,
            due,
            secret,
            True if stored is not None else (None if unverified is not None else False),
        )

    out: list[CheckResult] = []
    prefix = has_public_prefix(var.name)
    if secret and prefix and not var.public:
        out.append(
            result(
                "public_prefix",
                f"a secret named with the public bundler prefix {prefix}: bundlers inline "
                "it into client code",
            )
        )
    if unverified is not None:
        return [result("unverified", unverified), *out]
    if stored is None:
        places = ", ".join(searched or layout.chain.get(var.name, [])) or "no store"
        if var.required_in(env):
            return [result("missing", f"required in {env}, looked for in: {places}"), *out]
        return out or [result("ok", f"optional in {env}, so not being set is fine; looked for in: {places}")]
    facts = stored.facts
    if facts.empty:
        out.append(result("empty", "the value is empty"))
    elif facts.placeholder:
        out.append(result("placeholder", f"the value is {facts.placeholder}"))
    else:
        if facts.format_error:
            out.append(result("invalid_format", f"the value {facts.format_error}"))
        if facts.weak:
            out.append(result("weak", f"the secret is {facts.weak}"))
        if secret:
            others = [
                f"{name} in {other}"
                for other, table in sorted(hashes.items())
                if other != env
                for name in table.get(facts.hash, [])
            ]
            if others:
                out.append(result("reused_across_environments", f"same value as {', '.join(others)}"))
    if var.rotation_days and stored.last_changed is not None:
        age = now - stored.last_changed
        if age > timedelta(days=var.rotation_days):
            note = f"; {stored.detail}" if stored.detail else ""
            out.append(
                result(
                    "stale",
                    f"last changed {age.days} days ago; rotation period {var.rotation_days} days{note}",
                )
            )
    if secret and stored.value_type in ("String", "StringList"):
        out.append(
            result(
                "insecure_storage",
                f"a secret stored as an SSM {stored.value_type} parameter, not "
                "SecureString (not encrypted with KMS)",
            )
        )
    return out or [result("ok", stored.detail)]


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _found_before(status: str, detail: str) -> bool | None:
    """`found` for results saved before it was written: their `where` named the place searched even when
    nothing was there."""
    if status == "unverified":
        return None
    return not (status == "missing" or (status == "ok" and detail.startswith(("not set", "optional in"))))


def results_from_json(data: Any, source: str) -> CheckReport:
    """A saved `check --format json` output, for reports made without reading the stores again."""
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InventoryError(f"{source} is not the JSON output of `secretguard inventory check`")
    report = CheckReport()
    for item in data:
        status = item.get("status")
        if status not in STATUSES or not isinstance(item.get("name"), str):
            raise InventoryError(f"{source}: unexpected result entry (status {status!r})")
        due = item.get("rotation_due")
        try:
            rotation_due = date.fromisoformat(due) if isinstance(due, str) else None
        except ValueError:
            rotation_due = None
        detail = str(item.get("detail") or "")
        found = item.get("found", _found_before(status, detail))
        report.results.append(
            CheckResult(
                item["name"],
                str(item.get("environment")),
                item.get("store"),
                status,
                detail,
                item.get("where") if found else None,
                _parse_time(item.get("last_changed")),
                rotation_due,
                bool(item.get("secret")),
                found if isinstance(found, bool) else None,
            )
        )
        if status == "unverified" and item.get("store"):
            problem = StoreProblem(
                str(item.get("environment")), str(item["store"]), str(item.get("detail")), 0
            )
            if not any(
                p.store == problem.store and p.environment == problem.environment for p in report.problems
            ):
                report.problems.append(problem)
    return report
