"""A rotation keeps each store's kind of value exactly (SSM type, KMS key and tier; the Secrets Manager
secret's KMS key), and its output names every write it made — variable, store, version — the `*_PREVIOUS`
keys included. Against the real OpenBao dev server and moto server, checked from the servers' side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import CliRunner
from tests.rotate.test_rotate import assert_no_value_leaked, every_variable, rotate
from tests.rotate.world import World, build_world, set_rotation
from tests.servers import Bao, Moto


def described(world: World, name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = world.moto.client("ssm").describe_parameters(
        ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [world.ssm_path + name]}]
    )["Parameters"]
    assert len(found) == 1, name
    return found[0]


def writes_of(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rotation in report["rotations"]:
        for write in rotation["writes"]:
            assert write["variable"] not in out, write  # each variable written once
            out[write["variable"]] = write
    return out


def test_iam_rotation_keeps_a_string_access_key_id_a_string(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str
) -> None:
    world = build_world(
        tmp_path,
        vault_env,
        aws_env,
        uid,
        iam_store="ssm",
        ssm_params={"AWS_ACCESS_KEY_ID": {"Type": "String"}},
    )
    code, out, err = rotate(
        cli, world, "--env", "production", "--variable", "AWS_SECRET_ACCESS_KEY", "--apply", "--grace", "0",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, out + err
    key_id = described(world, "AWS_ACCESS_KEY_ID")
    secret = described(world, "AWS_SECRET_ACCESS_KEY")
    assert (key_id["Type"], key_id["Version"]) == ("String", 2)
    assert "KeyId" not in key_id
    assert (secret["Type"], secret["Version"]) == ("SecureString", 2)
    stored_id, stored_secret = world.stored_key_pair()
    assert stored_id != world.old_key_id
    assert world.identity(stored_id, stored_secret).endswith(f":user/{world.user}")
    writes = writes_of(json.loads(out))
    assert {n: (w["store"], w["version"]) for n, w in writes.items()} == {
        "AWS_ACCESS_KEY_ID": (f"ssm:{world.ssm_path}AWS_ACCESS_KEY_ID", "2"),
        "AWS_SECRET_ACCESS_KEY": (f"ssm:{world.ssm_path}AWS_SECRET_ACCESS_KEY", "2"),
    }
    assert_no_value_leaked(world, out, err)


def test_a_custom_kms_key_and_the_tier_are_kept_and_given_to_the_previous_key(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str
) -> None:
    kms = aws_env.client("kms")
    ssm_key = kms.create_key(Description=f"{uid} parameters")["KeyMetadata"]["KeyId"]
    sm_key = kms.create_key(Description=f"{uid} secrets")["KeyMetadata"]["Arn"]
    webhook = {"Type": "SecureString", "KeyId": ssm_key, "Tier": "Advanced", "Description": "signs webhooks"}
    world = build_world(
        tmp_path, vault_env, aws_env, uid, ssm_params={"WEBHOOK_SIGNING_KEY": webhook}, sm_kms_key=sm_key
    )
    set_rotation(
        world, "WEBHOOK_SIGNING_KEY", {"kind": "generate", "previous": "WEBHOOK_SIGNING_KEY_PREVIOUS"}
    )
    args = ("--variable", "WEBHOOK_SIGNING_KEY", "--variable", "COOKIE_KEY")
    code, out, err = rotate(cli, world, "--env", "production", *args, "--apply", "--format", "json")
    assert code == 0, out + err
    for name in ("WEBHOOK_SIGNING_KEY", "WEBHOOK_SIGNING_KEY_PREVIOUS"):
        param = described(world, name)
        assert (param["Type"], param["KeyId"], param["Tier"]) == ("SecureString", ssm_key, "Advanced"), name
    assert described(world, "WEBHOOK_SIGNING_KEY")["Version"] == 2
    assert described(world, "WEBHOOK_SIGNING_KEY")["Description"] == "signs webhooks"
    assert (
        world.ssm_parameter("WEBHOOK_SIGNING_KEY_PREVIOUS")["Value"]
        == world.old_values["WEBHOOK_SIGNING_KEY"]
    )
    assert world.ssm_parameter("WEBHOOK_SIGNING_KEY")["Value"] != world.old_values["WEBHOOK_SIGNING_KEY"]
    secret = aws_env.client("secretsmanager").describe_secret(SecretId=world.sm_app)
    assert secret["KmsKeyId"] == sm_key
    assert world.sm_current(world.sm_app)["COOKIE_KEY_PREVIOUS"] == world.old_values["COOKIE_KEY"]
    assert_no_value_leaked(world, out, err)


def test_the_output_names_every_write_previous_keys_included(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str
) -> None:
    world = build_world(tmp_path, vault_env, aws_env, uid)
    code, out, err = rotate(
        cli, world, "--env", "production", *every_variable(), "--apply", "--grace", "0", "--format", "json"
    )
    assert code == 0, out + err
    writes = writes_of(json.loads(out))
    assert set(writes) == {
        "SESSION_SECRET", "SESSION_SECRET_PREVIOUS", "WEBHOOK_SIGNING_KEY", "COOKIE_KEY",
        "COOKIE_KEY_PREVIOUS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    }  # fmt: skip
    vault = f"vault:secret/{world.vault_path}"
    assert writes["SESSION_SECRET"] == {
        "variable": "SESSION_SECRET", "store": f"{vault}#SESSION_SECRET", "version": "2", "stage": None,
        "previous": False,
    }  # fmt: skip
    assert writes["SESSION_SECRET_PREVIOUS"]["store"] == f"{vault}#SESSION_SECRET_PREVIOUS"
    assert writes["SESSION_SECRET_PREVIOUS"]["version"] == str(world.vault_version())
    assert writes["SESSION_SECRET_PREVIOUS"]["previous"] is True
    assert writes["WEBHOOK_SIGNING_KEY"]["store"] == f"ssm:{world.ssm_path}WEBHOOK_SIGNING_KEY"
    assert writes["WEBHOOK_SIGNING_KEY"]["version"] == str(
        world.ssm_parameter("WEBHOOK_SIGNING_KEY")["Version"]
    )
    for name, secret_id in (("COOKIE_KEY", world.sm_app), ("AWS_SECRET_ACCESS_KEY", world.sm_aws)):
        current = next(v for v, s in world.sm_stages(secret_id).items() if "AWSCURRENT" in s)
        assert writes[name]["version"] == current, name
        assert writes[name]["stage"] == "AWSPENDING"  # written pending, then promoted
    assert writes["COOKIE_KEY_PREVIOUS"]["store"] == f"secretsmanager:{world.sm_app}#COOKIE_KEY_PREVIOUS"
    assert writes["AWS_ACCESS_KEY_ID"]["version"] == writes["AWS_SECRET_ACCESS_KEY"]["version"]

    # The text report says the same, one line a write.
    code, out, err = rotate(
        cli, world, "--env", "production", "--variable", "SESSION_SECRET", "--apply", "--again"
    )
    assert code == 0, out + err
    lines = [line.strip() for line in out.splitlines()]
    assert f"- wrote SESSION_SECRET to {vault}#SESSION_SECRET (version 3)" in lines
    assert (
        f"- wrote SESSION_SECRET_PREVIOUS to {vault}#SESSION_SECRET_PREVIOUS (version 3): the value in use "
        "until now, kept for the overlap"
    ) in lines
    assert_no_value_leaked(world, out, err)
