"""The command line. Thin: parse options, build the pieces, run, report. One error funnel for all commands.

The click application is in cli/app.py and is imported on first use of `main` or `cli`: the fast path
(cli/fast.py) lives in this package too and must not pay for click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secretguard.cli.app import cli as cli
    from secretguard.cli.app import main as main


def __getattr__(name: str) -> Any:
    if name in ("main", "cli"):
        from secretguard.cli import app  # noqa: PLC0415

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
