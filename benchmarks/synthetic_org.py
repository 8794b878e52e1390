#!/usr/bin/env python3
"""Build a synthetic organisation of git repositories, for timing `secretguard scan repos` offline.

    python benchmarks/synthetic_org.py /tmp/org --bases 3 --forks 30 --unique 5 --commits 3000

The organisation looks like a real one on a code host:
- `--bases` base histories (benchmarks/make_synthetic_history.py, each its own seed and `--commits` commits,
  with that script's planted credentials);
- `--forks` forks per base: full clones (own object store: `git clone --mirror --no-local`), each with one
  to five commits of its own on a new branch, as a fork's feature work;
- `--unique` small unrelated repositories (their own seed, a tenth of the commits);
- `--shared-key` forks per base get the SAME made-up credential added in their own commit (a key copied
  between forks, the case cross-repository dedupe must fold into one finding with several places).
Every repository is a bare mirror in TARGET; TARGET/org.json lists them and every planted credential.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ALNUM = string.ascii_letters + string.digits


def git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return proc.stdout


def build_base(target: Path, seed: int, commits: int) -> list[dict[str, Any]]:
    """A base history (made by make_synthetic_history.py) as a bare repository; returns its plants."""
    with tempfile.TemporaryDirectory(prefix="org-base-") as tmp:
        work = Path(tmp) / "work"
        planted = Path(tmp) / "planted.json"
        script = HERE / "make_synthetic_history.py"
        files = max(50, commits // 10)
        subprocess.run(
            [
                sys.executable,
                str(script),
                str(work),
                "--commits",
                str(commits),
                "--files",
                str(files),
                "--seed",
                str(seed),
                "--plant",
                "8",
                "--planted",
                str(planted),
            ],
            check=True,
            capture_output=True,
        )
        git("clone", "-q", "--mirror", "--no-local", str(work), str(target))
        doc: list[dict[str, Any]] = json.loads(planted.read_text())
        return doc


def add_fork_commits(fork: Path, rng: random.Random, shared: str | None) -> list[dict[str, Any]]:
    """One to five commits on a new branch of a bare fork; the shared credential in one of them."""
    plants: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="org-fork-") as tmp:
        work = Path(tmp)
        git("clone", "-q", str(fork), str(work))
        git("checkout", "-q", "-b", f"feature-{rng.randrange(10**6)}", cwd=work)
        count = rng.randint(1, 5)
        secret_at = rng.randrange(count) if shared else -1
        for n in range(count):
            name = f"feature/file_{rng.randrange(10**6)}.py"
            path = work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            lines = [f"value_{i} = {rng.randrange(10**9)}\n" for i in range(rng.randint(5, 40))]
            if n == secret_at and shared is not None:
                lines.insert(len(lines) // 2, f'STRIPE_API_KEY = "{shared}"\n')
                plants.append({"kind": "stripe-live-key", "values": [shared], "path": name})
            path.write_text("".join(lines))
            git("add", name, cwd=work)
            git(
                "-c",
                "user.name=Fork Dev",
                "-c",
                "user.email=dev@example.org",
                "commit",
                "-q",
                "-m",
                f"feature work {n}",
                cwd=work,
            )
        git("push", "-q", "origin", "HEAD", cwd=work)
    return plants


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", type=Path)
    parser.add_argument("--bases", type=int, default=3)
    parser.add_argument("--forks", type=int, default=30, help="forks per base")
    parser.add_argument("--unique", type=int, default=5)
    parser.add_argument("--commits", type=int, default=3000, help="commits per base history")
    parser.add_argument("--shared-key", type=int, default=3, help="forks per base sharing one planted key")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.target.mkdir(parents=True, exist_ok=False)
    org: dict[str, Any] = {"repositories": [], "planted": []}
    for b in range(args.bases):
        base = args.target / f"base{b}.git"
        for plant in build_base(base, args.seed * 100 + b, args.commits):
            org["planted"].append({**plant, "repository": base.name, "forks_too": True})
        org["repositories"].append({"name": base.name, "kind": "base"})
        shared = "sk_live_" + "".join(rng.choice(ALNUM) for _ in range(24))
        sharing = set(rng.sample(range(args.forks), min(args.shared_key, args.forks)))
        for f in range(args.forks):
            fork = args.target / f"base{b}-fork{f:03d}.git"
            git("clone", "-q", "--mirror", "--no-local", str(base), str(fork))
            for plant in add_fork_commits(fork, rng, shared if f in sharing else None):
                org["planted"].append({**plant, "repository": fork.name, "forks_too": False})
            org["repositories"].append({"name": fork.name, "kind": "fork", "base": base.name})
    for u in range(args.unique):
        repo = args.target / f"unique{u}.git"
        for plant in build_base(repo, args.seed * 1000 + u, max(100, args.commits // 10)):
            org["planted"].append({**plant, "repository": repo.name, "forks_too": False})
        org["repositories"].append({"name": repo.name, "kind": "unique"})
    (args.target / "org.json").write_text(json.dumps(org, indent=2) + "\n")
    print(
        f"{len(org['repositories'])} repositories, {len(org['planted'])} planted credentials in {args.target}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
