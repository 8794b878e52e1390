"""`secretguard ci` end to end: a bare remote, pushes to it, and a CI runner's clone of it (full like
actions/checkout `fetch-depth: 0`, or shallow), with the GitHub Actions or GitLab CI variables of each event.

The gate fails (exit 1) on what the event brings and only that: a key already on main is not blamed on a new
branch. A shallow clone or a commit the clone lacks is exit 3 naming `fetch-depth: 0`. Secrets stay redacted
in every output (standard output and error, the report file, GitHub's job summary) unless --show-secrets."""

from __future__ import annotations

import json
import os
import random
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.ci.world import (
    AWS_RULE,
    STRIPE_RULE,
    ZERO,
    Remote,
    build_remote,
    clear_ci_env,
    github,
    github_push,
    gitlab,
    pem_file,
    stripe_file,
    stripe_key,
)
from tests.conftest import CliRun, CliRunner
from tests.scan.sources.gitfixtures import Git

FETCH_HINT = "fetch-depth: 0"


@pytest.fixture(autouse=True)
def no_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the developer's nor the CI runner's own GITHUB_* / GITLAB_* / CI_* variables reach a test."""
    clear_ci_env(monkeypatch)


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return build_remote(tmp_path / "world")


@dataclass
class Branch:
    """A pushed branch `feature` whose last commit adds pay.js with a Stripe key, and a full clone of it."""

    key: str
    commits: list[str]
    clone: Git

    @property
    def tip(self) -> str:
        return self.commits[-1]


def feature(remote: Remote, *, checkout: str | None = "feature", clean: int = 1) -> Branch:
    key = stripe_key(remote.rng)
    commits = remote.branch("feature", clean=clean, key=key)
    return Branch(key, commits, remote.clone(checkout=checkout))


def findings(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def rule_ids(path: Path) -> list[str]:
    return sorted(f["rule_id"] for f in findings(path))


def ci(cli: CliRunner, repo: Git, out: Path | None = None, *extra: str | Path) -> CliRun:
    args: list[str | Path] = ["ci", repo.path, *extra]
    if out is not None:
        args += ["--format", "json", "--output", out]
    run = cli(*args)
    assert "Traceback" not in run.err
    assert "internal error" not in run.err
    return run


def assert_hidden(secret: str, *texts: str) -> None:
    """Neither the secret nor its random part (after the `sk_live_` prefix) in any of `texts`."""
    for text in texts:
        assert secret not in text
        assert secret[8:] not in text


def gitlab_push(monkeypatch: pytest.MonkeyPatch, *, before: str, after: str, branch: str) -> None:
    gitlab(
        monkeypatch,
        "push",
        commit_sha=after,
        commit_before_sha=before,
        commit_branch=branch,
        commit_ref_name=branch,
    )


# New branches: only the branch's own commits.


def test_github_new_branch_fails_on_its_key_and_not_on_mains(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    run = ci(cli, branch.clone)
    assert run.code == 1, run.err
    assert STRIPE_RULE in run.out
    assert "pay.js" in run.out
    assert AWS_RULE not in run.out + run.err  # main's key is not this branch's
    assert "not on origin/main" in run.err
    assert_hidden(branch.key, run.out, run.err)
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out)
    assert run.code == 1, run.err
    [finding] = findings(out)
    assert (finding["rule_id"], finding["file"], finding["commit"]) == (STRIPE_RULE, "pay.js", branch.tip)


def test_gitlab_new_branch_fails_on_its_key_and_not_on_mains(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote, clean=2)
    branch.clone("checkout", "-q", "--detach", branch.tip)  # GitLab checks out the commit
    gitlab_push(monkeypatch, before=ZERO, after=branch.tip, branch="feature")
    run = ci(cli, branch.clone)
    assert run.code == 1, run.err
    assert STRIPE_RULE in run.out
    assert AWS_RULE not in run.out + run.err
    assert "GitLab CI push on refs/heads/feature" in run.err
    out = tmp_path / "report.json"
    assert ci(cli, branch.clone, out).code == 1
    assert rule_ids(out) == [STRIPE_RULE]


def test_new_branch_without_a_key_passes(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """main's history holds a key, but a clean branch brings none: exit 0."""
    commits = remote.branch("docs", clean=2)
    clone = remote.clone(checkout="docs")
    github_push(monkeypatch, tmp_path, before=ZERO, after=commits[-1], ref="refs/heads/docs")
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 0, run.err
    assert findings(out) == []


