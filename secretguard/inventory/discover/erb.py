"""ERB templates: Ruby inside `<% ... %>` / `<%= ... %>`. Rails evaluates `config/database.yml`,
`config/storage.yml`, `config/cable.yml` (and `*.yml.erb`) through ERB at boot, so an `ENV["X"]` there is
read by the running application just as one in Ruby code."""

from __future__ import annotations

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


def discover_erb(text: str, file: str) -> list[Read]:
    if not is_erb(text):
        return []
    return discover_ruby(ruby_code(text), file)
