"""Real repositories for the CI gate: a bare remote, a developer's clone that pushes to it, clones of it as a
CI runner makes them (full, or shallow), and the CI's own environment (GitHub Actions, GitLab CI).

Every clone a test scans is made through a file:// URL: like a fetch from a server, it receives only the
objects reachable from the remote's refs (a local path would copy the whole object store, and a commit a
force push left behind would still be in the clone)."""

from __future__ import annotations

import json
import os
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ALNUM, aws_key_id, private_key_block, rand
from tests.scan.sources.gitfixtures import Git

ZERO = "0" * 40
STRIPE_RULE = "stripe-live-secret-key"
AWS_RULE = "aws-access-key-id"
# Variables of the CI systems the gate reads, and of the runner these tests may themselves run in.
CI_PREFIXES = ("GITHUB_", "GITLAB_", "CI_", "RUNNER_")
CI_NAMES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI")


def clear_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the developer's or the CI runner's own CI variables (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, ...):
    a test sets exactly the ones its event needs."""
    for key in list(os.environ):
        if key.startswith(CI_PREFIXES) or key in CI_NAMES:
            monkeypatch.delenv(key)


def stripe_key(rng: random.Random) -> str:
    """A live-looking Stripe secret key: `sk_live_` and 24 random alphanumerics (made up, never real)."""
    return "sk_live_" + rand(rng, ALNUM, 24)


def stripe_file(key: str) -> str:
    return f'const stripe = require("stripe")("{key}");\n'


def aws_file(key: str) -> str:
    return f"[default]\naws_access_key_id = {key}\nregion = eu-west-1\n"


def pem_file(rng: random.Random) -> str:
    return private_key_block(rng) + "\n"


def clone_as_dev(url: str, path: Path) -> Git:
    subprocess.run(["git", "clone", "-q", url, str(path)], check=True, capture_output=True)
    git = Git(path, init=False)
    git("config", "user.name", "Dev Eloper")
    git("config", "user.email", "dev@example.com")
    git("config", "commit.gpgsign", "false")
    return git


@dataclass
class Remote:
    """`remote.git` (bare, default branch main) and `dev`, the clone commits are made and pushed from.

    main holds four commits; the second adds `config/aws.cfg` with an AWS key, so a scan of main's history
    finds it and a scan of a branch's own commits must not."""

    root: Path
    bare: Path
    dev: Git
    rng: random.Random
    main_key: str
    main: list[str] = field(default_factory=list)  # main's commits, oldest first
    clones: int = 0

    @property
    def url(self) -> str:
        return self.bare.as_uri()

    def push(self, *refs: str, force: bool = False) -> None:
        self.dev("push", "-q", *(["--force"] if force else []), "origin", *refs)

    def tip(self, ref: str) -> str:
        """The commit (or annotated tag object) `ref` names in the remote."""
        out = subprocess.run(
            ["git", "-C", str(self.bare), "rev-parse", "--verify", ref],
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    def branch(self, name: str, *, start: str = "main", key: str | None = None, clean: int = 0) -> list[str]:
        """A branch from `start` with `clean` clean commits, then one adding `pay.js` with the Stripe key
        `key` (when given); pushed. Its new commits, oldest first."""
        self.dev("checkout", "-q", "-b", name, start)
        made = [
            self.dev.commit(f"{name}: step {i}", **{f"{name}_{i}__txt": f"step {i}\n"}) for i in range(clean)
        ]
        if key is not None:
            made.append(self.dev.commit(f"{name}: payments", pay__js=stripe_file(key)))
        self.push(name)
        self.dev("checkout", "-q", "main")
        return made

    def clone(self, *, checkout: str | None = None, depth: int | None = None, name: str = "") -> Git:
        """A CI runner's clone: everything (actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`), or
        `depth` commits of `checkout` only; `checkout` (a branch, tag or commit) is checked out."""
        self.clones += 1
        path = self.root / (name or f"ci-{self.clones}")
        args = ["git", "clone", "-q"]
        if depth is not None:
            args += ["--depth", str(depth)]
            if checkout is not None:
                args += ["--branch", checkout]
        subprocess.run([*args, self.url, str(path)], check=True, capture_output=True)
        git = Git(path, init=False)
        git("config", "user.name", "CI Runner")
        git("config", "user.email", "ci@example.com")
        git("config", "commit.gpgsign", "false")
        if checkout is not None and depth is None:
            git("checkout", "-q", checkout)
        return git


def build_remote(root: Path, seed: int = 7) -> Remote:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    bare = root / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True, capture_output=True)
    dev = Git(root / "dev")
    dev("remote", "add", "origin", bare.as_uri())
    remote = Remote(root=root, bare=bare, dev=dev, rng=rng, main_key=aws_key_id(rng))
    remote.main.append(dev.commit("initial", README__md="# app\n", app__py="print('hello')\n"))
    remote.main.append(dev.commit("aws config", **{"config/aws__cfg": aws_file(remote.main_key)}))
    remote.main.append(dev.commit("docs", docs__md="# docs\n"))
    remote.main.append(dev.commit("tweak", app__py="print('hello, world')\n"))
    dev("push", "-q", "-u", "origin", "main")
    return remote


def rev_list(git: Git, range_spec: str | None) -> set[str]:
    """The commits a target's range names (every commit of every ref for None)."""
    words = range_spec.split() if range_spec is not None else ["--all"]
    out = git("rev-list", *words)
    return set(out.split())


# The CI's environment.


def github(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    event: str,
    payload: dict[str, Any] | None,
    *,
    sha: str | None = None,
    ref: str | None = None,
    summary: Path | None = None,
) -> Path:
    """GitHub Actions variables for `event`, its payload in an event file (no file when `payload` is None)."""
    path = folder / f"github-event-{event}.json"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", event)
    if payload is not None:
        path.write_text(json.dumps(payload), encoding="utf-8")
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    for name, value in (("GITHUB_SHA", sha), ("GITHUB_REF", ref), ("GITHUB_STEP_SUMMARY", summary)):
        if value is not None:
            monkeypatch.setenv(name, str(value))
    return path


def github_push(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    *,
    before: str,
    after: str,
    ref: str,
    default: str = "main",
    summary: Path | None = None,
) -> Path:
    payload = {"ref": ref, "before": before, "after": after, "repository": {"default_branch": default}}
    return github(monkeypatch, folder, "push", payload, sha=after, ref=ref, summary=summary)


def gitlab(monkeypatch: pytest.MonkeyPatch, source: str, **variables: str) -> None:
    """GitLab CI variables: CI_PIPELINE_SOURCE=`source` and CI_<NAME> for each keyword (commit_sha=...)."""
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CI_PIPELINE_SOURCE", source)
    monkeypatch.setenv("CI_DEFAULT_BRANCH", variables.pop("default_branch", "main"))
    for name, value in variables.items():
        monkeypatch.setenv(f"CI_{name.upper()}", value)
