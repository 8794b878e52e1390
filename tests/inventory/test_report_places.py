"""The handover report read from real stores (OpenBao dev server, moto server, a dotenv file, the process
environment): "where stored" is only ever the place a value was read from, with its store kind; an optional
variable no store holds says `not found`, never `ok`; required/optional per variable; every status has its
reason; identifiers are not secrets and never `insecure_storage`; URLs are judged by their password."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliRunner
from tests.servers import Bao, Moto, planted

STRONG = "Xk9fQ2vLm8Rt4ZpW7sYc"  # a strong password in a URL (not a planted marker: URLs carry it whole)


def seed(bao: Bao, moto: Moto, uid: str, folder: Path) -> tuple[Path, dict[str, str]]:
    values = {
        "db": f"postgres://app:{STRONG}@db.example.com/shop",
        "replica": f"postgres://app:{STRONG}@db.example-corp.internal/shop",
        "legacy": f"postgres://app:{STRONG}@example/shop",
        "stripe": planted("STRIPE"),
        "password": planted("PASSWORD"),
        "token": planted("TOKEN"),
        "environ": planted("ENVIRON"),
    }
    bao.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/production",
        mount_point="secret",
        secret={
            "DATABASE_URL": values["db"],
            "REPLICA_DATABASE_URL": values["replica"],
            "LEGACY_DATABASE_URL": values["legacy"],
            "CACHE_DATABASE_URL": "postgres://app:changeme@db/x",
            "WORKER_COUNT": "many",
        },
    )
    ssm = moto.client("ssm")
    # An access key id next to its secret, both as plain String parameters: only the secret is insecure.
    ssm.put_parameter(
        Name=f"/{uid}/production/AWS_ACCESS_KEY_ID", Value="AKIAIOSFODNN7EXAMPLE", Type="String"
    )
    ssm.put_parameter(Name=f"/{uid}/production/DB_PASSWORD", Value=values["password"], Type="String")
    ssm.put_parameter(Name=f"/{uid}/production/OAUTH_CLIENT_ID", Value="client-1234", Type="String")
    moto.client("secretsmanager").create_secret(
        Name=f"{uid}/production", SecretString=json.dumps({"STRIPE_SECRET_KEY": values["stripe"]})
    )
    (folder / ".env.production").write_text(f"API_TOKEN={values['token']}\n", encoding="utf-8")
    inventory: dict[str, Any] = {
        "version": 1,
        "environments": {
            "production": {
                "stores": [
                    {"vault": {"mount": "secret", "path": f"{uid}/production"}},
                    {"ssm": {"path": f"/{uid}/production/"}},
                    {"secretsmanager": {"secret_id": f"{uid}/production"}},
                    {"dotenv": {"file": ".env.production"}},
                    {"environ": {"prefix": f"{uid.upper()}_"}},
                ]
            }
        },
        "variables": [
            {"name": "DATABASE_URL", "secret": True, "purpose": "orders"},
            {"name": "REPLICA_DATABASE_URL", "secret": True},
            {"name": "LEGACY_DATABASE_URL", "secret": True},
            {"name": "CACHE_DATABASE_URL", "secret": True},
            {"name": "LOG_LEVEL", "required": False},
            {"name": "MISSING_TOKEN", "secret": True},
            {"name": "WORKER_COUNT", "format": {"regex": "^[0-9]+$"}},
            # marked secret by an older discovery: still an identifier
            {"name": "AWS_ACCESS_KEY_ID", "secret": True},
            {"name": "OAUTH_CLIENT_ID", "secret": True},
            {"name": "DB_PASSWORD", "secret": True},
            {"name": "STRIPE_SECRET_KEY", "secret": True},
            {"name": "API_TOKEN", "secret": True},
            {"name": "ENVIRON_TOKEN", "secret": True, "required": ["production"]},
            {
                "name": "SIGNING_KEY",
                "secret": True,
                "required": False,
                "storage": {"production": f"vault:secret/{uid}/nowhere#signing"},
            },
        ],
    }
    path = folder / "secretguard.inventory.yaml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    return path, values


@pytest.fixture
def stores(
    vault_env: Bao, aws_env: Moto, uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str], str]:
    inv, values = seed(vault_env, aws_env, uid, tmp_path)
    monkeypatch.setenv(f"{uid.upper()}_ENVIRON_TOKEN", values["environ"])
    return inv, values, uid


def test_report_says_where_each_value_really_is(
    cli: CliRunner, stores: tuple[Path, dict[str, str], str], tmp_path: Path
) -> None:
    inv, values, uid = stores
    out = tmp_path / "report.json"
    run = cli("inventory", "report", "-i", inv, "--format", "json", "-o", out)
    assert run.code == 0, run.err
    rows = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))["environments"]["production"]}

    def place(name: str) -> tuple[str | None, str | None, bool | None]:
        return rows[name]["store"], rows[name]["where"], rows[name]["found"]

    assert place("DATABASE_URL") == ("vault", f"secret/{uid}/production#DATABASE_URL", True)
    assert place("DB_PASSWORD") == ("ssm", f"/{uid}/production/DB_PASSWORD", True)
    assert place("STRIPE_SECRET_KEY") == ("secrets-manager", f"{uid}/production#STRIPE_SECRET_KEY", True)
    assert place("API_TOKEN") == ("dotenv", ".env.production#API_TOKEN", True)
    assert place("ENVIRON_TOKEN") == ("env", f"${uid.upper()}_ENVIRON_TOKEN", True)

    # Optional and in no store: fine, but said as it is; no invented path.
    log = rows["LOG_LEVEL"]
    assert place("LOG_LEVEL") == (None, None, False)
    assert log["stored"] == "not found"
    assert log["status"] == ["not found"]
    assert log["required"] is False
    assert log["reasons"][0]["reason"] == (
        "optional in production, so not being set is fine; looked for in: "
        f"vault:secret/{uid}/production, ssm:/{uid}/production/, secretsmanager:{uid}/production, "
        f"dotenv:.env.production, environ:{uid.upper()}_"
    )
    signing = rows["SIGNING_KEY"]
    assert (signing["stored"], signing["status"], signing["where"]) == ("not found", ["not found"], None)
    assert signing["reasons"][0]["reason"].endswith(
        f"looked for in: vault:secret/{uid}/nowhere as signing (the secret does not exist)"
    )
    assert place("MISSING_TOKEN") == (None, None, False)
    assert rows["MISSING_TOKEN"]["status"] == ["missing"]
    assert rows["MISSING_TOKEN"]["required"] is True
    assert rows["MISSING_TOKEN"]["stored"] == "not found"
    for row in rows.values():
        if not row["found"]:
            assert "#" not in row["stored"], row

    # Identifiers: not secrets, never insecure_storage; the secret beside them still is.
    for name in ("AWS_ACCESS_KEY_ID", "OAUTH_CLIENT_ID"):
        assert rows[name]["secret"] is False
        assert rows[name]["identifier"]
        assert rows[name]["status"] == ["ok"], rows[name]
    assert rows["DB_PASSWORD"]["status"] == ["insecure_storage"]
    assert "SecureString" in rows["DB_PASSWORD"]["reasons"][0]["reason"]

    # URLs are judged by their password, not by an `example` host.
    for name in ("DATABASE_URL", "REPLICA_DATABASE_URL", "LEGACY_DATABASE_URL"):
        assert rows[name]["status"] == ["ok"], rows[name]
    assert rows["CACHE_DATABASE_URL"]["status"] == ["placeholder"]
    assert "password" in rows["CACHE_DATABASE_URL"]["reasons"][0]["reason"]

    # Every problem says why, in plain words.
    fmt = rows["WORKER_COUNT"]["reasons"][0]
    assert fmt == {"status": "invalid_format", "reason": "the value does not match the expected pattern"}
    for row in rows.values():
        for reason in row["reasons"]:
            assert reason["status"] == "ok" or reason["reason"], row
            assert " is does " not in reason["reason"]

    text = out.read_text(encoding="utf-8")
    for value in values.values():
        assert value not in text
    assert STRONG not in text
    assert "changeme" not in text


def test_markdown_and_html_columns(
    cli: CliRunner, stores: tuple[Path, dict[str, str], str], tmp_path: Path
) -> None:
    inv, values, uid = stores
    md = cli("inventory", "report", "-i", inv)
    assert md.code == 0, md.err
    header = next(line for line in md.out.splitlines() if line.startswith("| variable"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    assert cells == [
        "variable",
        "purpose",
        "owner",
        "secret",
        "required",
        "store",
        "where stored",
        "last changed",
        "status",
        "rotation due",
    ]
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.strip().strip("|").split("|")]
        for line in md.out.splitlines()
        if line.startswith("| `")
    }
    log = rows["`LOG_LEVEL`"]
    assert log[4:7] == ["optional", "-", "not found"]
    assert log[8].startswith("**not found**: optional in production")
    assert rows["`DATABASE_URL`"][4:7] == ["required", "vault", f"`secret/{uid}/production#DATABASE_URL`"]
    assert rows["`AWS_ACCESS_KEY_ID`"][3] == "no (an access key id)"
    assert rows["`WORKER_COUNT`"][8] == "**invalid_format**: the value does not match the expected pattern"
    assert rows["`MISSING_TOKEN`"][8].startswith("**missing**: required in production, looked for in: vault:")
    assert "secret/shopfront" not in md.out

    page = tmp_path / "report.html"
    assert cli("inventory", "report", "-i", inv, "--format", "html", "-o", page).code == 0
    html = page.read_text(encoding="utf-8")
    assert "<th>required</th><th>store</th><th>where stored</th>" in html
    assert '<span class="s s-not_found">not found</span>' in html
    assert "<td>secrets-manager</td>" in html
    for value in values.values():
        assert value not in html
        assert value not in md.out


def test_offline_report_never_looks_stored(cli: CliRunner, tmp_path: Path) -> None:
    inv = tmp_path / "secretguard.inventory.yaml"
    inv.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "environments": {"production": {"stores": [{"vault": "secret/shopfront/production"}]}},
                "variables": [{"name": "LOG_LEVEL", "required": False}],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "r.json"
    assert cli("inventory", "report", "-i", inv, "--no-check", "--format", "json", "-o", out).code == 0
    (row,) = json.loads(out.read_text(encoding="utf-8"))["environments"]["production"]
    assert row["status"] == ["not checked"]
    assert row["where"] is None
    assert row["found"] is None
    assert row["stored"] == "not checked; would be looked for in: vault:secret/shopfront/production"
    assert row["store"] == "vault"


def test_saved_results_from_before_found_was_recorded(cli: CliRunner, tmp_path: Path) -> None:
    """Older `check --format json` files named the searched place in `where` even when nothing was there."""
    inv = tmp_path / "secretguard.inventory.yaml"
    inv.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "environments": {"production": {"stores": [{"vault": "secret/shopfront/production"}]}},
                "variables": [
                    {"name": "LOG_LEVEL", "required": False},
                    {"name": "API_TOKEN", "secret": True},
                ],
            }
        ),
        encoding="utf-8",
    )
    saved = tmp_path / "old.json"
    saved.write_text(
        json.dumps(
            [
                {
                    "name": "LOG_LEVEL",
                    "environment": "production",
                    "store": "vault:secret/shopfront/production",
                    "status": "ok",
                    "detail": "not set (not required in production)",
                    "where": "secret/shopfront/production#LOG_LEVEL",
                },
                {
                    "name": "API_TOKEN",
                    "environment": "production",
                    "store": "vault:secret/shopfront/production",
                    "status": "missing",
                    "detail": "not found in: vault:secret/shopfront/production",
                    "where": "secret/shopfront/production#API_TOKEN",
                },
            ]
        ),
        encoding="utf-8",
    )
    md = cli("inventory", "report", "-i", inv, "--results", saved)
    assert md.code == 0, md.err
    assert "#LOG_LEVEL" not in md.out
    assert "#API_TOKEN" not in md.out
    assert "**not found**" in md.out
