"""Constructs blind round 93 met: a library's env getters (`@silverhand/essentials`), a test image named by
its Dockerfile, a pytest plugin shipped in the package, and name labels (keysets, key counts, validators)."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import discovered, project


def test_silverhand_essentials_getters(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/core/src/env.ts": """
                import { assertEnv, getEnv, getEnvAsStringArray } from '@silverhand/essentials';

                export const poolSize = Number(getEnv('TENANT_POOL_SIZE', '100'));
                export const roles = getEnvAsStringArray('USER_DEFAULT_ROLE_NAMES');
                export const dbUrl = assertEnv('DB_URL');
            """,
        },
    )
    assert found["TENANT_POOL_SIZE"].default == "100"
    assert found["TENANT_POOL_SIZE"].optional
    assert "USER_DEFAULT_ROLE_NAMES" in found
    assert not found["DB_URL"].optional


def test_a_test_images_entrypoint_is_test(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "Dockerfile.integration": """
                FROM node:22
                COPY .scripts/integration/ /etc/app/.scripts/integration/
                ENTRYPOINT ["/etc/app/.scripts/integration/bootstrap.sh"]
            """,
            ".scripts/integration/bootstrap.sh": """
                #!/bin/sh
                nyc --temp-dir "${COVERAGE_TEMP_DIR:-./coverage/raw}" node server.js
            """,
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["COVERAGE_TEMP_DIR"] == "test"


def test_a_pytest_plugin_in_the_package_is_test(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "app/pytest_plugin.py": """
                import os
                import pytest

                @pytest.fixture(scope="session")
                def bindings_cfg():
                    return os.environ.get("API_HOST", "pulp")
            """,
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["API_HOST"] == "test"


def test_labels() -> None:
    assert secret_by_name("SERVER_ENCRYPTION_MASTER_KEYSET")
    assert secret_by_name("JWT_PRIVATE_KEYSET")
    assert not secret_by_name("ANALYTICS_AGGREGATE_MAX_KEYS")
    assert secret_by_name("API_KEYS")
    assert not secret_by_name("AUTH_PASSWORD_VALIDATORS")
