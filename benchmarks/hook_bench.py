#!/usr/bin/env python3
"""Pre-commit hook latency: `secretguard scan git --staged` on a typical staged change in a large repository,
against gitleaks (`git --pre-commit --staged`) and detect-secrets-hook on the same change (stdlib only).

The repository is the `dir` suite's source tree (benchmarks/run.py builds it: ~27k files, ~380 MB) committed
once into --data/hook-repo. A typical change edits --files files (default 3) and stages them; three changes
are measured:
  clean    ordinary code
  near     code with secret-looking assignments that are not secrets (`password = os.environ[...]`, a
           placeholder), which wakes the rules' keyword triggers but must be rejected
  secret   a real-looking GitHub token: every tool must block it (exit code 1)
secretguard answers `clean` from its rule screen (cli/fast.py: no hit); `near` and `secret` hit the screen,
and the engine, run by the fast path with the cached settings and rules (no click, no pydantic), tells a
rejected candidate from a finding.

Each tool runs as the hook would: a fresh process in the repository. secretguard runs its installed console
script (the file pip wrote, not a pyenv shim) with bytecode written to benchmarks/results/pycache during the
warm-up, as an installed package has it. Each tool gets 3 unreported warm-up runs per change (the first
secretguard run after an install also fills its fast-path cache), then --repeat timed runs, interleaved.
`python -c pass` is the floor every Python tool pays.

  python benchmarks/hook_bench.py --repeat 21 --json benchmarks/results/hook.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "data" / "site-packages-src"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def build_repo(data: Path) -> Path:
    repo = data / "hook-repo"
    marker = repo / ".git" / "hook-bench-ready"
    if marker.exists():
        return repo
    if not SOURCE.is_dir():
        sys.exit(
            f"{SOURCE} is missing: run `python benchmarks/run.py --suite dir --tools secretguard --repeat 1`"
            " first (it builds the tree)"
        )
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(SOURCE, repo)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "bench@example.test")
    git(repo, "config", "user.name", "bench")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "import")
    marker.write_text("ok\n")
    return repo


def pick_files(repo: Path, count: int) -> list[Path]:
    tracked = [line for line in git(repo, "ls-files", "*.py").splitlines() if line]
    rng = random.Random(7)
    return [repo / p for p in rng.sample(tracked, count)]


def token() -> str:
    rng = random.Random(11)
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


CHANGES = {
    "clean": "\n\ndef _bench_helper(values):\n    total = 0\n    for value in values:\n"
    "        total += value\n    return total\n",
    "near": "\n\nimport os\npassword = os.environ['DB_PASSWORD']\napi_key = '<your-api-key-here>'\n"
    "secret_key = settings.SECRET_KEY\n",
    "secret": f"\n\nGITHUB_TOKEN = '{token()}'\n",
}


def stage(repo: Path, files: list[Path], change: str) -> None:
    git(repo, "reset", "-q", "--hard")
    for path in files:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(CHANGES[change])
    git(repo, "add", *[str(p.relative_to(repo)) for p in files])


def console_script(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else shutil.which(name) or name


def tools(peers: Path, files: list[Path], repo: Path) -> dict[str, list[str]]:
    relative = [str(p.relative_to(repo)) for p in files]
    out = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "secretguard": [console_script("secretguard"), "scan", "git", "--staged"],
    }
    gitleaks = peers / "bin" / "gitleaks"
    if gitleaks.exists():
        out["gitleaks 8.30.1"] = [str(gitleaks), "git", "--pre-commit", "--staged", "--no-banner", "."]
    hook = peers / "bin" / "detect-secrets-hook"
    if hook.exists():
        out["detect-secrets-hook"] = [str(hook), *relative]
    return out


def timed(command: list[str], repo: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--peers", type=Path, default=HERE.parent / ".peers")
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    repo = build_repo(args.data)
    files = pick_files(repo, args.files)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(HERE / "results" / "pycache")
    env["LC_ALL"] = "C.UTF-8"
    results: dict[str, dict[str, object]] = {}
    for change in CHANGES:
        stage(repo, files, change)
        commands = tools(args.peers, files, repo)
        for command in commands.values():
            for _ in range(3):
                timed(command, repo, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        codes: dict[str, set[int]] = {name: set() for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                seconds, code = timed(command, repo, env)
                samples[name].append(seconds)
                codes[name].add(code)
        for name, values in samples.items():
            ordered = sorted(values)
            row = {
                "median_ms": round(statistics.median(values) * 1000, 1),
                "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 1),
                "min_ms": round(ordered[0] * 1000, 1),
                "exit_codes": sorted(codes[name]),
            }
            results[f"{change}/{name}"] = row
            print(
                f"{change:6} {name:24} median {row['median_ms']:7.1f} ms  p90 {row['p90_ms']:7.1f} ms  "
                f"min {row['min_ms']:7.1f} ms  exit {row['exit_codes']}"
            )
    git(repo, "reset", "-q", "--hard")
    load = os.getloadavg()[0]
    files_in_repo = len(git(repo, "ls-files").splitlines())
    print(
        f"repository: {files_in_repo} files; staged files per change: {args.files}; load average {load:.2f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"files_in_repo": files_in_repo, "load": load, "results": results}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
