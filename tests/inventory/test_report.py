"""The handover report without reading stores (offline, or from saved check results), and escaping."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import CliRunner


def _inventory(tmp_path: Path) -> Path:
    path = tmp_path / "secretguard.inventory.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "environments": {"production": {"stores": [{"dotenv": {"file": "prod.env"}}]}},
                "variables": [
                    {
                        "name": "API_TOKEN",
                        "purpose": "<script>alert(1)</script> | pipes",
                        "owner": "a&b",
                        "secret": True,
                        "rotation_days": 30,
                    },
                    {"name": "MODE", "storage": {"production": "environ:APP_MODE"}},
                ],
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "prod.env").write_text("API_TOKEN=\nEXTRA=1\n", encoding="utf-8")
    return path


def test_offline_report_escapes(cli: CliRunner, tmp_path: Path) -> None:
    inv = _inventory(tmp_path)
    html = tmp_path / "r.html"
    assert cli("inventory", "report", "-i", inv, "--no-check", "--format", "html", "-o", html).code == 0
    text = html.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "&lt;script&gt;" in text
    assert "a&amp;b" in text
    assert "not checked" in text
    assert "environ:APP_MODE" in text
    md = cli("inventory", "report", "-i", inv, "--no-check")
    assert "\\| pipes" in md.out
    assert "| `API_TOKEN` |" in md.out


def test_report_from_saved_results(cli: CliRunner, tmp_path: Path) -> None:
    inv = _inventory(tmp_path)
    results = tmp_path / "results.json"
    run = cli("inventory", "check", "-i", inv, "--format", "json", "-o", results)
    assert run.code == 1
    statuses = {(r["name"], r["status"]) for r in json.loads(results.read_text(encoding="utf-8"))}
    assert statuses == {("API_TOKEN", "empty"), ("MODE", "missing"), ("EXTRA", "undeclared")}
    out = tmp_path / "r.json"
    assert (
        cli("inventory", "report", "-i", inv, "--results", results, "--format", "json", "-o", out).code == 0
    )
    rows = json.loads(out.read_text(encoding="utf-8"))["environments"]["production"]
    assert [(r["name"], r["status"]) for r in rows] == [
        ("API_TOKEN", ["empty"]),
        ("MODE", ["missing"]),
        ("EXTRA", ["undeclared"]),
    ]
    assert rows[0]["rotation"] == "every 30 days (last change unknown)"


def test_unknown_environment_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    inv = _inventory(tmp_path)
    run = cli("inventory", "check", "-i", inv, "--env", "nope")
    assert run.code == 2
    assert "nope" in run.err
