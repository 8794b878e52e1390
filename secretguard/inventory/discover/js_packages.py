"""Workspace packages of a JS/TS monorepo, from their package.json files: which local module an import of a
package's name resolves to (`import { env } from "@acme/env"` is the package's entry, `"main"`, `"module"`,
`"exports"` or else an `index` / `src/index` file; `@acme/env/server` its `server` / `src/server` module),
which folders are a browser bundle's source (js_frontend.py), and which packages are never deployed by
their name: a collection of maintenance scripts or tools (`packages/scripts`, `@acme/admin-scripts`, any
package under `tools/`) is a developer's, a test runner's package (`packages/playwright`: fixtures and
helpers the e2e tests import) or a benchmark's (`packages/benchmarks`) the tests'."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from secretguard.inventory.discover.js_frontend import browser_bundle

_ENTRY_KEYS = ("main", "module", "types", "typings", "source", "browser", "exports")
_SOURCE_DIRS = ("", "src/")
_TOOL_WORDS = frozenset({"scripts", "tools", "tooling"})
_TEST_RUNNERS = frozenset({"playwright", "cypress", "puppeteer", "jest", "vitest", "mocha", "wdio"})
_BENCH_WORDS = frozenset({"bench", "benches", "benchmark", "benchmarks"})  # load and speed tests
_WORDS = re.compile(r"[-_.]+")


def package_kind(folder: str, name: str) -> str | None:
    """`dev` for a package of scripts or tools, `test` for a test runner's or a benchmark's, by its folder's
    or its name's last word (`admin-scripts`, `@acme/e2e-playwright`, `packages/benchmarks`); a package
    kept in a folder of developer tools (`tools/compare-models`) is `dev` too. None for any other package."""
    for text in (posixpath.basename(folder), name.rsplit("/", 1)[-1]):
        last = _WORDS.split(text.lower())[-1] if text else ""
        if last in _TOOL_WORDS:
            return "dev"
        if last in _TEST_RUNNERS or last in _BENCH_WORDS:
            return "test"
    if any(_WORDS.split(part.lower())[-1] in _TOOL_WORDS for part in folder.split("/")[:-1]):
        return "dev"
    return None


def script_file(rel: str, package: str) -> bool:
    """The file is kept in a `scripts/` folder of its package (`apps/workers/scripts/crawl.ts`): a
    developer's command there, unless something runs, imports or names it."""
    inner = rel[len(package) + 1 :] if package else rel
    return "scripts" in inner.lower().split("/")[:-1]


def _strings(value: Any) -> list[str]:
    """Every string in a package.json value (`exports` nests conditions and subpaths)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@dataclass
class WorkspacePackages:
    names: dict[str, str] = field(default_factory=dict)  # package name -> its folder
    entries: dict[str, set[str]] = field(default_factory=dict)  # folder -> entry files it names
    folders: set[str] = field(default_factory=set)  # every package.json's folder
    bundles: set[str] = field(default_factory=set)  # folders of browser bundles
    for_node: set[str] = field(default_factory=set)  # folders whose Vite config builds a library or SSR
    servers: set[str] = field(default_factory=set)  # folders of SSR entries a bundle's Vite config builds
    kinds: dict[str, str] = field(default_factory=dict)  # folder -> `dev`/`test` (package_kind)

    def add(self, text: str, rel: str) -> dict[str, Any] | None:
        """Record the package.json at rel; its parsed data (None when it is not an object)."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        folder = posixpath.dirname(rel)
        self.folders.add(folder)
        name = data.get("name")
        if isinstance(name, str) and name:
            self.names[name] = folder
        self.entries[folder] = {
            posixpath.normpath(posixpath.join(folder, s))
            for key in _ENTRY_KEYS
            for s in _strings(data.get(key))
            if s.startswith(".") and "*" not in s
        }
        if browser_bundle(text) is not None:
            self.bundles.add(folder)
        kind = package_kind(folder, name if isinstance(name, str) else "")
        if kind is not None and folder:
            self.kinds[folder] = kind
        return data

    def targets(self, spec: str, files: set[str]) -> set[str]:
        """The local modules an import of `spec` may load (none when no workspace package has its name)."""
        from secretguard.inventory.discover.javascript import JsProject  # noqa: PLC0415 - no import cycle

        parts = spec.split("/")
        size = 2 if spec.startswith("@") else 1
        folder = self.names.get("/".join(parts[:size]))
        if folder is None:
            return set()
        sub = "/".join(parts[size:])
        anchor = posixpath.join(folder, "package.json")
        if not sub:
            found = self.entries.get(folder, set()) & files
            for base in _SOURCE_DIRS:
                target = JsProject.module_file(anchor, "./" + base + "index", files)
                if target is not None:
                    found.add(target)
            return found
        out: set[str] = set()
        for base in _SOURCE_DIRS:
            target = JsProject.module_file(anchor, "./" + base + sub, files)
            if target is not None:
                out.add(target)
        return out

    def package_of(self, rel: str) -> tuple[str, bool] | None:
        """The folder of the file's nearest package.json, and whether the file is below it (not beside)."""
        folder = posixpath.dirname(rel)
        nested = False
        while True:
            if folder in self.folders:
                return folder, nested
            if not folder:
                return None
            folder = posixpath.dirname(folder)
            nested = True

    def bundled(self, rel: str) -> bool:
        """The file is the source of a browser bundle: below the folder of its nearest package.json, which
        is a bundle's (the files beside package.json are tools' configs, which other rules place)."""
        found = self.package_of(rel)
        if found is None or not found[1] or found[0] not in self.bundles or found[0] in self.for_node:
            return False
        return not any(rel.startswith(server + "/") for server in self.servers)  # a Node server's own

    def kind(self, rel: str) -> str | None:
        """`dev`/`test` when the file belongs to a package of scripts or a test runner's (package_kind)."""
        found = self.package_of(rel)
        return None if found is None else self.kinds.get(found[0])

    def in_scripts(self, rel: str) -> bool:
        """The file is below a `scripts/` folder of the package it belongs to (script_file)."""
        found = self.package_of(rel)
        return found is not None and script_file(rel, found[0])
