"""`secretguard ci` reads what triggered the job from the CI's own environment (GitHub Actions event names and
payloads, GitLab CI variables): commit ids are full ids or nothing, each event is mapped to what the gate
does, and a damaged event file is a note in the job log, never a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from secretguard.ci import event as event_module
from secretguard.ci.event import CHANGE_REQUEST, FULL, PUSH, TAG, UNKNOWN, CiEvent, commit_id, read_event
from tests.ci.world import ZERO
from tests.helpers import settle

A = "a" * 40
B = "b" * 40
C = "c" * 40
SHA256 = "d" * 64


def github_env(tmp_path: Path, name: str, payload: Any = None, **extra: str) -> dict[str, str]:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": name, **extra}
    if payload is not None:
        path = tmp_path / "event.json"
        path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
        env["GITHUB_EVENT_PATH"] = str(path)
    return env


def gitlab_env(source: str, **extra: str) -> dict[str, str]:
    return {"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": source, "CI_DEFAULT_BRANCH": "main", **extra}


# commit_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (A, A),
        (A.upper(), A),  # lower-cased
        ("0123456789abcdef0123456789ABCDEF01234567", "0123456789abcdef0123456789abcdef01234567"),
        (f"  {B}\n", B),  # an environment variable's stray whitespace
        (SHA256, SHA256),  # SHA-256 repositories
        ("1" + "0" * 39, "1" + "0" * 39),  # zeros but one: a real id
    ],
)
def test_commit_id_accepts_full_ids(value: str, expected: str) -> None:
    assert commit_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        ZERO,  # git's "no commit": a new branch's before
        "0" * 64,
        f" {ZERO} ",
        "",
        "   ",
        "abc1234",  # short ids are not accepted
        A[:39],
        A + "a",  # 41
        "d" * 63,
        "d" * 65,
        "g" * 40,  # not hex
        "z" + A[1:],
        f"{A[:20]} {A[20:39]}",
        "refs/heads/main",
        "HEAD",
        None,
        40,
        ["a" * 40],
        {"sha": A},
    ],
)
def test_commit_id_refuses_everything_else(value: object) -> None:
    assert commit_id(value) is None


# outside CI, and which CI


def test_no_ci_environment() -> None:
    event = read_event({"PATH": "/usr/bin", "CI": "true", "GITHUB_ACTIONS": "false", "GITLAB_CI": "yes"})
    assert event == CiEvent(system="", name="", kind=UNKNOWN)
    assert event.branch is None
    assert event.notes == []


def test_the_test_environment_holds_no_ci_variables() -> None:
    """The autouse fixture removes the runner's own GITHUB_ACTIONS / GITLAB_CI (and their details)."""
    assert not [key for key in os.environ if key.startswith(("GITHUB_", "GITLAB_", "CI_"))]
    assert read_event(os.environ).system == ""


def test_github_is_read_before_gitlab(tmp_path: Path) -> None:
    env = {**gitlab_env("push", CI_COMMIT_SHA=A), **github_env(tmp_path, "schedule", {})}
    assert read_event(env).system == "GitHub Actions"


# GitHub Actions


def test_github_push_to_a_branch(tmp_path: Path) -> None:
    payload = {
        "ref": "refs/heads/feature/x",
        "before": A,
        "after": B,
        "repository": {"default_branch": "trunk"},
    }
    event = read_event(github_env(tmp_path, "push", payload, GITHUB_SHA=C))
    assert event.system == "GitHub Actions"
    assert (event.name, event.kind) == ("push", PUSH)
    assert event.head == B  # the payload's after, not GITHUB_SHA
    assert event.before == A
    assert event.ref == "refs/heads/feature/x"
    assert event.branch == "feature/x"
    assert event.default_branch == "trunk"
    assert event.base is None
    assert event.notes == []


def test_github_push_of_a_new_branch_has_no_before(tmp_path: Path) -> None:
    payload = {"ref": "refs/heads/new", "before": ZERO, "after": B, "created": True}
    event = read_event(github_env(tmp_path, "push", payload))
    assert (event.kind, event.before, event.head, event.branch) == (PUSH, None, B, "new")
    assert event.default_branch is None  # not in this payload