# Pushes to an existing branch: before..after.


@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_push_to_an_existing_branch_scans_only_the_new_commits(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    first = remote.branch("feature", key=stripe_key(remote.rng))
    remote.dev("checkout", "-q", "feature")
    clean = [remote.dev.commit(f"clean {i}", **{f"clean{i}__txt": f"{i}\n"}) for i in range(2)]
    remote.push("feature")

    def push(before: str, after: str) -> None:
        if system == "github":
            github_push(monkeypatch, tmp_path, before=before, after=after, ref="refs/heads/feature")
        else:
            gitlab_push(monkeypatch, before=before, after=after, branch="feature")

    clone = remote.clone(checkout="feature")
    push(first[-1], clean[-1])
    out = tmp_path / "clean.json"
    run = ci(cli, clone, out)
    assert run.code == 0, run.err  # the branch's earlier key came in an earlier push
    assert findings(out) == []
    assert f"the pushed commits {first[-1][:12]}..{clean[-1][:12]}" in run.err

    second = stripe_key(remote.rng)
    remote.dev("checkout", "-q", "feature")
    added = remote.dev.commit("new key", **{"billing/pay__js": stripe_file(second)})
    remote.push("feature")
    clone = remote.clone(checkout="feature")
    push(clean[-1], added)
    out = tmp_path / "added.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    [finding] = findings(out)
    assert (finding["rule_id"], finding["file"], finding["commit"]) == (STRIPE_RULE, "billing/pay.js", added)


@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_force_push_falls_back_to_commits_not_on_main(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    old = remote.branch("feature", clean=2)
    key = stripe_key(remote.rng)
    remote.dev("checkout", "-q", "feature")
    remote.dev("reset", "-q", "--hard", "main")
    rewritten = remote.dev.commit("rewritten", pay__js=stripe_file(key))
    remote.push("feature", force=True)
    clone = remote.clone(checkout="feature")
    assert clone("cat-file", "-t", old[-1], check=False) == ""  # the old tip is not in the clone
    if system == "github":
        github_push(monkeypatch, tmp_path, before=old[-1], after=rewritten, ref="refs/heads/feature")
    else:
        gitlab_push(monkeypatch, before=old[-1], after=rewritten, branch="feature")
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    warning = [line for line in run.err.splitlines() if "warning" in line and "force push" in line]
    assert warning, run.err
    assert old[-1][:12] in warning[0]
    assert_hidden(key, run.out, run.err)


# Change requests: base..head.


def test_github_pull_request_is_base_head(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """actions/checkout checks out the test merge commit (GITHUB_SHA); the payload names head and base. A key
    that main got after the branch started is main's, not the pull request's."""
    branch = feature(remote, checkout=None)
    base = _main_moves_on(remote)
    clone = remote.clone(checkout="main")
    clone("checkout", "-q", "--detach", base)
    clone("merge", "-q", "--no-ff", "-m", "Merge feature into main", "origin/feature")
    merge = clone("rev-parse", "HEAD")
    payload = {
        "number": 1,
        "pull_request": {"head": {"sha": branch.tip, "ref": "feature"}, "base": {"sha": base, "ref": "main"}},
        "repository": {"default_branch": "main"},
    }
    github(monkeypatch, tmp_path, "pull_request", payload, sha=merge, ref="refs/pull/1/merge")
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    assert f"{base[:12]}..{branch.tip[:12]}" in run.err
    # main's new key is there to be found, by a range that holds it.
    out = tmp_path / "main.json"
    assert ci(cli, clone, out, "--range", f"{remote.main[-1]}..{merge}").code == 1
    assert rule_ids(out) == sorted([AWS_RULE, STRIPE_RULE])


def test_github_pull_request_brings_nothing(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits = remote.branch("docs", clean=1)
    clone = remote.clone(checkout="docs")
    payload = {"pull_request": {"head": {"sha": commits[-1]}, "base": {"sha": remote.main[-1]}}}
    github(monkeypatch, tmp_path, "pull_request", payload, sha=commits[-1], ref="refs/pull/2/merge")
    run = ci(cli, clone, tmp_path / "report.json")
    assert run.code == 0, run.err


def test_github_merge_group(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    payload = {"merge_group": {"head_sha": branch.tip, "base_sha": remote.main[-1]}}
    github(
        monkeypatch,
        tmp_path,
        "merge_group",
        payload,
        sha=branch.tip,
        ref="refs/heads/gh-readonly-queue/main/x",
    )
    out = tmp_path / "report.json"
    assert ci(cli, branch.clone, out).code == 1
    assert rule_ids(out) == [STRIPE_RULE]


def _main_moves_on(remote: Remote) -> str:
    """main gets a commit with a second AWS key after `feature` started; returns the new tip."""
    other = "AKIA" + "".join(remote.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    remote.dev.commit("main: another key", **{"config/more__cfg": f"aws_access_key_id = {other}\n"})
    remote.push("main")
    return remote.tip("main")


def test_gitlab_merge_request_is_diff_base_head(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote, checkout=None)
    _main_moves_on(remote)
    clone = branch.clone
    clone("fetch", "-q", "origin")
    clone("checkout", "-q", "--detach", branch.tip)
    gitlab(
        monkeypatch,
        "merge_request_event",
        commit_sha=branch.tip,
        commit_ref_name="feature",
        merge_request_iid="4",
        merge_request_diff_base_sha=remote.main[-1],
        merge_request_source_branch_name="feature",
        merge_request_target_branch_name="main",
    )
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    assert "GitLab CI merge_request_event" in run.err


def test_gitlab_merged_results_pipeline_is_the_source_branchs_commits(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline runs on a merge of the source branch into main's tip: main's newer key is not the
    merge request's."""
    key = stripe_key(remote.rng)
    commits = remote.branch("feature", key=key)
    target = _main_moves_on(remote)
    clone = remote.clone(checkout="main")
    clone("checkout", "-q", "--detach", target)
    clone("merge", "-q", "--no-ff", "-m", "merge request 4", "origin/feature")
    merged = clone("rev-parse", "HEAD")
    gitlab(
        monkeypatch,
        "merge_request_event",
        commit_sha=merged,
        merge_request_iid="4",
        merge_request_diff_base_sha=remote.main[-1],
        merge_request_source_branch_sha=commits[-1],
        merge_request_target_branch_sha=target,
        merge_request_source_branch_name="feature",
        merge_request_event_type="merged_result",
    )
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    # diff-base..merge (the pipeline's own commit) would blame the merge request for main's new key.
    out = tmp_path / "merged.json"
    assert ci(cli, clone, out, "--range", f"{remote.main[-1]}..{merged}").code == 1
    assert rule_ids(out) == sorted([AWS_RULE, STRIPE_RULE])


# Tags, scheduled and manual runs.


def test_github_tag_push_scans_the_tags_commits_not_on_main(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = stripe_key(remote.rng)
    remote.dev("checkout", "-q", "-b", "release-tmp")
    remote.dev.commit("release build", pay__js=stripe_file(key))
    remote.dev("tag", "-a", "v1.0", "-m", "release 1.0")
    remote.dev("checkout", "-q", "main")
    remote.push("v1.0")  # the tag only: its commit is on no branch
    tag_object = remote.tip("refs/tags/v1.0")
    clone = remote.clone(checkout="v1.0")
    payload = {
        "ref": "refs/tags/v1.0",
        "before": ZERO,
        "after": tag_object,
        "repository": {"default_branch": "main"},
    }
    github(monkeypatch, tmp_path, "push", payload, sha=clone("rev-parse", "HEAD"), ref="refs/tags/v1.0")
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    assert "GitHub Actions push on refs/tags/v1.0" in run.err


def test_gitlab_tag_on_main_brings_nothing_new(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote.dev("tag", "v0.9", remote.main[-1])
    remote.push("v0.9")
    clone = remote.clone(checkout="v0.9")
    gitlab(
        monkeypatch,
        "push",
        commit_sha=remote.main[-1],
        commit_before_sha=ZERO,
        commit_tag="v0.9",
        commit_ref_name="v0.9",
    )
    out = tmp_path / "report.json"
    run = ci(cli, clone, out)
    assert run.code == 0, run.err
    assert findings(out) == []
    assert "refs/tags/v0.9" in run.err
    assert any("warning" in line and "no commit" in line for line in run.err.splitlines()), run.err


@pytest.mark.parametrize(
    ("system", "name"),
    [("github", "schedule"), ("github", "workflow_dispatch"), ("gitlab", "schedule"), ("gitlab", "web")],
)
def test_scheduled_and_manual_runs_scan_the_whole_history(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str, name: str
) -> None:
    branch = feature(remote, checkout="main")
    if system == "github":
        payload = {"ref": "refs/heads/main", "repository": {"default_branch": "main"}}
        github(monkeypatch, tmp_path, name, payload, sha=remote.main[-1], ref="refs/heads/main")
    else:
        gitlab(monkeypatch, name, commit_sha=remote.main[-1], commit_branch="main", commit_ref_name="main")
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == sorted([AWS_RULE, STRIPE_RULE])  # main's old key and the other branch's
    assert "every commit of every ref" in run.err


def test_no_ci_environment_scans_everything_with_a_warning(
    cli: CliRunner, remote: Remote, tmp_path: Path
) -> None:
    branch = feature(remote, checkout="main")
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == sorted([AWS_RULE, STRIPE_RULE])
    assert "no CI detected" in run.err
    assert "warning: no CI environment recognised" in run.err


def test_unknown_github_event_is_a_warning(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github(monkeypatch, tmp_path, "workflow_run", {"repository": {"default_branch": "main"}}, sha=branch.tip)
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out)
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]
    assert "event workflow_run is not one the gate knows" in run.err


def test_damaged_event_file_is_a_warning_not_a_crash(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    path = github(monkeypatch, tmp_path, "push", None, sha=branch.tip, ref="refs/heads/feature")
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out)
    assert run.code == 1, run.err  # read as a new branch: its commits not on the default branch
    assert rule_ids(out) == [STRIPE_RULE]
    assert f"warning: cannot read the event file {path}" in run.err


# Shallow clones and commits the clone lacks: exit 3 with the fix.


def test_depth_2_clone_is_partial_with_the_fix(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = remote.clone(checkout="main", depth=2, name="shallow")
    assert (clone.path / ".git" / "shallow").is_file()
    monkeypatch.chdir(clone.path)
    run = cli("scan", "git", ".")
    assert run.code == 3, run.err
    assert FETCH_HINT in run.out + run.err
    run = cli("ci")  # no CI: every ref, down to the boundary
    assert run.code == 3, run.err
    assert FETCH_HINT in run.out + run.err
    # A push whose range stays above the boundary is still partial: what is new cannot be told.
    summary = tmp_path / "summary.md"
    github_push(
        monkeypatch,
        tmp_path,
        before=remote.main[-2],
        after=remote.main[-1],
        ref="refs/heads/main",
        summary=summary,
    )
    run = cli("ci", "--format", "sarif", "--output", tmp_path / "out.sarif")
    assert run.code == 3, run.err
    assert FETCH_HINT in run.out + run.err
    text = summary.read_text(encoding="utf-8")
    assert "**Partial result**" in text
    assert FETCH_HINT in text


@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_push_whose_before_is_missing_from_a_shallow_clone(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    new = remote.dev.commit("one more", more__txt="more\n")
    remote.push("main")
    clone = remote.clone(checkout="main", depth=1)
    if system == "github":
        github_push(monkeypatch, tmp_path, before=remote.main[-1], after=new, ref="refs/heads/main")
    else:
        gitlab_push(monkeypatch, before=remote.main[-1], after=new, branch="main")
    run = ci(cli, clone, tmp_path / "report.json")
    assert run.code == 3, run.err
    assert FETCH_HINT in run.out + run.err
    assert remote.main[-1][:12] in run.out + run.err


def test_head_commit_not_in_the_clone(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = remote.clone(checkout="main")
    github_push(monkeypatch, tmp_path, before=remote.main[-1], after="f" * 40, ref="refs/heads/main")
    run = ci(cli, clone)
    assert run.code == 3, run.err
    assert FETCH_HINT in run.out + run.err
    assert "ffffffffffff" in run.out + run.err


def test_an_empty_range_warns_and_passes(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = remote.clone(checkout="main")
    tip = remote.main[-1]
    github_push(monkeypatch, tmp_path, before=tip, after=tip, ref="refs/heads/main")
    run = ci(cli, clone)
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if "warning" in line]
    assert any("no commit" in line for line in warnings), run.err


# Reports, redaction, GitHub annotations and job summary.


@pytest.mark.parametrize("fmt", ["sarif", "json"])
def test_report_file_and_every_output_are_redacted(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    branch = feature(remote)
    summary = tmp_path / "summary.md"
    github_push(
        monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature", summary=summary
    )
    out = tmp_path / f"report.{fmt}"
    run = ci(cli, branch.clone, None, "--format", fmt, "--output", out)
    assert run.code == 1, run.err
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    if fmt == "json":
        assert [f["rule_id"] for f in doc] == [STRIPE_RULE]
        assert doc[0]["secret"] != branch.key
    else:
        results = doc["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == [STRIPE_RULE]
    assert_hidden(branch.key, run.out, run.err, text, summary.read_text(encoding="utf-8"))
    assert STRIPE_RULE in run.err  # the job log shows the findings, redacted


def test_show_secrets_reaches_the_report_file_only(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    summary = tmp_path / "summary.md"
    github_push(
        monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature", summary=summary
    )
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out, "--show-secrets")
    assert run.code == 1, run.err
    assert [f["secret"] for f in findings(out)] == [branch.key]
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0  # a report holding secrets is private
    assert_hidden(branch.key, run.out, run.err, summary.read_text(encoding="utf-8"))


def test_github_annotations_and_job_summary(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    github_push(
        monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature", summary=summary
    )
    run = ci(cli, branch.clone, None, "--format", "sarif", "--output", tmp_path / "report.sarif")
    assert run.code == 1, run.err
    annotations = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1, run.out
    assert annotations[0].startswith(f"::error file=pay.js,line=1,title=secretguard::{STRIPE_RULE} (high)")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended to, as GitHub expects
    assert "## secretguard: 1 new finding(s)" in text
    assert "| file | line | rule | confidence | secret |" in text
    assert "|---|---|---|---|---|" in text
    rows = [line for line in text.splitlines() if line.startswith(f"| pay.js | 1 | {STRIPE_RULE} | high | ")]
    assert len(rows) == 1, text
    assert "redacted" in rows[0]
    assert_hidden(branch.key, text, run.out)


def test_no_annotations_mixed_into_a_report_on_standard_output(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    run = ci(cli, branch.clone, None, "--format", "json")
    assert run.code == 1, run.err
    assert [f["rule_id"] for f in json.loads(run.out)] == [STRIPE_RULE]  # stdout is the report, nothing else
    assert_hidden(branch.key, run.out, run.err)


def test_no_github_outputs_on_gitlab(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    summary = tmp_path / "summary.md"
    gitlab_push(monkeypatch, before=ZERO, after=branch.tip, branch="feature")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))  # a stray variable: not GitHub Actions
    run = ci(cli, branch.clone, tmp_path / "report.json")
    assert run.code == 1, run.err
    assert "::error" not in run.out
    assert not summary.exists()


def test_an_unwritable_job_summary_is_a_warning(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    folder = tmp_path / "summary-is-a-folder"
    folder.mkdir()
    github_push(
        monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature", summary=folder
    )
    run = ci(cli, branch.clone, tmp_path / "report.json")
    assert run.code == 1, run.err
    assert "warning: cannot write the job summary" in run.err


def test_annotation_message_keeps_commas(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule title with commas ("Private key (PEM, OpenSSH, PGP)") reads as such in the annotation: only a
    property (file=, title=) escapes ',' and ':'; the message escapes '%', CR and LF only."""
    remote.dev("checkout", "-q", "-b", "keys")
    tip = remote.dev.commit("deploy key", **{"deploy/id_rsa": pem_file(random.Random(3))})
    remote.push("keys")
    clone = remote.clone(checkout="keys")
    github_push(monkeypatch, tmp_path, before=ZERO, after=tip, ref="refs/heads/keys")
    run = ci(cli, clone, None, "--format", "sarif", "--output", tmp_path / "report.sarif")
    assert run.code == 1, run.err
    [annotation] = [line for line in run.out.splitlines() if line.startswith("::error ")]
    message = annotation.split("::", 2)[2]
    assert "%2C" not in message, annotation
    assert "PEM, OpenSSH, PGP" in message


# Command-line overrides.


def test_range_and_full_history_override_the_event(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    out = tmp_path / "full.json"
    run = ci(cli, branch.clone, out, "--full-history")
    assert run.code == 1, run.err
    assert rule_ids(out) == sorted([AWS_RULE, STRIPE_RULE])
    assert "--full-history" in run.err
    out = tmp_path / "range.json"
    run = ci(cli, branch.clone, out, "--range", f"{remote.main[0]}..{remote.main[1]}")
    assert run.code == 1, run.err
    assert rule_ids(out) == [AWS_RULE]  # the range given, not the branch's commits
    assert "(--range)" in run.err
    out = tmp_path / "clean-range.json"
    run = ci(cli, branch.clone, out, "--range", f"{remote.main[1]}..{remote.main[3]}")
    assert run.code == 0, run.err
    # On a scheduled run too.
    github(monkeypatch, tmp_path, "schedule", {"repository": {"default_branch": "main"}}, sha=remote.main[-1])
    out = tmp_path / "schedule-range.json"
    run = ci(cli, branch.clone, out, "--range", "origin/main..origin/feature")
    assert run.code == 1, run.err
    assert rule_ids(out) == [STRIPE_RULE]


def test_range_and_full_history_together_is_a_usage_error(cli: CliRunner, remote: Remote) -> None:
    clone = remote.clone(checkout="main")
    run = ci(cli, clone, None, "--range", "HEAD~1..HEAD", "--full-history")
    assert run.code == 2
    assert "not both" in run.err


def test_not_a_repository_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    run = cli("ci", plain)
    assert run.code == 2
    assert "not a git repository" in run.err


# Baselines.


def test_baseline_created_in_the_clone_accepts_the_history(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`secretguard baseline create --git .` in the checkout, then the scheduled full-history gate: exit 0."""
    branch = feature(remote, checkout="main")
    monkeypatch.chdir(branch.clone.path)
    summary = tmp_path / "summary.md"
    github(
        monkeypatch,
        tmp_path,
        "schedule",
        {"repository": {"default_branch": "main"}},
        sha=remote.main[-1],
        summary=summary,
    )
    assert cli("ci").code == 1
    made = cli("baseline", "create", "--git", ".")
    assert made.code == 0, made.err
    assert "2 finding(s) accepted" in made.err
    run = cli("ci")
    assert run.code == 0, run.err
    assert "2 accepted by the baseline or ignore files" in summary.read_text(encoding="utf-8")
    baseline = (branch.clone.path / ".secretguard-baseline.json").read_text(encoding="utf-8")
    assert_hidden(branch.key, baseline)


def test_baseline_in_the_clone_on_a_push_needs_trust_head_config(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a push the baseline is read from the range's base: one made in the checkout (the change itself) is
    listed for the reviewer but not applied, unless --trust-head-config."""
    branch = feature(remote)
    monkeypatch.chdir(branch.clone.path)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    assert cli("baseline", "create", "--git", ".").code == 0
    run = cli("ci")
    assert run.code == 1, run.err
    assert "would be hidden by the baseline" in run.err
    run = cli("ci", "--trust-head-config")
    assert run.code == 0, run.err
    assert "1 suppressed by the baseline" in run.out + run.err


def test_baseline_option_makes_the_gate_pass(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    assert ci(cli, branch.clone).code == 1
    accepted = tmp_path / "accepted.json"
    made = cli("baseline", "create", "--git", branch.clone.path, "--output", accepted)
    assert made.code == 0, made.err
    out = tmp_path / "report.json"
    run = ci(cli, branch.clone, out, "--baseline", accepted)
    assert run.code == 0, run.err
    assert findings(out) == []
    # A key the baseline does not hold still fails the gate.
    remote.dev("checkout", "-q", "feature")
    newer = remote.dev.commit("another", **{"pay2__js": stripe_file(stripe_key(remote.rng))})
    remote.push("feature")
    clone = remote.clone(checkout="feature")
    github_push(monkeypatch, tmp_path, before=ZERO, after=newer, ref="refs/heads/feature")
    out = tmp_path / "report-2.json"
    run = ci(cli, clone, out, "--baseline", accepted)
    assert run.code == 1, run.err
    assert [f["file"] for f in findings(out)] == ["pay2.js"]


def test_missing_baseline_file_is_an_error_not_a_pass(
    cli: CliRunner, remote: Remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = feature(remote)
    github_push(monkeypatch, tmp_path, before=ZERO, after=branch.tip, ref="refs/heads/feature")
    run = ci(cli, branch.clone, None, "--baseline", tmp_path / "nope.json")
    assert run.code not in (0, 1), run.err
    assert "nope.json" in run.err


def test_environment_is_clean() -> None:
    assert "GITHUB_ACTIONS" not in os.environ
    assert "GITLAB_CI" not in os.environ
    assert "GITHUB_STEP_SUMMARY" not in os.environ
