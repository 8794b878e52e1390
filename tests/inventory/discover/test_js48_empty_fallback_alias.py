"""`(env || {}).X` on an alias of the environment (a parameter defaulting to `process.env`) reads X."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_an_alias_or_an_empty_object(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/tenants.js": """
                export function isTenancyEnabled(env = process.env) {
                  return (env || {}).MULTITENANCY === 'true';
                }
                export function cap(env = process.env) {
                  return Number((env ?? {}).NOTIFICATION_TRAY_MAX_PER_USER) || 100;
                }
            """,
        },
    )
    assert found["MULTITENANCY"].scope == "runtime"
    assert "NOTIFICATION_TRAY_MAX_PER_USER" in found
