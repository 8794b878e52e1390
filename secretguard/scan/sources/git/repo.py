"""The repository: discovery and metadata through GitPython, refs and the commit list through git itself.

Every ref is checked before it is used, because one broken ref makes `git rev-list --all` fail as a whole:
a ref git cannot parse, or one pointing to a missing object, is reported as skipped; the others are scanned.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secretguard.scan.finding import ScanResult, Skipped

if TYPE_CHECKING:
    from secretguard.scan.sources.git.catfile import ObjectReader

GIT_TIMEOUT = 600
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_BROKEN_REF = re.compile(r"ignoring broken ref (\S+)")
# Rev-list words a --range may hold besides revisions (pre-push passes `<new> --not --remotes=origin`).
_RANGE_OPTIONS = {"--not", "--all", "--branches", "--tags", "--remotes"}


SHALLOW_HINT = (
    "fetch the whole history: actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, "
    "or `git fetch --unshallow`"
)


class RepoError(Exception):
    """The path is not a repository git can read."""


@dataclass(frozen=True, slots=True)
class Repo:
    path: str  # where git commands run: the work tree, or the git dir of a bare repository
    git_dir: str
    common_dir: str  # shared by all work trees: holds refs, objects and our incremental state
    bare: bool
    shallow: bool
    work_tree: str | None


def open_repo(path: str) -> Repo:
    """Find the repository at or above `path`: git's own discovery (`git rev-parse`, the same git every
    later command runs), else GitPython's, which also says why there is none."""
    if not os.path.exists(path):
        raise RepoError(f"{path}: no such file or folder")
    found = _rev_parse(path)
    if found is not None:
        return found
    try:
        import git  # noqa: PLC0415 - GitPython costs ~55 ms to import; the staged scan does without it
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RepoError(f"GitPython is not installed: {exc}") from exc
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError) as exc:
        raise RepoError(f"{path}: not a git repository") from exc
    except (git.exc.GitError, OSError, ValueError) as exc:
        raise RepoError(f"{path}: cannot open the repository: {exc}") from exc
    try:
        git_dir = os.path.abspath(str(repo.git_dir))
        common_dir = os.path.abspath(str(repo.common_dir))
        bare = bool(repo.bare)
        work_tree = None if bare else str(repo.working_tree_dir)
        if not bare and os.path.basename(git_dir) != ".git" and os.path.abspath(path) == git_dir:
            # A bare repository without a config file (some mirrors and snapshots): GitPython reads core.bare
            # from the config and guesses a work tree above it, where git finds no repository.
            bare, work_tree = True, None
    finally:
        repo.close()
    return Repo(
        path=git_dir if bare or work_tree is None else work_tree,
        git_dir=git_dir,
        common_dir=common_dir,
        bare=bare,
        shallow=os.path.exists(os.path.join(common_dir, "shallow")),
        work_tree=work_tree,
    )


def _rev_parse(path: str) -> Repo | None:
    """The repository as `git rev-parse` finds it from `path`, or None when it does not (no repository, a
    refused one, an odd layout): GitPython's discovery then decides and names the problem. Two small git
    calls cost ~5 ms against ~40 ms of importing GitPython, paid by every history scan."""
    asked = ("--absolute-git-dir", "--git-common-dir", "--is-bare-repository")
    lines = _rev_parse_lines(path, *asked)
    if lines is None or len(lines) != len(asked) or lines[2] not in ("true", "false"):
        return None
    git_dir, common, bare = lines[0], os.path.abspath(os.path.join(path, lines[1])), lines[2] == "true"
    work_tree = None
    if not bare:
        top = _rev_parse_lines(path, "--show-toplevel")
        if top is None or len(top) != 1 or not top[0]:
            return None
        work_tree = top[0]
    return Repo(
        path=git_dir if work_tree is None else work_tree,
        git_dir=git_dir,
        common_dir=common,
        bare=bare,
        shallow=os.path.exists(os.path.join(common, "shallow")),
        work_tree=work_tree,
    )


