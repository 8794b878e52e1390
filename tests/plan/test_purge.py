"""Issue #15, the history purge: safe by construction, run for real with `git filter-repo` on a real
repository, then checked with `plan --verify-purge` (exit 0 clean, 1 values left, 3 partial scan)."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import yaml

from secretguard.plan.cleanup import REPLACEMENT, replacement_risk
from secretguard.scan.finding import fingerprint, secret_hash
from tests.conftest import CliRunner
from tests.helpers import github_style_token, stripe_live_key
from tests.scan.sources.gitfixtures import Git
from tests.servers import unavailable

PAY_TS = "const key = import.meta.env.VITE_STRIPE_SECRET_KEY;\nexport default key;\n"
APP_YAML = "name: shop\nstripe_key_env: STRIPE_SECRET_KEY\nfeatures: [checkout, refunds]\n"


def filter_repo() -> None:
    """git filter-repo is a dev dependency (pyproject [dev]); fail in CI, skip elsewhere without it."""
    try:
        done = subprocess.run(["git", "filter-repo", "--version"], capture_output=True, check=False)
    except OSError:
        done = None
    if done is None or done.returncode != 0:
        unavailable("git-filter-repo")


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def clone(source: Path, target: Path, *extra: str) -> Path:
    subprocess.run(
        ["git", "clone", "-q", *extra, "--no-local", f"file://{source}", str(target)],
        capture_output=True,
        check=True,
    )
    return target


def test_purge_keeps_head_working_covers_messages_and_verify_purge_tells(
    cli: CliRunner, tmp_path: Path
) -> None:
    filter_repo()
    rng = random.Random(1501)
    stripe, in_message, at_head = stripe_live_key(rng), github_style_token(rng), github_style_token(rng)
    settings_py = f'import os\n\nAPI_TOKEN = "{at_head}"\nDEBUG = os.environ.get("DEBUG") == "1"\n'
    git = Git(tmp_path / "repo")
    git.commit(
        "Initial layout",
        **{"web/src/pay.ts": PAY_TS, "config/app.yaml": APP_YAML, ".gitignore": "node_modules/\n"},
    )
    git.commit("Local env", **{".env": f"VITE_STRIPE_SECRET_KEY={stripe}\n"})
    git.commit("Remove the env file", **{".env": None})
    git.commit(f"Deploy fix: mirror with {in_message}")
    git.commit("API settings", **{"services/api/settings.py": settings_py})
    report = tmp_path / "git.json"
    run = cli(
        "scan", "git", git.path, "--format", "json", "--output", report, "--show-secrets",
        "--min-confidence", "low",
    )  # fmt: skip
    assert run.code == 1, run.err
    findings = json.loads(report.read_text())
    by_rule = {(f["rule_id"], f["file"]): f for f in findings}
    # The scan reports the variable name where code reads it: the value a naive purge would replace.
    assert by_rule[("public-env-secret-reference", "web/src/pay.ts")]["secret"] == "VITE_STRIPE_SECRET_KEY"
    assert by_rule[("github-pat", "<commit message>")]["secret"] == in_message
    assert by_rule[("github-pat", "services/api/settings.py")]["at_head"] is True

    expressions, plan_md = tmp_path / "expressions.txt", tmp_path / "plan.md"
    run = cli(
        "plan", "--findings", report, "--repo", git.path, "--filter-repo-expressions", expressions,
        "--output", plan_md,
    )  # fmt: skip
    assert run.code == 1, run.err
    lines = expressions.read_text().splitlines()
    assert sorted(lines) == sorted(f"literal:{v}==>{REPLACEMENT}" for v in (stripe, in_message, at_head))
    assert "VITE_STRIPE_SECRET_KEY" not in expressions.read_text()
    assert expressions.stat().st_mode & 0o777 == 0o600
    markdown = plan_md.read_text()
    assert "the finding is a variable name, not a value" in markdown  # left out, and said so
    assert "Change the code first" in markdown
    assert "change the code first" in run.err
    assert "services/api/settings.py:3" in run.err
    assert "git filter-repo --replace-text F --replace-message F" in markdown
    assert "secretguard plan --verify-purge FRESH_CLONE --findings REPORT.json" in markdown
    assert ".gitignore: .env" in markdown  # the committed .env, not ignored by the repository
    for value in (stripe, in_message, at_head):
        assert value not in markdown + run.out + run.err

    # The purge, for real, in a fresh clone; then a fresh clone of the rewritten one (what others re-clone).
    rewritten = clone(git.path, tmp_path / "rewrite")
    done = subprocess.run(
        ["git", "-C", str(rewritten), "filter-repo", "--replace-text", str(expressions),
         "--replace-message", str(expressions)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    fresh = clone(rewritten, tmp_path / "fresh")
    # HEAD still builds and parses: the value is replaced, never a name or a word the code uses.
    head_settings = (fresh / "services/api/settings.py").read_text()
    compile(head_settings, "settings.py", "exec")
    assert f'API_TOKEN = "{REPLACEMENT}"' in head_settings
    assert (fresh / "web/src/pay.ts").read_text() == PAY_TS
    assert yaml.safe_load((fresh / "config/app.yaml").read_text()) == yaml.safe_load(APP_YAML)
    messages = git_out(fresh, "log", "--all", "--format=%B")
    assert in_message not in messages
    assert f"Deploy fix: mirror with {REPLACEMENT}" in messages
    everything = git_out(fresh, "log", "--all", "-p", "--format=%H %B")
    for value in (stripe, in_message, at_head):
        assert value not in everything

    clean = cli("plan", "--verify-purge", fresh, "--findings", report)
    assert clean.code == 0, clean.out + clean.err
    assert "REMAINS" not in clean.out
    assert "LEFT BY DESIGN public-env-secret-reference" in clean.out  # the variable name stays, on purpose
    dirty = cli("plan", "--verify-purge", git.path, "--findings", report, "--format", "json")
    assert dirty.code == 1
    result = json.loads(dirty.out)
    assert result["clean"] is False
    remaining = {(r["rule_id"], r["file"]) for r in result["remaining"]}
    assert remaining == {
        ("github-pat", "<commit message>"),
        ("github-pat", "services/api/settings.py"),
        ("stripe-live-secret-key", ".env"),
    }
    assert all(r["secret"].endswith("]") and "[redacted:" in r["secret"] for r in result["remaining"])
    for value in (stripe, in_message, at_head):
        assert value not in clean.out + clean.err + dirty.out + dirty.err
    # A shallow clone cannot show the whole history: no value found, but not a clean bill either.
    shallow = clone(fresh, tmp_path / "shallow", "--depth", "1")
    partial = cli("plan", "--verify-purge", shallow, "--findings", report)
    assert partial.code == 3, partial.out + partial.err
    assert "partial" in partial.err


def test_expressions_leave_out_names_short_values_words_and_numbers(cli: CliRunner, tmp_path: Path) -> None:
    """A --show-secrets report whose values include what must never be replaced everywhere: each is left
    out and listed (redacted) with why; the real credential is written."""
    rng = random.Random(1502)
    real = github_style_token(rng)
    unsafe = {
        "VITE_STRIPE_SECRET_KEY": "public-env-secret-reference",
        "x7Kq2": "generic-secret-assignment",
        "changeme": "generic-secret-assignment",
        "databaseUrl": "generic-secret-assignment",
        "DB_PASSWORD_FILE": "generic-secret-assignment",
        "20240611123": "generic-secret-assignment",
        "process.env.API_TOKEN": "generic-secret-assignment",
    }
    findings = [
        {
            "rule_id": rule, "title": rule, "severity": "high", "exposure": "server-only", "file": "app.py",
            "line": n, "commit": "c" * 40, "secret": value, "secret_hash": secret_hash(value),
            "fingerprint": fingerprint(rule, value),
        }
        for n, (value, rule) in enumerate([*unsafe.items(), (real, "github-pat")], start=1)
    ]  # fmt: skip
    report = tmp_path / "report.json"
    report.write_text(json.dumps(findings))
    expressions = tmp_path / "expressions.txt"
    run = cli("plan", "--findings", report, "--filter-repo-expressions", expressions, "--format", "json")
    assert expressions.read_text() == f"literal:{real}==>{REPLACEMENT}\n"
    for value, rule in unsafe.items():
        assert replacement_risk(value, rule) is not None, value
        assert value not in run.out + run.err
    assert run.err.count("[redacted:") >= len(unsafe)
    assert "shorter than 8 characters" in run.err
    assert "a common word" in run.err
    assert "a number" in run.err
    assert "the finding is a variable name" in run.err
    assert replacement_risk(real, "github-pat") is None
    assert replacement_risk("Vq8rT2mZp4Lx") is None  # a generated password is replaced
