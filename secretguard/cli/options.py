"""Click options built from the option tables (cli/option_table.py), shared by every scan command.

The tables, `ScanOptions`, `settings_from` and `finish` live in click-free modules so the fast path uses the
very same definitions; they are named here too, where the commands import them from.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from secretguard.cli.finish import finish
from secretguard.cli.option_table import (
    COMMON_SCAN_OPTIONS,
    Option,
    ScanOptions,
    cli_overrides,
    scan_options,
    settings_from,
)

__all__ = [
    "ScanOptions",
    "cli_overrides",
    "click_option",
    "common_scan_options",
    "finish",
    "settings_from",
    "table_options",
]

F = TypeVar("F", bound=Callable[..., Any])


def click_option(option: Option) -> Callable[[F], F]:
    """The click option for one row of a table."""
    kwargs: dict[str, Any] = {"help": option.help, "default": option.default}
    if option.show_default:
        kwargs["show_default"] = True
    if option.metavar is not None:
        kwargs["metavar"] = option.metavar
    if option.kind == "flag":
        kwargs["is_flag"] = True
    elif option.kind == "multiple":
        kwargs["multiple"] = True
        kwargs.pop("default")  # click's own empty tuple
    if option.value == "path":
        kwargs["type"] = click.Path(dir_okay=False, path_type=Path)
    elif option.value == "int":
        kwargs["type"] = click.IntRange(min=option.minimum)
    elif option.value == "choice":
        kwargs["type"] = click.Choice(option.choices)
    return click.option(*option.names, option.dest, **kwargs)


def table_options(options: Sequence[Option]) -> Callable[[F], F]:
    """Add a table's options to a command, in the table's order (as `--help` lists them)."""

    def apply(func: F) -> F:
        command: Any = func
        for option in reversed(options):
            command = click_option(option)(command)
        return command  # type: ignore[no-any-return]

    return apply


def common_scan_options(func: F) -> F:
    """Add the shared options to a scan command; it receives them as `common: ScanOptions`."""

    @functools.wraps(func)
    def gather(**kwargs: Any) -> Any:
        common = scan_options(kwargs)
        return func(common=common, **kwargs)

    return table_options(COMMON_SCAN_OPTIONS)(gather)  # type: ignore[return-value]
