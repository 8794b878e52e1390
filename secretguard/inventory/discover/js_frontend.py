"""Browser bundles: a package (a folder with its own package.json) that a client bundler builds (Vite,
webpack, Create React App, Parcel, Metro for an Expo / React Native app, a SvelteKit app prerendered by
`@sveltejs/adapter-static`...) and that runs no server of its own. Expo inlines `EXPO_PUBLIC_*` and
`EXPO_OS` into the bundle a phone runs; a static SvelteKit build is files served by something else.
The bundler replaces `process.env.NODE_ENV` (and whatever `define` / DefinePlugin names) with its value
while it builds, so such a read in the bundle's source is build-time configuration, not a variable the
running app reads. So is Vite's `import.meta.env.X`, unless the package injects those when its container
starts (`@import-meta-env/*`: the build leaves placeholders that a start script fills from the environment).
A package whose bundler config defines the whole `process.env` (`define: { "process.env": JSON.stringify(env)
}` in vite.config, webpack's DefinePlugin) has every `process.env` read of its source replaced at build,
its server-side rendering included, whatever it depends on.
Vite's library mode (`build.lib`) and its SSR builds (`build.ssr`) leave `process.env` as it is (only
`import.meta.env` is replaced): a package built that way (`packages/logger` built for the apps importing it)
reads its `process.env` wherever its output runs. A package building its browser app and a Node server
with two configs (`vite build -c vite.config.server.ts` with `ssr: "./src/server/index.ts"`) keeps the
`process.env` of the server entry's folder.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple

from secretguard.inventory.discover.base import Read, scope_of_read

_BUNDLERS = frozenset(
    """
    vite webpack react-scripts parcel @vue/cli-service @rsbuild/core @rspack/cli @rspack/core snowpack
    @craco/craco react-app-rewired expo react-native @sveltejs/adapter-static
    """.split()
)
# A package depending on one of these serves (or renders on) a server: its process.env is the server's.
_SERVERS = frozenset(
    """
    express koa fastify @nestjs/core @hapi/hapi hapi next nuxt @sveltejs/kit @remix-run/node @remix-run/serve
    @react-router/node @react-router/serve astro hono @hono/node-server restify @adonisjs/core electron
    @angular/ssr vike vite-plugin-ssr @tanstack/react-start @solidjs/start h3 nitropack polka micro
    meteor-node-stubs @meteorjs/rspack @meteorjs/reify
    """.split()
)
# (Meteor is the server of the app its npm packages come with: `meteor-node-stubs`, its rspack and reify
# integrations; its own bundler builds the server code, whose `process.env` is the running server's.)
_SECTIONS = ("dependencies", "devDependencies", "peerDependencies")
# SvelteKit renders on a server through any adapter but the static one (which prerenders every page).
_SVELTE_ADAPTERS = "@sveltejs/adapter-"
_SVELTE_STATIC = "@sveltejs/adapter-static"
# Packages that fill `import.meta.env` in a built bundle at start time, from the running environment.
_RUNTIME_INJECTORS = ("@import-meta-env/", "import-meta-env")
_VITE_BUILDERS = frozenset({"vite", "astro"})  # Astro replaces `import.meta.env` at build, through Vite


# Expo's app config beside the app's package.json: read by the Expo CLI while it builds, never on the phone.
_EXPO_CONFIGS = frozenset({"app.config.js", "app.config.ts", "app.config.mjs", "app.config.cjs"})


_NUXT_CONFIGS = tuple(f"nuxt.config.{ext}" for ext in ("ts", "js", "mjs"))
# The options of a nuxt.config that make it a static, client-rendered app.
_NUXT_STATIC = re.compile(
    r"""^\s*(?:ssr\s*:\s*false|target\s*:\s*["']static["']|mode\s*:\s*["']spa["'])""", re.M
)

# `"process.env": ...` as a key of a bundler's `define` / DefinePlugin (the whole object, not one member).
_DEFINED_ENV = re.compile(r"""["'`]process\.env["'`]\s*:""")
_BUNDLER_CONFIGS = tuple(
    f"{tool}.config.{ext}" for tool in ("vite", "webpack") for ext in ("ts", "js", "mjs", "mts", "cjs")
)


# `lib: {...}` (library mode) or `ssr: true` / `ssr: "src/entry.ts"` / `ssr: {...}` in a Vite config.
_NODE_BUILD = re.compile(r"""\blib\s*:\s*\{|\bssr\s*:\s*(?:true\b|\{|["'`])""")


# `ssr: "src/server.ts"`, `ssr: resolve(__dirname, "./src/server/index.ts")`: the server entry's path.
_SSR_ENTRY = re.compile(r"""\bssr\s*:\s*(?:[\w.]+\(\s*__dirname\s*,\s*)?["'`]([^"'`$]+)["'`]""")
# `vite build -c vite.config.server.ts`, `vite build --config=configs/ssr.ts`: a config a script names.
_NAMED_CONFIG = re.compile(r"""\bvite\s+build\b[^&|;]*?(?:-c|--config)(?:\s+|=)([\w./-]+)""")


def server_folders(text: str, folder: str) -> list[str]:
    """The folders of the SSR entries a Vite config in folder builds (`ssr: "./src/server/index.ts"`); none
    for one defining the whole `process.env` or an entry at the package's root."""
    if defines_process_env(text):
        return []
    found: list[str] = []
    for entry in _SSR_ENTRY.findall(text):
        server = posixpath.dirname(posixpath.normpath(posixpath.join(folder, entry)))
        if server not in ("", ".", folder) and not server.startswith(".."):
            found.append(server)
    return found


def builds_for_node(text: str) -> bool:
    """A Vite config building a library or a server (SSR) bundle: its `process.env` is left unreplaced."""
    return _NODE_BUILD.search(text) is not None


def defines_process_env(text: str) -> bool:
    """A bundler config replacing the whole `process.env` object while it builds."""
    return _DEFINED_ENV.search(text) is not None


class _Bundle(NamedTuple):
    injected: bool  # `import.meta.env` is filled at start time (_RUNTIME_INJECTORS)
    expo: bool  # an Expo app (its app.config.* is build configuration)
    node: bool = False  # built as a library or for SSR (builds_for_node): `process.env` is left as is
    servers: tuple[str, ...] = ()  # folders of the SSR entries another config of the package builds


def _package_data(text: str) -> dict[str, Any] | None:
    """A package.json's object, None when it is no JSON object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _dependencies(data: dict[str, Any]) -> set[str]:
    """The names of every package the package.json depends on, in any section."""
    names: set[str] = set()
    for section in _SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            names.update(str(k) for k in deps)
    return names


def browser_bundle(text: str, static_nuxt: bool = False) -> _Bundle | None:
    """The package.json's bundle, or None when it is not a browser bundle's. `static_nuxt`: the package's
    nuxt.config turns server rendering off (its pages are generated to files, no server of its own)."""
    data = _package_data(text)
    return None if data is None else _bundle_of(data, static_nuxt)


def _bundle_of(data: dict[str, Any], static_nuxt: bool) -> _Bundle | None:
    if "bin" in data:
        return None
    names = _dependencies(data)
    servers = names & _SERVERS
    adapters = {n for n in names if n.startswith(_SVELTE_ADAPTERS)}
    if adapters == {_SVELTE_STATIC}:
        servers.discard("@sveltejs/kit")  # prerendered to files: no server of its own
    if static_nuxt and "nuxt" in servers:
        servers.discard("nuxt")  # `nuxt generate` of an `ssr: false` app: webpack/vite bundles the pages
        names.add("webpack")
    if not names & _BUNDLERS or servers:
        return None
    return _Bundle(any(n.startswith(_RUNTIME_INJECTORS) for n in names), "expo" in names)


def _vite_built(data: dict[str, Any]) -> bool:
    """A package.json depending on Vite (or Astro, built by Vite) and on no start-time injector of
    `import.meta.env`."""
    names = _dependencies(data)
    return bool(_VITE_BUILDERS & names) and not any(n.startswith(_RUNTIME_INJECTORS) for n in names)


class BrowserBundles:
    """Which files belong to a browser bundle: decided by the package.json nearest to each (read once per
    folder through the project's reader)."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self.read_file = read_file
        # folder -> its package's bundle (None: not one); a folder without package.json is absent from it
        self.folders: dict[str, _Bundle | None] = {}
        # folder -> its package.json's text and object (None: no package.json), read once for both questions
        self.packages: dict[str, tuple[str, dict[str, Any] | None] | None] = {}

    def bundle(self, file: str) -> _Bundle | None:
        """The bundle whose source the file is: below its package's folder (`ui/src/...`). The files beside
        package.json are the tools' configs (vite.config.js, .eslintrc.js), which other rules place."""
        folder = posixpath.dirname(file)
        nested = False
        while True:
            if folder not in self.folders:
                package = self.package(folder)
                if package is not None:
                    text, data = package
                    found = None if data is None else _bundle_of(data, self.static_nuxt(folder))
                    if found is not None and self.for_node(folder):
                        found = found._replace(node=True)
                    elif found is not None:
                        found = found._replace(servers=self.server_entries(folder, text))
                    self.folders[folder] = found or self.defined(folder)
            if folder in self.folders:
                found = self.folders[folder]
                return found if nested else None
            if not folder:
                return None
            folder = posixpath.dirname(folder)
            nested = True

    def built_by_vite(self, file: str) -> bool:
        """The nearest package.json depends on Vite and on no start-time `import.meta.env` injector."""
        folder = posixpath.dirname(file)
        while True:
            package = self.package(folder)
            if package is not None:
                return package[1] is not None and _vite_built(package[1])
            if not folder:
                return False
            folder = posixpath.dirname(folder)

    def package(self, folder: str) -> tuple[str, dict[str, Any] | None] | None:
        """The folder's package.json (its text and object), None when it has none; read once."""
        if folder not in self.packages:
            text = self.read_file(posixpath.join(folder, "package.json") if folder else "package.json")
            self.packages[folder] = None if text is None else (text, _package_data(text))
        return self.packages[folder]

    def static_nuxt(self, folder: str) -> bool:
        """The folder's nuxt.config turns server rendering off (`ssr: false`, Nuxt 2's `target: 'static'` or
        `mode: 'spa'`): the app is generated to static files a browser loads."""
        for name in _NUXT_CONFIGS:
            text = self.read_file(posixpath.join(folder, name) if folder else name)
            if text is not None:
                return bool(_NUXT_STATIC.search(text))
        return False

    def defined(self, folder: str) -> _Bundle | None:
        """A bundle whose config defines `process.env` whole (`import.meta.env` stays Vite's own)."""
        for name in _BUNDLER_CONFIGS:
            text = self.read_file(posixpath.join(folder, name) if folder else name)
            if text is not None and defines_process_env(text):
                return _Bundle(True, False)
        return None

    def for_node(self, folder: str) -> bool:
        """The package's Vite config builds a library or an SSR bundle."""
        for name in _BUNDLER_CONFIGS[:5]:  # vite.config.*
            text = self.read_file(posixpath.join(folder, name) if folder else name)
            if text is not None and builds_for_node(text) and not defines_process_env(text):
                return True
        return False

    def server_entries(self, folder: str, package: str) -> tuple[str, ...]:
        """The folders of the SSR entries the Vite configs the package's scripts name build."""
        try:
            scripts = json.loads(package).get("scripts")
        except (ValueError, AttributeError):
            return ()
        if not isinstance(scripts, dict):
            return ()
        found: list[str] = []
        for command in scripts.values():
            for config in _NAMED_CONFIG.findall(command) if isinstance(command, str) else []:
                text = self.read_file(posixpath.normpath(posixpath.join(folder, config)))
                if text is None:
                    continue
                found.extend(server_folders(text, folder))
        return tuple(found)

    def scoped(self, reads: list[Read]) -> list[Read]:
        """The reads of `process.env` (and of `import.meta.env` unless injected at start) in a bundle's
        source moved to `build`."""
        return [replace(r, scope="build") if self.built_in(r) else r for r in reads]

    def built_in(self, read: Read) -> bool:
        if read.source not in ("javascript", "import.meta.env") or scope_of_read(read) != "runtime":
            return False
        found = self.bundle(read.file)
        if found is None and posixpath.basename(read.file) in _EXPO_CONFIGS:
            own = self.folders.get(posixpath.dirname(read.file))  # read by bundle() just now
            return own is not None and own.expo
        if found is None:
            # Vite replaces `import.meta.env.X` while it builds, whatever server the package also runs
            # (dashy's Vue app beside its Express server): only a start-time injector leaves it to run time.
            return read.source == "import.meta.env" and self.built_by_vite(read.file)
        if any(read.file.startswith(server + "/") for server in found.servers):
            return read.source == "import.meta.env" and not found.injected  # the server's process.env
        return (read.source == "javascript" and not found.node) or (
            read.source == "import.meta.env" and not found.injected
        )
