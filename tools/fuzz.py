"""Run the parser fuzz tests (tests/fuzz/test_<parser>.py) for a time budget, one parser at a time.

    python tools/fuzz.py --minutes 10                 # every parser, 10 minutes each
    nice -n 19 python tools/fuzz.py --minutes 10 sourcemap dotenv

Each parser's properties run round-robin in chunks of examples under the `fuzz` Hypothesis profile (random
seeds; failures are saved in .hypothesis/fuzz and replayed first next time) until its budget is spent. A
property that fails is reported with its falsifying example and not run again in this campaign. Prints, per
parser, the examples run, the minutes spent and the failures; exits 1 when any property failed.
See tools/FUZZING.md.
"""

from __future__ import annotations

import argparse
import faulthandler
import importlib
import inspect
import json
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
PARSERS = ("ci_log", "sourcemap", "dotenv", "inventory", "settings", "rules", "baseline", "git", "event")
CHUNK = 200  # examples per run of one property before the next property gets its turn
HANG_SECONDS = 900  # one chunk taking longer than this is a hang: dump every thread's stack and stop


def _properties(module: Any) -> list[tuple[str, Any]]:
    return [
        (name, fn)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("test_") and hasattr(fn, "hypothesis")
    ]


def fuzz_parser(parser: str, seconds: float) -> dict[str, Any]:
    from tests.fuzz._harness import EXAMPLES  # noqa: PLC0415 - importable once main() set sys.path

    failures: list[dict[str, str]] = []
    try:
        module = importlib.import_module(f"tests.fuzz.test_{parser}")
    except Exception as exc:  # noqa: BLE001 - e.g. a test module edited into an error mid-campaign
        traceback.print_exc()
        error = f"cannot import tests/fuzz/test_{parser}.py: {type(exc).__name__}: {exc}"
        return {
            "parser": parser,
            "properties": 0,
            "examples": 0,
            "minutes": 0,
            "failures": [{"error": error}],
        }
    properties = _properties(module)
    active = list(properties)
    start = time.monotonic()
    before = sum(EXAMPLES.values())
    while active and time.monotonic() - start < seconds:
        for name, fn in list(active):
            if time.monotonic() - start >= seconds:
                break
            faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - every failure is reported, then the campaign goes on
                active.remove((name, fn))
                failures.append({"property": name, "error": f"{type(exc).__name__}: {exc}"[:2000]})
                print(f"[{parser}] FAILED {name}:", file=sys.stderr)
                traceback.print_exc()
            finally:
                faulthandler.cancel_dump_traceback_later()
    elapsed = time.monotonic() - start
    return {
        "parser": parser,
        "properties": len(properties),
        "examples": sum(EXAMPLES.values()) - before,
        "minutes": round(elapsed / 60, 2),
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("parsers", nargs="*", metavar="PARSER", help=f"default: all of {', '.join(PARSERS)}")
    parser.add_argument("--minutes", type=float, default=10.0, help="budget per parser (default 10)")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="examples per turn of one property")
    parser.add_argument("--json", type=Path, help="also append the results here, one JSON object a line")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.parsers) - set(PARSERS))
    if unknown:
        parser.error(f"unknown parser(s) {', '.join(unknown)}; choose from {', '.join(PARSERS)}")

    os.environ["HYPOTHESIS_PROFILE"] = "fuzz"
    # Like the test suite's autouse fixture: no developer SECRETGUARD_* settings leak into the properties.
    for key in [k for k in os.environ if k.startswith("SECRETGUARD_") and k != "SECRETGUARD_CACHE_DIR"]:
        del os.environ[key]
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    importlib.import_module("tests.fuzz.conftest")  # registers the profiles
    # Each property runs `--chunk` examples per turn: the profile in force when the test modules are imported
    # is the one their @given uses.
    settings.register_profile("fuzz-chunk", settings.get_profile("fuzz"), max_examples=args.chunk)
    settings.load_profile("fuzz-chunk")

    failed = False
    print(f"{'parser':<10} {'examples':>10} {'minutes':>8} {'failures':>8}", flush=True)
    for name in args.parsers or PARSERS:
        result = fuzz_parser(name, args.minutes * 60)
        result["date"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        failed |= bool(result["failures"])
        print(
            f"{name:<10} {result['examples']:>10} {result['minutes']:>8} {len(result['failures']):>8}",
            flush=True,
        )
        for failure in result["failures"]:
            print(f"  {failure.get('property', '-')}: {failure['error'].splitlines()[0]}", flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as out:
                out.write(json.dumps(result) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
