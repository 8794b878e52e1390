"""A cache of the validated built-in rules, keyed by the rule files' content, read back without pydantic.

Parsing the shipped YAML and validating ~300 rules with pydantic costs about 250 ms, and even unpickling the
validated models costs importing pydantic and building the rule models (~70 ms), most of the pre-commit
hook's budget. So the validated rules are stored as plain values (each rule's `model_dump()` and the
capture-group count its validation computed: only dicts, tuples, lists, strings and numbers) and read back
as `RuleRecord`s, which have every attribute of `Rule` and its `groups`; the engine, the matcher and the
reports read rules only through those. The cache sits next to the Hyperscan database cache
(`$SECRETGUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/secretguard`, else `~/.cache/secretguard`) under a key made
of the rule files' names and bytes, the source of scan/rules.py (the model and its validators) and the
versions of secretguard and Python: any edit to a rule file or to the model, or an upgrade, makes a new
key. A missing, stale or unreadable cache only costs a normal load, whose result is stored and returned as
records too, so every run sees the same kind of rule.

Use `builtin_rules_cached()` where `rules.builtin_rules()` is called.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import secretguard
from secretguard.cache import cache_dir, write_atomic
from secretguard.scan.rule_set import capture_groups

if TYPE_CHECKING:
    from secretguard.scan.rules import Rule

CACHE_VERSION = 2
KEEP = 4
_BUILTIN = Path(secretguard.__file__).parent / "rules"
_MODEL_SOURCE = Path(__file__).with_name("rules.py")
# Nested models of a rule, read back as namespaces with the same attributes.
_NESTED = ("allowlist", "examples")


class RuleRecord:
    """A validated rule read back from the cache: the attributes of `Rule` (see scan/rules.py for each
    field) and its `groups`. A copy with a few attributes changed (engine._with) is `copy.copy` plus an
    update of `__dict__`."""

    id: str
    origin: str
    secret_group: int | list[int] | None
    _group_count: int

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    @property
    def groups(self) -> tuple[int, ...]:
        """Capture groups that may hold the secret, in order of preference."""
        return capture_groups(self.secret_group, self._group_count)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleRecord) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"RuleRecord(id={self.id!r}, origin={self.origin!r})"

    def __copy__(self) -> RuleRecord:
        return RuleRecord(dict(self.__dict__))


def plain(rule: Rule) -> dict[str, Any]:
    """A validated rule as the cache stores it."""
    values = rule.model_dump()
    values["_group_count"] = rule._group_count  # set by the rule's own validation
    return values


def record(values: dict[str, Any]) -> RuleRecord:
    """A stored rule as the engine reads it."""
    values = dict(values)
    for name in _NESTED:
        values[name] = SimpleNamespace(**values[name])
    return RuleRecord(values)


def builtin_key() -> str:
    """Digest of everything the built-in rule list depends on."""
    digest = hashlib.sha256(
        f"rules-v{CACHE_VERSION} {secretguard.__version__} {sys.version_info[:2]}".encode()
    )
    for path in [_MODEL_SOURCE, *sorted(p for p in _BUILTIN.iterdir() if p.name.endswith(".yaml"))]:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def builtin_rules_cached() -> list[Rule]:
    """`rules.builtin_rules()`, from the cache when the rule files have not changed, as `RuleRecord`s."""
    try:
        path: Path | None = cache_dir() / f"rules-{builtin_key()}.pickle"
    except OSError:
        path = None
    stored = _read(path) if path is not None else None
    if stored is None:
        from secretguard.scan.rules import builtin_rules  # noqa: PLC0415 - pydantic, YAML: only to refill

        stored = [plain(rule) for rule in builtin_rules()]
        if path is not None:
            _store(path, stored)
    # Records stand in for the models: every reader takes rules by their attributes (see the docstring).
    return cast("list[Rule]", [record(values) for values in stored])


def _read(path: Path) -> list[dict[str, Any]] | None:
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    valid = isinstance(stored, list) and stored and all(_looks_stored(v) for v in stored)
    return stored if valid else None


def _looks_stored(values: object) -> bool:
    return (
        isinstance(values, dict)
        and isinstance(values.get("id"), str)
        and isinstance(values.get("_group_count"), int)
        and all(isinstance(values.get(name), dict) for name in _NESTED)
    )


def _store(path: Path, stored: list[dict[str, Any]]) -> None:
    # write_atomic ignores a read-only cache folder: the next run then loads the rules again.
    write_atomic(path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL), keep=("rules-*.pickle", KEEP))
