"""The Jinja2 environment every document template is rendered with.

HTML templates (`*.html.j2`) are autoescaped: a value from a report or an inventory is text on the page,
whatever it holds. Other templates (Markdown, dotenv, Python) are not HTML, so nothing is escaped for them
implicitly: each value goes through the filter for the syntax it lands in (formats/quoting.py: `md_cell`,
`md_code`, `md_table`, `comment`, `dotenv`, `py`), named where it is used.

Imported only by the document formats (plans, handovers, exports): the findings formats, which the
pre-commit hook uses, never pay for Jinja2.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from secretguard.formats.quoting import FILTERS


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("secretguard.formats", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        undefined=StrictUndefined,  # a misspelt field fails the tests instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def render_template(name: str, **values: Any) -> str:
    return environment().get_template(name).render(**values)
