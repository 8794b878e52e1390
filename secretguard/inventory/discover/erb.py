"""ERB templates: Ruby inside `<% ... %>` / `<%= ... %>`. Rails evaluates `config/database.yml`,
`config/storage.yml`, `config/cable.yml` (and `*.yml.erb`) through ERB at boot, so an `ENV["X"]` there is
read by the running application just as one in Ruby code.

Those files hold one top-level section per Rails environment: ERB runs over the whole file, but only the
running environment's section is used, so a fallback in the `test:` section is the test suite's (scope
`test`), not a default of the deployed application.

A read on a YAML comment line (`# url: <%= ENV['DATABASE_URL'] %>`) sets nothing: its value lands in the
comment.

A value a page template prints into an HTML tag's attribute (`<meta name="rollbar-token" content="<%=
ENV["X"] %>">`) is sent to every browser that loads the page: a public value, not a secret.
"""

from __future__ import annotations

import re
from dataclasses import replace

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.ruby import discover_ruby


def ruby_code(text: str) -> str:
    """The template with everything outside `<% %>` blanked (newlines kept, so lines stay where they are);
    each tag ends in `;` so that two tags never read as one expression."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<%", pos)
        if start < 0:
            out.append(_blank(text[pos:]))
            break
        end = text.find("%>", start + 2)
        end = len(text) if end < 0 else end
        out.append(_blank(text[pos:start]))
        code = text[start + 2 : end]
        if code.startswith("#"):  # an ERB comment
            code = _blank(code)
        if code[:1] in ("=", "-"):  # `<%=` outputs, `<%-` trims: the code follows
            code = " " + code[1:]
        if code[-1:] == "-":  # `-%>` trims the newline
            code = code[:-1] + " "
        out.append("  " + code + (";;" if end < len(text) else ""))
        pos = end + 2
    return "".join(out)


def _blank(text: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in text)


def is_erb(text: str) -> bool:
    return "<%" in text and "ENV" in text


_PAGES = (".html.erb",)
# `attr="<%= ... ENV ... %>"`: an output tag inside an HTML attribute's quotes.
_PRINTED_ATTRIBUTE = re.compile(r"""[\w-]+=["'][^"'<]*<%=[^%]*\bENV\b""")


def _printed_lines(text: str) -> set[int]:
    """The lines where an output tag prints an ENV value into an HTML attribute."""
    return {text.count("\n", 0, m.start()) + 1 for m in _PRINTED_ATTRIBUTE.finditer(text)}


_SECTION = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:", re.MULTILINE)
_YAML = (".yml", ".yaml", ".yml.erb", ".yaml.erb")


def _test_lines(text: str) -> list[tuple[int, int]]:
    """(first, last line) of each top-level `test:` section of a YAML file."""
    spans: list[tuple[int, int]] = []
    starts = [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _SECTION.finditer(text)]
    for i, (line, name) in enumerate(starts):
        if name == "test":
            end = starts[i + 1][0] - 1 if i + 1 < len(starts) else text.count("\n") + 1
            spans.append((line, end))
    return spans


def discover_erb(text: str, file: str) -> list[Read]:
    if not is_erb(text):
        return []
    reads = discover_ruby(ruby_code(text), file)
    if file.lower().endswith(_YAML) and "#" in text:
        # `# slack_webhook_url: <%= ENV["X"] %>`: ERB runs, but its value lands in a YAML comment
        lines = text.splitlines()
        reads = [
            r for r in reads if not (0 < r.line <= len(lines) and lines[r.line - 1].lstrip().startswith("#"))
        ]
    if file.lower().endswith(_PAGES):
        printed = _printed_lines(text)
        reads = [replace(r, public_hint=True) if r.line in printed else r for r in reads]
    spans = _test_lines(text) if file.lower().endswith(_YAML) and "test" in text else []
    if not spans:
        return reads
    return [replace(r, scope="test") if any(a <= r.line <= b for a, b in spans) else r for r in reads]
