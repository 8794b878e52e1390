"""`secretguard baseline create|update` and `scan --baseline`: accepted findings stay quiet, new ones
do not."""

from __future__ import annotations

import io
import json
import os
import random
import stat
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from secretguard import entry as entry_point
from secretguard.cli import fast
from secretguard.errors import ExitCode
from tests.conftest import CliRun, CliRunner
from tests.helpers import Planted, aws_key_id, github_style_token
from tests.scan.sources.gitfixtures import Git


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


# End to end in a real repository: the default baseline and the ignore files, for every command.

BASELINE = ".secretguard-baseline.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    monkeypatch.chdir(git.path)
    return git


@pytest.fixture
def keys() -> tuple[str, str]:
    """An AWS key id and a GitHub token: high-confidence findings wherever they are."""
    rng = random.Random(4242)
    return aws_key_id(rng), github_style_token(rng)


@pytest.fixture
def umask() -> Iterator[int]:
    previous = os.umask(0o022)
    yield 0o022
    os.umask(previous)


def _plant(repo: Git, keys: tuple[str, str]) -> None:
    aws, ghp = keys
    repo.write("config/aws.cfg", f"[default]\naws_access_key_id = {aws}\nregion = eu-west-1\n")
    repo.write("deploy.env", f"# deploy\nGITHUB_TOKEN={ghp}\n")


