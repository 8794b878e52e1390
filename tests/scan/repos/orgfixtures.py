"""A small organisation built in a temporary folder: a base history and its forks (real clones), some with
commits of their own, and an unrelated repository."""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import github_style_token, stripe_live_key
from tests.scan.sources.gitfixtures import Git


@dataclass
class Org:
    root: Path
    base: Path
    forks: list[Path] = field(default_factory=list)
    unrelated: Path | None = None
    base_secret: str = ""
    shared_secret: str = ""
    sharing: list[Path] = field(default_factory=list)


def clone(source: Path, target: Path, *, bare: bool) -> Path:
    args = ["git", "clone", "-q", "--no-local", *(["--mirror"] if bare else []), str(source), str(target)]
    subprocess.run(args, check=True, capture_output=True)
    return target


def fork_commit(fork: Path, name: str, text: str, message: str) -> str:
    """A commit of the fork's own, on a branch of its own (a bare fork gets it through a temporary clone)."""
    work = fork if (fork / ".git").exists() else clone(fork, fork.with_name(fork.name + "-work"), bare=False)
    git = Git(work, init=False)
    git("config", "user.name", "Fork Dev")
    git("config", "user.email", "fork@example.com")
    git("checkout", "-q", "-b", f"feature-{fork.name}")
    sha = git.commit(message, **{name: text})
    if work != fork:
        git("push", "-q", "origin", f"feature-{fork.name}")
        subprocess.run(["rm", "-rf", str(work)], check=True)
    return sha


def build_org(root: Path, forks: int = 30, sharing: int = 3, seed: int = 5) -> Org:
    rng = random.Random(seed)
    base = root / "src" / "base"
    git = Git(base)
    org = Org(root=root / "org", base=base)
    org.root.mkdir(parents=True)
    org.base_secret = github_style_token(rng)
    git.commit("start", app__py="print('hello')\n")
    git.commit("config", settings__py=f'GITHUB_TOKEN = "{org.base_secret}"\n')
    git.commit("drop the token", settings__py="import os\nGITHUB_TOKEN = os.environ['GITHUB_TOKEN']\n")
    for n in range(20):
        git.commit(f"work {n}", **{f"lib/mod{n}__py": f"VALUE_{n} = {rng.randrange(10**6)}\n"})
    org.shared_secret = stripe_live_key(rng)
    chosen = set(rng.sample(range(forks), sharing))
    for i in range(forks):
        fork = clone(base, org.root / f"fork{i:02d}{'.git' if i % 2 else ''}", bare=bool(i % 2))
        org.forks.append(fork)
        if i in chosen:
            fork_commit(fork, "billing__py", f'STRIPE_KEY = "{org.shared_secret}"\n', "billing")
            org.sharing.append(fork)
        elif i % 5 == 0:
            fork_commit(fork, "notes__md", f"fork {i} notes\n", "notes")
    other = Git(org.root / "unrelated")
    other.commit("other", main__go="package main\n")
    org.unrelated = other.path
    return org
