"""The values `scan bundle --inventory` searches for: the environment's active secret variables, read from its
real stores (dotenv files here), held only when the caller's `keep` accepts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.errors import InputError
from secretguard.inventory.stores.secret_values import current_secret_values

STRIPE = "sk_live_" + "Q7vZ2mX9pL4kR8tW1nB5cJ3h"  # made up for this test
SESSION = "Zq7Vb2Nm9Lk4Jh6Gf3Ds8Ap1"  # made up for this test


def _inventory(folder: Path) -> Path:
    (folder / ".env.production").write_text(
        f"STRIPE_SECRET_KEY={STRIPE}\nSITE_NAME=example-site-name\nOLD_TOKEN={SESSION}\n"
        "UNDECLARED_SECRET=Xk9wq2Lp7Xk9wq2Lp7\n"
    )
    (folder / ".env.staging").write_text(f"SESSION_SECRET={SESSION}\n")
    path = folder / "secretguard.inventory.yaml"
    path.write_text(
        "version: 1\n"
        "environments:\n"
        "  production: {stores: [{dotenv: {file: .env.production}}]}\n"
        "  staging: {stores: [{dotenv: {file: .env.staging}}, {dotenv: {file: .env.missing}}]}\n"
        "variables:\n"
        "  - {name: STRIPE_SECRET_KEY, secret: true, required: [production]}\n"
        "  - {name: SESSION_SECRET, secret: true, required: [staging]}\n"
        "  - {name: SITE_NAME, secret: false, required: [production]}\n"
        "  - {name: OLD_TOKEN, secret: true, status: vanished}\n"
    )
    return path


def test_only_active_secret_variables_of_the_environment_are_held(tmp_path: Path) -> None:
    held, problems = current_secret_values(_inventory(tmp_path), "production", lambda _value: True)
    # Not SITE_NAME (not secret), OLD_TOKEN (vanished), UNDECLARED_SECRET (not in the inventory).
    assert held == {"STRIPE_SECRET_KEY": STRIPE}
    assert problems == []


def test_keep_decides_which_values_are_held(tmp_path: Path) -> None:
    asked: list[str] = []

    def keep(value: str) -> bool:
        asked.append(value)
        return False

    held, _ = current_secret_values(_inventory(tmp_path), "production", keep)
    assert held == {}
    assert asked == [STRIPE]  # asked about the secret variables only


def test_a_store_that_cannot_be_read_is_named_and_the_others_still_held(tmp_path: Path) -> None:
    held, problems = current_secret_values(_inventory(tmp_path), "staging", lambda _value: True)
    assert held == {"SESSION_SECRET": SESSION}
    assert problems == ["dotenv:.env.missing: dotenv file .env.missing not found"]


def test_an_environment_not_in_the_inventory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"environment 'qa' is not in the inventory .* \(known: production, "
    ):
        current_secret_values(_inventory(tmp_path), "qa", lambda _value: True)
