"""A small click-free reading of `secretguard scan <command> ...` from the option tables (option_table.py),
for the fast path. It reads what click reads for the plain spellings and declines (None) everything else:
help, unknown or malformed options, values click would reject, `--`, global options. Declining only means
the full CLI runs and reports on the command line itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secretguard.cli.option_table import COMMAND_OPTIONS, Option, option_names


@dataclass(frozen=True, slots=True)
class Parsed:
    command: tuple[str, ...]  # ("scan", "files")
    values: dict[str, Any]  # every option of the command by `dest`, defaults filled in
    arguments: tuple[str, ...]  # the positional arguments


def _convert(option: Option, text: str) -> Any:
    """The value click would pass for `text`, or raise ValueError where click would refuse it."""
    if not text:
        raise ValueError("empty")
    if option.value == "path":
        return Path(text)
    if option.value == "int":
        if not (text.isascii() and text.isdigit()):
            raise ValueError("not a plain integer")
        number = int(text)
        if option.minimum is not None and number < option.minimum:
            raise ValueError("below the minimum")
        return number
    if option.value == "choice" and text not in option.choices:
        raise ValueError("not a choice")
    return text


def parse(argv: Sequence[str]) -> Parsed | None:
    """The command, its options and arguments, or None for anything this reader does not take."""
    command = tuple(argv[:2])
    table = COMMAND_OPTIONS.get(command)
    if table is None:
        return None
    by_name = option_names(table)
    values: dict[str, Any] = {option.dest: option.default for option in table}
    arguments: list[str] = []
    words = list(argv[2:])
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word.startswith("-") or word == "-":
            if word == "-":
                return None  # click reads it as an argument; no fast path reads standard input
            arguments.append(word)
            continue
        name, eq, text = word.partition("=") if word.startswith("--") else (word, "", "")
        option = by_name.get(name)
        if option is None:
            return None
        if option.kind == "flag":
            if eq:
                return None
            values[option.dest] = True
            continue
        if not eq:
            if i >= len(words):
                return None
            text = words[i]
            i += 1
        try:
            value = _convert(option, text)
        except ValueError:
            return None
        if option.kind == "multiple":
            values[option.dest] = (*values[option.dest], value)
        else:
            values[option.dest] = value
    return Parsed(command, values, tuple(arguments))
