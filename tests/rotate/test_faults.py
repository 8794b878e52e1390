"""`rotate --apply` killed (SIGKILL, by its own fault-injection point) at every step in turn, then run again:
each time the rotation finishes with exactly one new credential, stored where it belongs and working, the old
one kept valid until the new one was stored and verified, and nothing lost or written twice.

The kill happens in a real `python -m secretguard` process; the resume runs in-process. The servers are the
session's real OpenBao dev server and moto server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from secretguard.rotate.faults import FAULT_ENV
from tests.conftest import CliRunner
from tests.rotate.test_rotate import assert_no_value_leaked, rotate
from tests.rotate.world import World, build_world
from tests.servers import Bao, Moto

GENERATED = [
    f"{step}:{when}" for step in ("begin", "prepare", "store", "verify") for when in ("before", "after")
]
STAGED = [*GENERATED, "promote:before", "promote:after"]
IAM = [
    f"{step}:{when}"
    for step in ("begin", "create", "store", "verify", "promote", "deactivate", "delete")
    for when in ("before", "after")
]
# Between IAM's answer to CreateAccessKey and the store's write, the new secret lives only in memory.
SECRET_LOST = {"create:after", "store:before", "store:partial"}
CASES = (
    [("SESSION_SECRET", "secretsmanager", p) for p in GENERATED]  # Vault KV v2
    + [("WEBHOOK_SIGNING_KEY", "secretsmanager", p) for p in GENERATED]  # SSM
    + [("COOKIE_KEY", "secretsmanager", p) for p in STAGED]  # Secrets Manager
    + [("AWS_SECRET_ACCESS_KEY", "secretsmanager", p) for p in IAM]
    + [("AWS_SECRET_ACCESS_KEY", "ssm", p) for p in ("create:after", "store:partial", "store:after")]
    + [("AWS_SECRET_ACCESS_KEY", "vault", p) for p in ("create:after", "store:after", "deactivate:after")]
)


def killed_run(world: World, variable: str, point: str) -> subprocess.CompletedProcess[str]:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, FAULT_ENV: point, "PYTHONPATH": root}
    return subprocess.run(
        [
            sys.executable, "-m", "secretguard", "rotate", "--inventory", str(world.inventory),
            "--journal", str(world.journal), "--env", "production", "--variable", variable,
            "--apply", "--grace", "0", "--verify-wait", "5",
        ],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def journal_events(world: World) -> list[str]:
    if not world.journal.exists():
        return []
    return [json.loads(line)["event"] for line in world.journal.read_text().splitlines() if line.strip()]


def value_now(world: World, variable: str) -> str:
    return world.current_values()[variable]


@pytest.mark.parametrize(("variable", "iam_store", "point"), CASES)
def test_killed_at_each_step_then_resumed(
    cli: CliRunner,
    tmp_path: Path,
    vault_env: Bao,
    aws_env: Moto,
    uid: str,
    variable: str,
    iam_store: str,
    point: str,
) -> None:
    world = build_world(tmp_path, vault_env, aws_env, uid, iam_store=iam_store)
    killed = killed_run(world, variable, point)
    assert killed.returncode == -signal.SIGKILL, f"not killed at {point}: {killed.stdout}{killed.stderr}"
    events = journal_events(world)

    if variable == "AWS_SECRET_ACCESS_KEY":
        statuses = {k["AccessKeyId"]: k["Status"] for k in world.iam_keys()}
        if "verified" not in events:
            # Until the new key is stored and verified, the old one stays active and still works.
            assert statuses[world.old_key_id] == "Active", (point, events)
            assert world.identity(world.old_key_id, world.old_key_secret).endswith(f":user/{world.user}")
        assert len(statuses) <= 2

    code, out, err = rotate(
        cli,
        world,
        "--env",
        "production",
        "--variable",
        variable,
        "--apply",
        "--grace",
        "0",
        "--format",
        "json",
    )
    assert code == 0, f"{point}: {out}{err}"
    assert [r["state"] for r in json.loads(out)["rotations"]] == ["rotated"], out
    events = journal_events(world)
    assert events.count("done") == 1
    assert events.count("stored") == 1
    assert events.index("verified") > events.index("stored")
    new = value_now(world, variable)
    assert new != world.old_values[variable]

    if variable == "AWS_SECRET_ACCESS_KEY":
        key_id, key_secret = world.stored_key_pair()
        keys = world.iam_keys()
        assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(key_id, "Active")], (point, keys)
        assert world.identity(key_id, key_secret).endswith(f":user/{world.user}")
        assert events.index("deactivated") > events.index("verified")
        if point in SECRET_LOST:
            # Killed while the new secret existed only in memory: that key was never stored or used, so it is
            # deleted and one more is created (the one window no journal can close).
            assert events.count("discarded") == 1, events
        else:
            assert "discarded" not in events, (point, events)  # resumed without creating a second key
    elif variable == "SESSION_SECRET":
        assert world.vault_version() == 2  # exactly one new version, whatever the kill point
        assert world.vault_data(1)[variable] == world.old_values[variable]
        assert world.vault_data()["SESSION_SECRET_PREVIOUS"] == world.old_values[variable]
    elif variable == "WEBHOOK_SIGNING_KEY":
        assert world.ssm_parameter(variable)["Version"] == 2
        assert world.ssm_parameter(variable, 1)["Value"] == world.old_values[variable]
    else:
        stages = world.sm_stages(world.sm_app)
        assert len(stages) == 2, stages  # the old version and exactly one new one
        assert sorted(s for labels in stages.values() for s in labels) == ["AWSCURRENT", "AWSPREVIOUS"]
        assert world.sm_current(world.sm_app)["COOKIE_KEY_PREVIOUS"] == world.old_values[variable]
    # Nothing else was touched.
    for other, value in world.old_values.items():
        if other not in (variable, "AWS_ACCESS_KEY_ID"):
            assert value_now(world, other) == value, other
    assert_no_value_leaked(world, out, err, killed.stdout, killed.stderr)


def test_ssm_killed_between_the_previous_key_and_the_key(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str
) -> None:
    """SSM writes the previous key first (its own parameter, created with the key's type, KMS key and tier),
    then the key: killed in between, the run resumed writes the previous key again — still the value the
    rotation began from, never a value of its own — and then the key."""
    from tests.rotate.world import set_rotation

    world = build_world(tmp_path, vault_env, aws_env, uid)
    variable = "WEBHOOK_SIGNING_KEY"
    set_rotation(world, variable, {"kind": "generate", "previous": f"{variable}_PREVIOUS"})
    killed = killed_run(world, variable, "store:partial")
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert world.ssm_parameter(f"{variable}_PREVIOUS")["Value"] == world.old_values[variable]
    assert world.ssm_parameter(variable)["Version"] == 1
    code, out, err = rotate(cli, world, "--env", "production", "--variable", variable, "--apply")
    assert code == 0, out + err
    assert world.ssm_parameter(variable)["Version"] == 2
    assert world.ssm_parameter(variable)["Value"] != world.old_values[variable]
    previous = world.ssm_parameter(f"{variable}_PREVIOUS")
    assert (previous["Value"], previous["Type"]) == (world.old_values[variable], "SecureString")
    assert journal_events(world).count("done") == 1
    assert_no_value_leaked(world, out, err, killed.stdout, killed.stderr)
