"""Two `rotate --apply` runs from two copies of the inventory (two checkouts: two journals, so no lock file
can tell) never both rotate a credential: each store ends with exactly one new version, `*_PREVIOUS` holds the
value the apps used before (never the short-lived value of the other run), and the loser exits 3 naming the
variable and the store, having changed nothing.

The runs are real `python -m secretguard` processes against the session's OpenBao dev server and moto
server, interleaved step by step with the fault-injection hook's pause (`POINT@FOLDER`, rotate/faults.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from secretguard.rotate.faults import FAULT_ENV
from secretguard.rotate.store_writes import CLAIM_PREFIX
from tests.rotate.test_rotate import assert_no_value_leaked
from tests.rotate.world import World, build_world, set_rotation
from tests.servers import Bao, Moto

ROOT = Path(__file__).resolve().parents[2]
GUARD = 120.0  # seconds before a hung run fails the test (a guard, not an assertion on timing)


class Run:
    """`secretguard rotate --apply` from one checkout, as its own process, optionally paused at a point."""

    def __init__(
        self, inventory: Path, variables: list[str], pause: str | None = None, extra: tuple[str, ...] = ()
    ) -> None:
        self.inventory = inventory
        self.folder = inventory.parent / f"pause-{len(list(inventory.parent.glob('pause-*')))}"
        self.folder.mkdir()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop(FAULT_ENV, None)
        if pause:
            env[FAULT_ENV] = f"{pause}@{self.folder}"
        args = [arg for name in variables for arg in ("--variable", name)]
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "secretguard", "rotate", "--inventory", str(inventory),
                "--env", "production", *args, "--apply", "--grace", "0", "--verify-wait", "5",
                "--format", "json", *extra,
            ],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.out = self.err = ""

    @property
    def journal(self) -> Path:
        return self.inventory.parent / ".secretguard" / "rotate-journal.jsonl"

    def reached(self) -> None:
        """Wait until the run is paused at its point."""
        deadline = time.monotonic() + GUARD
        while not (self.folder / "reached").exists():
            if self.proc.poll() is not None:
                self.finish()
                pytest.fail(f"the run ended before its pause point: {self.out}{self.err}")
            if time.monotonic() > deadline:
                pytest.fail("the run did not reach its pause point")
            time.sleep(0.01)

    def go(self) -> None:
        (self.folder / "go").touch()

    def finish(self) -> int:
        self.out, self.err = self.proc.communicate(timeout=GUARD)
        return self.proc.returncode

    def states(self) -> dict[str, str]:
        return {r["variable"]: r["state"] for r in json.loads(self.out)["rotations"]}

    def events(self) -> list[str]:
        lines = self.journal.read_text().splitlines() if self.journal.exists() else []
        return [json.loads(line)["event"] for line in lines]


@pytest.fixture
def world(tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str) -> World:
    checkout = tmp_path / "checkout-a"
    checkout.mkdir()
    world = build_world(checkout, vault_env, aws_env, uid)
    set_rotation(
        world, "WEBHOOK_SIGNING_KEY", {"kind": "generate", "previous": "WEBHOOK_SIGNING_KEY_PREVIOUS"}
    )
    return world


@pytest.fixture
def second(world: World) -> Path:
    """The inventory in a second checkout: its own journal."""
    checkout = world.inventory.parent.parent / "checkout-b"
    checkout.mkdir()
    return Path(shutil.copy(world.inventory, checkout / world.inventory.name))


@pytest.fixture
def runs() -> Iterator[list[Run]]:
    started: list[Run] = []
    yield started
    for run in started:  # a failed test leaves no paused process behind
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.communicate()


def ssm_claims(world: World) -> list[str]:
    ssm = world.moto.client("ssm")
    labels: list[str] = []
    for name in ("WEBHOOK_SIGNING_KEY", "WEBHOOK_SIGNING_KEY_PREVIOUS"):
        try:
            history = ssm.get_parameter_history(Name=world.ssm_path + name)["Parameters"]
        except ssm.exceptions.ParameterNotFound:
            continue
        labels += [label for p in history for label in p.get("Labels", []) if label.startswith(CLAIM_PREFIX)]
    return labels


def labelled_versions(world: World, secret_id: str) -> dict[str, list[str]]:
    return {v: s for v, s in world.sm_stages(secret_id).items() if s}


def assert_rotated_once(world: World, variable: str) -> str:
    """Exactly one new version in the variable's store, `_PREVIOUS` = the value before; the new value."""
    old = world.old_values[variable]
    if variable == "SESSION_SECRET":
        assert world.vault_version() == 2
        assert world.vault_data(1)[variable] == old
        assert world.vault_data()["SESSION_SECRET_PREVIOUS"] == old
        new = world.vault_data()[variable]
    elif variable == "WEBHOOK_SIGNING_KEY":
        assert world.ssm_parameter(variable)["Version"] == 2
        assert world.ssm_parameter("WEBHOOK_SIGNING_KEY_PREVIOUS")["Version"] == 1
        assert world.ssm_parameter("WEBHOOK_SIGNING_KEY_PREVIOUS")["Value"] == old
        assert ssm_claims(world) == []  # the claims are withdrawn
        new = world.ssm_parameter(variable)["Value"]
    else:
        stages = labelled_versions(world, world.sm_app)
        assert sorted(s for labels in stages.values() for s in labels) == ["AWSCURRENT", "AWSPREVIOUS"]
        assert world.sm_current(world.sm_app)["COOKIE_KEY_PREVIOUS"] == old
        new = world.sm_current(world.sm_app)[variable]
    assert new != old
    return new


