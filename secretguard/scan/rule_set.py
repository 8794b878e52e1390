"""Rule lists as the runner assembles them, for validated rules (scan/rules.py) and for the cache's records
(scan/rule_cache.py) alike: nothing here imports pydantic, RE2 or YAML."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from secretguard.errors import RuleError

if TYPE_CHECKING:
    from secretguard.scan.rules import Rule

R = TypeVar("R", bound="Rule")


def capture_groups(secret_group: int | list[int] | None, group_count: int) -> tuple[int, ...]:
    """Capture groups that may hold the secret, in order of preference (`Rule.groups`)."""
    if isinstance(secret_group, list):
        return tuple(secret_group)
    if secret_group is not None:
        return (secret_group,)
    return (1,) if group_count else (0,)


def check_unique(rules: Sequence[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id!r} is defined twice ({seen[rule.id]} and {rule.origin})")
        seen[rule.id] = rule.origin


def merge(base: Iterable[R], override: Iterable[R]) -> list[R]:
    """Rules from `override` replace same-id rules in `base`; new ones are appended."""
    merged = {rule.id: rule for rule in base}
    for rule in override:
        merged[rule.id] = rule
    return list(merged.values())
