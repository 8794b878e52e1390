"""Positions of values in bundles: the offset inside a segment carries over only for a verbatim copy, and
every place a secret variable's value is inlined is reported (found on the framework fixtures, issue #19)."""

from __future__ import annotations

import json

from secretguard.scan.chunk import Chunk
from secretguard.scan.sources.bundle.inlined import KEEP_PER_CHUNK, InlinedValues, SecretValue
from secretguard.scan.sources.bundle.sourcemap import Original, SourceMap

VALUE = "6263ec23d03dce95d736c644f3e0ef3ffbd50720"


def _map(content: list[str] | None) -> SourceMap:
    # generated `let d="VALUE"`: `d` (column 4) -> original 0:6, `"` (column 6) -> original 0:6 as well
    doc: dict[str, object] = {
        "version": 3,
        "sources": ["app/panel.tsx"],
        "mappings": "IAAM,EAAA",
        "names": [],
    }
    if content is not None:
        doc["sourcesContent"] = content
    parsed = SourceMap.parse(json.dumps(doc).encode(), "x.js.map")
    assert isinstance(parsed, SourceMap)
    return parsed


def test_an_inlined_value_maps_to_its_segment_not_into_the_name_it_replaced() -> None:
    """`const SECRET = process.env.X` compiled to `let d="VALUE"`: the value is not a copy of the code at
    the segment's original position, so the segment's own position is the answer (as source-map consumers
    give it), not a column inside `SECRET`."""
    content = ["const SECRET = process.env.NEXT_PUBLIC_SECRET;\nexport { SECRET };\n"]
    assert _map(content).original(1, 8, VALUE) == Original("app/panel.tsx", 1, 7)


def test_a_verbatim_literal_maps_to_the_value_itself() -> None:
    content = [f'const KEY="{VALUE}";\n']
    # segment at the quote (original column 10, 0-based): the value, one on, is where the original holds it
    doc = {"version": 3, "sources": ["a.ts"], "mappings": "IAAU", "names": [], "sourcesContent": content}
    parsed = SourceMap.parse(json.dumps(doc).encode(), "x.js.map")
    assert parsed.original(1, 6, VALUE) == Original("a.ts", 1, 12)


def test_without_the_original_the_offset_is_not_guessed_for_a_value() -> None:
    assert _map(None).original(1, 8, VALUE) == Original("app/panel.tsx", 1, 7)
    assert _map(None).original(1, 8) == Original("app/panel.tsx", 1, 8)  # a position alone: carried as before


def test_every_place_a_value_is_inlined_is_reported_up_to_a_bound() -> None:
    values = InlinedValues([SecretValue("PUBLIC_ANALYTICS_TOKEN", VALUE.encode(), "app/.env")])
    twice = f"var d=`{VALUE}`;let m=f.PUBLIC_ANALYTICS_TOKEN||`{VALUE}`;".encode()
    found = values.scan(Chunk(data=twice, path="build/client/chunk.js"))
    second = twice.index(VALUE.encode(), 8) + 1
    assert [(f.line, f.column) for f in found] == [(1, 8), (1, second)]
    flood = (f'"{VALUE}",' * (KEEP_PER_CHUNK + 5)).encode()
    found = values.scan(Chunk(data=flood, path="build/client/table.js"))
    assert len(found) == KEEP_PER_CHUNK
    assert found[-1].extra["more_in_file"] == 5


def test_a_value_in_a_maps_sources_content_names_its_original_file() -> None:
    values = InlinedValues([SecretValue("STRIPE_SECRET_KEY", VALUE.encode(), "app/.env")])
    chunk = Chunk(
        data=f'var KEY = "{VALUE}";\n'.encode(),
        path="build/server/x.js.map",
        extra={"original_file": ".svelte-kit/output/server/x.js"},
    )
    [finding] = values.scan(chunk)
    assert finding.extra["original_file"] == ".svelte-kit/output/server/x.js"
    assert finding.extra["variable"] == "STRIPE_SECRET_KEY"
