"""SSM and Secrets Manager specifics against the real moto server: overrides to single parameters and secrets
(batched), plain-string secrets, non-JSON secrets, paging past 10 parameters, and the type of a parameter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliRunner
from tests.servers import Moto, planted


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


def test_overrides_single_parameters_and_secrets(
    cli: CliRunner, aws_env: Moto, uid: str, tmp_path: Path
) -> None:
    ssm = aws_env.client("ssm")
    names = [f"P{i:02d}_TOKEN" for i in range(12)]  # more than one get_parameters batch
    for name in names:
        ssm.put_parameter(Name=f"/{uid}/shared/{name}", Value=planted(name), Type="SecureString")
    sm = aws_env.client("secretsmanager")
    sm.create_secret(Name=f"{uid}/db", SecretString=json.dumps({"password": planted("DB"), "port": 5432}))
    sm.create_secret(Name=f"{uid}/plain", SecretString=planted("PLAIN"))
    variables: list[dict[str, Any]] = [
        {"name": n, "secret": True, "storage": {"production": {"ssm": f"/{uid}/shared/{n}"}}} for n in names
    ]
    variables += [
        {
            "name": "DB_PASSWORD",
            "secret": True,
            "storage": {"production": f"secretsmanager:{uid}/db#password"},
        },
        {
            "name": "DB_PORT",
            "format": {"int": True},
            "storage": {"production": f"secretsmanager:{uid}/db#port"},
        },
        {"name": "PLAIN_TOKEN", "secret": True, "storage": {"production": f"secretsmanager:{uid}/plain"}},
        {"name": "GONE_TOKEN", "secret": True, "storage": {"production": f"secretsmanager:{uid}/gone#x"}},
        {"name": "GONE_PARAM", "storage": {"production": {"ssm": f"/{uid}/shared/NOPE"}}},
    ]
    code, results, err = run_check(cli, tmp_path, [], variables)
    statuses = {r["name"]: r["status"] for r in results}
    assert code == 1, err
    assert statuses == {
        **dict.fromkeys(names, "ok"),
        "DB_PASSWORD": "ok",
        "DB_PORT": "ok",
        "PLAIN_TOKEN": "ok",
        "GONE_TOKEN": "missing",
        "GONE_PARAM": "missing",
    }


def test_paging_and_undeclared_under_a_path(cli: CliRunner, aws_env: Moto, uid: str, tmp_path: Path) -> None:
    ssm = aws_env.client("ssm")
    for i in range(25):
        ssm.put_parameter(Name=f"/{uid}/app/V{i:02d}", Value=planted(str(i)), Type="SecureString")
    ssm.put_parameter(Name=f"/{uid}/app/nested/DEEP", Value="x", Type="String")  # one level only
    variables = [{"name": f"V{i:02d}", "secret": True} for i in range(24)]
    code, results, _ = run_check(cli, tmp_path, [{"ssm": {"path": f"/{uid}/app"}}], variables)
    assert code == 1
    assert [(r["name"], r["status"]) for r in results if r["status"] != "ok"] == [("V24", "undeclared")]
    assert len([r for r in results if r["status"] == "ok"]) == 24


def test_secret_that_is_not_json_cannot_hold_variables(
    cli: CliRunner, aws_env: Moto, uid: str, tmp_path: Path
) -> None:
    text = "just a string"  # secretguard:allow
    aws_env.client("secretsmanager").create_secret(Name=f"{uid}/text", SecretString=text)
    code, results, err = run_check(
        cli,
        tmp_path,
        [{"secretsmanager": {"secret_id": f"{uid}/text"}}],
        [{"name": "A_TOKEN", "secret": True}],
    )
    assert code == 3
    assert results[0]["status"] == "unverified"
    assert "not a JSON object" in err


def test_profile_region_and_endpoint_from_the_inventory(
    cli: CliRunner, aws_env: Moto, uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ssm = aws_env.client("ssm")
    ssm.put_parameter(Name=f"/{uid}/p/A_TOKEN", Value=planted("A"), Type="SecureString")
    (tmp_path / "config").write_text("[profile ci]\nregion = us-east-1\n", encoding="utf-8")
    (tmp_path / "credentials").write_text(
        "[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n", encoding="utf-8"
    )
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    inv = tmp_path / "secretguard.inventory.yaml"
    inv.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "connections": {"aws": {"endpoint_url": aws_env.endpoint}},
                "environments": {
                    "production": {"aws": {"profile": "ci"}, "stores": [{"ssm": {"path": f"/{uid}/p/"}}]}
                },
                "variables": [{"name": "A_TOKEN", "secret": True}],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    run = cli("inventory", "check", "-i", inv, "--format", "json", "-o", out)
    assert run.code == 0, run.err
    assert json.loads(out.read_text(encoding="utf-8"))[0]["status"] == "ok"

    data = yaml.safe_load(inv.read_text(encoding="utf-8"))
    data["environments"]["production"]["aws"]["profile"] = "nope"
    inv.write_text(yaml.safe_dump(data), encoding="utf-8")
    run = cli("inventory", "check", "-i", inv, "--format", "json", "-o", out)
    assert run.code == 3
    assert "profile 'nope' not found" in run.err
