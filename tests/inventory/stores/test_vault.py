"""Vault/OpenBao specifics against the real dev server: KV v1 and v2 (detected from the mount), namespaces,
AppRole login, overrides to other secrets, and per-key last-change dates from KV v2 history."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from secretguard.inventory.model import VaultConnection
from secretguard.inventory.stores.base import StoredValue, plain_facts
from secretguard.inventory.stores.vault import VaultClients, VaultStore, parse_time
from tests.conftest import CliRunner
from tests.servers import Bao, planted


def run_check(
    cli: CliRunner, tmp_path: Path, stores: list[dict[str, Any]], variables: list[dict[str, Any]]
) -> tuple[int, list[dict[str, Any]], str]:
    inv = tmp_path / "secretguard.inventory.yaml"
    inv.write_text(
        yaml.safe_dump(
            {"version": 1, "environments": {"production": {"stores": stores}}, "variables": variables}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    run = cli("inventory", "check", "-i", inv, "--env", "production", "--format", "json", "-o", out)
    return run.code, json.loads(out.read_text(encoding="utf-8")), run.err


def test_kv_v1_detected(cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path) -> None:
    client = vault_env.client()
    client.sys.enable_secrets_engine("kv", path=f"kv1{uid}", options={"version": "1"})
    client.secrets.kv.v1.create_or_update_secret(
        path="app", mount_point=f"kv1{uid}", secret={"API_TOKEN": planted("V1")}
    )
    code, results, err = run_check(
        cli,
        tmp_path,
        [{"vault": {"mount": f"kv1{uid}", "path": "app"}}],
        [{"name": "API_TOKEN", "secret": True}],
    )
    assert code == 0, err
    assert results[0]["status"] == "ok"
    assert results[0]["last_changed"] is None


def test_namespace(
    cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_env.client().sys.create_namespace(path=uid)
    scoped = vault_env.client(namespace=uid)
    scoped.sys.enable_secrets_engine("kv", path="secret", options={"version": "2"})
    scoped.secrets.kv.v2.create_or_update_secret(
        path="app", mount_point="secret", secret={"NS_TOKEN": planted("N")}
    )
    variables = [{"name": "NS_TOKEN", "secret": True}]
    code, results, _ = run_check(
        cli, tmp_path, [{"vault": {"mount": "secret", "path": "app", "namespace": uid}}], variables
    )
    assert code == 0
    assert results[0]["status"] == "ok"
    assert results[0]["store"] == f"vault:secret/app (ns {uid})"
    # the same through VAULT_NAMESPACE
    monkeypatch.setenv("VAULT_NAMESPACE", uid)
    code, results, _ = run_check(cli, tmp_path, [{"vault": {"mount": "secret", "path": "app"}}], variables)
    assert code == 0
    assert results[0]["status"] == "ok"


def test_approle_login(
    cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = vault_env.client()
    client.secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/app", mount_point="secret", secret={"ROLE_TOKEN": planted("R")}
    )
    policy = (
        f'path "secret/data/{uid}/*" {{ capabilities = ["read"] }}\n'
        f'path "secret/metadata/{uid}/*" {{ capabilities = ["read"] }}\n'
    )
    client.sys.create_or_update_policy(name=uid, policy=policy)
    mount = f"approle{uid}"
    client.sys.enable_auth_method("approle", path=mount)
    client.auth.approle.create_or_update_approle(role_name="checker", token_policies=[uid], mount_point=mount)
    role_id = client.auth.approle.read_role_id(role_name="checker", mount_point=mount)["data"]["role_id"]
    secret_id = client.auth.approle.generate_secret_id(role_name="checker", mount_point=mount)["data"][
        "secret_id"
    ]
    monkeypatch.delenv("VAULT_TOKEN")
    monkeypatch.setenv("VAULT_ROLE_ID", role_id)
    monkeypatch.setenv("VAULT_SECRET_ID", secret_id)
    store = {
        "vault": {"mount": "secret", "path": f"{uid}/app", "auth": {"method": "approle", "mount": mount}}
    }
    code, results, err = run_check(cli, tmp_path, [store], [{"name": "ROLE_TOKEN", "secret": True}])
    assert code == 0, err
    assert results[0]["status"] == "ok"
    assert secret_id not in err
    assert role_id not in err

    monkeypatch.setenv("VAULT_SECRET_ID", "00000000-0000-0000-0000-000000000000")
    code, results, err = run_check(cli, tmp_path, [store], [{"name": "ROLE_TOKEN", "secret": True}])
    assert code == 3
    assert results[0]["status"] == "unverified"
    assert "AppRole login" in results[0]["detail"]


def test_storage_override_to_another_secret(cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path) -> None:
    kv = vault_env.client().secrets.kv.v2
    kv.create_or_update_secret(path=f"{uid}/main", mount_point="secret", secret={"A_TOKEN": planted("A")})
    kv.create_or_update_secret(
        path=f"{uid}/shared", mount_point="secret", secret={"stripe_key": planted("S"), "unrelated": "x"}
    )
    code, results, err = run_check(
        cli,
        tmp_path,
        [{"vault": {"mount": "secret", "path": f"{uid}/main"}}],
        [
            {"name": "A_TOKEN", "secret": True},
            {
                "name": "STRIPE_KEY",
                "secret": True,
                "storage": {"production": f"vault:secret/{uid}/shared#stripe_key"},
            },
        ],
    )
    assert code == 0, err
    assert {(r["name"], r["status"], r["where"]) for r in results} == {
        ("A_TOKEN", "ok", f"secret/{uid}/main#A_TOKEN"),
        ("STRIPE_KEY", "ok", f"secret/{uid}/shared#stripe_key"),
    }  # the other keys of a shared secret are not "undeclared"


@pytest.mark.filterwarnings("ignore:The raise_on_deleted_version parameter")  # hvac's own patch()
def test_per_key_last_change_from_history(vault_env: Bao, uid: str) -> None:
    kv = vault_env.client().secrets.kv.v2
    kv.create_or_update_secret(path=uid, mount_point="secret", secret={"OLD": "o1", "NEW": "n1"})
    time.sleep(1.1)
    kv.patch(path=uid, mount_point="secret", secret={"NEW": "n2"})
    time.sleep(1.1)
    kv.patch(path=uid, mount_point="secret", secret={"ADDED": "a1"})
    versions = kv.read_secret_metadata(path=uid, mount_point="secret")["data"]["versions"]
    created = {int(k): parse_time(v["created_time"]) for k, v in versions.items()}
    store = VaultStore(VaultConnection(), "secret", uid, None, VaultClients(), "vault")
    reading = store.fetch({"OLD": "OLD", "NEW": "NEW", "ADDED": "ADDED"}, plain_facts)
    assert reading.error is None
    got = {}
    for name, outcome in reading.values.items():
        assert isinstance(outcome, StoredValue)
        got[name] = outcome.last_changed
    assert got == {"OLD": created[1], "NEW": created[2], "ADDED": created[3]}


def test_missing_secret_is_missing_not_unverified(
    cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path
) -> None:
    code, results, _ = run_check(
        cli,
        tmp_path,
        [{"vault": {"mount": "secret", "path": f"{uid}/none"}}],
        [{"name": "A_TOKEN", "secret": True}],
    )
    assert code == 1
    assert results[0]["status"] == "missing"