def assert_lost(run: Run, world: World, variable: str, store: str, *, may_have_stored: bool = False) -> None:
    """`may_have_stored`: both runs write AWSPENDING and the loser only loses at promotion, so whether it
    journaled `stored` first depends on timing (its version is withdrawn either way)."""
    assert run.proc.returncode == 3, run.out + run.err
    assert run.states()[variable] == "conflict"
    error = next(line for line in run.err.splitlines() if line.startswith("ERROR"))
    assert f"production/{variable}: conflict:" in error
    assert store in error
    if not may_have_stored:
        assert "stored" not in run.events()
    assert "conflict" in run.events()
    assert_no_value_leaked(world, run.out, run.err)


STORES = {
    "SESSION_SECRET": "vault:secret/{uid}/prod",
    "WEBHOOK_SIGNING_KEY": "ssm:/{uid}/prod/WEBHOOK_SIGNING_KEY",
    "COOKIE_KEY": "secretsmanager:{uid}/prod/app",
}


@pytest.mark.parametrize(
    ("variable", "pause", "paused_wins"),
    [
        # Vault: the paused run checked version 1, the other wrote version 2; check-and-set refuses the first.
        ("SESSION_SECRET", "store:checked", False),
        # SSM: the paused run holds its claim (a label on version 1): the other sees it and stops.
        ("WEBHOOK_SIGNING_KEY", "store:checked", True),
        # Secrets Manager: the paused run's AWSPENDING version is written: the other sees it and stops.
        ("COOKIE_KEY", "verify:before", True),
    ],
)
def test_a_second_checkout_rotating_meanwhile_loses(
    world: World, second: Path, runs: list[Run], variable: str, pause: str, paused_wins: bool
) -> None:
    paused = Run(world.inventory, [variable], pause)
    runs.append(paused)
    paused.reached()
    other = Run(second, [variable])
    runs.append(other)
    other.finish()
    paused.go()
    paused.finish()
    winner, loser = (paused, other) if paused_wins else (other, paused)
    assert winner.proc.returncode == 0, winner.out + winner.err
    assert winner.states() == {variable: "rotated"}
    assert_lost(loser, world, variable, STORES[variable].format(uid=world.uid))
    new = assert_rotated_once(world, variable)
    written = {w["variable"] for r in json.loads(winner.out)["rotations"] for w in r["writes"]}
    assert written == {variable, f"{variable}_PREVIOUS"}
    assert json.loads(loser.out)["rotations"][0]["writes"] == []
    assert new not in winner.out + loser.out


