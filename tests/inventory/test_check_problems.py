"""An inventory built to contain one of each problem class, checked against a real OpenBao dev server and a
real moto server: every status is reported, and no value read from a store shows up anywhere."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliRunner
from tests.servers import Bao, Moto, planted

STATUSES = {
    "ok",
    "missing",
    "empty",
    "placeholder",
    "invalid_format",
    "weak",
    "stale",
    "insecure_storage",
    "public_prefix",
    "reused_across_environments",
    "undeclared",
    "unverified",
}


def seed(bao: Bao, moto: Moto, uid: str, folder: Path) -> dict[str, Any]:
    """Store data with one problem of each kind; returns the planted values and the inventory path."""
    values = {
        "ok": planted("OK"),
        "stale": planted("STALE"),
        "reused": planted("REUSED"),
        "public": planted("PUBLIC"),
        "undeclared": planted("UNDECLARED"),
        "insecure": planted("INSECURE"),
        "format": "not-a-number-" + planted("FMT"),
        "weak": "Ab3" + planted("W")[-4:],  # 7 characters
        "environ": planted("ENVIRON"),
    }
    bao.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/production",
        mount_point="secret",
        secret={
            "OK_TOKEN": values["ok"],
            "EMPTY_TOKEN": "",
            "WEAK_PASSWORD": values["weak"],
            "STALE_API_KEY": values["stale"],
            "REUSED_SECRET": values["reused"],
            "NEXT_PUBLIC_SECRET_TOKEN": values["public"],
            "LEFTOVER_KEY": values["undeclared"],
        },
    )
    ssm = moto.client("ssm")
    ssm.put_parameter(Name=f"/{uid}/production/WORKER_COUNT", Value=values["format"], Type="SecureString")
    ssm.put_parameter(Name=f"/{uid}/production/DB_PASSWORD", Value=values["insecure"], Type="String")
    moto.client("secretsmanager").create_secret(
        Name=f"{uid}/production", SecretString=json.dumps({"PLACEHOLDER_SECRET": "changeme"})
    )
    (folder / ".env.staging").write_text(f"REUSED_SECRET={values['reused']}\n", encoding="utf-8")
    inventory = {
        "version": 1,
        "environments": {
            "production": {
                "stores": [
                    {"vault": {"mount": "secret", "path": f"{uid}/production"}},
                    {"ssm": {"path": f"/{uid}/production/"}},
                    {"secretsmanager": {"secret_id": f"{uid}/production"}},
                    {"environ": {"prefix": f"{uid.upper()}_"}},
                ]
            },
            "staging": {"stores": [{"dotenv": {"file": ".env.staging"}}]},
        },
        "variables": [
            {
                "name": "OK_TOKEN",
                "secret": True,
                "required": ["production"],
                "purpose": "works",
                "owner": "ops@example.com",
            },
            {"name": "MISSING_TOKEN", "secret": True, "required": ["production"]},
            {"name": "EMPTY_TOKEN", "secret": True, "required": ["production"]},
            {"name": "PLACEHOLDER_SECRET", "secret": True, "required": ["production"]},
            {"name": "WORKER_COUNT", "format": {"int": True}, "required": ["production"]},
            {"name": "WEAK_PASSWORD", "secret": True, "required": ["production"]},
            {
                "name": "STALE_API_KEY",
                "secret": True,
                "rotation_days": 30,
                "required": ["production"],
                "provider": "example",
            },
            {"name": "DB_PASSWORD", "secret": True, "required": ["production"]},
            {"name": "NEXT_PUBLIC_SECRET_TOKEN", "secret": True, "required": ["production"]},
            {"name": "REUSED_SECRET", "secret": True, "required": True},
            {"name": "ENVIRON_ONLY_TOKEN", "secret": True, "required": ["production"]},
            {
                "name": "UNREACHABLE_TOKEN",
                "secret": True,
                "required": ["production"],
                "storage": {"production": {"dotenv": "missing.env#UNREACHABLE_TOKEN"}},
            },
        ],
    }
    path = folder / "secretguard.inventory.yaml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    return {"values": values, "inventory": path}


def assert_no_values(values: dict[str, str], *texts: str) -> None:
    for text in texts:
        for label, value in values.items():
            assert value not in text, f"the {label} value leaked"


def test_each_problem_class_is_reported(
    cli: CliRunner,
    vault_env: Bao,
    aws_env: Moto,
    uid: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = seed(vault_env, aws_env, uid, tmp_path)
    values = data["values"]
    caplog.set_level(logging.DEBUG)  # after seeding: the test's own writes are not what is checked
    caplog.clear()
    monkeypatch.setenv(f"{uid.upper()}_ENVIRON_ONLY_TOKEN", values["environ"])
    out = tmp_path / "results.json"
    as_of = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    run = cli(
        "inventory",
        "check",
        "--inventory",
        data["inventory"],
        "--env",
        "production",
        "--format",
        "json",
        "--output",
        out,
        "--as-of",
        as_of,
    )
    assert run.code == 3, run.err  # the store not read (UNREACHABLE_TOKEN unverified) outranks the findings
    results = json.loads(out.read_text(encoding="utf-8"))
    for result in results:
        assert {"name", "environment", "store", "status"} <= set(result)
        assert result["environment"] == "production"
    by_status: dict[str, set[str]] = {}
    for result in results:
        by_status.setdefault(result["status"], set()).add(result["name"])
    assert set(by_status) == STATUSES
    assert by_status["ok"] == {"OK_TOKEN", "ENVIRON_ONLY_TOKEN"}
    assert by_status["missing"] == {"MISSING_TOKEN"}
    assert by_status["empty"] == {"EMPTY_TOKEN"}
    assert by_status["placeholder"] == {"PLACEHOLDER_SECRET"}
    assert by_status["invalid_format"] == {"WORKER_COUNT"}
    assert by_status["weak"] == {"WEAK_PASSWORD"}
    assert by_status["stale"] == {"STALE_API_KEY"}
    assert by_status["insecure_storage"] == {"DB_PASSWORD"}
    assert by_status["public_prefix"] == {"NEXT_PUBLIC_SECRET_TOKEN"}
    assert by_status["reused_across_environments"] == {"REUSED_SECRET"}
    assert by_status["undeclared"] == {"LEFTOVER_KEY"}
    assert by_status["unverified"] == {"UNREACHABLE_TOKEN"}
    stores = {r["name"]: r["store"] for r in results}
    assert stores["WORKER_COUNT"] == f"ssm:/{uid}/production/"
    assert stores["PLACEHOLDER_SECRET"] == f"secretsmanager:{uid}/production"
    assert stores["OK_TOKEN"] == f"vault:secret/{uid}/production"
    stale = next(r for r in results if r["status"] == "stale")
    assert stale["last_changed"]
    assert stale["rotation_due"]
    assert "missing.env" in run.err  # the unreadable store is named
    assert_no_values(values, out.read_text(encoding="utf-8"), run.out, run.err, caplog.text)

    # The handover report, every format, from the same stores: still no value anywhere.
    for fmt in ("markdown", "html", "json"):
        report = tmp_path / f"report.{fmt}"
        done = cli(
            "inventory",
            "report",
            "--inventory",
            data["inventory"],
            "--env",
            "production",
            "--format",
            fmt,
            "--output",
            report,
            "--as-of",
            as_of,
        )
        assert done.code == 0, done.err
        text = report.read_text(encoding="utf-8")
        assert "OK_TOKEN" in text
        assert "reused_across_environments" in text
        assert "ops@example.com" in text
        assert_no_values(values, text, done.out, done.err)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<style>" in html

    snap = tmp_path / "snap.json"
    done = cli(
        "inventory", "snapshot", "--inventory", data["inventory"], "--env", "production", "--output", snap
    )
    assert done.code == 3  # the unreadable dotenv override makes the snapshot partial
    assert_no_values(values, snap.read_text(encoding="utf-8"), done.out, done.err, caplog.text)
    keys = json.loads(snap.read_text(encoding="utf-8"))["stores"][f"vault:secret/{uid}/production"]["keys"]
    assert "LEFTOVER_KEY" in keys
    assert set(keys["OK_TOKEN"]) >= {"hash", "last_changed"}