def test_github_push_falls_back_to_the_environment(tmp_path: Path) -> None:
    """GITHUB_REF wins over the payload's ref; GITHUB_SHA stands in for a missing or unusable `after`."""
    payload = {"ref": "refs/heads/from-payload", "before": A, "after": "abc"}
    event = read_event(github_env(tmp_path, "push", payload, GITHUB_SHA=C, GITHUB_REF="refs/heads/from-env"))
    assert (event.head, event.before, event.ref) == (C, A, "refs/heads/from-env")
    event = read_event(github_env(tmp_path, "push", {"after": ZERO}, GITHUB_SHA=C))
    assert event.head == C
    assert event.ref is None
    assert event.branch is None


def test_github_tag_push(tmp_path: Path) -> None:
    payload = {
        "ref": "refs/tags/v1.2.0",
        "before": ZERO,
        "after": B,
        "repository": {"default_branch": "main"},
    }
    event = read_event(github_env(tmp_path, "push", payload, GITHUB_SHA=C))
    assert (event.kind, event.head, event.ref) == (TAG, B, "refs/tags/v1.2.0")
    assert event.branch is None  # a tag is no branch
    assert event.default_branch == "main"


@pytest.mark.parametrize("name", ["pull_request", "pull_request_target"])
def test_github_pull_request(tmp_path: Path, name: str) -> None:
    payload = {
        "number": 7,
        "pull_request": {"head": {"sha": B, "ref": "feature"}, "base": {"sha": A, "ref": "main"}},
        "repository": {"default_branch": "main"},
    }
    # GITHUB_SHA is the test merge commit (pull_request) or the base branch (pull_request_target).
    event = read_event(github_env(tmp_path, name, payload, GITHUB_SHA=C, GITHUB_REF="refs/pull/7/merge"))
    assert (event.name, event.kind) == (name, CHANGE_REQUEST)
    assert (event.base, event.head) == (A, B)
    assert event.ref == "refs/pull/7/merge"
    assert event.before is None


def test_github_pull_request_without_shas(tmp_path: Path) -> None:
    payload = {"pull_request": {"head": {"sha": "short"}, "base": "not an object"}}
    event = read_event(github_env(tmp_path, "pull_request", payload, GITHUB_SHA=C))
    assert (event.kind, event.head, event.base) == (CHANGE_REQUEST, C, None)


def test_github_merge_group(tmp_path: Path) -> None:
    payload = {
        "merge_group": {"head_sha": B, "base_sha": A, "head_ref": "refs/heads/gh-readonly-queue/main/pr-1"},
        "repository": {"default_branch": "main"},
    }
    event = read_event(github_env(tmp_path, "merge_group", payload, GITHUB_SHA=C))
    assert (event.kind, event.base, event.head) == (CHANGE_REQUEST, A, B)
    event = read_event(github_env(tmp_path, "merge_group", {"merge_group": {}}, GITHUB_SHA=C))
    assert (event.kind, event.base, event.head) == (CHANGE_REQUEST, None, C)


@pytest.mark.parametrize("name", ["schedule", "workflow_dispatch", "repository_dispatch"])
def test_github_scheduled_and_manual_runs_scan_everything(tmp_path: Path, name: str) -> None:
    payload = {"repository": {"default_branch": "main"}, "ref": "refs/heads/main"}
    event = read_event(github_env(tmp_path, name, payload, GITHUB_SHA=C, GITHUB_REF="refs/heads/main"))
    assert (event.name, event.kind, event.head) == (name, FULL, C)
    assert event.default_branch == "main"


@pytest.mark.parametrize("name", ["release", "workflow_run", "issue_comment", ""])
def test_github_other_events_are_unknown(tmp_path: Path, name: str) -> None:
    event = read_event(github_env(tmp_path, name, {"ref": "refs/tags/v1"}, GITHUB_SHA=C))
    assert (event.system, event.name, event.kind, event.head) == ("GitHub Actions", name, UNKNOWN, C)


