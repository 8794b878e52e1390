"""The one adapter to detect-secrets: its heuristic false-positive filters, for free-form keyword rules.

detect-secrets' filters encode years of triage of `password = ...` style false alarms (templated values,
indirect references such as `secret = get_secret()`, id-like names, sequential strings). We use them as a
second opinion on candidates our engine has already found, never as a scanner: they run only on the few
lines a keyword rule matched. detect-secrets costs ~100-200 ms to import and keeps global settings, so only
the module of pure functions is imported, narrowly (_import_narrowly: ~10 ms), on first use.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from functools import cache
from types import ModuleType

# Lines longer than this are minified code, not assignments; the heuristics' regexes are not linear-time.
_MAX_LINE = 1000
_HEURISTIC = "detect_secrets.filters.heuristic"
# Packages whose `__init__` loads all of detect-secrets (every plugin, its scanner, `requests`) when all we
# call is the one module of pure functions: imported around, not through (see _import_narrowly).
_PACKAGES = ("detect_secrets", "detect_secrets.filters")


# One import at a time: a thread must never take the module while another is still running its body (the
# warm-up thread imports it beside the main thread's first scans).
_IMPORTING = threading.Lock()


@cache
def _heuristic() -> ModuleType:
    """detect-secrets' heuristic module: ~10 ms narrowly, ~85-140 ms through its packages (the fallback)."""
    with _IMPORTING:
        try:
            return _import_narrowly()
        except Exception:  # noqa: BLE001 - a detect-secrets whose layout changed: the ordinary import instead
            return importlib.import_module(_HEURISTIC)


class _OnFirstUse(ModuleType):
    """Stands in for `requests` while the heuristic module's imports run: detect-secrets' plugin base
    imports it at the top but uses it only to verify secrets online, which we never do. The first attribute
    asked of it imports the real module (PEP 562 `__getattr__`)."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _import_narrowly() -> ModuleType:
    """Import the heuristic module without running its parent packages' `__init__` (stand-in package
    objects with the real search path) nor importing `requests` (a stand-in that imports it on first use).
    The stand-ins leave `sys.modules` afterwards: a later `import detect_secrets` runs the real packages,
    which take the modules already loaded here."""
    if _HEURISTIC in sys.modules:  # imported already (here or by an ordinary import): import's locks apply
        return importlib.import_module(_HEURISTIC)
    placed: list[str] = []
    try:
        for name in _PACKAGES:
            if name in sys.modules:
                continue
            spec = importlib.util.find_spec(name)
            if spec is None or spec.submodule_search_locations is None:
                raise ImportError(name)
            package = ModuleType(name)
            package.__path__ = list(spec.submodule_search_locations)
            package.__spec__ = spec
            sys.modules[name] = package
            placed.append(name)
        if "requests" not in sys.modules:
            sys.modules["requests"] = _OnFirstUse("requests")
            placed.append("requests")
        return importlib.import_module(_HEURISTIC)
    finally:
        for name in placed:
            sys.modules.pop(name, None)


def preload() -> None:
    """Import the heuristics now: a parent about to fork its workers calls this (Engine.before_fork), so
    that they inherit them instead of each importing them on its first keyword candidate."""
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
