"""Which commits the CI gate scans, decided from the event and from what a real clone of a real remote holds:
before..after for a push, the commits not on the default branch for a new branch, a tag or a force push,
base..head for a change request, everything for scheduled runs; a shallow clone or a missing base is a
problem (exit 3) naming the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.ci.event import CHANGE_REQUEST, FULL, PUSH, TAG, UNKNOWN, CiEvent
from secretguard.ci.target import Target, choose, default_tip, has_commit, merge_base, shallow_problem
from secretguard.scan.sources.git.repo import SHALLOW_HINT, Repo, open_repo
from tests.ci.world import Remote, build_remote, rev_list, stripe_key
from tests.scan.sources.gitfixtures import Git

GITHUB = "GitHub Actions"
GITLAB = "GitLab CI"


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return build_remote(tmp_path / "world")


def push(
    head: str, before: str | None, branch: str, *, default: str | None = "main", system: str = GITHUB
) -> CiEvent:
    return CiEvent(
        system=system,
        name="push",
        kind=PUSH,
        head=head,
        before=before,
        ref=f"refs/heads/{branch}",
        default_branch=default,
    )


def pick(git: Git, event: CiEvent, **options: str | bool | None) -> Target:
    return choose(event, open_repo(str(git.path)), **options)  # type: ignore[arg-type]


def scanned(git: Git, target: Target) -> set[str]:
    assert target.scan
    return rev_list(git, target.range_spec)


# helpers


def test_has_commit_merge_base_and_default_tip(remote: Remote) -> None:
    [feature] = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    repo = open_repo(str(clone.path))
    assert has_commit(repo, feature)
    assert has_commit(repo, remote.main[0])
    assert not has_commit(repo, "f" * 40)
    assert merge_base(repo, feature, remote.main[-1]) == remote.main[-1]
    assert merge_base(repo, feature, "f" * 40) is None
    # The remote's copy of the default branch, even when a local branch of that name is elsewhere.
    clone("branch", "-q", "-f", "main", remote.main[0])
    assert default_tip(repo, "main") == ("origin/main", remote.main[-1])
    # No name: origin/HEAD, named after the branch it stands for.
    assert default_tip(repo, None) == ("origin/main", remote.main[-1])
    # A name the remote lacks: a local branch of that name, else origin/HEAD.
    clone("branch", "-q", "trunk", remote.main[1])
    assert default_tip(repo, "trunk") == ("trunk", remote.main[1])
    assert default_tip(repo, "nope") == ("origin/main", remote.main[-1])
    clone("remote", "set-head", "origin", "--delete")
    assert default_tip(repo, "nope") is None
    # An unborn repository has no default branch at all.
    empty = Git(remote.root / "empty")
    assert default_tip(open_repo(str(empty.path)), "main") is None


# push


def test_push_to_an_existing_branch_is_before_after(remote: Remote) -> None:
    first = remote.branch("feature", key=stripe_key(remote.rng))
    remote.dev("checkout", "-q", "feature")
    new = [remote.dev.commit(f"more {i}", **{f"more{i}__txt": f"{i}\n"}) for i in range(2)]
    remote.push("feature")
    clone = remote.clone(checkout="feature")
    target = pick(clone, push(new[-1], first[-1], "feature"))
    assert target.range_spec == f"{first[-1]}..{new[-1]}"
    assert target.base == first[-1]
    assert (target.problems, target.notes) == ([], [])
    assert scanned(clone, target) == set(new)
    assert "pushed commits" in target.description


def test_push_of_a_new_branch_is_its_commits_not_on_main(remote: Remote) -> None:
    own = remote.branch("feature", clean=2, key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    for system in (GITHUB, GITLAB):
        target = pick(clone, push(own[-1], None, "feature", system=system))
        assert scanned(clone, target) == set(own)  # not main's commits (nor its AWS key)
        assert target.base == remote.main[-1]
        assert "not on origin/main" in target.description
        assert (target.problems, target.notes) == ([], [])


def test_new_branch_from_an_older_main_commit(remote: Remote) -> None:
    """Branched from main~2 while main moved on: the branch's own commits only, not main's newer ones."""
    own = remote.branch("old-base", start=remote.main[1], clean=1, key=stripe_key(remote.rng))
    clone = remote.clone(checkout="old-base")
    target = pick(clone, push(own[-1], None, "old-base"))
    assert scanned(clone, target) == set(own)
    assert target.base == remote.main[1]


def test_new_branch_with_the_default_branch_unnamed_uses_origin_head(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    target = pick(clone, push(own[-1], None, "feature", default=None))
    assert scanned(clone, target) == set(own)
    assert "origin/main" in target.description


def test_the_command_line_default_branch_wins(remote: Remote) -> None:
    release = remote.branch("release", clean=2)
    own = remote.branch("hotfix", start="release", clean=1)
    clone = remote.clone(checkout="hotfix")
    event = push(own[-1], None, "hotfix", default="main")
    assert scanned(clone, pick(clone, event)) == {*release, *own}
    assert scanned(clone, pick(clone, event, default_branch="release")) == set(own)


def test_first_push_of_the_default_branch_is_its_whole_history(remote: Remote) -> None:
    clone = remote.clone(checkout="main")
    for default in ("main", None):  # named by the CI, or only known from origin/HEAD
        target = pick(clone, push(remote.main[-1], None, "main", default=default))
        assert target.range_spec == remote.main[-1]
        assert scanned(clone, target) == set(remote.main)
        assert "first push of the default branch main" in target.description


def test_new_branch_when_the_default_branch_is_not_in_the_clone(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    clone("update-ref", "-d", "refs/remotes/origin/main")
    clone("remote", "set-head", "origin", "--delete")
    clone("branch", "-q", "-D", "main", check=False)
    target = pick(clone, push(own[-1], None, "feature"))
    assert target.range_spec == own[-1]
    assert scanned(clone, target) == {*remote.main, *own}
    assert target.problems == []
    assert any("default branch is not in this clone" in note for note in target.notes)


def test_an_unrelated_branch_is_scanned_whole(remote: Remote) -> None:
    remote.dev("checkout", "-q", "--orphan", "gh-pages")
    remote.dev("rm", "-rq", "--cached", ".")
    own = [remote.dev.commit("site", index__html="<p>hi</p>\n")]
    remote.push("gh-pages")
    clone = remote.clone(checkout="gh-pages")
    target = pick(clone, push(own[-1], None, "gh-pages"))
    assert scanned(clone, target) == set(own)
    assert any("shares no history with origin/main" in note for note in target.notes)


def test_a_new_branch_at_mains_tip_brings_nothing(remote: Remote) -> None:
    remote.dev("branch", "-q", "same", "main")
    remote.push("same")
    clone = remote.clone(checkout="same")
    target = pick(clone, push(remote.main[-1], None, "same"))
    assert target.scan
    assert scanned(clone, target) == set()


def test_force_push_in_a_full_clone_falls_back_to_commits_not_on_main(remote: Remote) -> None:
    old = remote.branch("feature", clean=2)
    remote.dev("checkout", "-q", "feature")
    remote.dev("reset", "-q", "--hard", "main")
    new = [remote.dev.commit("rewritten", pay__js="x\n")]
    remote.push("feature", force=True)
    clone = remote.clone(checkout="feature")
    assert not has_commit(open_repo(str(clone.path)), old[-1])  # the old tip was not fetched
    target = pick(clone, push(new[-1], old[-1], "feature"))
    assert scanned(clone, target) == set(new)
    assert target.problems == []
    assert any("force push" in note and old[-1][:12] in note for note in target.notes)


def test_push_whose_before_is_missing_in_a_shallow_clone_is_a_problem(remote: Remote) -> None:
    new = remote.dev.commit("one more", more__txt="more\n")
    remote.push("main")
    clone = remote.clone(checkout="main", depth=1)
    repo = open_repo(str(clone.path))
    assert repo.shallow
    target = pick(clone, push(new, remote.main[-1], "main"))
    assert target.problems, target
    assert remote.main[-1][:12] in target.problems[0]
    assert "not in this clone" in target.problems[0]
    shallow = shallow_problem(repo, [])
    assert shallow is not None
    assert "fetch-depth: 0" in shallow


def test_push_above_a_shallow_boundary_is_still_the_range(remote: Remote) -> None:
    clone = remote.clone(checkout="main", depth=2)
    target = pick(clone, push(remote.main[-1], remote.main[-2], "main"))
    assert target.range_spec == f"{remote.main[-2]}..{remote.main[-1]}"
    assert target.problems == []
    # ... but the gate still calls the result partial: what is new is unknowable without the history.
    problem = shallow_problem(open_repo(str(clone.path)), [])
    assert problem is not None
    assert SHALLOW_HINT in problem


def test_shallow_problem_is_said_once() -> None:
    full = Repo(path=".", git_dir=".git", common_dir=".git", bare=False, shallow=False, work_tree=".")
    shallow = Repo(path=".", git_dir=".git", common_dir=".git", bare=False, shallow=True, work_tree=".")
    assert shallow_problem(full, []) is None
    assert shallow_problem(full, ["shallow clone: whatever"]) is None
    assert shallow_problem(shallow, ["shallow clone: the history behind 1 boundary commit(s)"]) is None
    assert shallow_problem(shallow, ["ref points to a missing object"]) is not None


def test_the_head_commit_missing_from_the_clone(remote: Remote) -> None:
    clone = remote.clone(checkout="main")
    target = pick(clone, push("f" * 40, remote.main[-1], "main"))
    assert not target.scan
    assert len(target.problems) == 1
    assert "ffffffffffff" in target.problems[0]
    assert SHALLOW_HINT in target.problems[0]


def test_no_head_anywhere(tmp_path: Path) -> None:
    empty = Git(tmp_path / "empty")  # unborn HEAD
    target = pick(empty, push(None, None, "main"))  # type: ignore[arg-type]
    assert not target.scan
    assert target.problems == ["no commit to scan: the CI names none and HEAD is unborn"]


def test_event_without_head_uses_the_checkout(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    event = CiEvent(system=GITLAB, name="push", kind=PUSH, ref="refs/heads/feature", default_branch="main")
    assert scanned(clone, pick(clone, event)) == set(own)


# tags


def test_tag_push_is_the_tags_commits_not_on_main(remote: Remote) -> None:
    remote.dev("checkout", "-q", "-b", "release-tmp")
    own = [remote.dev.commit("release build", build__cfg="x\n")]
    remote.dev("tag", "-a", "v1.0", "-m", "release 1.0")
    remote.dev("tag", "v0.9", remote.main[-1])
    remote.push("v1.0", "v0.9")
    clone = remote.clone(checkout="v1.0")
    tag_object = remote.tip("refs/tags/v1.0")
    assert tag_object != own[-1]  # an annotated tag: GitHub's `after` names the tag object
    for head in (own[-1], tag_object):
        event = CiEvent(GITHUB, "push", TAG, head=head, ref="refs/tags/v1.0", default_branch="main")
        target = pick(clone, event)
        assert scanned(clone, target) == set(own)
        assert target.problems == []
    on_main = CiEvent(GITLAB, "push", TAG, head=remote.main[-1], ref="refs/tags/v0.9", default_branch="main")
    assert scanned(clone, pick(clone, on_main)) == set()


# change requests


def test_change_request_is_base_head(remote: Remote) -> None:
    own = remote.branch("feature", clean=1, key=stripe_key(remote.rng))
    remote.dev.commit("main moves on", later__txt="later\n")
    remote.push("main")
    base = remote.tip("main")
    clone = remote.clone(checkout="feature")
    event = CiEvent(GITHUB, "pull_request", CHANGE_REQUEST, head=own[-1], base=base, ref="refs/pull/1/merge")
    target = pick(clone, event)
    assert target.range_spec == f"{base}..{own[-1]}"
    assert target.base == remote.main[-1]  # the merge base, where the branch started
    assert scanned(clone, target) == set(own)
    assert (target.problems, target.notes) == ([], [])


def test_change_request_whose_base_is_not_in_the_clone(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    event = CiEvent(GITLAB, "merge_request_event", CHANGE_REQUEST, head=own[-1], base="e" * 40, ref="feature")
    target = pick(clone, event)
    assert target.scan
    assert scanned(clone, target) == set(own)  # what can be checked still is
    assert len(target.problems) == 1
    assert "eeeeeeeeeeee" in target.problems[0]
    assert SHALLOW_HINT in target.problems[0]


def test_change_request_without_a_base(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    event = CiEvent(GITHUB, "merge_group", CHANGE_REQUEST, head=own[-1], default_branch="main")
    target = pick(clone, event)
    assert scanned(clone, target) == set(own)
    assert target.problems == []
    assert "the CI names no base commit for the change request" in target.notes


# full history, overrides, unknown events


@pytest.mark.parametrize("name", ["schedule", "workflow_dispatch"])
def test_scheduled_and_manual_runs_scan_every_ref(remote: Remote, name: str) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="main")
    target = pick(clone, CiEvent(GITHUB, name, FULL, head=remote.main[-1]))
    assert target.range_spec is None
    assert name in target.description
    assert scanned(clone, target) == {*remote.main, *own}


def test_command_line_overrides_the_event(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    event = push(own[-1], None, "feature")
    full = pick(clone, event, full_history=True)
    assert full.range_spec is None
    assert "--full-history" in full.description
    ranged = pick(clone, CiEvent(GITHUB, "schedule", FULL), range_spec=f"{remote.main[1]}..{remote.main[3]}")
    assert ranged.range_spec == f"{remote.main[1]}..{remote.main[3]}"
    assert "--range" in ranged.description
    assert scanned(clone, ranged) == set(remote.main[2:4])


def test_unknown_event_of_a_known_ci(remote: Remote) -> None:
    own = remote.branch("feature", key=stripe_key(remote.rng))
    clone = remote.clone(checkout="feature")
    event = CiEvent(GITHUB, "release", UNKNOWN, head=own[-1], ref="refs/tags/v1", default_branch="main")
    target = pick(clone, event)
    assert scanned(clone, target) == set(own)
    assert "GitHub Actions event release is not one the gate knows" in target.notes


def test_no_ci_scans_everything(remote: Remote) -> None:
    clone = remote.clone(checkout="main")
    target = pick(clone, CiEvent(system="", name="", kind=UNKNOWN))
    assert target.range_spec is None
    assert target.scan
    assert any("no CI environment recognised" in note for note in target.notes)