def _staged_twice(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[CliRun, CliRun]:
    """`scan git --staged` twice: the first run takes the full path (and stores what the fast path reads);
    the second goes through the command's entry point, which tries the fast path first (asserted): a clean
    change is answered there, a hit falls back to the full path."""
    del monkeypatch
    args = ["scan", "git", "--staged", *extra]
    full = cli(*args)
    answered: list[int | None] = []
    original = fast.try_fast

    def spy(argv: list[str]) -> int | None:
        answered.append(None)
        answered[-1] = original(argv)
        return answered[-1]

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        patch.setattr(fast, "try_fast", spy)
        code = entry_point.run(args)
    assert answered, "the fast path was not tried"
    return full, CliRun(code, out.getvalue(), err.getvalue())


def _json_findings(cli: CliRunner, *args: str) -> tuple[int, list[dict[str, Any]]]:
    run = cli(*args, "--format", "json")
    return run.code, json.loads(run.out)


def _fingerprint(cli: CliRunner, rule_id: str) -> str:
    code, findings = _json_findings(cli, "scan", "files", ".")
    assert code == ExitCode.FINDINGS
    [fingerprint] = [f["fingerprint"] for f in findings if f["rule_id"] == rule_id]
    assert isinstance(fingerprint, str)
    return fingerprint


def test_default_baseline_covers_files_and_the_staged_commit_that_adds_it(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant(repo, keys)
    assert cli("scan", "files", ".").code == ExitCode.FINDINGS
    created = cli("baseline", "create", ".")
    assert created.code == ExitCode.CLEAN, created.err
    assert "2 finding(s) accepted" in created.err
    scan = cli("scan", "files", ".")
    assert scan.code == ExitCode.CLEAN, scan.out + scan.err
    assert "2 suppressed by the baseline" in scan.out
    repo("add", "-A")
    assert BASELINE in repo("diff", "--cached", "--name-only").splitlines()
    full, fast = _staged_twice(cli, monkeypatch)
    assert full.code == fast.code == ExitCode.CLEAN, full.out + full.err + fast.out + fast.err
    assert fast.out == full.out
    assert BASELINE not in full.out + fast.out
    json_full, json_fast = _staged_twice(cli, monkeypatch, "--format", "json")
    assert json.loads(json_full.out) == json.loads(json_fast.out) == []


def test_default_baseline_of_the_history(cli: CliRunner, repo: Git, keys: tuple[str, str]) -> None:
    aws, ghp = keys
    repo.commit("add key", old__cfg=f"aws_access_key_id = {aws}\n")
    repo.commit("drop key", old__cfg=None)
    repo.commit("add token", ci__env=f"GITHUB_TOKEN={ghp}\n")
    assert cli("scan", "git", ".").code == ExitCode.FINDINGS
    created = cli("baseline", "create", "--git", ".")
    assert created.code == ExitCode.CLEAN, created.err
    assert "2 finding(s) accepted" in created.err
    run = cli("scan", "git", ".")
    assert run.code == ExitCode.CLEAN, run.out + run.err
    # committed, the baseline is in the history too, and still not a finding
    repo.commit("accept findings", **{BASELINE.replace(".", "__"): (repo.path / BASELINE).read_text()})
    assert cli("scan", "git", ".").code == ExitCode.CLEAN
    assert cli("scan", "files", ".").code == ExitCode.CLEAN
    (repo.path / BASELINE).unlink()
    assert cli("scan", "git", ".").code == ExitCode.FINDINGS  # the history still holds the committed one


def test_secretguardignore_fingerprint_for_every_scan(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    aws, _ = keys
    repo.write("config/aws.cfg", f"aws_access_key_id = {aws}\n")
    fingerprint = _fingerprint(cli, "aws-access-key-id")
    (repo.path / ".secretguardignore").write_text(
        f"# accepted on purpose\n\n{fingerprint}  # a key of the sandbox account, no rights\n"
    )
    files = cli("scan", "files", ".")
    assert files.code == ExitCode.CLEAN, files.out + files.err
    assert "1 suppressed" in files.out
    repo("add", "-A")
    full, fast = _staged_twice(cli, monkeypatch)
    assert full.code == fast.code == ExitCode.CLEAN, full.out + fast.out
    repo("commit", "-q", "-m", "sandbox key")
    history = cli("scan", "git", ".")
    assert history.code == ExitCode.CLEAN, history.out + history.err
    (repo.path / ".secretguardignore").write_text("# nothing accepted\n")
    assert cli("scan", "git", ".").code == ExitCode.FINDINGS


def test_gitleaksignore_by_file_and_line(cli: CliRunner, repo: Git, keys: tuple[str, str]) -> None:
    aws, _ = keys
    repo.write("config/aws.cfg", f"[default]\naws_access_key_id = {aws}\n")
    code, [finding] = _json_findings(cli, "scan", "files", ".")
    assert (code, finding["file"], finding["line"]) == (ExitCode.FINDINGS, "./config/aws.cfg", 2)
    ignore = repo.path / ".gitleaksignore"
    ignore.write_text("config/aws.cfg:some-rule:2\n")
    assert cli("scan", "files", ".").code == ExitCode.CLEAN
    ignore.write_text("config/aws.cfg:some-rule:1\n")  # another line: not this finding
    assert cli("scan", "files", ".").code == ExitCode.FINDINGS
    ignore.write_text("config/aws.cfg:some-rule:2\n")
    repo("add", "config/aws.cfg")
    assert cli("scan", "git", "--staged").code == ExitCode.CLEAN
    commit = repo.commit("add key")
    assert cli("scan", "git", ".").code == ExitCode.CLEAN  # no commit in the line: any commit
    other = repo("rev-parse", "HEAD~1")
    ignore.write_text(f"{other}:config/aws.cfg:some-rule:2\n")
    history = cli("scan", "git", ".")
    assert history.code == ExitCode.FINDINGS  # accepted in another commit only: still reported
    assert "aws-access-key-id" in history.out
    assert cli("scan", "files", ".").code == ExitCode.FINDINGS  # a file scan has no commit
    ignore.write_text(f"{commit}:config/aws.cfg:some-rule:2  # the right commit\n")
    assert cli("scan", "git", ".").code == ExitCode.CLEAN


def test_a_bad_ignore_line_is_a_usage_error(cli: CliRunner, repo: Git, keys: tuple[str, str]) -> None:
    repo.write("config/aws.cfg", f"aws_access_key_id = {keys[0]}\n")
    (repo.path / ".secretguardignore").write_text("# ok\naws-access-key-id:nothex\n")
    run = cli("scan", "files", ".")
    assert run.code == ExitCode.USAGE
    assert ".secretguardignore:2" in run.err


def test_update_keeps_comments_and_drops_gone_entries(
    cli: CliRunner, repo: Git, keys: tuple[str, str]
) -> None:
    _plant(repo, keys)
    assert cli("baseline", "create", ".").code == ExitCode.CLEAN
    path = repo.path / BASELINE
    doc = json.loads(path.read_text())
    for entry in doc["findings"]:
        if entry["rule_id"] == "github-pat":
            entry["comment"] = "revoked token, kept in the replay fixture"
    path.write_text(json.dumps(doc, indent=2))
    (repo.path / "config" / "aws.cfg").unlink()
    run = cli("baseline", "update")
    assert run.code == ExitCode.CLEAN, run.err
    assert "0 added, 1 removed, 1 kept" in run.err
    after = json.loads(path.read_text())["findings"]
    assert [(e["rule_id"], e["file"], e.get("comment")) for e in after] == [
        ("github-pat", "./deploy.env", "revoked token, kept in the replay fixture")
    ]
    assert cli("scan", "files", ".").code == ExitCode.CLEAN


def test_update_creates_the_missing_default_baseline(
    cli: CliRunner, repo: Git, keys: tuple[str, str]
) -> None:
    _plant(repo, keys)
    assert not (repo.path / BASELINE).exists()
    run = cli("baseline", "update")
    assert run.code == ExitCode.CLEAN, run.err
    assert "2 added, 0 removed, 0 kept" in run.err
    assert {e["rule_id"] for e in json.loads((repo.path / BASELINE).read_text())["findings"]} == {
        "aws-access-key-id",
        "github-pat",
    }
    assert cli("scan", "files", ".").code == ExitCode.CLEAN


OWN_FILES = {
    BASELINE: json.dumps(
        {
            "version": 1,
            "findings": [
                {
                    "fingerprint": "stripe-webhook-secret:349e8a1f0c2b7d6e5f4a3b2c",
                    "rule_id": "stripe-webhook-secret",
                    "file": "./gone.cfg",
                    "comment": "webhook_secret: rotated",
                },
                {
                    "fingerprint": "generic-password:9f8e7d6c5b4a39281706f5e4",
                    "rule_id": "generic-password",
                    "file": "app/settings.py",
                },
            ],
        },
        indent=2,
    ),
    ".secretguardignore": "stripe-webhook-secret:349e8a1f0c2b7d6e5f4a3b2c  # password: rotated\n"
    "generic-password:9f8e7d6c5b4a39281706f5e4\n",
    ".gitleaksignore": "0123456789abcdef0123456789abcdef01234567:app/settings.py:generic-api-key:12\n",
    "sub/.gitleaksignore": "app/settings.py:generic-api-key:12\n",
    f"sub/{BASELINE}": "{}\n",  # only the working folder's baseline is read; any other is still ours
}


def test_baseline_and_ignore_files_are_never_findings(
    cli: CliRunner, repo: Git, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same text under another name is reported: the names, not the content, keep them quiet.
    repo.write("notes/copy.json", OWN_FILES[BASELINE])
    repo.write("notes/copy.txt", OWN_FILES[".secretguardignore"])
    code, findings = _json_findings(cli, "scan", "files", ".", "--min-confidence", "low")
    assert code == ExitCode.FINDINGS
    assert {f["file"] for f in findings} == {"./notes/copy.json", "./notes/copy.txt"}
    (repo.path / "notes" / "copy.json").unlink()
    (repo.path / "notes" / "copy.txt").unlink()
    for name, text in OWN_FILES.items():
        repo.write(name, text)
    assert _json_findings(cli, "scan", "files", ".", "--min-confidence", "low") == (ExitCode.CLEAN, [])
    repo("add", "-A")
    full, fast = _staged_twice(cli, monkeypatch, "--min-confidence", "low")
    assert full.code == fast.code == ExitCode.CLEAN, full.out + fast.out
    repo("commit", "-q", "-m", "bookkeeping")
    history = cli("scan", "git", ".", "--min-confidence", "low")
    assert history.code == ExitCode.CLEAN, history.out
    created = cli("baseline", "create", ".", "--output", "accepted.json")
    assert "0 finding(s) accepted" in created.err


def test_blocked_staged_commit_says_how_out(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    aws, _ = keys
    repo.write("config/aws.cfg", f"aws_access_key_id = {aws}\n")
    fingerprint = _fingerprint(cli, "aws-access-key-id")
    repo("add", "-A")
    full, fast = _staged_twice(cli, monkeypatch)
    assert full.code == fast.code == ExitCode.FINDINGS
    assert fast.out == full.out
    for run in (full, fast):
        text = run.out + run.err
        assert aws not in text
        assert "remove it from the staged change (and rotate it" in text
        assert "secretguard:allow" in text
        assert "secretguard baseline update" in text
        assert f".secretguardignore, e.g. `{fingerprint}  # " in text
    # the advice works: accepting it with `baseline update` unblocks the commit
    assert cli("baseline", "update").code == ExitCode.CLEAN
    repo("add", "-A")
    again, again_fast = _staged_twice(cli, monkeypatch)
    assert again.code == again_fast.code == ExitCode.CLEAN


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_show_secrets_report_is_private(cli: CliRunner, repo: Git, keys: tuple[str, str], umask: int) -> None:
    _plant(repo, keys)
    out = repo.path / "out.json"
    run = cli("scan", "files", ".", "--show-secrets", "-f", "json", "-o", "out.json")
    assert run.code == ExitCode.FINDINGS
    assert keys[0] in out.read_text()
    assert _mode(out) == 0o600
    out.unlink()
    out.write_text("old report\n")
    out.chmod(0o644)
    assert cli("scan", "files", ".", "--show-secrets", "-f", "json", "-o", out).code == ExitCode.FINDINGS
    assert _mode(out) == 0o600
    assert keys[0] in out.read_text()
    redacted = repo.path / "redacted.json"
    assert cli("scan", "files", ".", "-f", "json", "-o", redacted).code == ExitCode.FINDINGS
    assert _mode(redacted) == 0o666 & ~umask
    assert keys[0] not in redacted.read_text()


def test_show_secrets_staged_report_is_private_on_both_paths(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch, umask: int
) -> None:
    _plant(repo, keys)
    repo("add", "-A")
    out = repo.path / "staged.json"
    out.write_text("")
    out.chmod(0o644)
    args = ("--show-secrets", "-f", "json", "-o", "staged.json")
    full, fast = _staged_twice(cli, monkeypatch, *args)
    assert full.code == fast.code == ExitCode.FINDINGS
    assert _mode(out) == 0o600
    assert keys[0] in out.read_text()


def test_empty_baseline_variable_is_unset(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETGUARD_BASELINE", "")
    _plant(repo, keys)
    run = cli("scan", "files", ".")
    assert run.code == ExitCode.FINDINGS
    assert "Is a directory" not in run.err
    assert "ERROR" not in run.err
    assert cli("baseline", "create", ".").code == ExitCode.CLEAN
    run = cli("scan", "files", ".")
    assert run.code == ExitCode.CLEAN, run.err  # the default baseline, as with the variable unset
    assert "Is a directory" not in run.err
    repo("add", "-A")
    full, fast = _staged_twice(cli, monkeypatch)
    assert full.code == fast.code == ExitCode.CLEAN, full.err + fast.err
    assert cli("baseline", "update").code == ExitCode.CLEAN
    assert cli("scan", "git", ".").code == ExitCode.CLEAN


def test_update_writes_the_configured_baseline(
    cli: CliRunner, repo: Git, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`baseline update`, as a blocked commit advises, must accept into the baseline the scans read."""
    aws, ghp = keys
    (repo.path / "ci").mkdir()
    (repo.path / ".secretguard.toml").write_text("baseline = 'ci/accepted.json'\n")
    repo.write("config/aws.cfg", f"aws_access_key_id = {aws}\n")
    run = cli("baseline", "update")  # the configured one is missing: created, as the default would be
    assert run.code == ExitCode.CLEAN, run.err
    assert "ci/accepted.json: 1 added" in run.err
    assert cli("scan", "files", ".").code == ExitCode.CLEAN
    repo.write("deploy.env", f"GITHUB_TOKEN={ghp}\n")
    repo("add", "-A")
    assert cli("scan", "git", "--staged").code == ExitCode.FINDINGS
    run = cli("baseline", "update")
    assert "ci/accepted.json: 1 added, 0 removed, 1 kept" in run.err
    assert not (repo.path / BASELINE).exists()
    repo("add", "-A")
    full, fast = _staged_twice(cli, monkeypatch)
    assert full.code == fast.code == ExitCode.CLEAN, full.out + fast.out
    monkeypatch.setenv("SECRETGUARD_BASELINE", "ci/env.json")
    assert "ci/env.json: 2 finding(s) accepted" in cli("baseline", "create", ".").err
    assert cli("baseline", "update", "--baseline", "ci/typo.json").code == ExitCode.USAGE


def test_a_baseline_under_any_name_never_accepts_itself(cli: CliRunner, repo: Git) -> None:
    """Its fingerprints look like assignments (`stripe-webhook-secret:349e…`): accepted into itself, each
    update would churn, one entry replacing the last."""
    target = repo.path / "ci" / "accepted.json"
    target.parent.mkdir()
    target.write_text(OWN_FILES[BASELINE])
    assert "0 added, 2 removed, 0 kept" in cli("baseline", "update", ".", "--baseline", target).err
    target.write_text(OWN_FILES[BASELINE])
    for _ in range(2):
        run = cli("baseline", "update", ".", "--baseline", "ci/accepted.json")
        assert "0 added" in run.err, run.err
    assert json.loads(target.read_text())["findings"] == []
    target.write_text(OWN_FILES[BASELINE])
    assert "0 finding(s) accepted" in cli("baseline", "create", ".", "-o", "ci/accepted.json").err
