"""How a value is spelled in each syntax a document template writes it into: Markdown text, a Markdown code
span, a handover table cell, a one-line comment, a dotenv value, a Python literal. The templates name the
filter at every place a value goes (formats/templating.py registers them under these names)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from secretguard.formats.printable import printable

# Markdown that a value from the reports (a file name, a step name, a commit subject) must not become:
# raw HTML (`<img src=x onerror=...>`), an entity, a link or image (`[x](javascript:...)`), an escape that
# undoes ours, a table cell break. `>` stays: without `<` it opens nothing, and playbook steps read better.
_MARKDOWN_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "|": "\\|", "&": "&amp;", "<": "&lt;"})


def md_cell(text: object) -> str:
    """A value as Markdown text that shows exactly that text: printable (no escape sequences for whoever
    prints the file), no HTML, links or table breaks."""
    return printable(text).translate(_MARKDOWN_ESCAPES)


def md_code(text: object) -> str:
    """A value as a Markdown code span (literal inside, so only a backtick run could end it early: the fence
    is longer than any run in the value)."""
    value = printable(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def md_table(text: str) -> str:
    """A handover table cell: its backslashes and pipes escaped, on one line, never empty (an empty cell
    would merge with the next in some renderers)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ") or " "


def comment(text: str) -> str:
    """Text for a one-line comment (dotenv or Python): its whitespace runs, line breaks included, as one
    space, so it cannot end the comment and start code."""
    return " ".join(text.split())


def py(value: Any) -> str:
    """A Python literal for a generated module (`repr` of a str, int, bool or None reads back as itself)."""
    return repr(value)


# Characters a dotenv value may hold unquoted for every common reader (ours, python-dotenv, docker compose,
# a shell sourcing the file): no spaces, quotes, `#` (a comment), `$` (interpolation), backslashes or globs.
_PLAIN_VALUE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@,+-=%")


def dotenv_value(value: str) -> str | None:
    """`value` spelled so that dotenv readers hand it back unchanged, or None when there is no such
    spelling for all of them (empty, or holding a single quote, a backslash, a line break, or `${`, which
    python-dotenv expands even in single quotes)."""
    if not value:
        return None
    if all(c in _PLAIN_VALUE for c in value):
        return value
    if not any(c in value for c in "'\\\n\r") and "${" not in value and value.isprintable():
        return f"'{value}'"  # single quotes: literal, no interpolation or escapes
    return None


def dotenv(value: str) -> str:
    """The template filter: a value that has a dotenv spelling (the caller checked with dotenv_value)."""
    written = dotenv_value(value)
    if written is None:
        raise ValueError("no dotenv spelling reads back as this value")
    return written


FILTERS: dict[str, Callable[..., str]] = {
    "md_cell": md_cell,
    "md_code": md_code,
    "md_table": md_table,
    "comment": comment,
    "dotenv": dotenv,
    "py": py,
}
