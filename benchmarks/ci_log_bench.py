#!/usr/bin/env python3
"""The `ci-log` suite: one large CI log, `secretguard scan ci-log` against `gitleaks dir` on the same file.

The log is a GitHub Actions job log (timestamp on every line, step groups, colour codes, CR progress lines)
made by repeating the real `pip install -v`, `npm install --verbose`, `git clone -v --progress` and `curl -v`
output of tests/assets/ci_logs/raw/ and the masked (clean) fixture job, with a few planted secrets at known
lines. Both tools scan the same bytes: secretguard as a CI log (normalized), gitleaks as a plain file. Each
runs once, as a child process: wall time around it, peak RSS from os.wait4() (stdlib only).

    python benchmarks/ci_log_bench.py --size-mb 1024 --json benchmarks/results/ci_log.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ASSETS = REPO / "tests" / "assets" / "ci_logs"
MB = 1_000_000
STAMP = "2024-05-01T12:00:00.1234567Z "
# Made-up values of the right shapes (random characters; never real credentials).
PLANTED = [
    "+ curl -sS -H 'Authorization: Bearer Zq8Lm2Xv7Rp4Tn9Wk3Hc6Jd1Fb5Gs0Ya' https://api.example.io/v1/deploy",
    "+ git clone https://ci-bot:Kp9xQ2mZ7wLr4Tv8@git.example.io/org/repo.git",
    "AWS_ACCESS_KEY_ID=AKIAQ7MZKX2LR4TV6WBN",
    "+ docker login -u ci-bot -p Wq7Lz29xKpR4vN8sTq3M registry.example.io",
]


def _fixture_job() -> list[str]:
    """The clean (masked) GitHub job fixture, without its byte-order mark, as lines."""
    spec = importlib.util.spec_from_file_location("ci_log_fixtures", ASSETS / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ci_log_fixtures"] = module
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as tmp:
        module.build(Path(tmp), planted=False)
        text = (Path(tmp) / "github_job.log").read_text(encoding="utf-8").removeprefix("\ufeff")
    return text.splitlines()


def make_log(path: Path, size_mb: int) -> list[int]:
    """Write the log; return the line numbers of the planted secrets."""
    unit: list[str] = []
    for tool in ("pip", "npm", "git", "curl"):
        unit += [f"{STAMP}##[group]Run {tool}", f"{STAMP}\x1b[36;1m{tool} ...\x1b[0m", f"{STAMP}##[endgroup]"]
        raw = (ASSETS / "raw" / f"{tool}.txt").read_text(encoding="utf-8").split("\n")[:-1]
        unit += [STAMP + line for line in raw]
    tool_block = "".join(line + "\n" for line in unit).encode()
    job_block = "".join(line + "\n" for line in _fixture_job()).encode()
    tool_lines, job_lines = tool_block.count(b"\n"), job_block.count(b"\n")
    target = size_mb * MB
    # Mostly tool output; the fixture job (env dumps, masked values, PEM step...) every 20th block.
    blocks = max(1, target // (19 * len(tool_block) + len(job_block)) * 20)
    plant_at = {blocks * (i + 1) // (len(PLANTED) + 1): secret for i, secret in enumerate(PLANTED)}
    lines: list[int] = []
    line = 0
    with path.open("wb") as out:
        for index in range(blocks):
            if index % 20 == 19:
                out.write(job_block)
                line += job_lines
            else:
                out.write(tool_block)
                line += tool_lines
            if index in plant_at:
                out.write(f"{STAMP}{plant_at[index]}\n".encode())
                line += 1
                lines.append(line)
    return lines


def run(cmd: list[str], cwd: Path) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {
        "cmd": " ".join(cmd),
        "exit": os.waitstatus_to_exitcode(status),
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "stderr_tail": err[-300:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="log size in decimal MB (default 1024)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "secretguard-ci-log-bench")
    parser.add_argument("--peers", type=Path, default=REPO / ".peers", help="where install.sh put the peers")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the generated log")
    args = parser.parse_args(argv)

    args.data.mkdir(parents=True, exist_ok=True)
    log = args.data / "job.log"
    planted_lines = make_log(log, args.size_mb)
    size = log.stat().st_size
    work = args.data / "empty-cwd"  # no project configuration is picked up from here
    work.mkdir(exist_ok=True)
    results: dict[str, Any] = {
        "suite": "ci-log",
        "log_bytes": size,
        "planted_lines": planted_lines,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "tools": {},
    }
    secretguard = shutil.which("secretguard") or sys.executable
    sg_cmd = [secretguard] if secretguard != sys.executable else [sys.executable, "-m", "secretguard"]
    sg_out = args.data / "secretguard.json"
    sg = run([*sg_cmd, "scan", "ci-log", str(log), "--format", "json", "--output", str(sg_out)], work)
    findings = json.loads(sg_out.read_text(encoding="utf-8")) if sg_out.exists() else []
    sg["findings"] = len(findings)
    sg["planted_found"] = sorted({f["line"] for f in findings} & set(planted_lines))
    results["tools"]["secretguard"] = sg
    gitleaks = args.peers / "bin" / "gitleaks"
    if gitleaks.exists():
        gl_out = args.data / "gitleaks.json"
        gl = run([str(gitleaks), "dir", str(log), "-f", "json", "-r", str(gl_out), "--no-banner"], work)
        found = json.loads(gl_out.read_text(encoding="utf-8")) if gl_out.exists() else []
        gl["findings"] = len(found)
        gl["planted_found"] = sorted({f.get("StartLine") for f in found} & set(planted_lines))
        results["tools"]["gitleaks"] = gl
    for tool in results["tools"].values():
        tool["mb_per_s"] = round(size / MB / tool["wall_s"], 1) if tool["wall_s"] else None
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    if not args.keep:
        log.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