def _rev_parse_lines(path: str, *args: str) -> list[str] | None:
    try:
        proc = subprocess.run(
            ["git", "-C", path, "rev-parse", *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape").splitlines()


# git maps whole pack files by default (1 GiB windows): reading commits or blobs spread over a large pack then
# shows as hundreds of MB of resident memory per process. Small windows keep each git under ~130 MB at no
# measurable cost in speed.
MEMORY_OPTIONS = ("-c", "core.packedGitWindowSize=16m", "-c", "core.packedGitLimit=64m")


def git_command(repo: Repo, *args: str) -> list[str]:
    return ["git", "-C", repo.path, *MEMORY_OPTIONS, *args]


def run(repo: Repo, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            git_command(repo, *args), input=stdin, capture_output=True, check=False, timeout=GIT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(args, 255, b"", str(exc).encode())


def first_error(stderr: bytes) -> str:
    """The line of git's stderr that says what went wrong, for a skip note."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else "git failed"


def _check_commits(
    repo: Repo, named: Sequence[tuple[str, str]], result: ScanResult, *, explain: bool = True
) -> list[str]:
    """Of (sha, name) pairs, the commit each names (peeling tags); names of missing objects are skipped
    (`explain`: a second look tells a missing object from a tag of a tree or blob, and says which)."""
    if not named:
        return []
    query = "".join(f"{sha}^{{commit}}\n" for sha, _ in named).encode()
    proc = run(repo, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=query)
    answers = proc.stdout.decode("ascii", "replace").splitlines()
    if proc.returncode != 0 or len(answers) != len(named):
        result.skipped.append(Skipped("refs", f"cannot check refs: {first_error(proc.stderr)}"))
        return []
    commits: list[str] = []
    not_commits: list[tuple[str, str]] = []
    for (sha, name), answer in zip(named, answers, strict=True):
        fields = answer.split()
        if len(fields) == 2 and fields[1] == "commit":
            commits.append(fields[0])
        else:
            not_commits.append((sha, name))
    if not_commits and explain:
        query = "".join(f"{sha}\n" for sha, _ in not_commits).encode()
        proc = run(repo, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=query)
        answers = proc.stdout.decode("ascii", "replace").splitlines()
        for index, (sha, name) in enumerate(not_commits):
            answer = answers[index] if index < len(answers) else "missing"
            if answer.endswith(" missing") or answer == "missing":
                result.skipped.append(Skipped(name, f"ref points to a missing object {sha}"))
            else:
                result.count("refs_not_commits")  # a tag of a tree or blob: no history behind it
    return commits


def ref_tips(repo: Repo, result: ScanResult, branch: str | None = None) -> list[str]:
    """The commits at the tips of every ref (branches, tags, remotes, HEAD), or of one branch."""
    if branch is not None:
        proc = run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{branch}^{{commit}}")
        sha = proc.stdout.decode("ascii", "replace").strip()
        if proc.returncode != 0 or not _SHA.match(sha):
            result.skipped.append(Skipped(branch, "no such branch or commit in the repository"))
            return []
        return [sha]
    proc = run(repo, "for-each-ref", "--format=%(objectname) %(refname)")
    stderr = proc.stderr.decode("utf-8", "replace")
    for name in _BROKEN_REF.findall(stderr):
        result.skipped.append(Skipped(name, "unreadable ref (git ignores it as broken)"))
    if proc.returncode != 0:
        result.skipped.append(Skipped("refs", f"cannot list refs: {first_error(proc.stderr)}"))
    named: list[tuple[str, str]] = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        sha, _, name = line.partition(" ")
        if _SHA.match(sha):
            named.append((sha, name))
    head = run(repo, "rev-parse", "--verify", "--quiet", "HEAD")
    head_sha = head.stdout.decode("ascii", "replace").strip()
    if head.returncode == 0 and _SHA.match(head_sha):
        named.append((head_sha, "HEAD"))
    return sorted(set(_check_commits(repo, named, result)))


def existing_commits(repo: Repo, shas: Sequence[str]) -> list[str]:
    """The commits of `shas` still in the repository (incremental state may name rewritten history)."""
    named = [(sha, sha) for sha in shas if _SHA.match(sha)]
    if not named:
        return []
    return _check_commits(repo, named, ScanResult(), explain=False)


def range_args(spec: str) -> list[str]:
    """`A..B`, `A...B`, `B --not --remotes`: revision words for rev-list, refusing any other option."""
    try:
        words = shlex.split(spec)
    except ValueError as exc:
        raise RepoError(f"--range {spec!r}: {exc}") from exc
    for word in words:
        if word.startswith("-") and word.partition("=")[0] not in _RANGE_OPTIONS:
            raise RepoError(
                f"--range {spec!r}: only revisions and {', '.join(sorted(_RANGE_OPTIONS))} are allowed"
            )
    if not words:
        raise RepoError("--range is empty")
    return words


def rev_list(
    repo: Repo, result: ScanResult, *, revisions: Sequence[str] = (), words: Sequence[str] = ()
) -> list[str]:
    """Commits newest first in topological order (children before parents), for `revisions` (tips and
    `^excluded` commits, passed on standard input as there may be thousands) and `words` (a checked --range).

    git refuses to walk a history with a missing commit at all; the walk is then done here, object by object,
    and every commit that cannot be read is named (the history behind it cannot be reached)."""
    stdin = "".join(f"{rev}\n" for rev in revisions).encode()
    proc = run(repo, "rev-list", "--topo-order", *words, "--stdin", stdin=stdin)
    commits = [c for c in proc.stdout.decode("ascii", "replace").split() if _SHA.match(c)]
    if proc.returncode == 0:
        return commits
    if revisions and not words:
        return _walk(repo, result, revisions)
    error = first_error(proc.stderr)
    if "bad revision" in error or "unknown revision" in error:
        error += f" (a commit of the range is not in this clone: {SHALLOW_HINT})"
    result.skipped.append(
        Skipped("history", f"the commit walk stopped after {len(commits)} commit(s): {error}")
    )
    return commits


def _parents(reader: ObjectReader, sha: str) -> list[str] | None:
    """A commit's parents, or None when it cannot be read."""
    read = reader.read(sha, 1 << 20)
    if read.kind != "commit":
        return None
    out: list[str] = []
    for line in read.data.split(b"\n"):
        if not line:
            break  # the headers end at the first empty line
        if line.startswith(b"parent "):
            out.append(line[7:].decode("ascii", "replace"))
    return out


def _walk(repo: Repo, result: ScanResult, revisions: Sequence[str]) -> list[str]:
    from secretguard.scan.sources.git.catfile import ObjectReader  # noqa: PLC0415 - it imports this module

    reader = ObjectReader(repo)
    try:
        excluded: set[str] = set()
        for rev in revisions:
            if rev.startswith("^"):
                _reach(reader, [rev[1:]], excluded, None, None)
        missing: list[str] = []
        order: list[str] = []
        _reach(reader, [r for r in revisions if not r.startswith("^")], set(excluded), order, missing)
    finally:
        reader.close()
    for sha in missing:
        result.skipped.append(
            Skipped(f"commit {sha}", "missing or unreadable commit: the history behind it was not walked")
        )
    return order


def _reach(
    reader: ObjectReader,
    starts: Sequence[str],
    seen: set[str],
    order: list[str] | None,
    missing: list[str] | None,
) -> None:
    """Walk from `starts` (breadth first: newer commits first) past `seen`, recording what it reaches."""
    queue = [s for s in starts if s not in seen]
    seen.update(queue)
    while queue:
        nxt: list[str] = []
        for sha in queue:
            parents = _parents(reader, sha)
            if parents is None:
                if missing is not None:
                    missing.append(sha)
                continue
            if order is not None:
                order.append(sha)
            for parent in parents:
                if parent not in seen:
                    seen.add(parent)
                    nxt.append(parent)
        queue = nxt


def head_commit(repo: Repo) -> str | None:
    proc = run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    sha = proc.stdout.decode("ascii", "replace").strip()
    return sha if proc.returncode == 0 and _SHA.match(sha) else None
