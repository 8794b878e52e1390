"""Browser code a webpack config bundles, in a package that also runs a server (one package.json for both, so
js_frontend.py's package rule cannot tell): the folders of the config's `entry` files.

webpack builds for the browser unless told otherwise (`target: "node"`, `"electron-main"`...). In that
bundle `process.env.X` is either replaced while it builds (DefinePlugin, `mode`'s NODE_ENV) or read from
webpack 4's empty browser polyfill (webpack 5 has none): it never reads the environment the server runs in,
so the reads of the entries' folders (`./client/index-app.js` -> `client/`) are `build`, as a browser
package's are. An entry at the package's root (`./index.js`) names no folder of its own: nothing is moved.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read

# `webpack.config.js`, `webpack.prod.js`, `config/webpack.common.ts` (not Laravel Mix's `webpack.mix.js`).
_CONFIG = re.compile(r"(?:^|/)webpack(?:\.[\w-]+)*\.(?:[cm]?js|[cm]?ts)$", re.IGNORECASE)
_MIX = re.compile(r"(?:^|/)webpack\.mix\.[cm]?[jt]s$", re.IGNORECASE)
_NODE_TARGET = re.compile(r"""\btarget\s*:\s*["'`](?:node|async-node|electron-main|electron-preload)""")
_ENTRY = re.compile(r"\bentry\s*:\s*")
_QUOTED = re.compile(r"""["'`](\.{0,2}/?[\w@][\w./@-]*\.(?:[cm]?[jt]sx?|vue|svelte))["'`]""")
_MAX_ENTRY = 2_000  # characters after `entry:` holding its files


def is_webpack_config(rel: str) -> bool:
    return _CONFIG.search(rel) is not None and _MIX.search(rel) is None


def _entry_files(text: str) -> list[str]:
    """The quoted script paths of the config's `entry:` value (a string, an array or an object)."""
    out: list[str] = []
    for match in _ENTRY.finditer(text):
        out.extend(_QUOTED.findall(_value(text, match.end())))
    return out


def _value(text: str, start: int) -> str:
    """The `entry:` value: up to its closing bracket, or to the end of the line for a plain string."""
    if start >= len(text) or text[start] not in "[{":
        end = text.find("\n", start)
        return text[start : end if end >= 0 else len(text)]
    depth = 0
    for k in range(start, min(len(text), start + _MAX_ENTRY)):
        if text[k] in "[{(":
            depth += 1
        elif text[k] in "]})":
            depth -= 1
            if depth == 0:
                return text[start : k + 1]
    return text[start : start + _MAX_ENTRY]


@dataclass
class WebpackEntries:
    """webpack configs of the walk, and the folders of their entries once resolved."""

    configs: list[tuple[str, str]] = field(default_factory=list)  # (config file, text) building for browsers

    def add(self, text: str, rel: str) -> None:
        if is_webpack_config(rel) and "entry" in text and _NODE_TARGET.search(text) is None:
            self.configs.append((rel, text))

    def folders(self, read_file: Callable[[str], str | None]) -> set[str]:
        """The project folders holding the entries: an entry path is taken from the config's folder or a
        folder above it (webpack resolves it from where it runs: the package's root), the first having it."""
        out: set[str] = set()
        for rel, text in self.configs:
            for entry in _entry_files(text):
                path = entry.removeprefix("./")
                if path.startswith(("/", "../")):
                    continue
                folder = posixpath.dirname(rel)
                while True:
                    candidate = posixpath.normpath(posixpath.join(folder, path))
                    if read_file(candidate) is not None:
                        parent = posixpath.dirname(candidate)
                        if parent and parent != posixpath.dirname(rel) and parent != folder:
                            out.add(parent)
                        break
                    if not folder:
                        break
                    folder = posixpath.dirname(folder)
        return out

    def scoped(self, reads: list[Read], read_file: Callable[[str], str | None]) -> list[Read]:
        """`process.env` reads of the entries' folders moved to `build`."""
        if not self.configs:
            return reads
        folders = self.folders(read_file)
        if not folders:
            return reads
        return [
            replace(r, scope="build")
            if r.source == "javascript"
            and scope_of_read(r) == "runtime"
            and any(r.file.startswith(f + "/") for f in folders)
            else r
            for r in reads
        ]
