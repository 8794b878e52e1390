"""What `secretguard rotate` did or would do: a line per rotation (text) or the JSON document.

The rotation types are described by what is printed of them (Protocols), so this module does not import
the store clients the rotate package brings in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol


class RotationTarget(Protocol):
    @property
    def ident(self) -> str: ...
    @property
    def kind(self) -> str: ...


class RotationOutcome(Protocol):
    @property
    def target(self) -> RotationTarget: ...
    @property
    def state(self) -> str: ...
    @property
    def place(self) -> str | None: ...
    @property
    def actions(self) -> Sequence[str]: ...
    @property
    def detail(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...


class ManualRotation(Protocol):
    @property
    def environment(self) -> str: ...
    @property
    def variable(self) -> str: ...
    @property
    def reason(self) -> str: ...


def rotation_json(
    outcomes: Sequence[RotationOutcome], manual: Sequence[ManualRotation], *, applied: bool, journal: Path
) -> str:
    data = {
        "applied": applied,
        "journal": str(journal),
        "rotations": [o.to_dict() for o in outcomes],
        "manual": [
            {"environment": m.environment, "variable": m.variable, "reason": m.reason} for m in manual
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def rotation_text(
    outcomes: Sequence[RotationOutcome], manual: Sequence[ManualRotation], *, applied: bool, journal: Path
) -> str:
    lines = [f"secretguard rotate ({'applied' if applied else 'dry run: nothing changed, --apply to act'})"]
    for outcome in outcomes:
        head = f"{outcome.state.upper():9} {outcome.target.ident} [{outcome.target.kind}]"
        lines.append(f"{head} {outcome.place or ''}".rstrip())
        lines += [f"          - {a}" for a in outcome.actions]
        if outcome.detail:
            lines.append(f"          {outcome.detail}")
    lines += [f"MANUAL    {m.environment}/{m.variable}: {m.reason}" for m in manual]
    lines.append(f"journal: {journal}")
    return "\n".join(lines) + "\n"
