"""Stores that cannot be read: a sealed Vault, an unreachable one, a bad or expired token, AWS access denied,
and throttling / 5xx that retries overcome (or do not). The variables are reported `unverified` (never
`missing`), the error names the store, and the exit code is 3 (incomplete)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliRunner
from tests.inventory.proxy import flaky_proxy
from tests.servers import Bao, Moto, free_port, planted, start_bao, start_moto, stop


def write_inventory(folder: Path, stores: list[dict[str, Any]], names: list[str]) -> Path:
    path = folder / "secretguard.inventory.yaml"
    data = {
        "version": 1,
        "environments": {"production": {"stores": stores}},
        "variables": [{"name": n, "secret": True} for n in names],
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def check(cli: CliRunner, inventory: Path, tmp_path: Path) -> tuple[int, list[dict[str, Any]], str]:
    out = tmp_path / "out.json"
    run = cli(
        "inventory",
        "check",
        "--inventory",
        inventory,
        "--env",
        "production",
        "--format",
        "json",
        "--output",
        out,
    )
    return run.code, json.loads(out.read_text(encoding="utf-8")), run.err


@pytest.fixture
def own_bao(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Bao]:
    """A server of its own: this one gets sealed."""
    server = start_bao()
    monkeypatch.setenv("VAULT_ADDR", server.addr)
    monkeypatch.setenv("VAULT_TOKEN", server.token)
    monkeypatch.setenv("HOME", str(tmp_path))
    yield server
    stop(server.proc)


def test_sealed_vault_is_unverified(cli: CliRunner, own_bao: Bao, tmp_path: Path) -> None:
    value = planted("SEALED")
    client = own_bao.client()
    client.secrets.kv.v2.create_or_update_secret(
        path="app", mount_point="secret", secret={"API_TOKEN": value}
    )
    inventory = write_inventory(
        tmp_path, [{"vault": {"mount": "secret", "path": "app"}}], ["API_TOKEN", "OTHER_KEY"]
    )
    code, results, _ = check(cli, inventory, tmp_path)
    assert code == 1
    assert {r["name"]: r["status"] for r in results} == {"API_TOKEN": "ok", "OTHER_KEY": "missing"}

    client.sys.seal()
    assert client.sys.is_sealed()
    code, results, err = check(cli, inventory, tmp_path)
    assert code == 3
    assert {r["status"] for r in results} == {"unverified"}
    assert {r["name"] for r in results} == {"API_TOKEN", "OTHER_KEY"}
    assert all(r["store"] == "vault:secret/app" for r in results)
    assert "ERROR store vault:secret/app" in err
    assert "sealed" in err
    assert value not in err


def test_unreachable_vault_is_unverified(
    cli: CliRunner, vault_env: Bao, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VAULT_ADDR", f"http://127.0.0.1:{free_port()}")
    inventory = write_inventory(tmp_path, [{"vault": {"mount": "secret", "path": "app"}}], ["API_TOKEN"])
    code, results, err = check(cli, inventory, tmp_path)  # returns at all: the client's retries end
    assert code == 3
    assert [(r["name"], r["status"]) for r in results] == [("API_TOKEN", "unverified")]
    assert "cannot reach Vault" in results[0]["detail"]
    assert "ERROR store vault:secret/app" in err


@pytest.mark.parametrize("kind", ["bad", "expired"])
def test_rejected_token_is_unverified(
    cli: CliRunner, vault_env: Bao, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, uid: str, kind: str
) -> None:
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=uid, mount_point="secret", secret={"API_TOKEN": planted("T")}
    )
    if kind == "bad":
        token = "s.not-a-real-token"
    else:
        token = vault_env.client().auth.token.create(ttl="1s", policies=["default"])["auth"]["client_token"]
        time.sleep(2.1)
    monkeypatch.setenv("VAULT_TOKEN", token)
    inventory = write_inventory(tmp_path, [{"vault": {"mount": "secret", "path": uid}}], ["API_TOKEN"])
    code, results, err = check(cli, inventory, tmp_path)
    assert code == 3
    assert [(r["name"], r["status"]) for r in results] == [("API_TOKEN", "unverified")]
    assert "refused the token" in err
    assert f"vault:secret/{uid}" in err
    assert token not in err + json.dumps(results)


def test_ssm_access_denied_is_unverified(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """moto enforces IAM after its first N actions: a user allowed only Secrets Manager reads SSM."""
    server = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "3"})
    try:
        iam = server.client("iam")
        iam.create_user(UserName="reader")
        iam.put_user_policy(
            UserName="reader",
            PolicyName="sm-only",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}],
                }
            ),
        )
        key = iam.create_access_key(UserName="reader")["AccessKey"]
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint)
        monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
        inventory = write_inventory(
            tmp_path,
            [{"ssm": {"path": "/app/production/"}}, {"secretsmanager": {"secret_id": "app/production"}}],
            ["DB_PASSWORD"],
        )
        code, results, err = check(cli, inventory, tmp_path)
    finally:
        stop(server.proc)
    assert code == 3
    # Not in Secrets Manager (readable), SSM denied: so it cannot be called missing.
    assert [(r["name"], r["status"], r["store"]) for r in results] == [
        ("DB_PASSWORD", "unverified", "ssm:/app/production/")
    ]
    assert "denied access" in results[0]["detail"]
    assert "ERROR store ssm:/app/production/" in err
    assert "AccessDenied" in err
    assert key["SecretAccessKey"] not in err


def test_unreachable_aws_endpoint_is_unverified(
    cli: CliRunner, aws_env: Moto, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    inventory = write_inventory(
        tmp_path, [{"secretsmanager": {"secret_id": "app/production"}}], ["DB_PASSWORD"]
    )
    code, results, err = check(cli, inventory, tmp_path)
    assert code == 3
    assert results[0]["status"] == "unverified"
    assert "cannot reach" in results[0]["detail"]
    assert "ERROR store secretsmanager:app/production" in err


THROTTLED = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()


def test_aws_throttling_is_retried(
    cli: CliRunner, aws_env: Moto, monkeypatch: pytest.MonkeyPatch, uid: str, tmp_path: Path
) -> None:
    aws_env.client("ssm").put_parameter(Name=f"/{uid}/DB_PASSWORD", Value=planted("X"), Type="SecureString")
    inventory = write_inventory(tmp_path, [{"ssm": {"path": f"/{uid}/"}}], ["DB_PASSWORD"])
    with flaky_proxy(
        aws_env.endpoint, failures=2, status=400, body=THROTTLED, content_type="application/x-amz-json-1.1"
    ) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
        code, results, _ = check(cli, inventory, tmp_path)
    assert proxy.failed == 2
    assert proxy.requests >= 3
    assert code == 0
    assert results[0]["status"] == "ok"


def test_aws_throttling_that_neverstops_is_unverified(
    cli: CliRunner, aws_env: Moto, monkeypatch: pytest.MonkeyPatch, uid: str, tmp_path: Path
) -> None:
    inventory = write_inventory(tmp_path, [{"ssm": {"path": f"/{uid}/"}}], ["DB_PASSWORD"])
    with flaky_proxy(
        aws_env.endpoint, failures=1000, status=400, body=THROTTLED, content_type="application/x-amz-json-1.1"
    ) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
        code, results, err = check(cli, inventory, tmp_path)
    assert code == 3
    assert results[0]["status"] == "unverified"
    assert "throttling" in results[0]["detail"]
    assert f"ssm:/{uid}/" in err


@pytest.mark.parametrize("status", [429, 500, 502])
def test_vault_server_errors_are_retried(
    cli: CliRunner, vault_env: Bao, monkeypatch: pytest.MonkeyPatch, uid: str, tmp_path: Path, status: int
) -> None:
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=uid, mount_point="secret", secret={"API_TOKEN": planted("V")}
    )
    inventory = write_inventory(
        tmp_path, [{"vault": {"mount": "secret", "path": uid, "kv_version": 2}}], ["API_TOKEN"]
    )
    body = json.dumps({"errors": ["try again"]}).encode()
    with flaky_proxy(vault_env.addr, failures=2, status=status, body=body) as proxy:
        monkeypatch.setenv("VAULT_ADDR", proxy.url)
        code, results, _ = check(cli, inventory, tmp_path)
    assert proxy.failed == 2
    assert code == 0, results
    assert results[0]["status"] == "ok"
