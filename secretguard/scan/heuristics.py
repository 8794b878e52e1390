"""The one adapter to detect-secrets: its heuristic false-positive filters, for free-form keyword rules.

detect-secrets' filters encode years of triage of `password = ...` style false alarms (templated values,
indirect references such as `secret = get_secret()`, id-like names, sequential strings). We use them as a
second opinion on candidates our engine has already found, never as a scanner: they run only on the few
lines a keyword rule matched. detect-secrets costs ~100-200 ms to import and keeps global settings, so it is
imported lazily on first use and only its pure functions are called.
"""

from __future__ import annotations

import threading
from functools import cache
from types import ModuleType

# Lines longer than this are minified code, not assignments; the heuristics' regexes are not linear-time.
_MAX_LINE = 1000


@cache
def _heuristic() -> ModuleType:
    from detect_secrets.filters import heuristic  # noqa: PLC0415 - lazy: keeps the hook's start-up fast

    return heuristic


class _Background:
    thread: threading.Thread | None = None


def preload_in_background() -> None:
    """Start importing detect-secrets on a thread, beside work that mostly waits (git subprocesses); the
    `preload()` before a fork waits for it. Started at most once."""
    if _Background.thread is None:
        _Background.thread = threading.Thread(target=_heuristic, name="preload-heuristics", daemon=True)
        _Background.thread.start()


def preload() -> None:
    """Import detect-secrets now (or wait for the import started in the background): a parent about to
    fork its workers calls this, so that they inherit it instead of each paying the import (~85 ms, most of
    it `requests`) on its first keyword candidate; no thread may be importing at the fork."""
    thread = _Background.thread
    if thread is not None:
        thread.join()
    _heuristic()


def looks_like_false_positive(secret: str, line: str) -> str | None:
    """The name of the detect-secrets heuristic that rejects this candidate, or None if none does."""
    h = _heuristic()
    if h.is_templated_secret(secret):
        return "templated"
    if h.is_prefixed_with_dollar_sign(secret):
        return "variable-reference"
    if h.is_sequential_string(secret):
        return "sequential"
    if h.is_not_alphanumeric_string(secret):
        return "not-alphanumeric"
    if len(line) <= _MAX_LINE:
        if h.is_likely_id_string(secret, line):
            return "id-string"
        if h.is_indirect_reference(line):
            return "indirect-reference"
    return None
