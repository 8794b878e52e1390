"""Secrets in the names of CI logs: a GitHub run archive names each step's log after the step, so a step
that ran `curl -u sk_live_...` puts the key into a file name. It must not reach any report or plan."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

from secretguard.scan.engine import Engine
from secretguard.scan.names import redact_names
from tests.conftest import CliRunner
from tests.helpers import ALNUM, github_style_token, rand, stripe_live_key

STAMP = "2024-05-01T12:00:00.0000000Z "


def _run_archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _log(*lines: str) -> bytes:
    return "".join(f"{STAMP}{line}\n" for line in lines).encode()


def test_a_secret_in_a_step_log_name_reaches_no_format_and_no_plan(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(1401)
    key = stripe_live_key(rng)
    token = github_style_token(rng)
    other = github_style_token(rng)
    archive = _run_archive(
        tmp_path / "logs.zip",
        {
            "1_build.txt": _log("Set up job"),
            # The recipe: the step's command, key included, is the log's name (`/` became `_`).
            f"build/2_Run curl -u {key}: https:__api.stripe.com.txt": _log(
                f"##[group]Run curl -u {key}: https://api.stripe.com",
                f"curl -u {key}: https://api.stripe.com",
            ),
            # No word boundary before the key in the file name: the step name alone shows it is one.
            f"build/3_{key}.txt": _log(f"token {other}"),
            # A step whose log cannot be read is named in the skipped list: by its redacted name too.
            f"deploy/1_Run deploy --token {token}.txt": bytes(range(256)) * 64,
            "deploy/2_Run release.txt": _log(f"export GH_TOKEN={token}"),
        },
    )
    outputs: list[str] = []
    for fmt in ("text", "json", "jsonl", "csv", "sarif"):
        run = cli("scan", "ci-log", archive, "--format", fmt)
        assert run.code == 3, (fmt, run.err)  # findings, and the binary step log skipped
        outputs += [run.out, run.err]
    report = tmp_path / "report.json"
    cli("scan", "ci-log", archive, "--format", "json", "--output", report)
    findings = json.loads(report.read_text(encoding="utf-8"))
    by_step = {f["step"]: f for f in findings}
    curl = next(f for step, f in by_step.items() if step and step.startswith("Run curl -u sk_l"))
    assert curl["file"].startswith(f"{archive}!build/2_Run curl -u sk_l…[redacted:")
    assert curl["file"].endswith(": https:__api.stripe.com.txt")
    assert curl["job"] == "build"
    third = next(f for f in findings if f["secret"].startswith(other[:4]) and f["job"] == "build")
    assert third["file"].startswith(f"{archive}!build/3_sk_l…[redacted:")
    assert third["step"].startswith("sk_l…[redacted:")
    for fmt in ("markdown", "json", "html"):
        run = cli("plan", "--findings", report, "--format", fmt)
        outputs += [run.out, run.err]
    everything = "\n".join(outputs)
    assert "skipped" in everything
    assert "deploy/1_Run deploy --token ghp_…[redacted:" in everything
    for secret in (key, token, other):
        assert secret not in everything
        assert secret[8:30] not in everything  # not even a piece of it


def test_names_of_one_place_are_redacted_together(engine: Engine) -> None:
    key = stripe_live_key(random.Random(1402))
    path, job, step = redact_names(engine, f"logs.zip!build/2_{key}.txt", "build", key)
    assert key not in f"{path}{job}{step}"
    assert path is not None
    assert path.startswith("logs.zip!build/2_sk_l…[redacted:")
    assert job == "build"
    assert redact_names(engine, "plain name", None, "") == ("plain name", None, "")


def test_a_base64_encoded_secret_in_a_name_is_redacted_whole(engine: Engine) -> None:
    import base64

    token = github_style_token(random.Random(1403))
    encoded = base64.b64encode(f"token={token}".encode()).decode()
    [name] = redact_names(engine, f"build/2_Run echo {encoded} | base64 -d.txt")
    assert name is not None
    assert encoded not in name
    assert token not in name
    assert name.startswith("build/2_Run echo ghp_…[redacted:")


def test_many_mask_values_are_searched_and_never_echoed(tmp_path: Path) -> None:
    """Tens of thousands of `::add-mask::` values once made one RE2 alternation too large to compile: RE2
    logged the whole pattern (every masked value) to stderr and the scan ended with exit 4."""
    rng = random.Random(1404)
    values = [rand(rng, ALNUM, 40) for _ in range(20_000)]
    log = tmp_path / "job.log"
    lines = [f"session {values[7]}"] + [f"::add-mask::{value}" for value in values]
    log.write_bytes(_log(*lines))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETGUARD_") or k.endswith("CACHE_DIR")}
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "ci-log", str(log), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    assert [(f["rule_id"], f["line"]) for f in findings] == [("log-unmasked-value", 1)]
    leaked = [v for v in values if v in proc.stdout or v in proc.stderr]
    assert leaked == []


def _corrupt_member(path: Path, name: str) -> None:
    """A zip whose one member fails its CRC check: zipfile's error quotes the member's name."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, _log("hello world, nothing secret here") * 50)
    data = bytearray(path.read_bytes())
    at = data.find(b"hello world")
    data[at : at + 5] = b"HELLO"
    path.write_bytes(bytes(data))


def test_a_damaged_step_log_named_after_a_secret_is_skipped_by_its_redacted_name(
    cli: CliRunner, tmp_path: Path
) -> None:
    key = stripe_live_key(random.Random(1405))
    _corrupt_member(tmp_path / "logs.zip", f"build/2_Run curl -u {key}: https:__api.stripe.com.txt")
    run = cli("scan", "ci-log", tmp_path / "logs.zip")
    assert run.code == 3, run.err
    assert "2_Run curl -u sk_l…[redacted:" in run.out
    assert "corrupt compressed data (Bad CRC-32 for file '…')" in run.out
    assert key not in run.out + run.err