@pytest.mark.parametrize(
    "payload",
    [
        {"repository": {"default_branch": 5}},
        {"repository": {"default_branch": ""}},
        {"repository": "octo/app"},
        {"repository": None},
    ],
)
def test_github_odd_default_branch_is_unknown(tmp_path: Path, payload: dict[str, Any]) -> None:
    assert read_event(github_env(tmp_path, "push", payload)).default_branch is None


def test_github_event_path_not_set_is_a_note() -> None:
    event = read_event({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": C})
    assert (event.kind, event.head, event.before) == (PUSH, C, None)
    assert event.notes == ["GITHUB_EVENT_PATH is not set: the event's commits are unknown"]


def _damaged(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"event-{kind}"
    if kind == "missing":
        return path
    if kind == "folder":
        path.mkdir()
    elif kind == "not json":
        path.write_text("this is not json {", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_text('{"before": "' + A + '", "after": ', encoding="utf-8")
    elif kind == "not utf-8":
        path.write_bytes(b'{"ref": "refs/heads/\xff\xfe"}')
    elif kind == "nested":
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    elif kind == "array":
        path.write_text(json.dumps([{"before": A, "after": B}]), encoding="utf-8")
    elif kind == "string":
        path.write_text(json.dumps("push"), encoding="utf-8")
    elif kind == "symlink to a folder":
        (tmp_path / "target").mkdir()
        path.symlink_to(tmp_path / "target")
    return path


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "folder",
        "not json",
        "empty",
        "truncated",
        "not utf-8",
        "nested",
        "array",
        "string",
        "symlink to a folder",
    ],
)
def test_a_damaged_event_file_is_a_note_not_a_crash(tmp_path: Path, kind: str) -> None:
    path = _damaged(tmp_path, kind)
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_SHA": C,
        "GITHUB_REF": "refs/heads/feature",
    }
    event = read_event(env)
    # What the environment says is still used.
    assert (event.kind, event.head, event.before, event.branch) == (PUSH, C, None, "feature")
    assert len(event.notes) == 1, event.notes
    assert str(path) in event.notes[0]
    assert "event file" in event.notes[0]


def test_a_fifo_event_file_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "event.fifo"
    os.mkfifo(fifo)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(fifo)}
    event = settle(lambda: read_event(env), "reading a FIFO as the event file")
    assert isinstance(event, CiEvent)
    assert event.kind == CHANGE_REQUEST
    assert len(event.notes) == 1
    assert str(fifo) in event.notes[0]


def test_an_oversized_event_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(event_module, "MAX_EVENT_BYTES", 100)
    payload = {"before": A, "after": B, "padding": "x" * 200}
    event = read_event(github_env(tmp_path, "push", payload, GITHUB_SHA=C))
    assert (event.head, event.before) == (C, None)
    assert len(event.notes) == 1
    assert "cannot read the event file" in event.notes[0]


# GitLab CI


def test_gitlab_push_to_a_branch() -> None:
    env = gitlab_env(
        "push", CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=A, CI_COMMIT_BRANCH="dev/x", CI_COMMIT_REF_NAME="dev/x"
    )
    event = read_event(env)
    assert (event.system, event.name, event.kind) == ("GitLab CI", "push", PUSH)
    assert (event.head, event.before, event.base) == (B, A, None)
    assert event.ref == "refs/heads/dev/x"
    assert event.branch == "dev/x"
    assert event.default_branch == "main"
    assert event.notes == []


def test_gitlab_push_of_a_new_branch() -> None:
    env = gitlab_env("push", CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=ZERO, CI_COMMIT_BRANCH="new")
    event = read_event(env)
    assert (event.kind, event.before, event.head, event.branch) == (PUSH, None, B, "new")


def test_gitlab_push_without_commit_branch_uses_the_ref_name() -> None:
    env = gitlab_env("push", CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=A, CI_COMMIT_REF_NAME="hotfix")
    event = read_event(env)
    assert (event.kind, event.ref, event.branch) == (PUSH, "refs/heads/hotfix", "hotfix")


def test_gitlab_branch_pipeline_of_another_source_is_a_push() -> None:
    """A branch pipeline (CI_COMMIT_BRANCH set) from a source the gate does not list still scans the push."""
    env = gitlab_env("chat", CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=A, CI_COMMIT_BRANCH="main")
    event = read_event(env)
    assert (event.kind, event.before, event.branch) == (PUSH, A, "main")


