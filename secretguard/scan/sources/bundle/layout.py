"""Which build output is served to browsers, from each framework's documented output layout.

A credential in a client chunk is public; the same credential in server output (a Next.js route handler's
chunk, SvelteKit's `build/server`) is not, and ranking it as a public leak sends a team to rotate at midnight
for nothing. `served(path)` answers True (served to browsers), False (server-side only) or None (a layout we
do not know: reported as before). The layout is recognised from the build folder's own markers, never from
the folder name alone where two frameworks share one (`build/`, `dist/`).

- Next.js (`.next/`): `static/` is served, and so are the prerendered route files in `server/app/` and
  `server/pages/` (`.html`, `.body`, `.rsc`, `.meta`, and `.json` data of pages); everything else in `.next`
  (`server/chunks`, manifests, `standalone/`, `cache/`) is server-side. `public/` next to `.next` is served.
- Nuxt (`.output/`): `public/` served, `server/` not.
- SvelteKit: `.svelte-kit/output/client` and `.../prerendered` served, `.../server` not; adapter-node's
  `build/` (recognised by `handler.js`): `client/` and `prerendered/` served, the rest not.
- Client/server splits (Remix, Astro SSR, React Router: a build folder holding both `client/` and `server/`):
  `client/` served, `server/` not.
- A plain single-page build (`dist/` or `build/` with an `index.html` and no `server/`): served.
"""

from __future__ import annotations

import functools
import os
from pathlib import PurePath

from secretguard.scan.sources.bundle.files import logical_path

_PRERENDERED = (".html", ".body", ".rsc", ".meta", ".json", ".txt")


def served(path: str) -> bool | None:
    """True when browsers are served `path`, False when it is server-side build output, None if unknown."""
    parts = list(PurePath(os.path.abspath(path)).parts)
    for index in range(len(parts) - 2, -1, -1):
        verdict = _by_folder(parts[: index + 1], parts[index + 1 :])
        if verdict is not None:
            return verdict
    return None


def _by_folder(head: list[str], rest: list[str]) -> bool | None:
    """What the build folder `head` (an absolute path as parts) says about the file at `rest` inside it."""
    name = head[-1]
    if not rest:
        return None
    if name == ".next":
        return _next(rest)
    if name == ".output" and rest[0] in ("public", "server"):
        return rest[0] == "public"
    if name == "output" and len(head) >= 2 and head[-2] == ".svelte-kit" and rest[0] in _SPLIT:
        return _SPLIT[rest[0]]
    folder = str(PurePath(*head))
    if name == "public" and _is_dir(str(PurePath(*head[:-1], ".next"))):
        return True
    if name in ("build", "dist", "out"):
        if _is_file(os.path.join(folder, "handler.js")) or _is_dir(os.path.join(folder, "server")):
            # adapter-node (handler.js) and client/server splits: by the first folder inside
            return _SPLIT.get(rest[0], False)
        if _is_file(os.path.join(folder, "index.html")):
            return True
    return None


_SPLIT = {"client": True, "prerendered": True, "static": True, "server": False}


def _next(rest: list[str]) -> bool:
    if rest[0] == "static":
        return True
    if rest[0] == "server" and len(rest) >= 3 and rest[1] in ("app", "pages"):
        name = logical_path(rest[-1])
        return name.endswith(_PRERENDERED) and not name.endswith(".nft.json")
    return False  # server chunks, manifests, standalone/, cache/, trace, BUILD_ID


@functools.lru_cache(maxsize=4096)
def _is_dir(path: str) -> bool:
    return os.path.isdir(path)


@functools.lru_cache(maxsize=4096)
def _is_file(path: str) -> bool:
    return os.path.isfile(path)
