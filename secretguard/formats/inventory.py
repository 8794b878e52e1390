"""The listings of `inventory discover` (text, JSON, YAML) and `inventory check` (text, JSON).

The handover document (`inventory report`) is formats/handover.py; the exports are formats/exports.py.
Discovered variables are described by what is printed of them (a Protocol): discovery's own types stay
its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from secretguard.inventory.check import CheckResult


class DiscoveredListing(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def secret(self) -> bool: ...
    @property
    def optional(self) -> bool: ...
    @property
    def public(self) -> bool: ...
    @property
    def locations(self) -> Sequence[str]: ...
    def to_dict(self) -> dict[str, Any]: ...


def _discovered_text(variables: Sequence[DiscoveredListing]) -> str:
    """A variable per line with its scope and flags, then the places that read it, indented."""
    lines = []
    for var in variables:
        flags = [
            var.scope,
            "secret" if var.secret else "",
            "optional" if var.optional else "required",
            "public" if var.public else "",
        ]
        lines.append(f"{var.name}  ({', '.join(f for f in flags if f)})")
        lines.extend(f"    {loc}" for loc in var.locations)
    return "\n".join(lines) + ("\n" if lines else "")


def render_discovered(fmt: str, variables: Sequence[DiscoveredListing]) -> str:
    """`inventory discover --format text|json|yaml`."""
    if fmt == "json":
        return json.dumps([v.to_dict() for v in variables], indent=2) + "\n"
    if fmt == "yaml":
        import yaml  # noqa: PLC0415 - only for this format

        return yaml.safe_dump([v.to_dict() for v in variables], sort_keys=False, width=110)
    return _discovered_text(variables)


def render_check(fmt: str, results: Sequence[CheckResult]) -> str:
    """`inventory check --format text|json`: a line (or an object) per variable, environment and store."""
    if fmt == "json":
        return json.dumps([r.to_dict() for r in results], indent=2) + "\n"
    lines = [
        f"{r.environment:<12} {r.status:<26} {r.name:<40} {r.store or '-'}"
        + (f"  ({r.detail})" if r.detail and r.status != "ok" else "")
        for r in results
    ]
    return "\n".join(lines) + ("\n" if lines else "")