def test_two_checkouts_started_together_rotate_each_store_once(
    world: World, second: Path, runs: list[Run]
) -> None:
    """Both runs have read every store (begun) before either writes; then both go at once."""
    variables = ["SESSION_SECRET", "WEBHOOK_SIGNING_KEY", "COOKIE_KEY"]
    first = Run(world.inventory, variables, "begin:after")
    other = Run(second, variables, "begin:after")
    runs += [first, other]
    first.reached()
    other.reached()
    first.go()
    other.go()
    codes = {first.finish(), other.finish()}
    assert codes <= {0, 3}
    assert 3 in codes  # someone lost
    for variable in variables:
        states = sorted([first.states()[variable], other.states()[variable]])
        assert states == ["conflict", "rotated"], (variable, first.out, other.out)
        assert_rotated_once(world, variable)
        loser = first if first.states()[variable] == "conflict" else other
        assert STORES[variable].format(uid=world.uid) in loser.err
    for run in (first, other):
        assert_no_value_leaked(world, run.out, run.err)


def test_secrets_manager_two_pending_versions_one_becomes_current(
    world: World, second: Path, runs: list[Run]
) -> None:
    """Both runs checked the secret and are about to write AWSPENDING: both write; one promotes (moving
    AWSCURRENT off the version both began from), the other's version is withdrawn."""
    first = Run(world.inventory, ["COOKIE_KEY"], "store:checked")
    other = Run(second, ["COOKIE_KEY"], "store:checked")
    runs += [first, other]
    first.reached()
    other.reached()
    first.go()
    other.go()
    assert sorted([first.finish(), other.finish()]) == [0, 3], first.err + other.err
    loser = first if first.proc.returncode == 3 else other
    assert_lost(loser, world, "COOKIE_KEY", f"secretsmanager:{world.sm_app}", may_have_stored=True)
    new = assert_rotated_once(world, "COOKIE_KEY")
    assert len(labelled_versions(world, world.sm_app)) == 2  # the loser's version has no label: deprecated
    winner = other if loser is first else first
    current = next(v for v, s in world.sm_stages(world.sm_app).items() if "AWSCURRENT" in s)
    assert [w["version"] for w in json.loads(winner.out)["rotations"][0]["writes"]] == [current, current]
    assert new not in winner.out + loser.out


@pytest.mark.parametrize(
    ("variable", "previous"),
    [("SESSION_SECRET", True), ("WEBHOOK_SIGNING_KEY", True), ("WEBHOOK_SIGNING_KEY", False)],
)
def test_a_person_writing_between_the_check_and_the_write_wins(
    world: World, runs: list[Run], variable: str, previous: bool
) -> None:
    """Not another secretguard run (no claim): a write by hand right before ours. Vault's check-and-set
    refuses ours. SSM has none: the parameter's version re-read right before each PutParameter, or the jump
    in the version PutParameter returns, gives it away, and what the run wrote is undone."""
    if not previous:
        set_rotation(world, variable, {"kind": "generate"})
    run = Run(world.inventory, [variable], "store:checked")
    runs.append(run)
    run.reached()  # the store was checked; the write is next (with a previous key: that one first)
    by_hand = "set-by-hand-" + world.uid * 4
    if variable == "SESSION_SECRET":
        world.bao.client().secrets.kv.v2.create_or_update_secret(
            path=world.vault_path, secret={**world.vault_data(), variable: by_hand}, mount_point="secret"
        )
    else:
        world.moto.client("ssm").put_parameter(
            Name=world.ssm_path + variable, Value=by_hand, Type="SecureString", Overwrite=True
        )
    run.go()
    run.finish()
    store = STORES[variable].format(uid=world.uid)
    assert_lost(run, world, variable, store)
    assert by_hand not in run.out + run.err
    if variable == "SESSION_SECRET":
        assert world.vault_version() == 2  # nothing written
        assert world.vault_data()[variable] == by_hand
        assert "SESSION_SECRET_PREVIOUS" not in world.vault_data()
        return
    param = world.ssm_parameter(variable)
    assert ssm_claims(world) == []
    assert "rolled back" in run.err
    if previous:
        # The previous key was written first (a new parameter); the re-read of the key itself saw the hand's
        # version 2 before writing it: the previous key is deleted again, the hand's value stays.
        assert (param["Value"], param["Version"]) == (by_hand, 2)
        ssm = world.moto.client("ssm")
        assert ssm.get_parameters(Names=[world.ssm_path + f"{variable}_PREVIOUS"])["InvalidParameters"]
    else:
        # PutParameter made version 3, not 2: someone wrote in between. Version 4 puts back the hand's value.
        assert (param["Value"], param["Version"], param["Type"]) == (by_hand, 4, "SecureString")


