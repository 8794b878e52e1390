"""The `secretguard` command's entry point.

The pre-commit hook runs on every commit, so its usual answer (a clean staged change) must not pay for the
CLI framework: a `--staged` run first tries the fast path (scan/sources/git/fastpath.py), which imports
neither click nor the engine, and only falls back to the full CLI when it cannot answer by itself.
"""

from __future__ import annotations

import sys


def run() -> int:
    args = sys.argv[1:]
    if "--staged" in args:
        try:
            from secretguard.scan.sources.git.fastpath import try_fast_staged  # noqa: PLC0415

            code = try_fast_staged(args)
        except KeyboardInterrupt:
            return 130
        except Exception:  # noqa: BLE001 - the fast path only ever declines; the full path reports problems
            code = None
        if code is not None:
            return code
    from secretguard.cli import main  # noqa: PLC0415

    return main(args, fast_path_tried="--staged" in args)
