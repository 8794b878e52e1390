"""Ruby loops over a literal list of words building each variable's name from the word:

    %w(host port username password).each do |option|
      value = ENV["RAILS_DB_#{option.upcase}"]            # RAILS_DB_HOST, RAILS_DB_PORT, ...
    end
    %w(lock_timeout statement_timeout).map { [_1, ENV["RAILS_DB_#{_1.upcase}"]] }
    ["smtp", "imap"].each { |kind| ENV.fetch("#{kind.upcase}_HOST", nil) }

The list is a `%w()`/`%w[]` literal or an array of plain strings; the block's parameter (or `_1` / `it`)
interpolated into `ENV[...]`/`ENV.fetch(...)` with `.upcase` (or a word already upper-case) gives one name
per word. The block is the `{ ... }` after the call, or the lines up to its `end`.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "ruby"
_LIST = re.compile(
    r"""(?:%[wi](?:\(([^)]*)\)|\[([^\]]*)\])|\[((?:\s*["'][\w-]+["']\s*,?)+)\s*\])"""
    r"""\s*\.\s*(?:each|map|flat_map|filter_map|each_with_object\([^)]*\)|to_h\s*\{|select|each_with_index)"""
    r"""\s*(?:(do)|(\{))\s*(?:\|\s*(\w+)[^|]*\|)?"""
)
_BLOCK_LINES = 40
_STATEMENT_IF = re.compile(r"^\s*(?:<%-?\s*)?(?:if|unless|while|until)\b")  # not a trailing modifier


def list_loop_reads(text: str, file: str) -> list[Read]:
    if "ENV" not in text or ("%w" not in text and "%i" not in text and "].each" not in text):
        return []
    out: list[Read] = []
    for match in _LIST.finditer(text):
        words_text = match.group(1) or match.group(2)
        if words_text is not None:
            words = words_text.split()
        else:
            words = re.findall(r"""["']([\w-]+)["']""", match.group(3) or "")
        if not words:
            continue
        param = match.group(6)
        body = _block(text, match.end(), braces=match.group(5) is not None)
        names = (param,) if param else ("_1", "it")
        start_line = text.count("\n", 0, match.end()) + 1
        for var in names:
            read = re.compile(
                r"""ENV(?:\s*\[\s*|\.fetch\(\s*)"([A-Za-z0-9_]*)#\{\s*"""
                + re.escape(var)
                + r"""(\.upcase)?\s*\}([A-Za-z0-9_]*)"\s*(,)?"""
            )
            for found in read.finditer(body):
                line = start_line + body.count("\n", 0, found.start())
                for word in words:
                    piece = word.upper() if found.group(2) else word
                    name = f"{found.group(1)}{piece}{found.group(3)}".replace("-", "_")
                    if is_env_name(name) and name.upper() == name:
                        out.append(Read(name, file, line, found.group(4) is not None, SOURCE))
    return out


def _block(text: str, start: int, *, braces: bool) -> str:
    """The block's text from `start`: to its closing brace, or to the `end` closing a `do`."""
    if braces:
        depth = 1
        for k in range(start, min(len(text), start + 4000)):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    return text[start:k]
        return text[start : start + 4000]
    lines = text[start:].split("\n")
    taken: list[str] = []
    depth = 1
    for line in lines[:_BLOCK_LINES]:
        opened = len(re.findall(r"\b(?:do|case|begin)\b(?!:)", line)) + bool(_STATEMENT_IF.match(line))
        depth += opened - len(re.findall(r"(?<![.:])\bend\b", line))
        if depth <= 0:
            break
        taken.append(line)
    return "\n".join(taken)
