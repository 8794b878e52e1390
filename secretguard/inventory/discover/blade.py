"""Laravel Blade templates (`*.blade.php`): their PHP is not only inside `<?php ... ?>` but in echoes
(`{{ env('X') }}`, `{!! env('X', 'd') !!}`), `@php ... @endphp` blocks and directives' arguments
(`@if(env('X') === true)`, `@php($a = env('X'))`). `as_php` rewrites a template into plain PHP text: each of
these becomes a `<?php ... ?>` region, the markup around them stays as it is (outside PHP tags the lexer
skips it), and every newline is kept, so line numbers stay right.
"""

from __future__ import annotations

import re

# What may open code in a template, in one pass: PHP tags, Blade comments, escaped echoes (`@{{`), echoes,
# `@verbatim`, `@php` blocks and directives with arguments. `@` after a word character is an e-mail address.
_OPENERS = re.compile(
    r"<\?(?:php|=)|\{\{--|@\{\{|\{\{|\{!!|(?<![\w@])@verbatim\b|(?<![\w@])@php\b(?!\s*\()"
    r"|(?<![\w@])@[A-Za-z_]\w*[ \t]*\("
)


def is_blade(rel: str) -> bool:
    return rel.lower().endswith(".blade.php")


def _newlines(text: str) -> str:
    return "\n" * text.count("\n")


# A directive's arguments longer than this are not code. An unclosed `@if(` leaves everything scanned as
# markup, so no character is scanned twice for a directive: the rewrite stays linear on any input.
_MAX_ARGUMENTS = 4096


class _Closers:
    """`text.find(closer, start)` remembered per closer: a template with a thousand unclosed `{{` is still
    read in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def find(self, closer: str, start: int) -> int:
        known = self.found.get(closer)
        if known is not None and (known < 0 or known >= start):
            return known
        at = self.text.find(closer, start)
        self.found[closer] = at
        return at


def _close_paren(text: str, open_: int) -> tuple[int, int]:
    """(the index of the `)` closing the `(` at open_, strings skipped, or -1 when it is not closed; where
    the scan stopped)."""
    depth = 0
    i = open_
    n = min(len(text), open_ + _MAX_ARGUMENTS)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            end = i + 1
            while end < n and text[end] != ch:
                end += 2 if text[end] == "\\" else 1
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i, i
        i += 1
    return -1, min(i, len(text))


def as_php(text: str) -> str:
    """The template as PHP: Blade's code regions wrapped in `<?php ... ?>`, the rest left as markup."""
    if "{{" not in text and "{!!" not in text and "@" not in text:
        return text
    out: list[str] = []
    closers = _Closers(text)
    pos = 0
    while True:
        found = _OPENERS.search(text, pos)
        if found is None:
            out.append(text[pos:])
            return "".join(out)
        start, opener = found.start(), found.group()
        out.append(text[pos:start])
        end, code = _region(text, start, opener, closers)
        if code is None:
            out.append(_newlines(text[start:end]) if opener in ("{{--", "@verbatim") else text[start:end])
        else:
            out.append("<?php " + code + " ?>")
        pos = end


def _region(text: str, start: int, opener: str, closers: _Closers) -> tuple[int, str | None]:
    """(the end of the construct at start, the PHP code it holds; None: markup or a comment to blank out)."""
    if opener.startswith("<?"):
        close = closers.find("?>", start)
        return (len(text) if close < 0 else close + 2), None  # plain PHP: kept as written
    if opener == "{{--":
        close = closers.find("--}}", start)
        return (len(text) if close < 0 else close + 4), None
    if opener == "@{{":
        return start + 3, None  # an escaped echo: literal text for a JS framework
    if opener == "@verbatim":
        close = closers.find("@endverbatim", start)
        return (len(text) if close < 0 else close + 12), None
    if opener in ("{{", "{!!"):
        closer = "}}" if opener == "{{" else "!!}"
        close = closers.find(closer, start + len(opener))
        if close < 0:
            return start + len(opener), None
        return close + len(closer), text[start + len(opener) : close] + ";"
    if opener == "@php":
        close = closers.find("@endphp", start)
        if close < 0:
            return start + 4, None
        return close + 7, text[start + 4 : close]
    open_ = start + len(opener) - 1  # a directive: its parenthesised arguments are PHP
    close, stopped = _close_paren(text, open_)
    if close < 0:
        return max(stopped, start + len(opener)), None
    keyword = _CONDITIONS.get(opener[1:].rstrip(" \t(").lower(), "")
    return close + 1, keyword + text[open_ : close + 1] + ";"


# Directives whose arguments are a condition, and the PHP statement Blade compiles them to (`@unless(x)` is
# `if (! (x))`): kept as that statement, `@if(env('X'))` reads as the truth test it is, not as a value used.
_CONDITIONS = {"if": "if", "elseif": "elseif", "unless": "if", "while": "while"}
