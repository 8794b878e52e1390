"""The inventory schema: the documented shape, shorthands, and errors that name the key without quoting
values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from secretguard.inventory.model import InventoryError, dump_inventory, load_inventory, parse_inventory
from tests.helpers import settle

DOC_SHAPE = """
version: 1
environments:
  production:
    stores:
      - vault: {mount: secret, path: app/production}
      - ssm: {path: /app/production/}
      - secretsmanager: {secret_id: app/production}
  staging:
    stores:
      - dotenv: {file: .env.staging}
      - environ: {}
variables:
  - name: STRIPE_SECRET_KEY
    purpose: Charge customers
    owner: payments@example.com
    secret: true
    required: [production, staging]
    format: {regex: '^sk_(live|test)_'}
    rotation_days: 90
    provider: stripe
"""


def test_documented_shape_loads_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(DOC_SHAPE, encoding="utf-8")
    inv = load_inventory(path)
    prod = inv.environments["production"].stores
    assert [s.label() for s in prod] == [
        "vault:secret/app/production",
        "ssm:/app/production/",
        "secretsmanager:app/production",
    ]
    assert [s.label() for s in inv.environments["staging"].stores] == ["dotenv:.env.staging", "environ"]
    var = inv.variables[0]
    assert var.required_in("staging")
    assert var.rotation_days == 90
    path.write_text(dump_inventory(inv), encoding="utf-8")
    assert load_inventory(path) == inv


def test_shorthands() -> None:
    inv = parse_inventory(
        {
            "environments": {
                "dev": {"stores": ["environ", {"ssm": "/a"}, {"vault": "kv/app/dev"}, {"environ": None}]}
            },
            "variables": [
                {"name": "A", "format": "url", "storage": {"dev": "vault:kv/app/shared#OTHER"}},
                {"name": "B", "storage": {"dev": {"secretsmanager": "id#key"}}},
            ],
        }
    )
    stores = inv.environments["dev"].stores
    assert [s.label() for s in stores] == ["environ", "ssm:/a/", "vault:kv/app/dev", "environ"]
    a = inv.variables[0]
    assert a.format is not None
    assert a.format.url
    assert a.storage["dev"].vault is not None
    assert a.storage["dev"].vault.key == "OTHER"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"variables": [{"name": "A"}, {"name": "A"}]}, "declared twice"),
        ({"variables": [{"name": "A", "rotaton_days": 3}]}, "variables[0](A).rotaton_days"),
        ({"variables": [{"name": "A", "format": {"regex": "("}}]}, "invalid RE2 regex"),
        (
            {"environments": {"p": {"stores": [{"vault": {"path": "x"}, "ssm": {"path": "/y"}}]}}},
            "exactly one",
        ),
        ({"environments": {"p": {}}, "variables": [{"name": "A", "required": ["q"]}]}, "unknown environment"),
    ],
)
def test_errors_name_the_key(data: object, message: str) -> None:
    with pytest.raises(InventoryError) as info:
        parse_inventory(data)
    assert message in str(info.value)


def test_errors_never_quote_values() -> None:
    secret = "sk_live_PLANTEDabcdefghijklmnop"
    with pytest.raises(InventoryError) as info:
        parse_inventory({"variables": [{"name": "A", "rotation_days": secret, "owner": ["x"]}]})
    assert secret not in str(info.value)
    with pytest.raises(InventoryError) as info:
        parse_inventory({"variables": [{"name": f"A {secret}"}]})
    assert secret not in str(info.value)


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="not found"):
        load_inventory(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("variables: [\n", encoding="utf-8")
    with pytest.raises(InventoryError, match="not valid YAML"):
        load_inventory(bad)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_inventory_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "secretguard.inventory.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    error = settle(lambda: load_inventory(path), "loading the inventory")
    assert isinstance(error, InventoryError), error
    reason = "a FIFO" if kind == "fifo" else "a character device"
    assert error.message == f"cannot read inventory file {path}: not a regular file but {reason}"