@pytest.mark.parametrize("restart", [False, True])
def test_the_claim_of_a_run_that_died_stops_other_checkouts_until_it_is_resumed(
    world: World, second: Path, runs: list[Run], restart: bool
) -> None:
    """SSM: a run killed after claiming (right before writing) leaves its label; another checkout's run
    stops on it, saying how to remove it by hand; the killed run's own checkout resumes (or abandons it with
    --restart, which withdraws the claim, and starts over), rotates, releases."""
    variable = "WEBHOOK_SIGNING_KEY"
    killed = subprocess.run(
        [
            sys.executable, "-m", "secretguard", "rotate", "--inventory", str(world.inventory),
            "--env", "production", "--variable", variable, "--apply",
        ],
        env={**os.environ, FAULT_ENV: "store:checked", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=GUARD, check=False,
    )  # fmt: skip
    assert killed.returncode < 0, killed.stdout + killed.stderr
    assert len(ssm_claims(world)) == 1
    other = Run(second, [variable])
    runs.append(other)
    other.finish()
    assert_lost(other, world, variable, STORES[variable].format(uid=world.uid))
    assert "another rotation is under way" in other.err
    assert "aws ssm unlabel-parameter-version" in other.err
    assert world.ssm_parameter(variable)["Version"] == 1
    resumed = Run(world.inventory, [variable], extra=("--restart",) if restart else ())
    runs.append(resumed)
    assert resumed.finish() == 0, resumed.out + resumed.err
    assert_rotated_once(world, variable)  # claims withdrawn too


def test_iam_key_pair_two_checkouts_one_new_key(
    tmp_path: Path, vault_env: Bao, aws_env: Moto, uid: str, runs: list[Run]
) -> None:
    """The key pair in SSM: the paused run has created its key and holds the claim; the other run stops
    before creating one (IAM allows two keys a user, and the store is claimed)."""
    checkout = tmp_path / "checkout-a"
    checkout.mkdir()
    world = build_world(
        checkout,
        vault_env,
        aws_env,
        uid,
        iam_store="ssm",
        ssm_params={"AWS_ACCESS_KEY_ID": {"Type": "String"}},
    )
    (tmp_path / "checkout-b").mkdir()
    second = Path(shutil.copy(world.inventory, tmp_path / "checkout-b" / world.inventory.name))
    paused = Run(world.inventory, ["AWS_SECRET_ACCESS_KEY"], "store:checked")
    runs.append(paused)
    paused.reached()
    other = Run(second, ["AWS_SECRET_ACCESS_KEY"])
    runs.append(other)
    other.finish()
    paused.go()
    assert paused.finish() == 0, paused.out + paused.err
    assert other.proc.returncode == 3, other.out + other.err
    assert "production/AWS_SECRET_ACCESS_KEY: conflict:" in other.err
    assert "created" not in other.events()
    key_id, key_secret = world.stored_key_pair()
    assert [(k["AccessKeyId"], k["Status"]) for k in world.iam_keys()] == [(key_id, "Active")]
    assert world.identity(key_id, key_secret).endswith(f":user/{world.user}")
    for name, kind in (("AWS_ACCESS_KEY_ID", "String"), ("AWS_SECRET_ACCESS_KEY", "SecureString")):
        param = world.ssm_parameter(name)
        assert (param["Type"], param["Version"]) == (kind, 2), name
    assert_no_value_leaked(world, paused.out, paused.err, other.out, other.err)
