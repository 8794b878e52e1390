"""Issue #7, the plan part, end to end: a real git repository, a built bundle, OpenBao KV v2, SSM and Secrets
Manager (moto), the real CLI. The plan ranks what is live or public first, names the variables and owners,
gives steps, and never prints a secret."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from secretguard.scan.finding import secret_hash
from tests.conftest import CliRunner
from tests.plan.browser import read_png, render
from tests.plan.scenario import Scenario, scan_reports
from tests.servers import Bao, Moto

PURGE = "purge the value from git history"
CONFIRM = "Confirm the credential is no longer valid anywhere"


def by_label(sc: Scenario, entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Plan entries by scenario label: leaks by the hash of their value, the stale key by its variable."""
    out: dict[str, dict[str, Any]] = {}
    for label, leak in sc.leaks.items():
        if leak.rule_id is None:
            found = [
                e for e in entries if e["rule_id"] == "inventory-stale" and e["variables"] == [leak.variable]
            ]
        else:
            found = [e for e in entries if e["secret_hash"] == secret_hash(leak.value)]
        assert len(found) == 1, f"{label}: {len(found)} entries"
        out[label] = found[0]
    return out


def test_plan_from_the_issue_7_scenario(
    cli: CliRunner,
    leak_scenario: Scenario,
    vault_env: Bao,
    aws_env: Moto,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_property: Callable[[str, object], None],
) -> None:
    sc = leak_scenario
    reports = scan_reports(cli, sc, tmp_path)
    outputs = list(reports.outputs)
    git_findings = json.loads(reports.git.read_text())
    bundle_findings = json.loads(reports.bundle.read_text())
    check = json.loads(reports.check.read_text())
    # The inputs are what the scenario planted: nothing more, nothing less.
    hashes = {label: secret_hash(leak.value) for label, leak in sc.leaks.items()}
    assert {f["secret_hash"] for f in git_findings} == {hashes["live"], hashes["rotated"]}
    assert {f["secret_hash"] for f in bundle_findings if f["rule_id"] != "public-source-map"} == {
        hashes["bundle"]
    }
    statuses = {r["name"]: r["status"] for r in check}
    assert statuses == {
        "GH_DEPLOY_TOKEN": "ok",
        "DATABASE_PASSWORD": "ok",
        "STRIPE_SECRET_KEY": "ok",
        "SENDGRID_API_KEY": "ok",
        "SESSION_SIGNING_KEY": "stale",
    }
    before = store_versions(sc, vault_env, aws_env)
    assert before == (1, 2, 1)

    common = (
        "plan", "--findings", reports.git, "--findings", reports.bundle, "--inventory", sc.inventory,
        "--env", sc.environment, "--check", reports.check,
    )  # fmt: skip
    plan_json = tmp_path / "plan.json"
    run = cli(*common, "--repo", sc.repo, "--format", "json", "--output", plan_json)
    assert run.code == 1, run.err
    assert "WARNING" not in run.err  # every store was read, the CODEOWNERS file parsed cleanly
    outputs += [run.out, run.err]
    entries = json.loads(plan_json.read_text())
    got = by_label(sc, entries)
    assert len(entries) == 4, [e["title"] for e in entries]

    # Ranking: what is live and public first, the rotated history after, the stale secret last.
    assert [got[label]["rank"] for label in ("bundle", "live", "rotated", "stale")] == [1, 2, 3, 4]
    assert [e["rank"] for e in entries] == [1, 2, 3, 4]
    assert [got[label]["priority"] for label in ("bundle", "live", "rotated", "stale")] == [
        "P0", "P0", "P2", "P3",
    ]  # fmt: skip
    now = datetime.now(UTC)
    for label in ("bundle", "live"):
        deadline = datetime.fromisoformat(got[label]["deadline"].replace("Z", "+00:00"))
        assert now < deadline <= now + timedelta(hours=24, minutes=5)

    # Liveness and variables, read from the three kinds of store now.
    assert {label: e["live"] for label, e in got.items()} == {
        "bundle": True, "live": True, "rotated": False, "stale": True,
    }  # fmt: skip
    assert got["live"]["variables"] == ["GH_DEPLOY_TOKEN"]
    assert got["bundle"]["variables"] == ["SENDGRID_API_KEY"]
    assert got["rotated"]["variables"] == []  # STRIPE_SECRET_KEY holds another value now
    assert got["stale"]["variables"] == ["SESSION_SIGNING_KEY"]
    for label in ("live", "bundle", "stale"):
        assert got[label]["environments"] == [sc.environment]

    # Owners: the inventory's when it names one, else CODEOWNERS for the leak's source file.
    for label, leak in sc.leaks.items():
        assert (got[label]["owner"], got[label]["owner_source"]) == (leak.owner, leak.owner_source), label
    assert got["rotated"]["owner_rule"] == ".github/CODEOWNERS:4 /services/billing/"
    assert got["bundle"]["owner_rule"] == ".github/CODEOWNERS:5 /frontend/"  # mail.ts, not dist/
    assert got["live"]["owner_rule"] is None  # the inventory's owner wins over /services/api/

    # Exposures: where, since when, through which commit.
    live_x, rotated_x, bundle_x = (got[k]["exposures"] for k in ("live", "rotated", "bundle"))
    assert [(x["kind"], x["file"], x["commit"]) for x in live_x] == [
        ("repository", "services/api/deploy.sh", sc.commits["live-added"])
    ]
    assert [(x["kind"], x["file"], x["commit"]) for x in rotated_x] == [
        ("history", "services/billing/legacy_keys.py", sc.commits["rotated-added"])
    ]
    assert got["rotated"]["since"] == sc.dates["rotated-added"]
    assert got["live"]["since"] == sc.dates["live-added"]
    assert [x["kind"] for x in bundle_x] == ["public-bundle"]
    bundle_file = sc.leaks["bundle"].file
    assert bundle_file is not None
    assert bundle_x[0]["file"] == str(sc.repo / bundle_file)
    assert bundle_x[0]["original_file"] == str(sc.repo / "frontend" / "src" / "mail.ts")
    assert got["stale"]["exposures"] == []

    # Steps: every entry has the provider's steps, each with its verification; history gets the purge,
    # a value no store holds gets "confirm it is revoked" first.
    for entry in entries:
        assert len(entry["steps"]) >= 2
        assert all(step["action"] and step["verify"] for step in entry["steps"])
    assert got["live"]["playbook"] == "github-token"
    assert got["bundle"]["playbook"] == "sendgrid"
    assert got["rotated"]["steps"][0]["action"].startswith(CONFIRM)
    assert PURGE in got["rotated"]["steps"][-1]["action"]
    assert PURGE in got["live"]["steps"][-1]["action"]
    assert not any(PURGE in s["action"] for s in got["bundle"]["steps"] + got["stale"]["steps"])
    for label in ("bundle", "live", "rotated"):
        assert got[label]["secret"].endswith(f"[redacted:{hashes[label][:8]}]")

    # Markdown, run from inside the repository: CODEOWNERS is found without --repo.
    monkeypatch.chdir(sc.repo)
    markdown_file = tmp_path / "plan.md"
    run = cli(*common, "--format", "markdown", "--output", markdown_file)
    assert run.code == 1, run.err
    outputs += [run.out, run.err]
    markdown = markdown_file.read_text()
    assert "owner: @acme/billing alice@example.test (from CODEOWNERS: .github/CODEOWNERS:4" in markdown
    assert "owner: platform@example.test (from the inventory)" in markdown
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.split(" | ")[1] for row in rows] == ["P0", "P0", "P2", "P3"]

    # HTML, in headless Chromium.
    page = tmp_path / "plan.html"
    run = cli(*common, "--format", "html", "--output", page)
    assert run.code == 1, run.err
    outputs += [run.out, run.err]
    html = page.read_text()
    shown = render(page, tmp_path / "browser", name="issue-7-plan")
    assert shown.screenshot is not None
    record_property("screenshot", str(shown.screenshot))
    ranks = re.findall(r'<tr class="(P\d)" id="entry-(\d)" data-rank="\d">', shown.dom)
    assert ranks == [("P0", "1"), ("P0", "2"), ("P2", "3"), ("P3", "4")]
    assert shown.dom.count('class="live-yes"') == 3
    assert shown.dom.count('class="live-no"') == 1
    assert "@acme/billing alice@example.test" in shown.dom
    timeline = shown.dom.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.index(sc.dates["rotated-added"]) < timeline.index(sc.dates["live-added"])
    png = read_png(shown.screenshot)
    assert (png.width, png.height, png.size > 50_000, png.distinct_rows > 400) == (1280, 2000, True, True)

    # No plaintext secret anywhere: reports, plan in every format, the rendered page, every stdout/stderr.
    files = [reports.git, reports.bundle, reports.check, plan_json, markdown_file, page]
    sc.assert_no_secret(*(f.read_text() for f in files), html, shown.dom, *outputs)
    # Planning only read the stores.
    assert store_versions(sc, vault_env, aws_env) == before


def store_versions(sc: Scenario, bao: Bao, moto: Moto) -> tuple[int, int, int]:
    """Versions of the Vault secret, the rotated SSM parameter and the Secrets Manager secret."""
    meta = bao.client().secrets.kv.v2.read_secret_metadata(path=sc.vault_path, mount_point=sc.vault_mount)
    parameter = moto.client("ssm").get_parameter(Name=f"{sc.ssm_prefix}STRIPE_SECRET_KEY")["Parameter"]
    versions = moto.client("secretsmanager").list_secret_version_ids(SecretId=sc.secret_id)["Versions"]
    return int(meta["data"]["current_version"]), int(parameter["Version"]), len(versions)
