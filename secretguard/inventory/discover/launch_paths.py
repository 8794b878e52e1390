"""Paths other tools' commands and configs name, for launch.py: the setup files and test folder a test
runner's config names (jest / vitest / playwright), and the Go module folder a `go run|build|install`
command in a package script runs."""

from __future__ import annotations

import posixpath
import re

# `globalSetup: "./x.ts"`, `setupFiles: ["./a.ts", "./b.ts"]`, `testDir: "./e2e"` in a jest / vitest /
# playwright config (vitest's under `test: {...}` of a vite config).
_TEST_SETUP_KEY = re.compile(
    r"""\b(?:globalSetup|globalTeardown|setupFiles|setupFilesAfterEnv|testDir)\s*:\s*(\[[^\]]*\]|["'`][^"'`\n]+["'`])"""
)
_QUOTED = re.compile(r"""["'`]([^"'`\n]+)["'`]""")


def runner_setup_paths(text: str, rel: str) -> set[str]:
    """The project paths a test runner's config names as its setup files or its tests' folder."""
    folder = posixpath.dirname(rel)
    out: set[str] = set()
    for match in _TEST_SETUP_KEY.finditer(text):
        for quoted in _QUOTED.findall(match.group(1)):
            path = quoted.replace("<rootDir>/", "")
            if path.startswith("/") or "*" in path or "$" in path or "{" in path:
                continue
            joined = posixpath.normpath(posixpath.join(folder, path))
            if joined not in (".", "") and not joined.startswith(".."):
                out.add(joined)
    return out


_GO_RUNS = frozenset({"run", "build", "install"})


def go_module_folder(words: list[str], folder: str) -> str | None:
    """The project folder of the Go module `go [-C dir] run|build|install [path]` runs (not the root)."""
    if len(words) < 2 or words[0] != "go":
        return None
    at, base = 1, folder
    if words[1] == "-C" and len(words) > 3:
        base, at = posixpath.join(folder, words[2]), 3
    if words[at] not in _GO_RUNS:
        return None
    target = next((w for w in words[at + 1 :] if not w.startswith("-")), ".")
    if target.endswith(".go"):
        target = posixpath.dirname(target) or "."
    if "$" in target or target.startswith("/") or "..." in target:
        return None
    path = posixpath.normpath(posixpath.join(base, target))
    return None if path in (".", "") or path.startswith("..") else path
