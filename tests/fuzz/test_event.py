"""Fuzzing the CI event reader: GitHub's event payload (GITHUB_EVENT_PATH, any JSON or none) and the
GitHub/GitLab variables around it. It never raises: problems become notes, which never quote the payload."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.ci.event import CHANGE_REQUEST, FULL, PUSH, TAG, UNKNOWN, CiEvent, commit_id, read_event
from tests.fuzz._harness import CANARY, counted, deep_nesting, json_values, scratch

HEX = "0123456789abcdefABCDEF"
shas = st.one_of(
    st.text(alphabet=HEX, min_size=40, max_size=40),
    st.text(alphabet=HEX, min_size=64, max_size=64),
    st.sampled_from(["0" * 40, " " + "a" * 40 + "\n", "", "a" * 39, CANARY]),
    json_values(2),
)
refs = st.one_of(
    st.sampled_from(["refs/heads/main", "refs/tags/v1", "main", "", "refs/heads/"]), json_values(1)
)
payloads = st.fixed_dictionaries(
    {},
    optional={
        "after": shas,
        "before": shas,
        "ref": refs,
        "repository": st.one_of(st.fixed_dictionaries({}, optional={"default_branch": refs}), json_values(2)),
        "pull_request": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={"head": st.fixed_dictionaries({}, optional={"sha": shas}), "base": json_values(2)},
            ),
            json_values(2),
        ),
        "merge_group": st.one_of(
            st.fixed_dictionaries({}, optional={"head_sha": shas, "base_sha": shas}), json_values(2)
        ),
        "note": st.just(CANARY),
    },
)
files = st.one_of(
    payloads.map(json.dumps).map(str.encode),
    json_values().map(json.dumps).map(str.encode),
    st.binary(max_size=50).map(lambda b: CANARY.encode() + b),
    st.integers(min_value=1, max_value=5000).map(lambda n: deep_nesting("[", "]", n).encode()),
    st.just(b'{"n": ' + b"9" * 5000 + b"}"),
    st.just(b"\xff\xfe{}"),
)
github_names = st.sampled_from(
    [
        "push",
        "pull_request",
        "pull_request_target",
        "merge_group",
        "schedule",
        "workflow_dispatch",
        "release",
        "",
    ]
)
gitlab_names = st.sampled_from(
    ["push", "merge_request_event", "external_pull_request_event", "schedule", "web", ""]
)


@st.composite
def environments(draw: st.DrawFn) -> dict[str, str]:
    text = st.one_of(
        st.text(max_size=12).map(lambda t: t.replace("\x00", "")), shas.filter(lambda s: isinstance(s, str))
    )
    if draw(st.booleans()):
        env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": draw(github_names)}
        for key in ("GITHUB_SHA", "GITHUB_REF"):
            if draw(st.booleans()):
                env[key] = draw(text)
        return env
    env = {"GITLAB_CI": draw(st.sampled_from(["true", "false"])), "CI_PIPELINE_SOURCE": draw(gitlab_names)}
    for key in (
        "CI_COMMIT_SHA",
        "CI_COMMIT_REF_NAME",
        "CI_DEFAULT_BRANCH",
        "CI_MERGE_REQUEST_IID",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
        "CI_COMMIT_TAG",
        "CI_COMMIT_BRANCH",
        "CI_COMMIT_BEFORE_SHA",
    ):
        if draw(st.booleans()):
            env[key] = draw(text)
    return env


@given(
    env=environments(), payload=files, where=st.sampled_from(["file", "missing", "folder", "unset", "empty"])
)
@example(env={"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push"}, payload=b"9" * 5000, where="file")
@counted
def test_read_event(env: dict[str, str], payload: bytes, where: str) -> None:
    if env.get("GITHUB_ACTIONS") == "true":
        path = scratch() / "event.json"
        path.write_bytes(payload)
        if where == "file":
            env["GITHUB_EVENT_PATH"] = str(path)
        elif where == "missing":
            env["GITHUB_EVENT_PATH"] = str(path) + ".missing"
        elif where == "folder":
            env["GITHUB_EVENT_PATH"] = str(scratch())
        elif where == "empty":
            env["GITHUB_EVENT_PATH"] = ""
    event = read_event(env)
    assert isinstance(event, CiEvent)
    assert event.kind in (PUSH, CHANGE_REQUEST, TAG, FULL, UNKNOWN)
    for commit in (event.head, event.before, event.base):
        assert commit is None or commit == commit_id(commit)
    for note in event.notes:
        assert CANARY not in note


@given(value=st.one_of(shas, json_values(2)))
@counted
def test_commit_id(value: Any) -> None:
    found = commit_id(value)
    assert found is None or (len(found) in (40, 64) and found == found.lower() and found.strip("0"))
