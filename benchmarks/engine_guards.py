#!/usr/bin/env python3
"""Engine speed guards: the hostile inputs of tests/scan/test_engine.py, timed against the budgets the tests
used to assert.

The tests check what the engine finds on these inputs and that it finishes at all; wall time on a shared,
loaded machine is noise (a 0.57 s scan took 7.8 s there), so it is measured here instead, in one process,
with a warm-up run and the median of --repeat runs. Run it on a quiet machine; it exits 1 when a median is
over its budget.

  python benchmarks/engine_guards.py --repeat 5 --json benchmarks/results/engine_guards.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the input generators are the tests' own

from secretguard.scan.chunk import Chunk  # noqa: E402
from secretguard.scan.engine import Engine  # noqa: E402
from secretguard.scan.rules import builtin_rules  # noqa: E402
from tests.helpers import aws_key_id, github_style_token  # noqa: E402
from tests.scan.test_engine import minified_js  # noqa: E402

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    budget: float  # seconds, the bound the test once asserted
    build: Callable[[], bytes]


def _flood(unit: bytes) -> Callable[[], bytes]:
    """5 MiB of `unit` repeated."""
    return lambda: unit * (5 * MB // len(unit))


def _minified() -> bytes:
    rng = random.Random(11)
    body = minified_js(rng, 5 * MB)
    token, key_id = github_style_token(rng), aws_key_id(rng)
    return (
        body[:1000] + f';var t="{token}";' + body[1000 : 4 * MB] + f';k="{key_id}";' + body[4 * MB :]
    ).encode()


def _structural(separator: str) -> Callable[[], bytes]:
    def build() -> bytes:
        rng = random.Random(14)
        return separator.join(f'v{i} = "{github_style_token(rng)}"' for i in range(8000)).encode()

    return build


CASES = [
    Case("5 MiB minified line, 2 planted secrets", "dist/app.min.js", 2.0, _minified),
    Case("5 MiB of 'a'", "a.txt", 2.0, lambda: b"a" * (5 * MB)),
    Case(
        "2 MiB of 'a' + a token",
        "a.txt",
        2.0,
        lambda: b"a" * (2 * MB) + b" " + github_style_token(random.Random(12)).encode(),
    ),
    *(
        Case(f"5 MiB of {unit!r}", "flood.txt", 3.0, _flood(unit))
        for unit in (b"password=", b"password=\n", b"token ")
    ),
    Case("5 MiB of 'api_key: ' (reported partial)", "flood.yaml", 3.0, lambda: b"api_key: " * (5 * MB // 9)),
    Case(
        "'password=' flood + a token",
        "flood.txt",
        3.0,
        lambda: b"password=" * 300_000 + b"\ntoken " + github_style_token(random.Random(13)).encode() + b"\n",
    ),
    Case("8000 tokens, one a line", "values.env", 30.0, _structural("\n")),
    Case("8000 tokens, one line", "values.env", 30.0, _structural(";")),
]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case; the median counts")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args()

    engine = Engine(builtin_rules())
    rows: list[dict[str, Any]] = []
    for case in CASES:
        data = case.build()
        findings = len(engine.scan(Chunk(data, case.path), []))  # warm-up: caches, first-use compiles
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            engine.scan(Chunk(data, case.path), [])
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        rows.append({"case": case.name, "bytes": len(data), "findings": findings, "budget_s": case.budget,
                     "median_s": round(median, 4), "runs_s": [round(t, 4) for t in times]})  # fmt: skip
        verdict = "ok" if median <= case.budget else "OVER BUDGET"
        size = len(data) / MB
        print(f"{case.name:<42} {size:6.2f} MiB {median:7.3f} s  (budget {case.budget:4.1f} s) {verdict}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["median_s"] > r["budget_s"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
