#!/usr/bin/env python3
"""Start-up latency: a one-file `secretguard scan files` and the pre-commit hook (`scan git --staged` on a
one-file change in a small repository), as fresh processes (stdlib only). Each on three inputs:
  clean    ordinary code: answered by the rule screen alone (cli/fast.py)
  near     `password = os.environ[...]` and a placeholder: the screen hits, the engine rejects them
  secret   a real-looking GitHub token: the engine reports it (exit code 1)

Measured next to `python -c pass` (the floor every Python tool pays), `scan files clean.py --format sarif`
(a format the screen does not answer: the engine, run by the fast path) and `scan files near.py` through the
click application alone (`secretguard.cli.main`: the full path, taken when no snapshot or screen exists).
Each command gets --warmup unreported runs (the first fills the settings snapshot, the rule screen and the
rule cache in a private cache folder), then --repeat timed runs, interleaved. Latency is not measured
under `nice`: run it on a machine as idle as you can get, and read the load average printed with the
results (taken before and after).

  python benchmarks/startup_bench.py --repeat 21 --json benchmarks/results/startup.json
  python benchmarks/startup_bench.py --importtime near   # where `scan files near.py` spends its imports
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
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLEAN = "def add(a, b):\n    return a + b\n"
NEAR = "import os\npassword = os.environ['DB_PASSWORD']\napi_key = '<your-api-key-here>'\n"


def token() -> str:
    rng = random.Random(11)
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


INPUTS = {"clean": CLEAN, "near": NEAR, "secret": f"GITHUB_TOKEN = '{token()}'\n"}


def console_script(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else shutil.which(name) or name


def commands(folder: Path) -> dict[str, tuple[list[str], Path]]:
    secretguard = console_script("secretguard")
    out: dict[str, tuple[list[str], Path]] = {
        "python -c pass (floor)": ([sys.executable, "-c", "pass"], folder)
    }
    for kind in INPUTS:
        out[f"scan files {kind}.py"] = ([secretguard, "scan", "files", f"{kind}.py"], folder)
    for kind in INPUTS:
        out[f"scan git --staged ({kind} hook)"] = ([secretguard, "scan", "git", "--staged"], folder / kind)
    out["scan files clean.py --format sarif"] = (
        [secretguard, "scan", "files", "clean.py", "--format", "sarif"],
        folder,
    )
    full = "import sys; from secretguard.cli import main; sys.exit(main(sys.argv[1:]))"
    out["scan files near.py (full path)"] = ([sys.executable, "-c", full, "scan", "files", "near.py"], folder)
    return out


def prepare(folder: Path) -> None:
    for kind, text in INPUTS.items():
        (folder / f"{kind}.py").write_text(text)
        repo = folder / kind
        repo.mkdir()
        for args in (
            ["init", "-q"],
            ["config", "user.email", "b@example.test"],
            ["config", "user.name", "b"],
        ):
            subprocess.run(["git", "-C", str(repo), *args], check=True)
        (repo / "README.md").write_text("# bench\n")
        subprocess.run(["git", "-C", str(repo), "add", "README.md"], check=True)
        subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", "init"], check=True)
        (repo / "app.py").write_text(text)
        subprocess.run(["git", "-C", str(repo), "add", "app.py"], check=True)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def importtime(command: list[str], cwd: Path, env: dict[str, str], top: int = 25) -> None:
    python = [sys.executable, "-X", "importtime", "-m", "secretguard", *command[1:]]
    done = subprocess.run(python, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    for cumulative, name in sorted(rows, reverse=True)[:top]:
        print(f"{cumulative / 1000:8.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--importtime",
        choices=sorted(INPUTS),
        help="print the import profile of `scan files KIND.py` and stop",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="secretguard-startup-") as temp:
        folder = Path(temp)
        prepare(folder)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {k: v for k, v in env.items() if not k.startswith("SECRETGUARD_")}
        env["SECRETGUARD_CACHE_DIR"] = str(folder / "cache")
        env["PYTHONPYCACHEPREFIX"] = str(HERE / "results" / "pycache")
        env["LC_ALL"] = "C.UTF-8"
        runs = commands(folder)
        for command, cwd in runs.values():
            for _ in range(args.warmup):
                timed(command, cwd, env)
        if args.importtime:
            importtime(*runs[f"scan files {args.importtime}.py"], env)
            return
        load_before = os.getloadavg()
        samples: dict[str, list[float]] = {name: [] for name in runs}
        codes: dict[str, set[int]] = {name: set() for name in runs}
        for _ in range(args.repeat):
            for name, (command, cwd) in runs.items():
                seconds, code = timed(command, cwd, env)
                samples[name].append(seconds)
                codes[name].add(code)
        load_after = os.getloadavg()
    results: dict[str, dict[str, object]] = {}
    for name, values in samples.items():
        ordered = sorted(values)
        row: dict[str, object] = {
            "median_ms": round(statistics.median(values) * 1000, 1),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 1),
            "min_ms": round(ordered[0] * 1000, 1),
            "exit_codes": sorted(codes[name]),
        }
        results[name] = row
        print(
            f"{name:40} median {row['median_ms']:7.1f} ms  p90 {row['p90_ms']:7.1f} ms  "
            f"min {row['min_ms']:7.1f} ms  exit {row['exit_codes']}"
        )
    print(
        f"runs: {args.repeat} each, interleaved; load average (1, 5, 15 min) before "
        f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, after "
        f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {os.cpu_count()} cores"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "repeat": args.repeat,
            "load_before": load_before,
            "load_after": load_after,
            "results": results,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
