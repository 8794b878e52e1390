"""Snapshots record names and value hashes (never values); diff catches a deploy that wiped or changed one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliRunner
from tests.servers import Bao, Moto, planted


def test_snapshot_and_diff(cli: CliRunner, vault_env: Bao, aws_env: Moto, uid: str, tmp_path: Path) -> None:
    values = {n: planted(n) for n in ("A", "B", "C", "D")}
    kv = vault_env.client().secrets.kv.v2
    kv.create_or_update_secret(
        path=f"{uid}/p", mount_point="secret", secret={"A_TOKEN": values["A"], "B_TOKEN": values["B"]}
    )
    ssm = aws_env.client("ssm")
    ssm.put_parameter(Name=f"/{uid}/p/C_TOKEN", Value=values["C"], Type="SecureString")
    inv = tmp_path / "secretguard.inventory.yaml"
    inv.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "environments": {
                    "production": {
                        "stores": [
                            {"vault": {"mount": "secret", "path": f"{uid}/p"}},
                            {"ssm": {"path": f"/{uid}/p/"}},
                        ]
                    }
                },
                "variables": [{"name": n, "secret": True} for n in ("A_TOKEN", "B_TOKEN", "C_TOKEN")],
            }
        ),
        encoding="utf-8",
    )
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    run = cli("inventory", "snapshot", "-i", inv, "--env", "production", "-o", before)
    assert run.code == 0, run.err

    # The deploy: B wiped, C changed, D added.
    kv.create_or_update_secret(
        path=f"{uid}/p", mount_point="secret", secret={"A_TOKEN": values["A"], "D_TOKEN": values["D"]}
    )
    ssm.put_parameter(Name=f"/{uid}/p/C_TOKEN", Value=planted("C2"), Type="SecureString", Overwrite=True)
    assert cli("inventory", "snapshot", "-i", inv, "--env", "production", "-o", after).code == 0
    for path in (before, after):
        text = path.read_text(encoding="utf-8")
        assert not any(v in text for v in values.values())

    out = tmp_path / "diff.json"
    run = cli("inventory", "diff", before, after, "--format", "json", "-o", out)
    assert run.code == 1
    diff = json.loads(out.read_text(encoding="utf-8"))
    vault, ssm_label = f"vault:secret/{uid}/p", f"ssm:/{uid}/p/"
    assert diff["removed"] == [{"store": vault, "key": "B_TOKEN"}]
    assert diff["changed"] == [{"store": ssm_label, "key": "C_TOKEN"}]
    assert diff["added"] == [{"store": vault, "key": "D_TOKEN"}]
    shown = cli("inventory", "diff", before, after)
    assert "- removed" in shown.out
    assert "B_TOKEN" in shown.out
    assert cli("inventory", "diff", before, before).code == 0


def test_diff_rejects_other_files(cli: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text("[]", encoding="utf-8")
    run = cli("inventory", "diff", bogus, bogus)
    assert run.code == 2
    assert "not a secretguard inventory snapshot" in run.err


def test_snapshots_hashed_differently_are_not_compared() -> None:
    from secretguard.inventory.model import InventoryError
    from secretguard.inventory.snapshot import diff_snapshots

    old = {
        "format": "secretguard-inventory-snapshot",
        "version": 1,
        "stores": {"s": {"keys": {"A": {"hash": "1"}}}},
    }
    new = {**old, "version": 2, "hashes": {"scheme": "scrypt-n1024-r8-p1", "key_id": "none"}}
    with pytest.raises(InventoryError, match="hash values differently"):
        diff_snapshots(old, new)
    assert diff_snapshots(new, new)["changed"] == []
