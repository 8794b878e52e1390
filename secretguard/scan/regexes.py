"""Compiling user-supplied regexes with RE2 without echoing them.

RE2's C++ logger writes every pattern it rejects to stderr (`Error parsing '<pattern>': ...`), and its error
text quotes the offending part of the pattern. An allowlist regex can be a secret value, so patterns from
configuration and rule files are compiled with logging off, and errors name only what is wrong.
"""

from __future__ import annotations

from typing import Any

import re2


def quiet_options(max_mem: int | None = None) -> Any:
    """RE2 options that never log a pattern (at compile time or later, e.g. when a DFA runs out of memory)."""
    options = re2.Options()
    options.log_errors = False
    if max_mem is not None:
        options.max_mem = max_mem
    return options


_QUIET = quiet_options()


def compile_quiet(pattern: str | bytes, options: Any = None) -> Any:
    """`re2.compile` with logging off; raises re2.error as usual (describe it with `rejection`)."""
    return re2.compile(pattern, options if options is not None else _QUIET)


def rejection(exc: BaseException) -> str:
    """What RE2 says is wrong with a pattern, without the fragment of the pattern it quotes after `: `."""
    text = exc.args[0] if exc.args else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).split(": ", 1)[0] or "rejected by RE2"


def problem(pattern: str) -> str | None:
    """Why RE2 rejects `pattern` (never quoting it), or None when it compiles."""
    try:
        compile_quiet(pattern)
    except re2.error as exc:
        return rejection(exc)
    return None
