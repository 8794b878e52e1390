"""Browser bundles: a package (a folder with its own package.json) that a client bundler builds (Vite,
webpack, Create React App, Parcel...) and that runs no server of its own. The bundler replaces
`process.env.NODE_ENV` (and whatever `define` / DefinePlugin names) with its value while it builds, so such
a read in the bundle's source is build-time configuration, not a variable the running app reads.
(`import.meta.env.X` is left alone: apps inject those at run time too, and say so.)
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import replace

from secretguard.inventory.discover.base import Read, scope_of_read

_BUNDLERS = frozenset(
    """
    vite webpack react-scripts parcel @vue/cli-service @rsbuild/core @rspack/cli @rspack/core snowpack
    @craco/craco react-app-rewired
    """.split()
)
# A package depending on one of these serves (or renders on) a server: its process.env is the server's.
_SERVERS = frozenset(
    """
    express koa fastify @nestjs/core @hapi/hapi hapi next nuxt @sveltejs/kit @remix-run/node @remix-run/serve
    @react-router/node @react-router/serve astro hono @hono/node-server restify @adonisjs/core electron
    @angular/ssr vike vite-plugin-ssr @tanstack/react-start @solidjs/start h3 nitropack polka micro
    """.split()
)
_SECTIONS = ("dependencies", "devDependencies", "peerDependencies")


def _browser_bundle(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or "bin" in data:
        return False
    names: set[str] = set()
    for section in _SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            names.update(str(k) for k in deps)
    return bool(names & _BUNDLERS) and not names & _SERVERS


class BrowserBundles:
    """Which files belong to a browser bundle: decided by the package.json nearest to each (read once per
    folder through the project's reader)."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self.read_file = read_file
        self.folders: dict[str, bool | None] = {}  # folder -> its package is a bundle; None: no package.json

    def holds(self, file: str) -> bool:
        """The file is source of a bundle: below its package's folder (`ui/src/...`). The files beside
        package.json are the tools' configs (vite.config.js, .eslintrc.js), which other rules place."""
        folder = posixpath.dirname(file)
        nested = False
        while True:
            if folder not in self.folders:
                text = self.read_file(posixpath.join(folder, "package.json") if folder else "package.json")
                self.folders[folder] = None if text is None else _browser_bundle(text)
            known = self.folders[folder]
            if known is not None:
                return known and nested
            if not folder:
                return False
            folder = posixpath.dirname(folder)
            nested = True

    def scoped(self, reads: list[Read]) -> list[Read]:
        """The reads of `process.env` in a bundle's source moved to `build`."""
        return [
            replace(r, scope="build")
            if r.source == "javascript" and scope_of_read(r) == "runtime" and self.holds(r.file)
            else r
            for r in reads
        ]
