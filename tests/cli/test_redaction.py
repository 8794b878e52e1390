"""No output of any format leaks a secret unless --show-secrets is given; baselines never hold one."""

from __future__ import annotations

import base64
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from secretguard.errors import ExitCode
from secretguard.formats import FORMAT_NAMES
from tests.conftest import CliRunner
from tests.helpers import Planted, github_style_token


@pytest.fixture
def leaky_project(project: Path, planted: list[Planted]) -> tuple[Path, list[str]]:
    """The planted project plus a secret found only through base64, and two secrets sharing one line.
    Returns the folder and every string that must never be printed."""
    rng = random.Random(99)
    hidden, left, right = github_style_token(rng), github_style_token(rng), github_style_token(rng)
    encoded = base64.b64encode(f"token: {hidden}".encode()).decode()
    (project / "encoded.txt").write_text(f"blob = load({encoded})\n", encoding="utf-8")
    (project / "pair.py").write_text(f"TOKENS = ['{left}', '{right}']  # deploy\n", encoding="utf-8")
    forbidden = [form for item in planted for form in item.forms()]
    forbidden += [hidden, encoded, left, right]
    return project, forbidden


def assert_no_leak(texts: dict[str, str], forbidden: list[str]) -> None:
    for where, text in texts.items():
        for secret in forbidden:
            assert secret not in text, f"{where} leaks {secret[:6]}…"


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
@pytest.mark.parametrize("to_file", [True, False], ids=["output-file", "stdout"])
def test_no_format_leaks_a_secret(
    cli: CliRunner, leaky_project: tuple[Path, list[str]], tmp_path: Path, fmt: str, to_file: bool
) -> None:
    _, forbidden = leaky_project
    out = tmp_path / f"report.{fmt}"
    args = ["scan", "files", "proj", "--format", fmt, *(["--output", str(out)] if to_file else [])]
    run = cli(*args)
    assert run.code == ExitCode.FINDINGS, run.err
    texts = {"stdout": run.out, "stderr": run.err}
    if to_file:
        texts["report"] = out.read_text(encoding="utf-8")
    assert any("redacted:" in text for text in texts.values())
    assert_no_leak(texts, forbidden)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_show_secrets_prints_them(
    cli: CliRunner, leaky_project: tuple[Path, list[str]], planted: list[Planted], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    run = cli("scan", "files", "proj", "--format", fmt, "--output", out, "--show-secrets")
    assert run.code == ExitCode.FINDINGS
    report = out.read_text(encoding="utf-8")
    single_line = [p.secret for p in planted if "\n" not in p.secret]
    for secret in single_line:
        assert secret in report, f"{fmt} report does not show {secret[:6]}…"
    # The summary on stderr stays redacted even with --show-secrets.
    assert_no_leak({"stderr": run.err}, [p.secret for p in planted])


def test_show_secrets_json_holds_every_secret_exactly(
    cli: CliRunner, leaky_project: tuple[Path, list[str]], planted: list[Planted], tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    cli("scan", "files", "proj", "--format", "json", "--output", out, "--show-secrets")
    secrets = {f["secret"] for f in json.loads(out.read_text(encoding="utf-8"))}
    assert {p.secret for p in planted} <= secrets
    assert len(secrets) >= len(planted) + 3  # the encoded one and the pair on one line


def test_baseline_never_holds_a_secret(
    cli: CliRunner, leaky_project: tuple[Path, list[str]], tmp_path: Path
) -> None:
    _, forbidden = leaky_project
    baseline = tmp_path / "baseline.json"
    run = cli("baseline", "create", "proj", "--output", baseline)
    assert run.code == ExitCode.CLEAN, run.err
    text = baseline.read_text(encoding="utf-8")
    assert len(json.loads(text)["findings"]) >= 9
    assert_no_leak({"baseline": text, "stdout": run.out, "stderr": run.err}, forbidden)
    update = cli("baseline", "update", "proj", "--baseline", baseline)
    assert_no_leak({"baseline": baseline.read_text(encoding="utf-8"), "stderr": update.err}, forbidden)


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_real_process_does_not_leak(leaky_project: tuple[Path, list[str]], tmp_path: Path, fmt: str) -> None:
    _, forbidden = leaky_project
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "files", "proj", "--format", fmt],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    assert "redacted:" in proc.stdout
    assert_no_leak({"stdout": proc.stdout, "stderr": proc.stderr}, forbidden)
