"""Issue #7's scenario carried through: scan the repository and the bundle, check the inventory, plan, then
`rotate --plan PLAN --apply` — killed at each step in turn and run again — against the real OpenBao and moto
servers. The live leak is an IAM access key pair in Vault; the stale secret is an app-generated SSM
SecureString; the GitHub-style and SendGrid keys cannot be rotated without their providers and are listed
as manual, untouched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from secretguard.rotate.faults import FAULT_ENV
from secretguard.scan.finding import secret_hash
from tests.conftest import CliRunner
from tests.plan.scenario import Scenario, build_scenario, scan_reports
from tests.servers import Bao, Moto

ROOT = Path(__file__).resolve().parents[2]
IAM_POINTS = [
    f"{step}:{when}"
    for step in ("begin", "create", "store", "verify", "deactivate", "delete")
    for when in ("before", "after")
]
GENERATED_POINTS = ["prepare:before", "prepare:after"]  # the stale key's own steps (after the IAM key's)


def make_plan(cli: CliRunner, sc: Scenario, folder: Path) -> Path:
    reports = scan_reports(cli, sc, folder)
    plan = folder / "plan.json"
    run = cli(
        "plan", "--findings", reports.git, "--findings", reports.bundle, "--check", reports.check,
        "--inventory", sc.inventory, "--env", sc.environment, "--format", "json", "--output", plan,
    )  # fmt: skip
    assert run.code == 1, run.err
    return plan


def vault(sc: Scenario, bao: Bao, version: int | None = None) -> dict[str, str]:
    response = bao.client().secrets.kv.v2.read_secret_version(
        path=sc.vault_path, mount_point="secret", version=version, raise_on_deleted_version=True
    )
    return dict(response["data"]["data"])


def signing_key(sc: Scenario, moto: Moto) -> dict[str, Any]:
    found: dict[str, Any] = moto.client("ssm").get_parameter(
        Name=f"{sc.ssm_prefix}SESSION_SIGNING_KEY", WithDecryption=True
    )["Parameter"]
    return found


def events(journal: Path) -> list[tuple[str, str]]:
    if not journal.exists():
        return []
    return [
        (r["target"], r["event"]) for r in map(json.loads, journal.read_text().splitlines()) if r.get("event")
    ]


@pytest.mark.parametrize("point", [None, *IAM_POINTS, *GENERATED_POINTS])
def test_rotate_the_scenario_killed_at_each_step(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str, point: str | None
) -> None:
    sc = build_scenario(vault_env, aws_env, uid, tmp_path, live="aws")
    user = f"deploy-{uid}"
    iam = aws_env.client("iam")
    old = {k: sc.current[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SESSION_SIGNING_KEY")}
    plan = make_plan(cli, sc, tmp_path)
    entries = json.loads(plan.read_text())
    live_aws = [
        e
        for e in entries
        if e["live"] and {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} & set(e["variables"])
    ]
    assert live_aws
    assert all(e["priority"] == "P0" for e in live_aws)
    assert all("verified with STS" in e["automation"] for e in live_aws)
    automated = {v: e["automation"] for e in entries for v in e["variables"]}
    assert automated["SENDGRID_API_KEY"] is None  # a provider key: by hand
    assert "generates and stores a new value" in automated["SESSION_SIGNING_KEY"]
    journal = tmp_path / "journal.jsonl"
    args = ["rotate", "--inventory", str(sc.inventory), "--plan", str(plan), "--journal", str(journal)]
    args += ["--apply", "--grace", "0", "--verify-wait", "5", "--format", "json"]
    outputs: list[str] = []

    if point is not None:
        killed = subprocess.run(
            [sys.executable, "-m", "secretguard", *args],
            env={**os.environ, FAULT_ENV: point, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert killed.returncode == -signal.SIGKILL, f"not killed at {point}: {killed.stdout}{killed.stderr}"
        outputs += [killed.stdout, killed.stderr]
        done = events(journal)
        keys = {
            k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
        }
        if ("production/AWS_SECRET_ACCESS_KEY", "verified") not in done:
            assert keys[old["AWS_ACCESS_KEY_ID"]] == "Active", point  # the old key works until then
        assert len(keys) <= 2

    run = cli(*args)
    assert run.code == 0, f"{point}: {run.out}{run.err}"
    outputs += [run.out, run.err]
    report = json.loads(run.out)
    states = {r["variable"]: r["state"] for r in report["rotations"]}
    assert states == {"AWS_SECRET_ACCESS_KEY": "rotated", "SESSION_SIGNING_KEY": "rotated"}, report
    manual = {m["variable"] for m in report["manual"]}
    assert manual == {"SENDGRID_API_KEY"}  # a provider key: the plan's steps, by hand

    # IAM: exactly one key left, active, the one Vault holds, and STS accepts it as the deploy user.
    data = vault(sc, vault_env)
    keys = iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(data["AWS_ACCESS_KEY_ID"], "Active")]
    assert data["AWS_ACCESS_KEY_ID"] != old["AWS_ACCESS_KEY_ID"]
    arn = aws_env.client("sts", key=data["AWS_ACCESS_KEY_ID"], secret=data["AWS_SECRET_ACCESS_KEY"])
    assert arn.get_caller_identity()["Arn"].endswith(f":user/{user}")
    assert data["DATABASE_PASSWORD"] == sc.current["DATABASE_PASSWORD"]  # the rest of the secret kept
    assert vault(sc, vault_env, 1)["AWS_SECRET_ACCESS_KEY"] == old["AWS_SECRET_ACCESS_KEY"]  # rollback
    # The stale key: a new SecureString version, the old one kept.
    parameter = signing_key(sc, aws_env)
    assert (parameter["Type"], parameter["Version"]) == ("SecureString", 2)
    assert parameter["Value"] != old["SESSION_SIGNING_KEY"]
    # Untouched: the SendGrid key (manual) and the already rotated Stripe key.
    sendgrid = aws_env.client("secretsmanager").get_secret_value(
        SecretId=sc.secret_id, VersionStage="AWSCURRENT"
    )
    assert json.loads(sendgrid["SecretString"])["SENDGRID_API_KEY"] == sc.current["SENDGRID_API_KEY"]
    # Order in the journal: stored, then verified, then the old key deactivated.
    iam_events = [e for t, e in events(journal) if t == "production/AWS_SECRET_ACCESS_KEY"]
    assert iam_events.index("stored") < iam_events.index("verified") < iam_events.index("deactivated")
    assert iam_events.count("done") == 1

    # Run the same plan again: nothing left to do.
    again = cli(*args)
    assert again.code == 0
    assert {r["state"] for r in json.loads(again.out)["rotations"]} <= {"unchanged", "rotated"}
    assert vault(sc, vault_env) == data

    # No value in the journal or any output, old or new (access key ids are shown masked too).
    values = [
        *sc.secrets().values(),
        data["AWS_SECRET_ACCESS_KEY"],
        data["AWS_ACCESS_KEY_ID"],
        parameter["Value"],
    ]
    texts = [journal.read_text(), plan.read_text(), *outputs, again.out, again.err]
    for value in values:
        for text in texts:
            assert value not in text
    assert secret_hash(parameter["Value"]) in journal.read_text()  # hashes only
