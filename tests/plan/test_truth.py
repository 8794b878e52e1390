"""Issue #15: the rotation plan tells the truth. Live only from a store match, including a leaked password
that is part of a stored URL, DSN, JSON value or multi-line value (real OpenBao, SSM and Secrets Manager); one
entry per credential (an AWS key pair, as `rotate` reads it); every entry in priority order whatever its
source; publishable keys as notes; CODEOWNERS' default owner for CI logs and commit messages; .gitignore
advice only when needed; "rotated on DATE" from the rotation journal."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from secretguard.plan.live import value_parts
from secretguard.scan.finding import secret_hash
from tests.conftest import CliRunner
from tests.helpers import ALNUM, aws_key_id, database_password, github_style_token, rand, stripe_live_key
from tests.scan.sources.gitfixtures import Git
from tests.servers import Bao, Moto

ENV = "production"
CONFIRM = "Confirm the credential is no longer valid anywhere"
NO_STORE = "no store in the inventory holds it"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def inventory(
    folder: Path, stores: list[dict[str, Any]], variables: list[dict[str, Any]], **envs: Any
) -> Path:
    environments = {ENV: {"stores": stores}, **envs}
    data = {"version": 1, "environments": environments, "variables": variables}
    return write(folder / "secretguard.inventory.yaml", yaml.safe_dump(data, sort_keys=False))


def plan_json(cli: CliRunner, *args: str | Path, code: int = 1) -> tuple[list[dict[str, Any]], str]:
    run = cli("plan", *args, "--format", "json")
    assert run.code == code, run.err
    return json.loads(run.out), run.err


def entry_for(entries: list[dict[str, Any]], value: str) -> dict[str, Any]:
    found = [e for e in entries if secret_hash(value) in e["secret_hashes"]]
    assert len(found) == 1, [e["title"] for e in entries]
    return found[0]


def test_value_parts_of_urls_dsns_json_and_multiline_values() -> None:
    parts = {p: k for k, p in value_parts("postgresql://app:S3cr%40t@db.internal:5432/app?password=q1")}
    assert parts["S3cr%40t"] == parts["S3cr@t"] == "URL password"
    assert parts["app"] == "URL user name"
    assert parts["q1"] == "URL parameter"
    dsn = {p: k for k, p in value_parts("host=db user=app password='p w\\'x' dbname=app")}
    assert dsn["p w'x"] == "connection-string field"
    ado = [p for _, p in value_parts("Server=tcp:x,1433;User ID=u;Password={a;b};Encrypt=true")]
    assert "a;b" in ado
    nested = {p: k for k, p in value_parts('{"smtp": {"password": "pw1", "url": "mysql://u:pw2@h/d"}}')}
    assert nested["pw1"] == "JSON value"
    assert nested["pw2"] == "URL password in JSON value"
    lines = {p: k for k, p in value_parts("A=1\nexport DB_PASSWORD='pw3'\nURL=redis://:pw4@cache:6379/0\n")}
    assert lines["pw3"] == "line of a multi-line value"
    assert lines["pw4"] == "URL password in line of a multi-line value"
    assert list(value_parts("ghp_plainTokenWithoutParts0123456789")) == []


def test_a_leaked_password_inside_a_stored_url_dsn_json_or_multiline_value_is_live(
    cli: CliRunner, vault_env: Bao, aws_env: Moto, uid: str, tmp_path: Path
) -> None:
    rng = random.Random(1510)
    url_pw, dsn_pw, json_pw, line_pw = (database_password(rng) for _ in range(4))
    not_stored = github_style_token(rng)
    src = tmp_path / "ops"
    write(src / "migrate.sh", f'psql "postgresql://app:{url_pw}@db.internal:5432/app" -f schema.sql\n')
    write(src / "worker.conf", f"DB_PASSWORD={dsn_pw}\n")
    write(src / "mail.json", json.dumps({"smtp_password": json_pw}) + "\n")
    write(src / "cache.env", f"REDIS_PASSWORD={line_pw}\n")
    write(src / "deploy.sh", f"export GH_TOKEN={not_stored}\n")
    report = tmp_path / "files.json"
    assert cli("scan", "files", src, "--format", "json", "--output", report).code == 1

    path = f"{uid}/{ENV}"
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=path,
        mount_point="secret",
        secret={
            "DATABASE_URL": f"postgresql://app:{url_pw}@db.prod.internal:5432/app?sslmode=require",
            "CACHE_ENV": f"REDIS_HOST=cache.internal\nREDIS_PASSWORD={line_pw}\n",
        },
    )
    aws_env.client("ssm").put_parameter(
        Name=f"/{uid}/{ENV}/DB_DSN",
        Value=f"host=db.prod.internal port=5432 user=worker password='{dsn_pw}' dbname=app",
        Type="SecureString",
    )
    mail = json.dumps({"smtp": {"user": "mailer", "password": json_pw, "host": "smtp.internal"}})
    aws_env.client("secretsmanager").create_secret(Name=path, SecretString=json.dumps({"MAIL_CONFIG": mail}))
    inv = inventory(
        tmp_path,
        [
            {"vault": {"mount": "secret", "path": path}},
            {"ssm": {"path": f"/{uid}/{ENV}/"}},
            {"secretsmanager": {"secret_id": path}},
        ],
        [
            {"name": "DATABASE_URL", "secret": True, "owner": "dba@example.test"},
            {"name": "DB_DSN", "secret": True, "owner": "dba@example.test"},
            {"name": "MAIL_CONFIG", "secret": True, "owner": "mail@example.test"},
            {"name": "CACHE_ENV", "secret": True, "owner": "ops@example.test"},
        ],
    )
    entries, err = plan_json(cli, "--findings", report, "--inventory", inv, "--env", ENV)
    assert "WARNING store not read" not in err
    expected = {
        url_pw: ("DATABASE_URL", "dba@example.test", "URL password"),
        dsn_pw: ("DB_DSN", "dba@example.test", "connection-string field"),
        json_pw: ("MAIL_CONFIG", "mail@example.test", "JSON value"),
        line_pw: ("CACHE_ENV", "ops@example.test", "line of a multi-line value"),
    }
    for value, (variable, owner, part) in expected.items():
        entry = entry_for(entries, value)
        assert (entry["live"], entry["priority"], entry["variables"]) == (True, "P0", [variable]), entry
        assert (entry["owner"], entry["owner_source"]) == (owner, "inventory")
        assert entry["holders"] == [{"variable": variable, "environment": ENV, "part": part}]
        actions = " ".join(s["action"] for s in entry["steps"])
        assert NO_STORE not in actions
        assert CONFIRM not in actions
        assert f"part of a stored value: {variable} in {ENV} ({part})" in actions
    gone = entry_for(entries, not_stored)
    assert (gone["live"], gone["variables"]) == (False, [])
    assert gone["steps"][0]["action"].startswith(CONFIRM)
    markdown = cli("plan", "--findings", report, "--inventory", inv, "--env", ENV).out
    assert "as DATABASE_URL (URL password)" in markdown
    everything = json.dumps(entries) + err + markdown
    for value in (url_pw, dsn_pw, json_pw, line_pw, not_stored):
        assert value not in everything


def test_an_aws_key_pair_is_one_entry_and_rotate_reads_it(
    cli: CliRunner, vault_env: Bao, aws_env: Moto, uid: str, tmp_path: Path
) -> None:
    rng = random.Random(1511)
    iam = aws_env.client("iam")
    iam.create_user(UserName=f"deploy-{uid}")
    key = iam.create_access_key(UserName=f"deploy-{uid}")["AccessKey"]
    key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
    other_id, other_secret = aws_key_id(rng), rand(rng, ALNUM + "/+", 40)
    credentials = write(
        tmp_path / "src" / "credentials",
        f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n\n"
        f"[ci]\naws_access_key_id = {other_id}\naws_secret_access_key = {other_secret}\n",
    )
    report = tmp_path / "files.json"
    assert cli("scan", "files", credentials, "--format", "json", "--output", report).code == 1
    findings = json.loads(report.read_text())
    assert sorted(f["rule_id"] for f in findings) == ["aws-access-key-id"] * 2 + ["aws-secret-access-key"] * 2
    assert all("key-pair" in f["reasons"] for f in findings)
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/{ENV}",
        mount_point="secret",
        secret={"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret},
    )
    inv = inventory(
        tmp_path,
        [{"vault": {"mount": "secret", "path": f"{uid}/{ENV}"}}],
        [
            {"name": "AWS_ACCESS_KEY_ID", "owner": "platform@example.test"},
            {"name": "AWS_SECRET_ACCESS_KEY", "secret": True, "owner": "platform@example.test"},
        ],
    )
    plan_file = tmp_path / "plan.json"
    run = cli("plan", "--findings", report, "--inventory", inv, "--format", "json", "--output", plan_file)
    assert run.code == 1, run.err
    entries = json.loads(plan_file.read_text())
    assert len(entries) == 2, [e["title"] for e in entries]  # two key pairs, two credentials
    live, stale = entries
    assert live["rule_id"] == stale["rule_id"] == "aws-secret-access-key"
    for entry, (kid, sec) in ((live, (key_id, secret)), (stale, (other_id, other_secret))):
        by_value = {f["secret_hash"]: f["fingerprint"] for f in findings}
        assert entry["fingerprints"] == [by_value[secret_hash(sec)], by_value[secret_hash(kid)]]
        assert entry["fingerprint"] == entry["fingerprints"][0]  # the secret half leads
        assert entry["secret_hash"] == secret_hash(sec)
        assert {
            "rank",
            "rule_id",
            "fingerprint",
            "priority",
            "live",
            "variables",
            "exposures",
            "steps",
        } <= set(entry)
        assert len(entry["exposures"]) == 2
    assert (live["live"], live["priority"], live["rank"]) == (True, "P0", 1)
    assert live["variables"] == ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"]
    assert "verified with STS" in live["automation"]
    assert stale["live"] is False
    # `rotate` takes the pair as one IAM key rotation, for the value the store holds (a dry run).
    journal = tmp_path / "journal.jsonl"
    rotate = cli("rotate", "--inventory", inv, "--plan", plan_file, "--journal", journal, "--format", "json")
    assert rotate.code == 0, rotate.err
    rotations = json.loads(rotate.out)["rotations"]
    assert [(r["variable"], r["kind"], r["state"]) for r in rotations] == [
        ("AWS_SECRET_ACCESS_KEY", "aws-iam-access-key", "planned")
    ]
    for value in (key_id, secret, other_id, other_secret):
        assert value not in plan_file.read_text() + run.err + rotate.out + rotate.err


def test_entries_from_check_results_take_their_place_by_priority(
    cli: CliRunner, aws_env: Moto, uid: str, tmp_path: Path
) -> None:
    rng = random.Random(1512)
    token, feed = github_style_token(rng), "glft-" + rand(rng, ALNUM, 20)
    shared, session = rand(rng, ALNUM, 40), rand(rng, ALNUM, 40)
    ssm = aws_env.client("ssm")
    for env, name, value in (
        (ENV, "GH_TOKEN", token), (ENV, "SESSION_KEY", session), (ENV, "SHARED_KEY", shared),
        ("staging", "SHARED_KEY", shared),
    ):  # fmt: skip
        ssm.put_parameter(Name=f"/{uid}/{env}/{name}", Value=value, Type="SecureString")
    inv = inventory(
        tmp_path,
        [{"ssm": {"path": f"/{uid}/{ENV}/"}}],
        [
            {"name": "GH_TOKEN", "secret": True, "owner": "ops@example.test"},
            {"name": "SESSION_KEY", "secret": True, "rotation_days": 30},
            {"name": "SHARED_KEY", "secret": True},
            {"name": "VITE_ADMIN_SECRET", "secret": True, "required": [ENV]},  # named, never stored
        ],
        staging={"stores": [{"ssm": {"path": f"/{uid}/staging/"}}]},
    )
    write(tmp_path / "src" / "deploy.sh", f"export GH_TOKEN={token}\n")
    write(tmp_path / "src" / "feed.txt", f"https://gitlab.example.test/projects.atom?feed_token={feed}\n")
    report, check = tmp_path / "files.json", tmp_path / "check.json"
    assert cli("scan", "files", tmp_path / "src", "--format", "json", "--output", report).code == 1
    as_of = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    cli("inventory", "check", "--inventory", inv, "--format", "json", "--output", check, "--as-of", as_of)
    statuses = {(r["name"], r["environment"], r["status"]) for r in json.loads(check.read_text())}
    assert {("SESSION_KEY", ENV, "stale"), ("SHARED_KEY", ENV, "reused_across_environments")} <= statuses
    assert ("VITE_ADMIN_SECRET", ENV, "public_prefix") in statuses
    entries, _ = plan_json(cli, "--findings", report, "--inventory", inv, "--check", check)
    order = [(e["priority"], e["rule_id"], e["variables"]) for e in entries]
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))
    assert [p for p, _, _ in order] == sorted(p for p, _, _ in order), order
    assert order[0] == ("P0", "github-pat", ["GH_TOKEN"])
    ranks = {(e["rule_id"], tuple(e["environments"])): e["rank"] for e in entries}
    feed_rank = next(e["rank"] for e in entries if e["rule_id"] == "gitlab-feed-token")
    assert ranks[("inventory-reused_across_environments", (ENV,))] < feed_rank  # P2 before a P3 leak
    prefix = next(e for e in entries if e["variables"] == ["VITE_ADMIN_SECRET"])
    assert (prefix["priority"], prefix["live"]) == ("P2", False)  # named in the inventory, in no store
    stale = next(e for e in entries if e["rule_id"] == "inventory-stale")
    assert (stale["live"], stale["priority"]) == (True, "P3")


def test_publishable_keys_are_exposure_notes_not_rotations(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(1513)
    publishable, secret = "pk_live_" + rand(rng, ALNUM, 99), stripe_live_key(rng)
    dist = tmp_path / "dist" / "assets"
    write(dist / "index-1.js", f'const s="{secret}";const p="{publishable}";export{{s,p}};\n')
    report = tmp_path / "bundle.json"
    assert cli("scan", "bundle", tmp_path / "dist", "--format", "json", "--output", report).code == 1
    rules = {f["rule_id"]: f["exposure"] for f in json.loads(report.read_text())}
    assert rules == {"stripe-live-secret-key": "server-only", "stripe-publishable-key": "client-safe"}
    entries, err = plan_json(cli, "--findings", report)
    assert [e["rule_id"] for e in entries] == ["stripe-live-secret-key"]
    assert "NOTE publishable key, public by design (client-safe), not rotated" in err
    markdown = cli("plan", "--findings", report).out
    assert "## Exposure notes (not rotations)" in markdown
    only = tmp_path / "only.json"
    only.write_text(json.dumps([f for f in json.loads(report.read_text()) if f["exposure"] == "client-safe"]))
    entries, err = plan_json(cli, "--findings", only, code=0)
    assert entries == []
    assert "0 credential(s) to rotate" in err
    assert publishable not in markdown + err
    assert secret not in markdown + err


def test_ci_log_and_commit_message_exposures_get_the_default_codeowners(
    cli: CliRunner, tmp_path: Path
) -> None:
    rng = random.Random(1514)
    in_log, in_message = github_style_token(rng), github_style_token(rng)
    git = Git(tmp_path / "repo")
    git.commit("Layout", **{".github/CODEOWNERS": "# owners\n*  @acme/maintainers\n/services/ @acme/api\n"})
    git.commit(f"Mirror with {in_message}")
    log = write(
        git.path / "services" / "ci" / "build.log", f"+ git clone https://x:{in_log}@github.com/a/b\n"
    )
    log_report, git_report = tmp_path / "log.json", tmp_path / "git.json"
    assert cli("scan", "ci-log", log, "--format", "json", "--output", log_report).code == 1
    assert cli("scan", "git", git.path, "--format", "json", "--output", git_report).code == 1
    entries, err = plan_json(cli, "--findings", log_report, "--findings", git_report, "--repo", git.path)
    assert "WARNING" not in err
    kinds = {e["exposures"][0]["kind"]: e for e in entries}
    assert set(kinds) == {"ci-log", "history"}
    assert kinds["history"]["exposures"][0]["file"] == "<commit message>"
    for entry in entries:  # the log's download folder is no repository path: the default owner rule
        assert (entry["owner"], entry["owner_source"]) == ("@acme/maintainers", "CODEOWNERS")
        assert entry["owner_rule"] == ".github/CODEOWNERS:2 *"


def test_gitignore_advice_only_for_lines_the_repository_lacks(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(1515)
    token = github_style_token(rng)
    git = Git(tmp_path / "repo")
    git.commit("Layout", **{".gitignore": "node_modules/\n"})
    git.commit("Env", **{"config/.env.production": f"GH_TOKEN={token}\n"})
    report = tmp_path / "git.json"
    assert cli("scan", "git", git.path, "--format", "json", "--output", report).code == 1
    run = cli("plan", "--findings", report, "--repo", git.path)
    assert "add to .gitignore: !.env.example, .env.*" in run.err
    git.commit("Ignore env files", **{".gitignore": "node_modules/\n.env*\n!.env.example\n"})
    run = cli("plan", "--findings", report, "--repo", git.path)
    assert ".gitignore" not in run.out + run.err  # `.env*` covers it (checked by git, not by text)


def test_a_value_rotate_replaced_says_rotated_on_its_date(
    cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path
) -> None:
    rng = random.Random(1516)
    leaked = rand(rng, ALNUM + "-_", 48)
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/{ENV}", mount_point="secret", secret={"SESSION_SECRET": leaked, "OTHER": "kept-as-is"}
    )
    inv = inventory(
        tmp_path,
        [{"vault": {"mount": "secret", "path": f"{uid}/{ENV}"}}],
        [{"name": "SESSION_SECRET", "secret": True, "owner": "web@example.test", "rotation": "generate"}],
    )
    write(tmp_path / "leak" / "app.env", f"SESSION_SECRET={leaked}\n")
    report = tmp_path / "files.json"
    assert cli("scan", "files", tmp_path / "leak", "--format", "json", "--output", report).code == 1
    plan_file = tmp_path / "plan.json"
    run = cli("plan", "--findings", report, "--inventory", inv, "--format", "json", "--output", plan_file)
    (before,) = json.loads(plan_file.read_text())
    assert (before["live"], before["priority"], before["rotated"]) == (True, "P0", None)
    rotate = cli("rotate", "--inventory", inv, "--plan", plan_file, "--apply", "--format", "json")
    assert rotate.code == 0, rotate.out + rotate.err
    assert [r["state"] for r in json.loads(rotate.out)["rotations"]] == ["rotated"]
    today = datetime.now(UTC).date().isoformat()
    # The default journal (next to the inventory) is found; the store holds another value now.
    (after,), err = plan_json(cli, "--findings", report, "--inventory", inv)
    assert (after["live"], after["rotated"][:10]) == (False, today)
    assert after["steps"][0]["action"].startswith(f"Rotated on {today} by `secretguard rotate`")
    assert not any(s["action"].startswith(CONFIRM) for s in after["steps"])
    # Without the journal, the plan cannot know who replaced it: it asks for confirmation.
    elsewhere = tmp_path / "no-journal.jsonl"
    (unknown,), _ = plan_json(cli, "--findings", report, "--inventory", inv, "--journal", elsewhere)
    assert unknown["rotated"] is None
    assert unknown["steps"][0]["action"].startswith(CONFIRM)
    assert leaked not in plan_file.read_text() + run.err + rotate.out + err


def test_a_store_that_cannot_be_read_leaves_liveness_unknown_not_no(
    cli: CliRunner, vault_env: Bao, uid: str, tmp_path: Path
) -> None:
    rng = random.Random(1517)
    leaked, stored = github_style_token(rng), github_style_token(rng)
    vault_env.client().secrets.kv.v2.create_or_update_secret(
        path=f"{uid}/{ENV}", mount_point="secret", secret={"API_TOKEN": stored}
    )
    stores = [{"vault": {"mount": "secret", "path": f"{uid}/{ENV}"}}, {"dotenv": {"file": "missing.env"}}]
    inv = inventory(tmp_path, stores, [{"name": "API_TOKEN", "secret": True}])
    write(tmp_path / "src" / "deploy.sh", f"export API_TOKEN={leaked}\n")
    report = tmp_path / "files.json"
    assert cli("scan", "files", tmp_path / "src", "--format", "json", "--output", report).code == 1
    (entry,), err = plan_json(cli, "--findings", report, "--inventory", inv)
    assert "WARNING store not read, liveness of its values unknown" in err
    assert (entry["live"], entry["priority"]) == (None, "P1")  # the unread store may hold it
    assert not any(s["action"].startswith(CONFIRM) for s in entry["steps"])
    (tmp_path / "missing.env").write_text("OTHER=1\n")
    (entry,), err = plan_json(cli, "--findings", report, "--inventory", inv)
    assert (entry["live"], entry["priority"]) == (False, "P2")  # every store read: no store holds it
    assert entry["steps"][0]["action"].startswith(CONFIRM)


def test_server_side_build_output_is_never_a_public_bundle_exposure() -> None:
    from secretguard.plan.planner import _exposure_of

    base = {"rule_id": "stripe-live-secret-key", "file": ".next/server/chunks/1.js", "source": "bundle"}
    assert _exposure_of({**base, "served": False}).kind == "repository"
    assert _exposure_of({**base, "served": True}).kind == "public-bundle"
    assert _exposure_of({**base, "served": None}).kind == "public-bundle"  # unknown layout: as before
