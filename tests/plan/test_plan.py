"""`secretguard plan` on real scan reports: dedupe by hash, liveness from the stores, ranking, no leak."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from tests.conftest import CliRunner
from tests.helpers import aws_key_id, github_style_token, stripe_live_key

BUNDLE = Path(__file__).resolve().parents[1] / "assets" / "bundles"


def test_plan_ranks_live_and_public_first_and_names_variables(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(70)
    live_token, rotated_token = github_style_token(rng), github_style_token(rng)
    stripe = stripe_live_key(rng)
    src = tmp_path / "src"
    src.mkdir()
    (src / "deploy.sh").write_text(f"export GH_TOKEN={live_token}\n")
    (src / "old.py").write_text(f'TOKEN = "{rotated_token}"\n')
    (src / "copy.py").write_text(f'TOKEN = "{rotated_token}"  # the same secret in a second place\n')
    (src / "pay.py").write_text(f'stripe.api_key = "{stripe}"\n')
    files_report = tmp_path / "files.json"
    assert cli("scan", "files", src, "--format", "json", "--output", files_report).code == 1
    site = tmp_path / "site"
    shutil.copytree(BUNDLE / "app" / "dist", site)
    bundle_report = tmp_path / "bundle.json"
    assert cli("scan", "bundle", site, "--format", "json", "--output", bundle_report).code == 1
    (tmp_path / ".env.production").write_text(f"GH_TOKEN={live_token}\nOTHER={aws_key_id(rng)}\n")
    inventory = tmp_path / "secretguard.inventory.yaml"
    inventory.write_text(
        "version: 1\nenvironments:\n  production:\n    stores:\n      - dotenv: {file: .env.production}\n"
        "variables:\n  - {name: GH_TOKEN, secret: true, owner: ops@example.test, required: [production]}\n"
    )
    plan_file = tmp_path / "plan.json"
    run = cli(
        "plan", "--findings", files_report, "--findings", bundle_report, "--inventory", inventory,
        "--env", "production", "--format", "json", "--output", plan_file,
    )  # fmt: skip
    assert run.code == 1, run.err
    entries = json.loads(plan_file.read_text())
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))
    first = entries[0]
    assert first["live"] is True
    assert first["variables"] == ["GH_TOKEN"]
    assert first["owner"] == "ops@example.test"
    assert first["priority"] == "P0"
    rotated = [e for e in entries if len(e["exposures"]) == 2 and e["rule_id"] == first["rule_id"]]
    assert rotated, "the secret found in two files is one entry with two exposures"
    assert rotated[0]["live"] is False
    bundle_entries = [
        e for e in entries if e["most_public"] == "public-bundle" and e["exposure"] == "server-only"
    ]
    assert bundle_entries
    assert all(e["steps"] and all("verify" in s for s in e["steps"]) for e in entries)
    assert not any(e["rule_id"] == "public-source-map" for e in entries)
    markdown = cli("plan", "--findings", files_report, "--findings", bundle_report, "--format", "markdown")
    assert "# Rotation plan" in markdown.out
    everything = plan_file.read_text() + markdown.out + markdown.err + run.out + run.err
    for secret in (live_token, rotated_token, stripe):
        assert secret not in everything


def test_plan_rejects_a_file_that_is_not_a_report(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a report"}')
    run = cli("plan", "--findings", bad)
    assert run.code == 2
    assert "not a secretguard JSON report" in run.err


def test_filter_repo_expressions_only_from_plaintext_reports_and_private(
    cli: CliRunner, tmp_path: Path
) -> None:
    rng = random.Random(71)
    token = github_style_token(rng)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / ".env.production").write_text(f"GITHUB_TOKEN={token}\n")
    redacted, plain = tmp_path / "redacted.json", tmp_path / "plain.json"
    cli("scan", "files", tmp_path / "src", "--all-files", "--format", "json", "--output", redacted)
    cli(
        "scan",
        "files",
        tmp_path / "src",
        "--all-files",
        "--format",
        "json",
        "--output",
        plain,
        "--show-secrets",
    )
    expressions = tmp_path / "expressions.txt"
    run = cli("plan", "--findings", redacted, "--filter-repo-expressions", expressions, "--format", "json")
    assert expressions.read_text() == ""  # a redacted report has no value to replace
    assert "not in the expressions file" in run.err
    run = cli("plan", "--findings", plain, "--filter-repo-expressions", expressions, "--format", "markdown")
    assert expressions.read_text() == f"literal:{token}==>***REMOVED-BY-SECRETGUARD***\n"
    assert expressions.stat().st_mode & 0o777 == 0o600
    assert "SENSITIVE" in run.err
    assert ".env.*" in run.out  # the committed dotenv file gets its .gitignore line
    assert token not in run.out + run.err  # only the expressions file holds it


def test_stale_and_reused_secrets_from_inventory_check_are_lower_priority_entries(
    cli: CliRunner, tmp_path: Path
) -> None:
    rng = random.Random(72)
    (tmp_path / "a.env").write_text(f"GH_TOKEN={github_style_token(rng)}\n")
    report = tmp_path / "files.json"
    cli("scan", "files", tmp_path / "a.env", "--format", "json", "--output", report)
    check = tmp_path / "check.json"
    results = [
        {
            "name": "SESSION_KEY",
            "environment": "production",
            "store": "vault",
            "status": "stale",
            "secret": True,
        },
        {
            "name": "DB_PASSWORD",
            "environment": "production",
            "store": "ssm",
            "status": "reused_across_environments",
            "secret": True,
        },
        {"name": "SITE_URL", "environment": "production", "store": "ssm", "status": "ok", "secret": False},
    ]
    check.write_text(json.dumps(results))
    plan_file = tmp_path / "plan.json"
    cli("plan", "--findings", report, "--check", check, "--format", "json", "--output", plan_file)
    entries = json.loads(plan_file.read_text())
    assert entries[0]["rule_id"] == "github-pat"
    tail = [(e["rule_id"], e["variables"], e["priority"]) for e in entries[1:]]
    assert tail == [
        ("inventory-reused_across_environments", ["DB_PASSWORD"], "P2"),
        ("inventory-stale", ["SESSION_KEY"], "P3"),
    ]
    assert [e["rank"] for e in entries] == [1, 2, 3]


def test_html_plan_is_self_contained_escaped_and_secret_free(cli: CliRunner, tmp_path: Path) -> None:
    from html.parser import HTMLParser

    rng = random.Random(73)
    token = github_style_token(rng)
    (tmp_path / "x<script>.env").write_text(f"GH_TOKEN={token}\n")
    report = tmp_path / "r.json"
    cli("scan", "files", tmp_path / "x<script>.env", "--format", "json", "--output", report, "--show-secrets")
    page = tmp_path / "plan.html"
    run = cli("plan", "--findings", report, "--format", "html", "--output", page)
    assert run.code == 1
    html = page.read_text()
    assert token not in html
    assert "x<script>.env" not in html
    assert "x&lt;script&gt;.env" in html
    assert "http://" not in html
    assert "https://" not in html

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.seen.append(tag)

    tags = Tags()
    tags.feed(html)
    assert {"table", "tbody", "script", "ol"} <= set(tags.seen)
