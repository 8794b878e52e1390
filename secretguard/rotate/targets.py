"""What to rotate: the live entries of a plan, or variables named on the command line, each with how
(`generate` or `aws-iam-access-key`, from the inventory's `rotation:`), and which environment."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secretguard.errors import ConfigError, InputError
from secretguard.inventory.model import Inventory, RotationSpec, Variable
from secretguard.inventory.rotation import rotation_of
from secretguard.safe_read import RefusedInput, read_regular_file

# A plan (`plan --format json`) is read as a regular file of at most this size: never a FIFO or a device.
MAX_PLAN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Target:
    environment: str
    variable: str  # the secret half
    spec: RotationSpec
    key_id_variable: str | None = None  # IAM: the access key id's variable
    leaked_hash: str | None = None  # from a plan: act only while the store still holds this value
    leaked_variable: str | None = None  # which of the variables holds the leaked value
    reason: str = "asked on the command line"

    @property
    def ident(self) -> str:
        return f"{self.environment}/{self.variable}"

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def variables(self) -> list[str]:
        return [self.key_id_variable, self.variable] if self.key_id_variable else [self.variable]


@dataclass(frozen=True, slots=True)
class Manual:
    """A live credential the tool will not rotate itself, and why."""

    environment: str
    variable: str
    reason: str


def _secret_half(inventory: Inventory, name: str) -> Variable | None:
    """The variable to rotate for `name`: itself, or the IAM secret whose key id `name` holds."""
    var = inventory.variable(name)
    if var is None:
        return None
    for other in inventory.variables:
        if other.name == name:
            continue
        spec, key_id = rotation_of(inventory, other)
        if spec.kind == "aws-iam-access-key" and key_id == name:
            return other
    return var


def from_plan(
    plan_file: Path, inventory: Inventory, environments: Sequence[str]
) -> tuple[list[Target], list[Manual]]:
    """Targets for the plan's live entries, in the plan's order."""
    try:
        entries = json.loads(
            read_regular_file(plan_file, roots=None, max_bytes=MAX_PLAN_BYTES).decode("utf-8")
        )
    except RefusedInput as exc:
        raise InputError(f"cannot read the plan {plan_file}: {exc.reason}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the plan {plan_file}: {exc}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(f"{plan_file} is not the JSON output of `secretguard plan --format json`")
    targets: list[Target] = []
    manual: list[Manual] = []
    seen: set[tuple[str, str]] = set()
    for entry in sorted(entries, key=lambda e: int(e.get("rank") or 0)):
        if entry.get("live") is not True:
            continue
        envs = [e for e in _strings(entry.get("environments")) if not environments or e in environments]
        for name in _strings(entry.get("variables")):
            var = _secret_half(inventory, name)
            for env in envs:
                if var is None:
                    manual.append(Manual(env, name, "not in the inventory"))
                    continue
                spec, key_id = rotation_of(inventory, var)
                if (env, var.name) in seen:
                    continue
                seen.add((env, var.name))
                if spec.kind == "manual":
                    manual.append(Manual(env, var.name, "rotation is manual: follow the plan's steps"))
                    continue
                targets.append(
                    Target(
                        env,
                        var.name,
                        spec,
                        key_id,
                        leaked_hash=_value_hash(entry),
                        leaked_variable=name,
                        reason=f"plan rank {entry.get('rank')}: {entry.get('title') or entry.get('rule_id')}",
                    )
                )
    return targets, manual


def from_names(inventory: Inventory, names: Sequence[str], environments: Sequence[str]) -> list[Target]:
    targets: list[Target] = []
    for name in names:
        var = _secret_half(inventory, name)
        if var is None:
            raise ConfigError(f"variable {name} is not in the inventory")
        spec, key_id = rotation_of(inventory, var)
        if spec.kind == "manual":
            raise ConfigError(
                f"variable {var.name} has no automatic rotation",
                hint="mark it `rotation: generate` (app-generated) or `rotation: aws-iam-access-key`",
            )
        targets += [Target(env, var.name, spec, key_id) for env in environments]
    return targets


def _value_hash(entry: dict[str, Any]) -> str | None:
    """The leaked value's hash; None for entries about a stored value itself (stale, weak, reused secrets
    from `inventory check`), which are rotated once whatever the value."""
    value = entry.get("secret_hash")
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    return None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
