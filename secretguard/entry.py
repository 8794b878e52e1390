"""The `secretguard` command's entry point.

The pre-commit hook runs on every commit, so its answer must not pay for the CLI framework: every run first
tries the fast path (cli/fast.py), which imports neither click nor pydantic, answers a clean input from the
rule screen and anything else from the engine with the cached settings and rules, and declines when those
caches do not exist yet; everything else goes to the full CLI. This is the one place the fast path is tried.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from secretguard.cli.fast import try_fast  # noqa: PLC0415

        code = try_fast(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - the fast path only ever declines; the full path reports problems
        code = None
    if code is not None:
        return code
    from secretguard.cli import main  # noqa: PLC0415

    return main(args)
