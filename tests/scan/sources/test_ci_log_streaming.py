"""Large logs stream in constant memory: bounded blocks in, bounded chunks out, whatever the log's size."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.scan.sources.test_ci_log import ASSETS

SIZE = 50 * 1024 * 1024
SECRET = "Authorization: Bearer Zq8Lm2Xv7Rp4Tn9Wk3Hc6Jd1Fb5Gs0Ya"

# A child process, so that its peak RSS belongs to this scan alone: first the log is only read and
# normalized (the streaming part), then scanned; ru_maxrss is a high-water mark, so each growth is measured
# after the phases before it.
_CHILD = """
import json, resource, sys
from secretguard.scan.engine import Engine
from secretguard.scan.finding import ScanResult
from secretguard.scan.rules import builtin_rules
from secretguard.scan.runner import Runner
from secretguard.scan.sources.ci_log import CiLogOptions, CiLogSource
from secretguard.scan.sources.ci_log.inputs import open_runs
from secretguard.scan.sources.ci_log.stream import member_chunks

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

engine = Engine(builtin_rules())
options = CiLogOptions()
runner = Runner(engine, workers=2)  # one runner, one pool: the warm-up and the measured scan
runner.run(CiLogSource([sys.argv[1]], options), ScanResult())  # warm up every code path on a small log
start = peak()
largest = 0
for run in open_runs([sys.argv[2]], ScanResult()):
    for member in run.members:
        for chunk in member_chunks(member, options, ScanResult(), None):
            largest = max(largest, len(chunk.data))
streamed = peak()
result = runner.run(CiLogSource([sys.argv[2]], options), ScanResult())
scanned = peak()
runner.close()
print(json.dumps({
    "stream_growth_mb": streamed - start, "scan_growth_mb": scanned - streamed, "largest_chunk": largest,
    "lines": sorted((f.line, f.rule_id) for f in result.findings), "skipped": len(result.skipped),
}))
"""


def big_log(path: Path) -> list[int]:
    """~50 MB of a GitHub job log made of the real pip/npm/git/curl output under step groups, with one
    secret near the start, the middle and the end. Returns the secret's line numbers."""
    stamp = b"2024-05-01T12:00:00.1234567Z "
    unit = b""
    for tool in ("pip", "npm", "git", "curl"):
        unit += stamp + b"##[group]Run " + tool.encode() + b"\n" + stamp + b"##[endgroup]\n"
        unit += b"".join(
            stamp + line + b"\n" for line in (ASSETS / "raw" / f"{tool}.txt").read_bytes().splitlines()
        )
    unit_lines = unit.count(b"\n")
    repeats = SIZE // len(unit)
    planted_at = {1, repeats // 2, repeats - 1}
    lines: list[int] = []
    line = 0
    with path.open("wb") as out:
        for index in range(repeats):
            out.write(unit)
            line += unit_lines
            if index in planted_at:
                out.write(stamp + b"+ curl -H '" + SECRET.encode() + b"' https://api.example.io\n")
                line += 1
                lines.append(line)
    return lines


def test_a_large_log_streams_and_scans_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    lines = big_log(path)
    assert path.stat().st_size > 45 * 1024 * 1024
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ASSETS / "gitlab_job.log"), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(proc.stdout)
    # Reading the whole log into memory would grow by its size (50 MB), normalizing it by as much again.
    assert report["stream_growth_mb"] < 16, report
    assert report["largest_chunk"] < 4 * 1024 * 1024
    assert report["scan_growth_mb"] < 64, report
    assert report["lines"] == [[line, "http-bearer-token"] for line in lines]
    assert report["skipped"] == 0
