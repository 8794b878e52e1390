"""`scan ci-log` on realistic fixtures: real pip/npm/git/curl output wrapped as each CI logs it, with
planted secrets (tests/assets/ci_logs/make_fixtures.py builds them; expected.json lists what was planted)."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import CliRunner

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "ci_logs"
FIXTURES = [
    "github_job.log",
    "gitlab_job.log",
    "gitlab_timestamps.log",
    "jenkins_console.log",
    "circleci_step.log",
    "run.zip",
]

Key = tuple[str, int, str, str | None, str | None]
# Rules that may report the same planted form (an npm token after `_authToken=` is both shapes).
SAME_FORM = {"npm-auth-token": ("npm-access-token",)}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_log_fixtures", ASSETS / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ci_log_fixtures", module)
    spec.loader.exec_module(module)
    return module


def expected() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((ASSETS / "expected.json").read_text(encoding="utf-8"))
    return rows


def scan_json(cli: CliRunner, tmp_path: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]], str]:
    out = tmp_path / "findings.json"
    run = cli("scan", "ci-log", *args, "--format", "json", "--output", out, "--show-secrets")
    findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return run.code, findings, run.err


def key(row: dict[str, Any], prefix: str = "") -> Key:
    """Where and what: file, original line, secret, job, step."""
    return (prefix + row["file"], row["line"], row["secret"], row["job"], row["step"])


def copy_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    for name in FIXTURES:
        shutil.copy(ASSETS / name, folder / name)
    return folder


def test_every_planted_secret_is_found_with_job_step_and_original_line(
    cli: CliRunner, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path)
    code, findings, _ = scan_json(cli, tmp_path, *(folder / name for name in FIXTURES))
    assert code == 1
    prefix = f"{folder}/"
    got = {key(f): f for f in findings}
    want = {key(row, prefix): row for row in expected()}
    assert set(want) - set(got) == set(), "planted secrets not found"
    assert set(got) - set(want) == set(), "findings that were not planted"
    for where, row in want.items():
        # A provider rule may be refined over time; the planted form stays in its rule family.
        rule_id = got[where]["rule_id"]
        assert rule_id.startswith((row["rule_id"], *SAME_FORM.get(row["rule_id"], ()))), (where, rule_id)


def test_each_ci_format_is_covered(cli: CliRunner, tmp_path: Path) -> None:
    rows = expected()
    files = {row["file"].split("!")[0] for row in rows}
    assert files == set(FIXTURES)
    forms = {row["rule_id"] for row in rows}
    for rule in (
        "http-bearer-token",
        "http-basic-auth-header",
        "url-credentials",
        "curl-user-password",
        "private-key",
        "github-pat",
        "aws-access-key-id",
        "slack-bot-token",
        "npm-auth-token",
        "log-docker-login-password",
        "log-docker-password-stdin-echo",
        "log-env-dump-secret",
        "log-unmasked-value",
    ):
        assert rule in forms


def test_the_same_logs_without_the_planted_secrets_report_nothing(cli: CliRunner, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert load_generator().build(clean, planted=False) == []
    code, findings, err = scan_json(cli, tmp_path, *(clean / name for name in FIXTURES))
    assert findings == []
    assert code == 0, err


def test_fixtures_are_what_the_generator_builds(tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt"
    rows = load_generator().build(rebuilt, planted=True)
    for name in FIXTURES:
        assert (rebuilt / name).read_bytes() == (ASSETS / name).read_bytes(), f"run make_fixtures.py ({name})"
    assert [r.__dict__ for r in rows] == expected()
    shipped = [p for p in ASSETS.rglob("*") if p.is_file() and "cache" not in str(p.relative_to(ASSETS))]
    assert sum(p.stat().st_size for p in shipped) < 1_000_000


def test_secrets_are_redacted_without_show_secrets(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    run = cli("scan", "ci-log", ASSETS / "github_job.log", "--format", "json", "--output", out)
    assert run.code == 1, run.err  # findings reported, the scan complete
    text = out.read_text(encoding="utf-8")
    planted = [row["secret"] for row in expected() if row["file"] == "github_job.log"]
    assert planted
    assert len(json.loads(text)) >= len(planted)
    for secret in planted:
        assert secret not in text + run.out + run.err


def test_gzipped_log_is_read_like_the_plain_one(cli: CliRunner, tmp_path: Path) -> None:
    packed = tmp_path / "job.log.gz"
    packed.write_bytes(gzip.compress((ASSETS / "github_job.log").read_bytes()))
    code, findings, err = scan_json(cli, tmp_path, packed)
    assert code == 1, err
    want = {key(r, str(packed))[1:] for r in expected() if r["file"] == "github_job.log"}
    assert {key(f)[1:] for f in findings} == want
    assert {f["file"] for f in findings} == {str(packed)}


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_dash_reads_a_log(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (ASSETS / "gitlab_job.log").read_bytes())
    code, findings, _ = scan_json(cli, tmp_path, "-")
    assert code == 1
    want = {key(r)[1:] for r in expected() if r["file"] == "gitlab_job.log"}
    assert {key(f)[1:] for f in findings} == want
    assert {f["file"] for f in findings} == {"<stdin>"}


def test_stdin_dash_reads_a_run_archive(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, (ASSETS / "run.zip").read_bytes())
    _, findings, _ = scan_json(cli, tmp_path, "-")
    want = {key(r)[1:] for r in expected() if r["file"].startswith("run.zip!")}
    assert {key(f)[1:] for f in findings} == want
    assert all(f["file"].startswith("<stdin>!") for f in findings)


def test_masked_values_are_not_findings(cli: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "masked.log"
    log.write_text(
        "2024-05-01T12:00:00.0000000Z password=***\n"
        "2024-05-01T12:00:00.0000000Z Authorization: Bearer ***\n"
        "2024-05-01T12:00:00.0000000Z + curl -H 'Authorization: Bearer ***' https://api.example.io\n"
        "2024-05-01T12:00:00.0000000Z + docker login -u ci -p *** registry.example.io\n"
        "2024-05-01T12:00:00.0000000Z GITHUB_TOKEN=***\n"
        "2024-05-01T12:00:00.0000000Z ::add-mask::***\n",
        encoding="utf-8",
    )
    code, findings, _ = scan_json(cli, tmp_path, log)
    assert (code, findings) == (0, [])


def test_mask_value_seen_before_its_registration_and_not_on_the_mask_line(
    cli: CliRunner, tmp_path: Path
) -> None:
    log = tmp_path / "job.log"
    log.write_text(
        "2024-05-01T12:00:00.0000000Z ##[group]Run fetch\n"
        "2024-05-01T12:00:00.0000000Z session Qm7Zx2Lp9Vk4Rt8W\n"
        "2024-05-01T12:00:00.0000000Z ##[group]Run mask\n"
        "2024-05-01T12:00:00.0000000Z + echo '::add-mask::Qm7Zx2Lp9Vk4Rt8W'\n"
        "2024-05-01T12:00:00.0000000Z session ***\n",
        encoding="utf-8",
    )
    _, findings, _ = scan_json(cli, tmp_path, log)
    assert [(f["rule_id"], f["line"], f["step"], f["severity"]) for f in findings] == [
        ("log-unmasked-value", 2, "Run fetch", "high")
    ]


def test_format_hint_overrides_detection(cli: CliRunner, tmp_path: Path) -> None:
    _, findings, _ = scan_json(cli, tmp_path, ASSETS / "github_job.log", "--format-hint", "plain")
    # Without the GitHub dialect no step markers are followed, but every secret is still found.
    assert {f["step"] for f in findings} == {None}
    want = {(r["line"], r["secret"]) for r in expected() if r["file"] == "github_job.log"}
    assert {(f["line"], f["secret"]) for f in findings} == want


def test_secret_in_a_step_name_is_redacted_there(cli: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text(
        "2024-05-01T12:00:00.0000000Z ##[group]Run docker login -u ci -p Hk4vT9qLm2XrW8 registry.example.io\n"
        "2024-05-01T12:00:00.0000000Z + docker login -u ci -p Hk4vT9qLm2XrW8 registry.example.io\n",
        encoding="utf-8",
    )
    _, findings, _ = scan_json(cli, tmp_path, log)
    assert findings
    assert all("Hk4vT9qLm2XrW8" not in (f["step"] or "") for f in findings)


def test_sarif_lists_the_unmasked_value_rule(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    cli("scan", "ci-log", ASSETS / "github_job.log", "--format", "sarif", "--output", out)
    rules = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]
    unmasked = [r for r in rules if r["id"] == "log-unmasked-value"]
    assert unmasked
    assert unmasked[0]["shortDescription"]["text"].startswith("Value registered")


def test_unmasked_value_check_can_be_disabled(cli: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "sg.toml"
    config.write_text('disable_rules = ["log-unmasked-value"]\n', encoding="utf-8")
    log = tmp_path / "job.log"
    log.write_text("session Qm7Zx2Lp9Vk4Rt8W\n::add-mask::Qm7Zx2Lp9Vk4Rt8W\n", encoding="utf-8")
    code, findings, _ = scan_json(cli, tmp_path, log, "--config", config)
    assert (code, findings) == (0, [])