def test_gitlab_tag_pipeline() -> None:
    env = gitlab_env(
        "push", CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=ZERO, CI_COMMIT_TAG="v2.0", CI_COMMIT_REF_NAME="v2.0"
    )
    event = read_event(env)
    assert (event.kind, event.head, event.ref, event.branch) == (TAG, B, "refs/tags/v2.0", None)


def test_gitlab_merge_request() -> None:
    env = gitlab_env(
        "merge_request_event",
        CI_COMMIT_SHA=B,
        CI_COMMIT_BEFORE_SHA=ZERO,
        CI_COMMIT_REF_NAME="feature",
        CI_MERGE_REQUEST_IID="12",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=A,
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME="feature",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
    )
    event = read_event(env)
    assert (event.name, event.kind) == ("merge_request_event", CHANGE_REQUEST)
    assert (event.base, event.head, event.before) == (A, B, None)
    assert event.ref == "feature"
    assert event.branch == "feature"


def test_gitlab_merged_results_pipeline_checks_the_source_branch_head() -> None:
    """A merged results pipeline runs on a merge of the source into the target's tip (CI_COMMIT_SHA): the
    change is the source branch's head, else diff-base..merge would hold the target's own new commits."""
    env = gitlab_env(
        "merge_request_event",
        CI_COMMIT_SHA=C,
        CI_MERGE_REQUEST_IID="12",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=A,
        CI_MERGE_REQUEST_SOURCE_BRANCH_SHA=B,
        CI_MERGE_REQUEST_TARGET_BRANCH_SHA="e" * 40,
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME="feature",
    )
    assert (read_event(env).base, read_event(env).head) == (A, B)
    env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = ""  # empty outside merged results pipelines
    assert read_event(env).head == C


def test_gitlab_merge_request_detected_by_its_iid_alone() -> None:
    env = gitlab_env("push", CI_COMMIT_SHA=B, CI_MERGE_REQUEST_IID="3", CI_MERGE_REQUEST_DIFF_BASE_SHA=A)
    event = read_event(env)
    assert (event.kind, event.base) == (CHANGE_REQUEST, A)


def test_gitlab_merge_request_without_a_base() -> None:
    env = gitlab_env("merge_request_event", CI_COMMIT_SHA=B, CI_MERGE_REQUEST_DIFF_BASE_SHA="")
    event = read_event(env)
    assert (event.kind, event.base, event.head) == (CHANGE_REQUEST, None, B)


def test_gitlab_external_pull_request() -> None:
    env = gitlab_env(
        "external_pull_request_event",
        CI_COMMIT_SHA=B,
        CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA=A,
        CI_COMMIT_REF_NAME="feature",
    )
    event = read_event(env)
    assert (event.kind, event.base, event.head, event.ref) == (CHANGE_REQUEST, A, B, "feature")


@pytest.mark.parametrize("source", ["schedule", "web", "api", "trigger", "pipeline", "parent_pipeline"])
def test_gitlab_scheduled_and_manual_pipelines_scan_everything(source: str) -> None:
    env = gitlab_env(source, CI_COMMIT_SHA=B, CI_COMMIT_BEFORE_SHA=ZERO, CI_COMMIT_BRANCH="main")
    event = read_event(env)
    assert (event.name, event.kind, event.head) == (source, FULL, B)


def test_gitlab_unknown_source_without_a_branch() -> None:
    event = read_event(gitlab_env("ondemand_dast_scan", CI_COMMIT_SHA=B, CI_DEFAULT_BRANCH=""))
    assert (event.system, event.kind, event.head) == ("GitLab CI", UNKNOWN, B)
    assert event.default_branch is None
    assert event.ref is None


def test_gitlab_bad_commit_variables_are_none() -> None:
    env = gitlab_env("push", CI_COMMIT_SHA="deadbeef", CI_COMMIT_BEFORE_SHA="nope", CI_COMMIT_BRANCH="main")
    event = read_event(env)
    assert (event.kind, event.head, event.before) == (PUSH, None, None)
