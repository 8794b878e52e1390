"""What triggered this CI job, read from the CI's own environment (GitHub Actions, GitLab CI).

Only facts are read here (commits, refs, the default branch); what to scan is decided in ci/target.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from secretguard.safe_read import RefusedInput, read_regular_file

MAX_EVENT_BYTES = 32 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
_SHA = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")

# What the gate does for each kind of event.
PUSH = "push"
CHANGE_REQUEST = "change-request"  # a GitHub pull request or merge group, a GitLab merge request
TAG = "tag"
FULL = "full-history"  # scheduled and manual runs
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class CiEvent:
    system: str  # "GitHub Actions", "GitLab CI", or "" outside a known CI
    name: str  # the CI's own name for the event (push, pull_request, merge_request_event, schedule, ...)
    kind: str  # PUSH, CHANGE_REQUEST, TAG, FULL or UNKNOWN
    head: str | None = None  # the commit the job runs on (after the push, the head of the change request)
    before: str | None = None  # a push's previous tip; None for a new branch (git's all-zero id)
    base: str | None = None  # a change request's base commit
    ref: str | None = None  # refs/heads/x, refs/tags/v1, or the branch name
    default_branch: str | None = None
    notes: list[str] = field(default_factory=list)  # problems reading the environment, for the summary

    @property
    def branch(self) -> str | None:
        if self.ref is None:
            return None
        return self.ref.removeprefix("refs/heads/") if not self.ref.startswith("refs/tags/") else None


def commit_id(value: object) -> str | None:
    """A full commit id, or None for anything else: missing, empty, or git's all-zero "no commit"."""
    if not isinstance(value, str) or not _SHA.fullmatch(value.strip()):
        return None
    value = value.strip().lower()
    return None if not value.strip("0") else value


def read_event(env: Mapping[str, str]) -> CiEvent:
    if env.get("GITHUB_ACTIONS") == "true":
        return _github(env)
    if env.get("GITLAB_CI") == "true":
        return _gitlab(env)
    return CiEvent(system="", name="", kind=UNKNOWN)


def _payload(env: Mapping[str, str], notes: list[str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        notes.append("GITHUB_EVENT_PATH is not set: the event's commits are unknown")
        return {}
    try:
        doc = json.loads(read_regular_file(Path(path), roots=None, max_bytes=MAX_EVENT_BYTES))
    except (OSError, RefusedInput, ValueError, RecursionError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or type(exc).__name__
        notes.append(f"cannot read the event file {path}: {reason}")
        return {}
    if not isinstance(doc, dict):
        notes.append(f"the event file {path} is not a JSON object: the event's commits are unknown")
        return {}
    return doc


def _get(doc: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _github(env: Mapping[str, str]) -> CiEvent:
    notes: list[str] = []
    name = env.get("GITHUB_EVENT_NAME", "")
    doc = _payload(env, notes)
    default = _get(doc, "repository", "default_branch")
    ref = env.get("GITHUB_REF") or _get(doc, "ref")
    event = CiEvent(
        system="GitHub Actions",
        name=name,
        kind=UNKNOWN,
        head=commit_id(env.get("GITHUB_SHA")),
        ref=ref if isinstance(ref, str) and ref else None,
        default_branch=default if isinstance(default, str) and default else None,
        notes=notes,
    )
    if name in ("pull_request", "pull_request_target"):
        return replace(
            event,
            kind=CHANGE_REQUEST,
            head=commit_id(_get(doc, "pull_request", "head", "sha")) or event.head,
            base=commit_id(_get(doc, "pull_request", "base", "sha")),
        )
    if name == "merge_group":
        return replace(
            event,
            kind=CHANGE_REQUEST,
            head=commit_id(_get(doc, "merge_group", "head_sha")) or event.head,
            base=commit_id(_get(doc, "merge_group", "base_sha")),
        )
    if name == "push":
        tag = event.ref is not None and event.ref.startswith("refs/tags/")
        return replace(
            event,
            kind=TAG if tag else PUSH,
            head=commit_id(_get(doc, "after")) or event.head,
            before=commit_id(_get(doc, "before")),
        )
    if name in ("schedule", "workflow_dispatch", "repository_dispatch"):
        return replace(event, kind=FULL)
    return event


def _gitlab(env: Mapping[str, str]) -> CiEvent:
    name = env.get("CI_PIPELINE_SOURCE", "")
    event = CiEvent(
        system="GitLab CI",
        name=name,
        kind=UNKNOWN,
        head=commit_id(env.get("CI_COMMIT_SHA")),
        ref=env.get("CI_COMMIT_REF_NAME") or None,
        default_branch=env.get("CI_DEFAULT_BRANCH") or None,
    )
    if name in ("merge_request_event", "external_pull_request_event") or env.get("CI_MERGE_REQUEST_IID"):
        base = commit_id(env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")) or commit_id(
            env.get("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA")
        )
        source = env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME")
        # A merged results pipeline runs on a merge of the source into the target's tip: base..that commit
        # would hold the target's own commits since the diff base. The source branch's head is the change.
        head = commit_id(env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")) or event.head
        return replace(event, kind=CHANGE_REQUEST, head=head, base=base, ref=source or event.ref)
    if name in ("schedule", "web", "api", "trigger", "pipeline", "parent_pipeline"):
        return replace(event, kind=FULL)
    tag = env.get("CI_COMMIT_TAG")
    if tag:
        return replace(event, kind=TAG, ref=f"refs/tags/{tag}")
    branch = env.get("CI_COMMIT_BRANCH")
    if name == "push" or branch:
        return replace(
            event,
            kind=PUSH,
            before=commit_id(env.get("CI_COMMIT_BEFORE_SHA")),
            ref=f"refs/heads/{branch or event.ref}" if (branch or event.ref) else None,
        )
    return event
