"""How a variable is rotated, as the inventory says: read by `rotate` (to act) and by `plan` (to say it can).

Kept here, in the inventory package, so that the plan step does not import the rotate step.
"""

from __future__ import annotations

from secretguard.errors import ConfigError
from secretguard.inventory.model import Inventory, RotationSpec, Variable

IAM_SECRET_SUFFIX = "SECRET_ACCESS_KEY"  # noqa: S105 - a name suffix
IAM_ID_SUFFIX = "ACCESS_KEY_ID"


def rotation_of(inventory: Inventory, var: Variable) -> tuple[RotationSpec, str | None]:
    """The variable's rotation, with the IAM key id's variable; an unmarked `..._SECRET_ACCESS_KEY` with an
    `..._ACCESS_KEY_ID` sibling in the inventory is taken for an IAM access key."""
    spec = var.rotation
    if spec is None and var.name.upper().endswith(IAM_SECRET_SUFFIX):
        sibling = var.name[: -len(IAM_SECRET_SUFFIX)] + IAM_ID_SUFFIX
        if inventory.variable(sibling) is not None:
            spec = RotationSpec(kind="aws-iam-access-key", key_id_variable=sibling)
    spec = spec or RotationSpec()
    if spec.kind != "aws-iam-access-key":
        return spec, None
    key_id = spec.key_id_variable or var.name[: -len(IAM_SECRET_SUFFIX)] + IAM_ID_SUFFIX
    if inventory.variable(key_id) is None:
        raise ConfigError(
            f"variable {var.name}: the IAM key id variable {key_id} is not in the inventory",
            hint="set `rotation: {kind: aws-iam-access-key, key_id_variable: NAME}`",
        )
    return spec, key_id
