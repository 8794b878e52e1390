"""Served or server-side, from the frameworks' documented build layouts; indexed maps and bundler prefixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secretguard.scan.sources.bundle.layout import served
from secretguard.scan.sources.bundle.sourcemap import IndexedMap, Original, SourceMap, SourceMapError


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".next/static/chunks/app/page-1a2b.js", True),
        (".next/static/chunks/app/page-1a2b.js.br", True),
        (".next/server/app/index.html", True),
        (".next/server/app/api/public-config.body", True),
        (".next/server/app/page.rsc", True),
        (".next/server/app/api/public-config.meta", True),
        (".next/server/app/page.js", False),
        (".next/server/app/api/send/route.js.nft.json", False),
        (".next/server/chunks/123.js", False),
        (".next/server/server-reference-manifest.json", False),
        (".next/prerender-manifest.json", False),
        (".next/standalone/.env.production", False),
        (".next/standalone/server.js", False),
        (".output/public/_nuxt/entry.js", True),
        (".output/server/chunks/app.mjs", False),
        (".svelte-kit/output/client/_app/immutable/entry/app.js", True),
        (".svelte-kit/output/server/entries/pages/_page.server.ts.js", False),
    ],
)
def test_framework_folders(tmp_path: Path, name: str, expected: bool) -> None:
    _touch(tmp_path, name)
    assert served(str(tmp_path / name)) is expected


def test_adapter_node_build_is_split_by_its_marker(tmp_path: Path) -> None:
    _touch(tmp_path, "build/handler.js", "build/client/_app/app.js", "build/server/chunks/page.js")
    assert served(str(tmp_path / "build/client/_app/app.js")) is True
    assert served(str(tmp_path / "build/server/chunks/page.js")) is False
    assert served(str(tmp_path / "build/handler.js")) is False


def test_single_page_builds_are_served_and_unknown_layouts_unknown(tmp_path: Path) -> None:
    _touch(tmp_path, "dist/index.html", "dist/assets/index.js", "public/next-less.js", "other/app.js")
    assert served(str(tmp_path / "dist/assets/index.js")) is True
    assert served(str(tmp_path / "other/app.js")) is None
    assert served(str(tmp_path / "public/next-less.js")) is None  # no .next beside it


def _plain(mappings: str, sources: list[str], content: list[str] | None = None) -> dict[str, object]:
    doc: dict[str, object] = {"version": 3, "sources": sources, "mappings": mappings, "names": []}
    if content is not None:
        doc["sourcesContent"] = content
    return doc


def test_indexed_maps_resolve_through_their_sections() -> None:
    doc = {
        "version": 3,
        "sections": [
            {"offset": {"line": 0, "column": 0}, "map": _plain("AAAA", ["turbopack:///[project]/app/a.tsx"])},
            # `AACA`: generated column 0 -> source 0, original line 2 (0-based 1), column 0
            {"offset": {"line": 2, "column": 10}, "map": _plain("AACA", ["webpack://_N_E/./app/b.tsx"])},
        ],
    }
    parsed = SourceMap.parse(json.dumps(doc).encode(), ".next/static/chunks/x.js.map")
    assert isinstance(parsed, IndexedMap)
    assert parsed.original(1, 5) == Original("app/a.tsx", 1, 5)
    assert parsed.original(3, 14) == Original("app/b.tsx", 2, 4)  # column 4 of the section's first line
    assert parsed.original(3, 5) is None  # before the second section: the first, which has no line 3
    assert parsed.all_sources == ["app/a.tsx", "app/b.tsx"]


@pytest.mark.parametrize(
    "sections",
    [
        "nope",
        [{"offset": {"line": 0}, "map": _plain("AAAA", ["a.js"])}],
        [{"offset": {"line": 0, "column": 0}, "url": "elsewhere.map"}],
        [{"offset": {"line": 0, "column": 0}, "map": {"sections": []}}],
        [
            {"offset": {"line": 5, "column": 0}, "map": _plain("AAAA", ["a.js"])},
            {"offset": {"line": 1, "column": 0}, "map": _plain("AAAA", ["a.js"])},
        ],
    ],
)
def test_malformed_sections_are_a_source_map_error(sections: object) -> None:
    with pytest.raises(SourceMapError):
        SourceMap.parse(json.dumps({"version": 3, "sections": sections}).encode(), "x.js.map")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("webpack://_N_E/./app/components/Secret.tsx", "app/components/Secret.tsx"),
        ("webpack:///./src/index.js", "src/index.js"),
        ("turbopack:///[project]/app/page.tsx", "app/page.tsx"),
        ("vite:///src/main.ts", "src/main.ts"),
        ("../src/routes/+page.svelte", "dist/src/routes/+page.svelte"),
    ],
)
def test_bundler_prefixes_are_stripped(source: str, expected: str) -> None:
    parsed = SourceMap.parse(json.dumps(_plain("AAAA", [source])).encode(), "dist/assets/app.js.map")
    assert isinstance(parsed, SourceMap)
    assert parsed.sources == [expected]


def test_a_position_past_the_end_of_its_original_line_is_left_unmapped() -> None:
    """An inlined `define` value has no segment: the one before it is other code (a 26-character line)."""
    content = ["export const legacy = false;\n"]
    parsed = SourceMap.parse(json.dumps(_plain("AAAA", ["flags.js"], content)).encode(), "app.js.map")
    assert isinstance(parsed, SourceMap)
    assert parsed.original(1, 5) == Original("flags.js", 1, 5)
    assert parsed.original(1, 200) is None


def test_sources_of_copied_maps_are_read_as_project_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secretguard.scan.sources.bundle.annotate import repository_path

    _touch(tmp_path, "src/routes/+page.svelte")
    monkeypatch.chdir(tmp_path)
    assert repository_path("build/src/routes/+page.svelte") == "src/routes/+page.svelte"
    assert repository_path("../src/routes/+page.svelte") == "src/routes/+page.svelte"
    assert repository_path("src/routes/+page.svelte") == "src/routes/+page.svelte"
    assert repository_path("build/src/missing.ts") == "build/src/missing.ts"  # nothing better: as named
