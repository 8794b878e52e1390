"""`secretguard baseline create|update` and `scan --baseline`: accepted findings stay quiet, new ones
do not."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from secretguard.errors import ExitCode
from tests.conftest import CliRunner
from tests.helpers import Planted, aws_key_id, github_style_token


def scan_new(cli: CliRunner, baseline: Path, tmp_path: Path) -> tuple[int, list[dict[str, Any]]]:
    out = tmp_path / "new.json"
    run = cli(
        "scan", "files", "proj", "--format", "json", "--show-secrets", "--baseline", baseline, "--output", out
    )
    return run.code, json.loads(out.read_text(encoding="utf-8"))


def entries(baseline: Path) -> set[tuple[str, str]]:
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    return {(e["rule_id"], e["file"]) for e in doc["findings"]}


def test_create_then_scan_reports_nothing_new(
    cli: CliRunner, project: Path, planted: list[Planted], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    run = cli("baseline", "create", "proj", "--output", baseline)
    assert run.code == ExitCode.CLEAN
    assert f"{len(planted)} finding(s) accepted" in run.err
    assert entries(baseline) == {(p.rule_id, f"proj/config/{p.rule_id}.cfg") for p in planted}
    code, findings = scan_new(cli, baseline, tmp_path)
    assert (code, findings) == (ExitCode.CLEAN, [])
    text = cli("scan", "files", "proj", "--baseline", baseline)
    assert f"{len(planted)} suppressed by the baseline" in text.out


def test_a_new_secret_is_the_only_one_reported(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    cli("baseline", "create", "proj", "--output", baseline)
    fresh = github_style_token(random.Random(1))
    (project / "new.env").write_text(f"GITHUB_TOKEN={fresh}\n")
    code, findings = scan_new(cli, baseline, tmp_path)
    assert code == ExitCode.FINDINGS
    assert [(f["rule_id"], f["file"], f["secret"]) for f in findings] == [
        ("github-pat", "proj/new.env", fresh)
    ]


def test_moving_a_secret_within_its_file_keeps_it_suppressed(
    cli: CliRunner, project: Path, planted: list[Planted], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    cli("baseline", "create", "proj", "--output", baseline)
    target = project / "config" / "github-pat.cfg"
    target.write_text("# moved down\n\n\n" + target.read_text() + "# trailing\n")
    code, findings = scan_new(cli, baseline, tmp_path)
    assert (code, findings) == (ExitCode.CLEAN, [])


def test_the_same_secret_in_another_file_is_new(
    cli: CliRunner, project: Path, planted: list[Planted], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    cli("baseline", "create", "proj", "--output", baseline)
    copied = next(p for p in planted if p.rule_id == "github-pat")
    (project / "copy.env").write_text(copied.text)
    code, findings = scan_new(cli, baseline, tmp_path)
    assert code == ExitCode.FINDINGS
    assert [f["file"] for f in findings] == ["proj/copy.env"]


def test_update_adds_new_and_drops_gone_findings(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    cli("baseline", "create", "proj", "--output", baseline)
    before = entries(baseline)
    (project / "config" / "aws-access-key-id.cfg").unlink()
    (project / "later.ini").write_text(f"aws_access_key_id = {aws_key_id(random.Random(2))}\n")
    run = cli("baseline", "update", "proj", "--baseline", baseline)
    assert run.code == ExitCode.CLEAN, run.err
    assert "1 added, 1 removed" in run.err
    after = entries(baseline)
    assert before - after == {("aws-access-key-id", "proj/config/aws-access-key-id.cfg")}
    assert after - before == {("aws-access-key-id", "proj/later.ini")}
    assert scan_new(cli, baseline, tmp_path) == (ExitCode.CLEAN, [])


def test_baseline_from_settings(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    cli("baseline", "create", "proj", "--output", tmp_path / "accepted.json")
    (tmp_path / ".secretguard.toml").write_text("baseline = 'accepted.json'\n")
    assert cli("scan", "files", "proj").code == ExitCode.CLEAN


def test_default_baseline_path_and_partial_create(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    run = cli("baseline", "create", "proj", "missing.env")
    assert run.code == ExitCode.INCOMPLETE
    assert (tmp_path / ".secretguard-baseline.json").is_file()
    update = cli("baseline", "update", "proj")
    assert update.code == ExitCode.CLEAN
    assert "0 added, 0 removed" in update.err


def test_update_without_a_baseline_is_an_error(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    run = cli("baseline", "update", "proj", "--baseline", tmp_path / "none.json")
    assert run.code == ExitCode.USAGE
    assert "does not exist" in run.err
    broken = tmp_path / "broken.json"
    broken.write_text("{]")
    assert cli("scan", "files", "proj", "--baseline", broken).code == ExitCode.USAGE
