"""Report formats. Each takes a Report and returns text; none of them knows where findings came from."""

from __future__ import annotations

from collections.abc import Callable

from secretguard.formats.report import Report

Formatter = Callable[[Report, bool], str]


def _registry() -> dict[str, Formatter]:
    # Imported on demand: the pre-commit path renders text only and should not pay for the rest.
    from secretguard.formats import csv_format, json_format, sarif, text  # noqa: PLC0415

    return {
        "text": text.render,
        "json": json_format.render,
        "jsonl": json_format.render_lines,
        "sarif": sarif.render,
        "csv": csv_format.render,
    }


FORMAT_NAMES = ("text", "json", "jsonl", "sarif", "csv")


def render(name: str, report: Report, *, show_secrets: bool = False) -> str:
    return _registry()[name](report, show_secrets)
