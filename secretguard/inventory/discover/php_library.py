"""Patched copies of composer packages kept outside vendor/: `overrides/guzzlehttp/guzzle/src/Client.php`
mirrors the package guzzlehttp/guzzle, which the app autoloads in place of vendor/'s copy. Such a file is the
library's code, like vendor/ (which discovery skips): what it reads (guzzle's HTTP_PROXY) is no setting of
the application.

A file is such a copy when two consecutive folders of its path name a package composer.json requires (or
composer.lock installs), unless a composer `path` repository (the project's own local packages,
`packages/acme/billing`) holds it.
"""

from __future__ import annotations

import itertools
import json
import posixpath
from collections.abc import Callable

from secretguard.inventory.discover.php_packages import composer_packages


class LibraryCopies:
    """Which PHP files are copies of the root project's composer packages (composer.json read once)."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self.packages = composer_packages("", read_file) or set()
        self.own = _path_repositories(read_file("composer.json"))

    def library_copy(self, rel: str) -> bool:
        if not self.packages:
            return False
        path = rel.replace("\\", "/")
        if any(path == own or path.startswith(own + "/") for own in self.own):
            return False
        folders = path.lower().split("/")[:-1]
        return any(f"{a}/{b}" in self.packages for a, b in itertools.pairwise(folders))


def _path_repositories(text: str | None) -> list[str]:
    """The folders of composer.json's `path` repositories (`"url": "./packages/acme/billing"`)."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return []
    repositories = data.get("repositories") if isinstance(data, dict) else None
    if isinstance(repositories, dict):
        repositories = list(repositories.values())
    found: list[str] = []
    for entry in repositories if isinstance(repositories, list) else ():
        if isinstance(entry, dict) and entry.get("type") == "path" and isinstance(entry.get("url"), str):
            folder = posixpath.normpath(entry["url"].rstrip("*").rstrip("/") or ".")
            if folder != "." and not folder.startswith(".."):
                found.append(folder)
    return found
