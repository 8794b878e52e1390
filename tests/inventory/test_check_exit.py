"""`inventory check`'s exit code mirrors a scan's (issue 14): a store that could not be read makes the check
incomplete, exit 3, even when other results are findings and even with --exit-zero; findings alone exit 1
(0 with --exit-zero); all ok exits 0.

An unreachable Vault needs no server: http://127.0.0.1:1 refuses every connection at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from secretguard.errors import ExitCode
from tests.conftest import CliRun, CliRunner

UNREACHABLE = "http://127.0.0.1:1"


@pytest.fixture(autouse=True)
def no_vault_login(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VAULT_TOKEN", "not-used-no-vault-answers")
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.vault-token


def write(folder: Path, *, vault: bool, dotenv: str) -> Path:
    (folder / ".env.production").write_text(dotenv, encoding="utf-8")
    stores: list[dict[str, object]] = [{"dotenv": ".env.production"}]
    if vault:
        stores.insert(0, {"vault": {"mount": "secret", "path": "app", "addr": UNREACHABLE}})
    data = {
        "version": 1,
        "environments": {"production": {"stores": stores}},
        "variables": [{"name": "APP_MODE"}, {"name": "API_TOKEN", "secret": True}],
    }
    path = folder / "secretguard.inventory.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def check(cli: CliRunner, inventory: Path, *extra: str) -> tuple[CliRun, dict[str, str]]:
    out = inventory.parent / "results.json"
    run = cli("inventory", "check", "-i", inventory, "--format", "json", "-o", out, *extra)
    assert "Traceback" not in run.err
    return run, {r["name"]: r["status"] for r in json.loads(out.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("exit_zero", [False, True])
def test_an_unreachable_store_is_incomplete_even_with_findings(
    cli: CliRunner, tmp_path: Path, exit_zero: bool
) -> None:
    inventory = write(tmp_path, vault=True, dotenv="APP_MODE=production\n")
    run, statuses = check(cli, inventory, *(["--exit-zero"] if exit_zero else []))
    assert statuses == {"APP_MODE": "ok", "API_TOKEN": "unverified"}
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert f"cannot reach Vault at {UNREACHABLE}" in run.err
    assert "PARTIAL" in run.err


def test_every_result_unverified_is_incomplete_not_findings(cli: CliRunner, tmp_path: Path) -> None:
    inventory = write(tmp_path, vault=True, dotenv="")
    path = tmp_path / "secretguard.inventory.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["environments"]["production"]["stores"] = data["environments"]["production"]["stores"][:1]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    run, statuses = check(cli, inventory)
    assert set(statuses.values()) == {"unverified"}
    assert run.code == ExitCode.INCOMPLETE, run.err


def test_an_unreachable_store_outranks_every_other_finding(cli: CliRunner, tmp_path: Path) -> None:
    # API_TOKEN is in no store that answered: unverified (Vault may hold it), never "missing"; the dotenv
    # file's own problems are findings, which alone would exit 1.
    inventory = write(tmp_path, vault=True, dotenv="APP_MODE=\nOTHER=1\n")
    run, statuses = check(cli, inventory)
    assert statuses == {"API_TOKEN": "unverified", "APP_MODE": "empty", "OTHER": "undeclared"}
    assert run.code == ExitCode.INCOMPLETE, run.err


@pytest.mark.parametrize(("exit_zero", "code"), [(False, ExitCode.FINDINGS), (True, ExitCode.CLEAN)])
def test_findings_alone_exit_1_or_0_with_exit_zero(
    cli: CliRunner, tmp_path: Path, exit_zero: bool, code: ExitCode
) -> None:
    inventory = write(tmp_path, vault=False, dotenv="APP_MODE=production\n")
    run, statuses = check(cli, inventory, *(["--exit-zero"] if exit_zero else []))
    assert statuses == {"APP_MODE": "ok", "API_TOKEN": "missing"}
    assert run.code == code, run.err
    assert "PARTIAL" not in run.err


def test_all_ok_exits_0(cli: CliRunner, tmp_path: Path) -> None:
    inventory = write(tmp_path, vault=False, dotenv="APP_MODE=production\nAPI_TOKEN=q8Zt3LmW0pXc7Rv2Nk5H\n")
    run, statuses = check(cli, inventory)
    assert set(statuses.values()) == {"ok"}, statuses
    assert run.code == ExitCode.CLEAN, run.err
