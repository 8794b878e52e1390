"""What every discoverer produces: reads of a variable at a place, and the variables they add up to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from secretguard.inventory.model import has_public_prefix, identifier_kind
from secretguard.scan.assignment import credential_name

# Names that hold a credential although their last word describes a location (`DATABASE_URL` carries the
# password; a Slack webhook URL is itself the secret).
_SECRET_SUFFIXES = (
    "DATABASE_URL",
    "DB_URL",
    "DATABASE_URI",
    "DB_URI",
    "CONNECTION_STRING",
    "CONN_STRING",
    "CONNECTION_URI",
    "WEBHOOK_URL",
    "MONGODB_URI",
    "SECRET_KEY_BASE",
)


@dataclass(frozen=True, slots=True)
class Read:
    """One place that reads or declares an environment variable."""

    name: str
    file: str
    line: int
    optional: bool  # a default is given here (or the code handles absence explicitly)
    source: str  # what found it: python, javascript, go, dockerfile-env, k8s-secretKeyRef, github-secret...
    secret_hint: bool = False  # how it is used says it is a secret (secretKeyRef, secrets.X, SecretStr)
    default: str | None = None  # the literal default given here (`os.getenv("X", "info")`), as a string


@dataclass(slots=True)
class Note:
    """Something discovery saw but could not resolve to names (an envFrom of an unknown Secret...)."""

    file: str
    line: int
    message: str


@dataclass(slots=True)
class DiscoveredVariable:
    name: str
    locations: list[str] = field(default_factory=list)
    optional: bool = True
    secret: bool = False
    public: bool = False
    sources: list[str] = field(default_factory=list)
    default: str | None = None  # the code's default, when the places agree (never for a secret)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "secret": self.secret,
            "optional": self.optional,
            "public": self.public,
            "default": self.default,
            "locations": list(self.locations),
            "sources": list(self.sources),
        }


def secret_by_name(name: str) -> bool:
    if identifier_kind(name) is not None:
        return False
    upper = name.upper()
    if upper.endswith(_SECRET_SUFFIXES):
        return True
    return credential_name(name)[0]


# Where a default comes from, most trusted first: the code itself, then images and compose files (what the
# container gets), then documentation (`.env.example`).
_CONFIG_SOURCES = ("dockerfile", "compose", "k8s", "github", "gitlab")
MAX_DEFAULT_LENGTH = 200


def _default_rank(source: str) -> int:
    if source == "env-example":
        return 2
    return 1 if source.startswith(_CONFIG_SOURCES) else 0


def usable_default(value: str | None) -> str | None:
    """A default worth writing down: one line, not too long, and carrying no credential (a URL with a
    password, `scheme://user:secret@host`)."""
    if value is None or len(value) > MAX_DEFAULT_LENGTH or "\n" in value or "\r" in value or "\0" in value:
        return None
    scheme, sep, rest = value.partition("://")
    if sep and scheme and "@" in rest.split("/", 1)[0]:
        return None
    return value


def _pick_default(reads: list[Read]) -> str | None:
    """The default of the most trusted kind of place; None when places of that kind disagree."""
    found = [(_default_rank(r.source), r.default) for r in reads if usable_default(r.default) is not None]
    if not found:
        return None
    best = min(rank for rank, _ in found)
    values = {value for rank, value in found if rank == best}
    return values.pop() if len(values) == 1 else None


def aggregate(reads: list[Read]) -> list[DiscoveredVariable]:
    """Group reads by name. A variable is optional only when every place gives it a default; it is a secret
    when its name says so or any place uses it as one, unless its name says it is an identifier
    (`AWS_ACCESS_KEY_ID`, `*_CLIENT_ID`, publishable keys: kept with secrets, not secret themselves). A
    default is recorded only for a variable that is neither."""
    by_name: dict[str, DiscoveredVariable] = {}
    by_name_reads: dict[str, list[Read]] = {}
    seen: set[tuple[str, str]] = set()
    for read in sorted(reads, key=lambda r: (r.name, r.file, r.line)):
        var = by_name.get(read.name)
        if var is None:
            var = by_name[read.name] = DiscoveredVariable(
                name=read.name,
                secret=secret_by_name(read.name),
                public=has_public_prefix(read.name) is not None,
            )
        by_name_reads.setdefault(read.name, []).append(read)
        where = f"{read.file}:{read.line}"
        if (read.name, where) not in seen:
            seen.add((read.name, where))
            var.locations.append(where)
        var.optional = var.optional and read.optional
        var.secret = var.secret or read.secret_hint
        if read.source not in var.sources:
            var.sources.append(read.source)
    for var in by_name.values():
        var.sources.sort()
        if identifier_kind(var.name) is not None:
            var.secret = False  # and no default either: an account's own key or client id
        elif not var.secret:
            var.default = _pick_default(by_name_reads[var.name])
    return [by_name[name] for name in sorted(by_name)]


def is_env_name(name: str) -> bool:
    """A plausible environment variable name: a letter or underscore, then letters, digits, underscores (dots
    and dashes are allowed by Kubernetes and some shells, so accepted after the first character)."""
    if not name or len(name) > 256 or not (name[0].isascii() and (name[0].isalpha() or name[0] == "_")):
        return False
    return all(ch.isascii() and (ch.isalnum() or ch in "_.-") for ch in name)
