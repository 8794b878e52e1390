"""Which commits the CI gate scans, decided from the event and what the clone holds.

- push to an existing branch: `before..after`;
- a new branch (before is git's all-zero id), or a push whose previous tip is gone (a force push): the commits
  not on the default branch; the whole history of the branch when the default branch is unknown or unrelated;
- pull or merge request: `base..head`;
- tag push: the tag's commits not on the default branch;
- scheduled and manual runs: every commit of every ref.

A shallow clone, or a base the clone does not hold, makes the result partial (exit 3) with the fix, never a
quiet "0 commits scanned".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.ci.event import CHANGE_REQUEST, FULL, PUSH, TAG, CiEvent
from secretguard.scan.sources.git.repo import SHALLOW_HINT, Repo, head_commit, run


@dataclass(slots=True)
class Target:
    description: str
    range_spec: str | None = None  # rev-list words; None scans every commit of every ref
    base: str | None = None  # the commit the range starts from (configuration is read there: see README)
    problems: list[str] = field(default_factory=list)  # each makes the scan partial (exit 3)
    notes: list[str] = field(default_factory=list)  # warnings for the job log
    scan: bool = True  # False when there is nothing the scan could start from
    # Not a change to check (a scheduled or full-history run, no CI): the working tree's configuration is
    # the branch's own, so it is used as it is.
    worktree_config: bool = False


def range_base(repo: Repo, spec: str) -> str | None:
    """The base of `A..B` or `A...B` (their merge base, else A), or None for other range forms."""
    words = spec.split()
    if len(words) != 1 or ".." not in words[0]:
        return None
    left, _, right = words[0].replace("...", "..").partition("..")
    left, right = left or "HEAD", right or "HEAD"
    proc = run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{left}^{{commit}}")
    start = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not start:
        return None
    return merge_base(repo, start, right) or start


def has_commit(repo: Repo, sha: str) -> bool:
    return run(repo, "cat-file", "-e", f"{sha}^{{commit}}").returncode == 0


def merge_base(repo: Repo, a: str, b: str) -> str | None:
    proc = run(repo, "merge-base", a, b)
    sha = proc.stdout.decode("ascii", "replace").strip()
    return sha if proc.returncode == 0 and sha else None


def default_tip(repo: Repo, name: str | None) -> tuple[str, str] | None:
    """(ref name, commit) of the default branch: the remote's copy first (CI checkouts have no local
    branch but the one checked out), then a local branch; the remote's HEAD when the name is unknown."""
    candidates = [f"refs/remotes/origin/{name}", f"refs/heads/{name}"] if name else []
    candidates.append("refs/remotes/origin/HEAD")
    for ref in candidates:
        proc = run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        sha = proc.stdout.decode("ascii", "replace").strip()
        if proc.returncode == 0 and sha:
            return _symbolic(repo, ref).removeprefix("refs/remotes/").removeprefix("refs/heads/"), sha
    return None


def _symbolic(repo: Repo, ref: str) -> str:
    """origin/HEAD named after the branch it stands for (refs/remotes/origin/main): a new branch is then
    told from the first push of the default branch even when the CI does not name the default branch."""
    if ref != "refs/remotes/origin/HEAD":
        return ref
    target = run(repo, "symbolic-ref", "--quiet", ref).stdout.decode("utf-8", "replace").strip()
    return target if target.startswith("refs/remotes/origin/") else ref


def choose(
    event: CiEvent,
    repo: Repo,
    *,
    range_spec: str | None = None,
    full_history: bool = False,
    default_branch: str | None = None,
) -> Target:
    return _choose(event, repo, range_spec, full_history, default_branch)


def shallow_problem(repo: Repo, skipped_reasons: list[str]) -> str | None:
    """The gate's verdict on a shallow clone: partial even when the range stayed above the boundary, since
    what the clone lacks (the default branch, a merge base) decides what counts as new."""
    if not repo.shallow or any(reason.startswith("shallow clone") for reason in skipped_reasons):
        return None
    return f"shallow clone: the gate cannot tell what is new without the whole history; {SHALLOW_HINT}"


def _choose(
    event: CiEvent, repo: Repo, range_spec: str | None, full_history: bool, default_branch: str | None
) -> Target:
    if full_history:
        return Target("every commit of every ref (--full-history)", worktree_config=True)
    if range_spec:
        return Target(
            f"the range {range_spec} (--range)", range_spec=range_spec, base=range_base(repo, range_spec)
        )
    if event.kind == FULL:
        return Target(f"every commit of every ref ({event.name} run)", worktree_config=True)
    head = event.head or head_commit(repo)
    if head is None:
        return Target(
            "nothing", scan=False, problems=["no commit to scan: the CI names none and HEAD is unborn"]
        )
    if not has_commit(repo, head):
        return Target(
            f"commit {head[:12]}",
            scan=False,
            problems=[f"the commit to check, {head[:12]}, is not in this clone; {SHALLOW_HINT}"],
        )
    default = default_branch or event.default_branch
    if event.kind == CHANGE_REQUEST:
        if event.base is not None and has_commit(repo, event.base):
            return Target(
                f"the change request's commits {event.base[:12]}..{head[:12]}",
                range_spec=f"{event.base}..{head}",
                base=merge_base(repo, event.base, head) or event.base,
            )
        if event.base is not None:
            missing = f"the change request's base {event.base[:12]} is not in this clone; {SHALLOW_HINT}"
            target = _not_on_default(repo, head, None, default)
            target.problems.append(missing)
            return target
        target = _not_on_default(repo, head, None, default)
        target.notes.append("the CI names no base commit for the change request")
        return target
    if event.kind == PUSH and event.before is not None:
        if has_commit(repo, event.before):
            return Target(
                f"the pushed commits {event.before[:12]}..{head[:12]}",
                range_spec=f"{event.before}..{head}",
                base=event.before,
            )
        target = _not_on_default(repo, head, event.branch, default)
        if repo.shallow:
            target.problems.append(f"the push's previous commit {event.before[:12]} is not in this clone")
        else:
            target.notes.append(
                f"the push's previous commit {event.before[:12]} is not in this clone (a force push?): "
                "scanning the branch's commits not on the default branch instead"
            )
        return target
    if event.kind in (PUSH, TAG):
        return _not_on_default(repo, head, event.branch, default)
    if event.system:
        target = _not_on_default(repo, head, event.branch, default)
        target.notes.append(f"{event.system} event {event.name or '(none)'} is not one the gate knows")
        return target
    return Target(
        "every commit of every ref",
        worktree_config=True,
        notes=["no CI environment recognised (GitHub Actions, GitLab CI): give --range A..B for a range"],
    )


def _not_on_default(repo: Repo, head: str, branch: str | None, default: str | None) -> Target:
    """A new branch or tag: its commits that the default branch does not have."""
    tip = default_tip(repo, default)
    whole = Target(f"the whole history of {head[:12]}", range_spec=head)
    if tip is None:
        whole.notes.append(
            "the default branch is not in this clone (name it with --default-branch, and fetch it): "
            "scanning the whole history of the pushed commit"
        )
        return whole
    name, sha = tip
    if branch is not None and branch == (default or name.removeprefix("origin/")):
        whole.description += f" (the first push of the default branch {branch})"
        return whole
    base = merge_base(repo, head, sha)
    if base is None:
        whole.notes.append(f"{head[:12]} shares no history with {name}: scanning its whole history")
        return whole
    return Target(f"the commits of {head[:12]} not on {name}", range_spec=f"{head} ^{sha}", base=base)
