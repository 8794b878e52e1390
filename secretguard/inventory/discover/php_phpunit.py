"""PHPUnit's bootstrap file: `<phpunit bootstrap="bootstrap/tests.php">` in `phpunit.xml` (or
`phpunit.xml.dist`, `phpunit.dist.xml`) names a script PHPUnit runs before the tests, and nothing else does:
what it reads (`env('SKIP_MIGRATIONS')`) is the test run's setting, `test`, wherever the file sits. A file
that the application's own code also requires (`require __DIR__.'/app.php'`) is the application's: left.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from secretguard.inventory.discover.base import Read, scope_of_read

_CONFIG_NAMES = ("phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml")
# The root element's `bootstrap` attribute (an XML parser would be more than this one attribute needs).
_BOOTSTRAP = re.compile(r"<phpunit\b[^>]*?\bbootstrap\s*=\s*(['\"])([^'\"<>]+)\1", re.DOTALL)
_MAX_DEPTH = 2  # phpunit.xml sits at a project's root: the repository's or a monorepo package's


def bootstrap_files(php_files: Iterable[str], read_file: Callable[[str], str | None]) -> set[str]:
    """The bootstrap files the project's PHPUnit configs name (paths from the repository's root)."""
    folders = {""}
    for rel in php_files:
        parts = rel.split("/")[:-1]
        folders.update("/".join(parts[:depth]) for depth in range(1, min(len(parts), _MAX_DEPTH) + 1))
    found: set[str] = set()
    for folder in sorted(folders):
        for name in _CONFIG_NAMES:
            text = read_file(posixpath.join(folder, name))
            match = _BOOTSTRAP.search(text) if text and "bootstrap" in text else None
            if match is not None:
                path = posixpath.normpath(posixpath.join(folder, match.group(2).strip()))
                if not path.startswith("../"):
                    found.add(path)
    return found


def scope_bootstraps(reads: list[Read], files: list[tuple[str, str]], boots: set[str]) -> list[Read]:
    """The reads of bootstrap files no runtime PHP file requires, as `test`."""
    only_tests = {boot for boot in boots if not _required_elsewhere(boot, files)}
    if not only_tests:
        return reads
    out: list[Read] = []
    for read in reads:
        moved = read.file in only_tests and read.scope is None and scope_of_read(read) == "runtime"
        out.append(replace(read, scope="test") if moved else read)
    return out


def _required_elsewhere(boot: str, files: list[tuple[str, str]]) -> bool:
    base = posixpath.basename(boot)
    needle = re.compile(r"\b(?:require|include)(?:_once)?\b[^;]*?['\"/]" + re.escape(base) + r"['\"]")
    for rel, text in files:
        if rel == boot or base not in text:
            continue
        if scope_of_read(Read("_", rel, 1, True, "php")) == "runtime" and needle.search(text):
            return True
    return False
