"""A defaults file the application itself loads at start: its values are what the app falls back to.

    Dotenv.load(".env.default")                      # Ruby: without overwriting what is set
    load_dotenv("config/.env.defaults")              # Python
    require("dotenv").config({ path: ".env.default" })  # JavaScript

Only a file named for defaults (`.env.default`, `.env.defaults`, `defaults.env`) that the project holds:
a plain `.env` loaded the same way is usually a developer's own, and an example is never loaded. Each entry
is a runtime place whose value is the default (an empty value gives none).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.dotenv_format import parse_dotenv

SOURCE = "dotenv-defaults"
_LOAD = re.compile(
    r"""(?:Dotenv\.(?:load|overload)|load_dotenv|dotenv\.config|dotenv\.load)\s*\(\s*(?:\{\s*)?"""
    r"""(?:(?:path|dotenv_path)\s*[:=]\s*)?["']([^"'\n]*default[^"'\n]*)["']""",
    re.IGNORECASE,
)


def loaded_defaults(text: str) -> list[str]:
    """The defaults files a source file loads, as written (`.env.default`)."""
    if "otenv" not in text:
        return []
    return [m.group(1) for m in _LOAD.finditer(text)]


def defaults_reads(loaded: list[tuple[str, str]], read_file: Callable[[str], str | None]) -> list[Read]:
    """The entries of each loaded defaults file: (the loading file, the path it names)."""
    out: list[Read] = []
    seen: set[str] = set()
    for loader, written in loaded:
        path = _located(loader, written, read_file)
        if path is None or path in seen:
            continue
        seen.add(path)
        text = read_file(path)
        for entry in parse_dotenv(text or ""):
            if not is_env_name(entry.key):
                continue
            value = entry.value if entry.has_value and entry.value else None  # as it is: what the app gets
            out.append(Read(entry.key, path, entry.line, True, SOURCE, default=value, scope="runtime"))
    return out


def _located(loader: str, written: str, read_file: Callable[[str], str | None]) -> str | None:
    """The project's file the path names: from the project's root, or beside the loading file's folder
    (Rails' `config/load.rb` loading `.env.default` at the root)."""
    written = written[2:] if written.startswith("./") else written
    here = posixpath.dirname(loader)
    candidates = [written, posixpath.normpath(posixpath.join(here, written))]
    parts = here.split("/")
    candidates.extend("/".join([*parts[:i], written]) for i in range(len(parts) - 1, 0, -1))
    for path in dict.fromkeys(c for c in candidates if not c.startswith("..")):
        if read_file(path) is not None:
            return path
    return None
