#!/usr/bin/env python3
"""An organisation-wide scan, measured: `secretguard scan repos` over a synthetic organisation
(benchmarks/synthetic_org.py) against scanning each repository in its own `secretguard scan git` process.

    python benchmarks/synthetic_org.py /tmp/org --bases 3 --forks 30 --unique 5 --commits 3000
    python benchmarks/org_bench.py /tmp/org --json benchmarks/results/org.json

Reports wall time, peak memory (max RSS of the process tree, from /proc at exit via resource), findings,
and the recall of the planted credentials (each planted value must be in some finding's places, in its
repository). Also the time of one base repository alone, the yardstick of the acceptance bar (a 30-fork
family scanned in under 3x one repository's time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _secretguard() -> list[str]:
    found = shutil.which("secretguard")
    return [found] if found else [sys.executable, "-m", "secretguard"]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in MB of the children so far)."""
    started = time.perf_counter()
    code = subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    ).returncode
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, code, peak


def _recall(org: dict[str, Any], findings: list[dict[str, Any]]) -> tuple[int, int]:
    """Planted credentials found in their own repository: a planted value is found when it is part of a
    finding's secret (a private key is reported as the whole block) listed in a place of that repository.
    Needs a --show-secrets report (written 0600 into a temporary folder, deleted after)."""
    held: dict[str, list[str]] = {}
    for finding in findings:
        for place in finding.get("places", []):
            held.setdefault(os.path.basename(place["repository"]), []).append(finding["secret"])
    found = 0
    for plant in org["planted"]:
        secrets = held.get(plant["repository"], [])
        if any(value in secret for value in plant["values"] for secret in secrets):
            found += 1
    return found, len(org["planted"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("org", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--skip-per-repo", action="store_true", help="skip the one-process-per-repository run"
    )
    args = parser.parse_args()
    doc = json.loads((args.org / "org.json").read_text())
    repos = [args.org / r["name"] for r in doc["repositories"]]
    env = {**os.environ, "SECRETGUARD_FINGERPRINT_KEY": "org-bench"}
    out: dict[str, Any] = {"repositories": len(repos), "load": os.getloadavg()[0]}
    sg = _secretguard()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "org.json"
        base = next(r for r in repos if r.name == "base0.git")
        forks = sorted(r for r in repos if r.name.startswith("base0-fork"))
        runs: dict[str, list[float]] = {"org": [], "one_base": [], "base_family": []}
        for _ in range(args.repeat):
            seconds, code, peak = _timed(
                [*sg, "scan", "repos", str(args.org), "-q", "-f", "json", "-o", str(report)], env
            )
            runs["org"].append(seconds)
            out["org_exit"] = code
            runs["one_base"].append(
                _timed([*sg, "scan", "git", str(base), "-f", "json", "-o", os.devnull], env)[0]
            )
            family = [str(base), *map(str, forks)]
            runs["base_family"].append(
                _timed([*sg, "scan", "repos", *family, "-q", "-f", "json", "-o", os.devnull], env)[0]
            )
        out["peak_rss_mb_max_child"] = peak
        findings = json.loads(report.read_text())
        plain = Path(tmp) / "plain.json"
        subprocess.run(
            [*sg, "scan", "repos", str(args.org), "-q", "-f", "json", "-o", str(plain), "--show-secrets"],
            env=env,
            capture_output=True,
            check=False,
        )
        recall = _recall(doc, json.loads(plain.read_text()))
        out["findings"] = len(findings)
        out["places"] = sum(len(f.get("places", [])) for f in findings)
        out["planted_found"], out["planted_total"] = recall
        for name, values in runs.items():
            out[f"{name}_s"] = round(statistics.median(values), 3)
        out["family_vs_one"] = round(out["base_family_s"] / out["one_base_s"], 2)
        out["family_size"] = 1 + len(forks)
        if not args.skip_per_repo:
            started = time.perf_counter()
            for repo in repos:
                _timed([*sg, "scan", "git", str(repo), "-f", "json", "-o", os.devnull], env)
            out["per_repo_processes_s"] = round(time.perf_counter() - started, 3)
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
