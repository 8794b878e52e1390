"""Built frontend output as chunks: every file a browser can fetch, decompressed when served compressed.

Build folders are usually git-ignored, so they are walked directly (never through `git ls-files`). What is
found is recorded in a `BundleIndex` so that findings can later be mapped through source maps, and the
deployed maps themselves reported.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.chunk import Chunk
from secretguard.scan.finding import ScanResult, Skipped
from secretguard.scan.sources.bundle.sourcemap import (
    SourceMap,
    SourceMapError,
    load_map_text,
    source_mapping_url,
)
from secretguard.scan.sources.files import ALWAYS_SKIPPED_DIRS, as_text

# `.body`, `.rsc` and `.meta` are Next.js prerendered route bodies, React Server Component payloads and their
# headers: served as they are (`/api/public-config` is `server/app/api/public-config.body`).
SCANNED_SUFFIXES = (
    ".js",
    ".mjs",
    ".cjs",
    ".jsx",
    ".css",
    ".html",
    ".htm",
    ".json",
    ".map",
    ".txt",
    ".svg",
    ".body",
    ".rsc",
    ".meta",
)
COMPRESSED_SUFFIXES = (".gz", ".br")
# A dotenv file inside build output is deployed with it: always scanned.
ENV_PREFIX = ".env"


@dataclass
class BundleIndex:
    """What the walk saw: maps present, and which generated file names which map."""

    maps: set[str] = field(default_factory=set)
    broken_maps: set[str] = field(default_factory=set)  # already reported as skipped
    map_urls: dict[str, str] = field(default_factory=dict)  # generated file -> its sourceMappingURL


def _wanted(name: str) -> bool:
    lowered = name.lower()
    if lowered.startswith(ENV_PREFIX):
        return True
    for suffix in COMPRESSED_SUFFIXES:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            break
    return lowered.endswith(SCANNED_SUFFIXES)


def _decompress(path: str, data: bytes, limit: int) -> bytes:
    """Served-compressed assets (`app.js.gz`, `app.js.br`), bounded so a bomb cannot exhaust memory."""
    lowered = path.lower()
    if lowered.endswith(".gz"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, limit + 1)
        if not inflater.eof and len(out) <= limit:
            raise ValueError("truncated gzip stream")
    elif lowered.endswith(".br"):
        import brotli  # noqa: PLC0415 - only for .br files

        out = bytes(brotli.decompress(data))
    else:
        return data
    if len(out) > limit:
        raise ValueError(f"decompresses to more than the size limit ({limit} bytes)")
    return out


def list_bundle_files(paths: Iterable[str], result: ScanResult) -> Iterator[str]:
    for given in paths:
        if not os.path.isdir(given):
            if os.path.lexists(given):
                yield given  # a file, or something that is not one: reading it says which
            else:
                result.skipped.append(Skipped(given, "no such file or folder"))
            continue

        def on_error(exc: OSError) -> None:
            result.skipped.append(Skipped(str(exc.filename), f"cannot list folder: {exc.strerror}"))

        for root, dirs, files in os.walk(given, onerror=on_error):
            dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED_DIRS and d != "node_modules")
            for name in sorted(files):
                if _wanted(name):
                    yield os.path.join(root, name)


class BundleReader:
    """Reads bundle files into chunks, noting problems and counters in `record` and what it learns about
    source maps in `index`. `roots` are the folders files may be read from (symlinks resolved): a symlink
    or a sourceMappingURL leading elsewhere is refused and named, never followed."""

    def __init__(self, record: ScanResult, max_size: int, roots: Sequence[str]) -> None:
        self.result = record
        self.max_size = max_size
        self.roots = list(roots)
        self.index = BundleIndex()

    def read(self, path: str) -> list[Chunk]:
        """The chunks of one bundle file (a map gives one per original source)."""
        return list(self._read(path))

    def _read(self, path: str) -> Iterator[Chunk]:
        try:
            data = read_regular_file(path, roots=self.roots, max_bytes=self.max_size)
            data = _decompress(path, data, self.max_size)
        except RefusedInput as exc:
            self.result.skipped.append(Skipped(path, exc.reason))
            return
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            self.result.skipped.append(Skipped(path, f"cannot read: {exc}"))
            return
        except Exception as exc:  # noqa: BLE001 - brotli raises its own error type
            self.result.skipped.append(Skipped(path, f"cannot decompress: {type(exc).__name__}"))
            return
        text = as_text(data)  # UTF-16/32 decoded to UTF-8, like every other source
        if text is None:
            self.result.count("binary_skipped")
            return
        self.result.count("files")
        self.result.count("bytes", len(data))
        data = text[0]
        if logical_path(path).endswith(".map"):
            self.index.maps.add(path)
            yield from self._map_contents(path, data)
            return
        url, at = source_mapping_url(data)
        if url:
            self.index.map_urls[path] = url
            if url.startswith("data:"):
                # The inline map is scanned as the sources it embeds, not as one base64 blob.
                yield from self._inline_map(path, url)
                data = data[:at]
        yield Chunk(data=data, path=path)

    def _map_contents(self, path: str, raw: bytes) -> Iterator[Chunk]:
        """A source map's `sourcesContent`: each original file as its own chunk, with its own lines."""
        try:
            source_map = SourceMap.parse(raw, path)
        except SourceMapError as exc:
            # Malformed or truncated: say so, and still scan its text as it is.
            self.index.broken_maps.add(path)
            self.result.skipped.append(Skipped(path, f"source map not usable ({exc}); scanned as plain text"))
            yield Chunk(data=raw, path=path)
            return
        contents = source_map.all_contents
        if not any(content for _, content in contents):
            self.result.count("maps_without_sources_content")
            return
        for original, content in contents:
            if content:
                yield Chunk(
                    data=content.encode("utf-8", "surrogatepass"),
                    path=path,
                    extra={"original_file": original},
                    place=original,
                )

    def _inline_map(self, path: str, url: str) -> Iterator[Chunk]:
        loaded = load_map_text(url, path, roots=self.roots, max_bytes=self.max_size)
        if loaded is None:
            self.result.skipped.append(Skipped(path, "inline source map (data: URL) could not be decoded"))
            return
        yield from self._map_contents(path, loaded[1])


def logical_path(path: str) -> str:
    """`app.js` for `app.js.gz` and `app.js.br`: one file served compressed or not."""
    for suffix in COMPRESSED_SUFFIXES:
        if path.lower().endswith(suffix):
            return path[: -len(suffix)]
    return path
