"""Forks share history: repositories with a common root commit form a family, scanned one after another so
that each member lists only the commits the earlier members did not have."""

from __future__ import annotations

from collections.abc import Sequence

from secretguard.scan.repos.listing import RepoRef
from secretguard.scan.sources.git.repo import Repo, run


def root_commits(repo: Repo) -> frozenset[str]:
    """The parentless commits reachable from any ref (empty for an empty or unreadable repository)."""
    proc = run(repo, "rev-list", "--max-parents=0", "--all")
    if proc.returncode != 0:
        return frozenset()
    return frozenset(proc.stdout.decode("ascii", "replace").split())


def group(refs: Sequence[RepoRef], roots: Sequence[frozenset[str]]) -> list[list[int]]:
    """Indexes of `refs` grouped into families (sharing any root commit), in order of first member; each
    family keeps the given order. A repository with no commits is a family of its own."""
    parent = list(range(len(refs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, commits in enumerate(roots):
        for sha in commits:
            j = owner.setdefault(sha, i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    families: dict[int, list[int]] = {}
    for i in range(len(refs)):
        families.setdefault(find(i), []).append(i)
    return sorted(families.values(), key=lambda members: members[0])
