"""500 variables across Vault (one KV v2 secret), SSM (one path) and Secrets Manager (one JSON secret) are all
checked against the local servers, and the reads are batched: the number of requests stays far below one per
variable. (How long it takes is for benchmarks, not for a test on a shared machine.)"""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliRunner
from tests.inventory.proxy import flaky_proxy
from tests.servers import Bao, Moto

COUNT = 500


def test_500_variables_are_checked_in_batched_reads(
    cli: CliRunner,
    vault_env: Bao,
    aws_env: Moto,
    uid: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = [f"VAR_{i:03d}_TOKEN" for i in range(COUNT)]
    vault_names, ssm_names, sm_names = names[:167], names[167:334], names[334:]
    value = {n: secrets.token_urlsafe(24) for n in names}
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/prod", mount_point="secret", secret={n: value[n] for n in vault_names}
    )
    ssm = aws_env.client("ssm")
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda n: ssm.put_parameter(Name=f"/{uid}/prod/{n}", Value=value[n], Type="SecureString"),
                ssm_names,
            )
        )
    aws_env.client("secretsmanager").create_secret(
        Name=f"{uid}/prod", SecretString=json.dumps({n: value[n] for n in sm_names})
    )
    inventory = {
        "version": 1,
        "environments": {
            "production": {
                "stores": [
                    {"vault": {"mount": "secret", "path": f"{uid}/prod"}},
                    {"ssm": {"path": f"/{uid}/prod/"}},
                    {"secretsmanager": {"secret_id": f"{uid}/prod"}},
                ]
            }
        },
        "variables": [{"name": n, "secret": True, "rotation_days": 90} for n in names],
    }
    path = tmp_path / "secretguard.inventory.yaml"
    path.write_text(yaml.safe_dump(inventory), encoding="utf-8")
    out = tmp_path / "out.json"

    # Proxies that never fail: they count the requests each server sees.
    with (
        flaky_proxy(vault_env.addr, failures=0, status=500) as vault,
        flaky_proxy(aws_env.endpoint, failures=0, status=500) as aws,
    ):
        monkeypatch.setenv("VAULT_ADDR", vault.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL", aws.url)
        run = cli(
            "inventory",
            "check",
            "--inventory",
            path,
            "--env",
            "production",
            "--format",
            "json",
            "--output",
            out,
        )

    print(f"\ninventory check: {COUNT} variables, {vault.requests} Vault and {aws.requests} AWS requests")
    assert run.code == 0, run.err
    results = json.loads(out.read_text(encoding="utf-8"))
    assert len(results) == COUNT
    assert {r["status"] for r in results} == {"ok"}
    stores = {r["store"] for r in results}
    assert stores == {f"vault:secret/{uid}/prod", f"ssm:/{uid}/prod/", f"secretsmanager:{uid}/prod"}
    assert all(r["last_changed"] for r in results)
    assert vault.requests + aws.requests < COUNT // 5
