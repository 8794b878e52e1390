"""The `secretguard` command's entry point.

The pre-commit hook runs on every commit, so its answer must not pay for the CLI framework: every run first
tries the fast path (cli/fast.py), which imports neither click nor pydantic, answers a clean input from the
rule screen and anything else from the engine with the cached settings and rules, and declines when those
caches do not exist yet; everything else goes to the full CLI. This is the one place the fast path is tried.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn


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


def main() -> NoReturn:
    """The console script and `python -m secretguard`: `run`, then leave (see `leave`)."""
    leave(run())


def leave(code: int) -> NoReturn:
    """Exit with `code` once the answer is written, without the interpreter's teardown: freeing a history
    scan's heap object by object and unloading every module costs ~40 ms, a tenth of a small scan. What a
    normal exit does that matters still happens: the cleanups libraries registered (worker pools, temporary
    folders, logging) run, and standard output and error are flushed. With other threads still running,
    the normal exit (which waits for them) is taken instead."""
    if threading.active_count() > 1:
        raise SystemExit(code)
    atexit._run_exitfuncs()  # the cleanups a normal exit runs, without the teardown after them
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be written anyway
            stream.flush()
    os._exit(code)
