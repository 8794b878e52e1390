"""Progress of a long scan on the terminal: what a source reports (source.Progress) shown on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any


class TerminalProgress:
    """A rich progress bar when `bar` (stderr is a terminal): items/s while listing, MB/s while reading
    blobs. Notes (a state that could not be saved) go to stderr either way."""

    def __init__(self, *, bar: bool) -> None:
        self.enabled = bar
        self.bar: Any = None
        self.task: Any = None
        self.start = time.monotonic()
        self.done = 0
        self.bytes = 0
        self.label = ""

    def stage(self, label: str, total: int) -> None:
        self.start = time.monotonic()
        self.done = 0
        self.bytes = 0
        self.label = label
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            from rich.console import Console  # noqa: PLC0415 - only on a terminal
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            self.bar.start()
        elif self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(label, total=total, rate="")

    def advance(self, count: int, size: int = 0) -> None:
        self.done += count
        self.bytes += size
        if self.bar is None or self.task is None:
            return
        elapsed = max(1e-6, time.monotonic() - self.start)
        rate = f"{self.done / elapsed:,.0f} {self.label.split()[-1]}/s"
        if self.bytes:
            rate += f"  {self.bytes / elapsed / 1e6:,.1f} MB/s"
        self.bar.update(self.task, advance=count, rate=rate)

    def note(self, message: str) -> None:
        self.stop()
        import click  # noqa: PLC0415 - only for a note: the fast path runs without click

        click.echo(f"secretguard: {message}", err=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
            self.task = None
