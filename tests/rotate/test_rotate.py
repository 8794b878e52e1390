"""`secretguard rotate` against a real OpenBao dev server and a real moto server: dry run, apply, the IAM
grace period, plan-driven selection, and no value in any output or in the journal."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from secretguard.scan.finding import secret_hash
from tests.conftest import CliRunner
from tests.rotate.world import World, build_world
from tests.servers import Bao, Moto

ALL = ("SESSION_SECRET", "WEBHOOK_SIGNING_KEY", "COOKIE_KEY", "AWS_SECRET_ACCESS_KEY")


def rotate(cli: CliRunner, world: World, *args: str) -> tuple[int, str, str]:
    run = cli(
        "rotate", "--inventory", world.inventory, "--journal", world.journal, "--verify-wait", "5", *args
    )
    return run.code, run.out, run.err


def every_variable() -> list[str]:
    return [arg for name in ALL for arg in ("--variable", name)]


@pytest.fixture
def world(tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str) -> World:
    return build_world(tmp_path, vault_env, aws_env, uid)


def assert_no_value_leaked(world: World, *texts: str) -> None:
    secrets = [*world.old_values.values(), *world.current_values().values()]
    journal = world.journal.read_text() if world.journal.exists() else ""
    for secret in secrets:
        if len(secret) < 16:  # access key ids are identifiers; even so they are shown masked
            continue
        for text in (*texts, journal):
            assert secret not in text
    assert world.old_key_id not in journal
    assert world.stored_key_pair()[0] not in journal


def test_dry_run_changes_nothing_and_says_what_it_would_do(cli: CliRunner, world: World) -> None:
    before = world.current_values()
    code, out, err = rotate(cli, world, "--env", "production", *every_variable())
    assert code == 0, err
    assert "dry run" in out
    assert out.count("PLANNED") == 4
    assert "verify the stored key with STS GetCallerIdentity" in out
    assert "AWSPENDING" in out
    assert world.current_values() == before
    assert not world.journal.exists()
    assert_no_value_leaked(world, out, err)


def test_apply_rotates_every_kind_and_keeps_the_old_versions(cli: CliRunner, world: World) -> None:
    code, out, err = rotate(
        cli, world, "--env", "production", *every_variable(), "--apply", "--grace", "0", "--format", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert [r["state"] for r in report["rotations"]] == ["rotated"] * 4
    now = world.current_values()
    for name in ("SESSION_SECRET", "WEBHOOK_SIGNING_KEY", "COOKIE_KEY", "AWS_ACCESS_KEY_ID"):
        assert now[name] != world.old_values[name], name
    assert len(now["SESSION_SECRET"]) == 48
    assert len(now["WEBHOOK_SIGNING_KEY"]) == 64
    assert set(now["WEBHOOK_SIGNING_KEY"]) <= set("0123456789abcdef")
    # Vault: exactly one new version, the old one kept for rollback, other keys untouched.
    assert world.vault_version() == 2
    assert world.vault_data(1)["SESSION_SECRET"] == world.old_values["SESSION_SECRET"]
    assert world.vault_data()["DATABASE_HOST"] == "db.internal"
    # Dual-key overlap: the old value stays beside the new one, so both are accepted during the switch.
    assert world.vault_data()["SESSION_SECRET_PREVIOUS"] == world.old_values["SESSION_SECRET"]
    assert world.sm_current(world.sm_app)["COOKIE_KEY_PREVIOUS"] == world.old_values["COOKIE_KEY"]
    # SSM: a new SecureString version; version 1 still readable.
    param = world.ssm_parameter("WEBHOOK_SIGNING_KEY")
    assert (param["Type"], param["Version"]) == ("SecureString", 2)
    assert world.ssm_parameter("WEBHOOK_SIGNING_KEY", 1)["Value"] == world.old_values["WEBHOOK_SIGNING_KEY"]
    # Secrets Manager: new AWSCURRENT, old AWSPREVIOUS, no AWSPENDING left behind, other keys kept.
    stages = world.sm_stages(world.sm_app)
    assert sorted(s for labels in stages.values() for s in labels) == ["AWSCURRENT", "AWSPREVIOUS"]
    assert world.sm_current(world.sm_app)["REGION"] == "eu"
    # IAM: one key left, the stored one, and it works.
    keys = world.iam_keys()
    key_id, key_secret = world.stored_key_pair()
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(key_id, "Active")]
    assert world.identity(key_id, key_secret).endswith(f":user/{world.user}")
    assert stat.S_IMODE(world.journal.stat().st_mode) == 0o600
    assert_no_value_leaked(world, out, err)
    # Run again: nothing more happens.
    code, out, _ = rotate(cli, world, "--env", "production", *every_variable(), "--apply", "--format", "json")
    assert code == 0
    assert {r["state"] for r in json.loads(out)["rotations"]} == {"rotated"}
    assert world.current_values() == now
    assert world.vault_version() == 2


@pytest.mark.parametrize("iam_store", ["ssm", "vault"])
def test_iam_key_pair_in_ssm_or_vault(
    cli: CliRunner, tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str, iam_store: str
) -> None:
    world = build_world(tmp_path, vault_env, aws_env, uid, iam_store=iam_store)
    code, out, err = rotate(
        cli, world, "--env", "production", "--variable", "AWS_SECRET_ACCESS_KEY", "--apply", "--grace", "0"
    )
    assert code == 0, out + err
    key_id, key_secret = world.stored_key_pair()
    assert key_id != world.old_key_id
    assert [k["AccessKeyId"] for k in world.iam_keys()] == [key_id]
    assert world.identity(key_id, key_secret).endswith(f":user/{world.user}")
    if iam_store == "vault":
        assert world.vault_data()["SESSION_SECRET"] == world.old_values["SESSION_SECRET"]
    assert_no_value_leaked(world, out, err)


def test_old_key_waits_inactive_for_the_grace_period(cli: CliRunner, world: World) -> None:
    args = ("--env", "production", "--variable", "AWS_SECRET_ACCESS_KEY", "--apply")
    code, out, err = rotate(cli, world, *args, "--grace", "7d")
    assert code == 0, err
    assert "WAITING" in out
    assert "re-activate it to roll back" in out
    statuses = {k["AccessKeyId"]: k["Status"] for k in world.iam_keys()}
    new_id = world.stored_key_pair()[0]
    assert statuses == {world.old_key_id: "Inactive", new_id: "Active"}
    # Running again inside the grace period changes nothing; after it (here: --grace 0) the old key goes.
    assert rotate(cli, world, *args, "--grace", "7d")[0] == 0
    assert len(world.iam_keys()) == 2
    code, out, _ = rotate(cli, world, *args, "--grace", "0")
    assert code == 0
    assert "ROTATED" in out
    assert [k["AccessKeyId"] for k in world.iam_keys()] == [new_id]


def test_plan_drives_rotation_of_the_live_leaks_only(cli: CliRunner, world: World, tmp_path: Path) -> None:
    repo = tmp_path / "leak"
    repo.mkdir()
    (repo / "deploy.env").write_text(
        f"AWS_ACCESS_KEY_ID={world.old_key_id}\nAWS_SECRET_ACCESS_KEY={world.old_key_secret}\n"
        f"SESSION_SECRET={world.old_values['SESSION_SECRET']}\n"
    )
    report = tmp_path / "scan.json"
    assert cli("scan", "files", repo, "--format", "json", "--output", report).code == 1
    plan = tmp_path / "plan.json"
    run = cli(
        "plan", "--findings", report, "--inventory", world.inventory, "--env", "production",
        "--format", "json", "--output", plan,
    )  # fmt: skip
    assert run.code == 1, run.err
    live = {v for e in json.loads(plan.read_text()) if e["live"] for v in e["variables"]}
    assert "AWS_SECRET_ACCESS_KEY" in live or "AWS_ACCESS_KEY_ID" in live
    code, out, err = rotate(cli, world, "--plan", str(plan), "--apply", "--grace", "0", "--format", "json")
    assert code == 0, err
    rotated = {r["variable"] for r in json.loads(out)["rotations"] if r["state"] == "rotated"}
    assert "AWS_SECRET_ACCESS_KEY" in rotated
    now = world.current_values()
    assert now["WEBHOOK_SIGNING_KEY"] == world.old_values["WEBHOOK_SIGNING_KEY"]  # not leaked: untouched
    assert now["AWS_ACCESS_KEY_ID"] != world.old_key_id
    if "SESSION_SECRET" in live:
        assert now["SESSION_SECRET"] != world.old_values["SESSION_SECRET"]
    # The same plan again: the stores no longer hold the leaked values, so nothing happens.
    code, out, _ = rotate(cli, world, "--plan", str(plan), "--apply", "--format", "json")
    assert code == 0
    again = json.loads(out)["rotations"]
    assert {r["state"] for r in again} == {"rotated"}
    assert all("no longer holds the leaked value: rotated at" in r["detail"] for r in again)
    assert world.current_values() == now
    assert_no_value_leaked(world, out, err, plan.read_text())


def test_a_value_changed_by_someone_else_mid_rotation_is_a_conflict_not_an_overwrite(
    cli: CliRunner, world: World
) -> None:
    begun = {
        "target": "production/SESSION_SECRET", "rotation": "r1", "event": "begin",
        "ts": "2026-01-01T00:00:00+00:00", "place": f"vault:secret/{world.vault_path}", "where": "x",
        "kind": "generate", "old_version": "1", "old_hash": secret_hash("some older value"),
    }  # fmt: skip
    journal_lines = [begun]
    world.journal.write_text("".join(json.dumps(line) + "\n" for line in journal_lines))
    code, _, err = rotate(cli, world, "--env", "production", "--variable", "SESSION_SECRET", "--apply")
    assert code == 3
    assert "changed since the rotation began" in err
    assert world.vault_version() == 1
    # Once a person has looked: --restart abandons that rotation and starts a fresh one.
    code, out, err = rotate(
        cli, world, "--env", "production", "--variable", "SESSION_SECRET", "--apply", "--restart"
    )
    assert code == 0, err
    assert "abandoned the unfinished rotation" in out
    assert world.vault_version() == 2


def test_errors_are_clear(cli: CliRunner, world: World) -> None:
    assert rotate(cli, world)[0] == 2
    code, _, err = rotate(cli, world, "--variable", "DATABASE_HOST", "--env", "production")
    assert code == 2
    assert "no automatic rotation" in err
    code, _, err = rotate(cli, world, "--variable", "SESSION_SECRET", "--env", "staging")
    assert code == 2
    assert "not in the inventory" in err
    broken = world.inventory.parent / "plan.json"
    broken.write_text('{"not": "a plan"')
    code, _, err = rotate(cli, world, "--plan", str(broken))
    assert code == 2
    assert "cannot read the plan" in err


def test_default_journal_next_to_the_inventory_is_kept_out_of_git(cli: CliRunner, world: World) -> None:
    run = cli(
        "rotate",
        "--inventory",
        world.inventory,
        "--env",
        "production",
        "--variable",
        "SESSION_SECRET",
        "--apply",
    )
    assert run.code == 0, run.err
    folder = world.inventory.parent / ".secretguard"
    assert (folder / "rotate-journal.jsonl").exists()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_debug_logging_shows_no_value(cli: CliRunner, world: World, caplog: pytest.LogCaptureFixture) -> None:
    """botocore logs whole response bodies at DEBUG (CreateAccessKey's includes the new secret)."""
    caplog.set_level(logging.DEBUG)
    code, out, err = rotate(cli, world, "--env", "production", *every_variable(), "--apply", "--grace", "0")
    assert code == 0, err
    assert caplog.records  # the libraries did log
    assert_no_value_leaked(world, out, err, caplog.text)


def test_an_unreachable_vault_fails_that_rotation_only(
    cli: CliRunner, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.servers import free_port

    monkeypatch.setenv("VAULT_ADDR", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    args = ("--env", "production", "--variable", "SESSION_SECRET", "--variable", "WEBHOOK_SIGNING_KEY")
    code, out, err = rotate(cli, world, *args, "--apply", "--format", "json")
    assert code == 3, err
    states = {r["variable"]: r["state"] for r in json.loads(out)["rotations"]}
    assert states == {"SESSION_SECRET": "failed", "WEBHOOK_SIGNING_KEY": "rotated"}
    assert "cannot reach Vault" in err
    assert "Traceback" not in err
    assert world.ssm_parameter("WEBHOOK_SIGNING_KEY")["Version"] == 2
