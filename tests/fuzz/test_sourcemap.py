"""Fuzzing the source-map decoder: VLQ mappings, plain and indexed (`sections`) maps, sourcesContent, inline
`data:` URLs, huge and deeply nested JSON. Nothing but SourceMapError may come out of parsing or lookups."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.scan.sources.bundle.sourcemap import (
    Original,
    SourceMap,
    SourceMapError,
    decode_vlq,
    load_map_text,
    source_mapping_url,
)
from tests.fuzz._harness import counted, deep_nesting, json_values, junk_text

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def encode_vlq(values: list[int]) -> str:
    out = []
    for value in values:
        number = (-value << 1) | 1 if value < 0 else value << 1
        while True:
            digit = number & 31
            number >>= 5
            if number:
                out.append(_B64[digit | 32])
            else:
                out.append(_B64[digit])
                break
    return "".join(out)


small_ints = st.integers(min_value=-300, max_value=300)
# Source map values are 32-bit; the decoder refuses values of more than 7 digits (35 bits with the sign).
any_ints = st.one_of(small_ints, st.integers(min_value=-(2**31), max_value=2**31 - 1))
wide_ints = st.one_of(st.integers(min_value=2**34), st.integers(max_value=-(2**34)))
segments = st.lists(any_ints, min_size=0, max_size=6).map(encode_vlq)
# Valid VLQ, VLQ with junk spliced in, and raw characters of the alphabet (truncated values, long runs).
mapping_lines = st.one_of(
    st.lists(segments, max_size=8).map(",".join),
    st.text(alphabet=_B64 + ",", max_size=60),
    st.builds(lambda a, j, b: a + j + b, segments, junk_text(10), segments),
)
mappings = st.one_of(st.lists(mapping_lines, max_size=8).map(";".join), junk_text(40))


def plain_maps() -> st.SearchStrategy[dict[str, Any]]:
    source_names = st.one_of(
        st.sampled_from(["webpack:///./src/a.js", "webpack://lib/./b.ts", "turbopack:///[project]/c.tsx"]),
        st.sampled_from(["vite:///d.js", "file:///e.js", "../f.js", "/g.js", "", ".", "//h", "x://y"]),
        st.text(max_size=15),
        json_values(3),
    )
    contents = st.one_of(st.none(), st.text(max_size=60), st.just("a\nbb\nccc\n"), json_values(3))
    return st.fixed_dictionaries(
        {"mappings": st.one_of(mappings, json_values(3))},
        optional={
            "version": st.one_of(st.just(3), json_values(2)),
            "sources": st.one_of(st.lists(source_names, max_size=5), json_values(3)),
            "sourcesContent": st.one_of(st.lists(contents, max_size=5), json_values(3)),
            "sourceRoot": st.one_of(st.text(max_size=10), st.sampled_from(["src", "/abs", "webpack://"])),
            "names": st.lists(st.text(max_size=5), max_size=3),
            "file": st.text(max_size=10),
        },
    )


def offsets() -> st.SearchStrategy[Any]:
    number = st.one_of(st.integers(min_value=-2, max_value=50), st.integers(), json_values(1))
    return st.one_of(st.fixed_dictionaries({"line": number, "column": number}), json_values(2))


def indexed_maps() -> st.SearchStrategy[dict[str, Any]]:
    section = st.fixed_dictionaries(
        {}, optional={"offset": offsets(), "map": st.one_of(plain_maps(), json_values(3)), "url": st.text()}
    )
    return st.fixed_dictionaries(
        {"sections": st.one_of(st.lists(section, max_size=4), json_values(3))},
        optional={"version": st.just(3), "mappings": mappings, "sources": st.lists(st.text(max_size=5))},
    )


documents = st.one_of(
    plain_maps().map(json.dumps),
    indexed_maps().map(json.dumps),
    json_values(10).map(json.dumps),
    st.sampled_from(["[", "{", '{"mappings": "', '{"sections": [{"map": {']).map(lambda s: s * 3),
    st.integers(min_value=1, max_value=4000).map(lambda n: deep_nesting("[", "]", n)),
    st.integers(min_value=1, max_value=4000).map(lambda n: '{"sections":' + deep_nesting("[", "]", n) + "}"),
)
raw_maps = st.one_of(documents.map(str.encode), st.binary(max_size=200))
positions = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=300)
    )  # 1-based, as findings, max_size=6
)


def _lookups(loaded: Any, wanted: list[tuple[int, int]]) -> None:
    sources = loaded.all_sources
    for line, column in wanted:
        try:
            found = loaded.original(line, column)
        except SourceMapError:
            continue  # annotate() reports it as a skipped note
        if found is not None:
            assert isinstance(found, Original)
            assert found.file in sources
            assert found.line >= 1
            assert found.column >= 1
    assert isinstance(loaded.all_contents, list)


@given(raw=raw_maps, wanted=positions, path=st.sampled_from(["", "dist/app.js.map", "inline", "a/../b.map"]))
# Found by fuzzing: a negative original line (deltas below 0) with sourcesContent raised IndexError.
@example(raw=b'{"mappings": "AALA", "sources": ["a.js"], "sourcesContent": ["x"]}', wanted=[(1, 1)], path="")
@counted
def test_parse_and_look_up(raw: bytes, wanted: list[tuple[int, int]], path: str) -> None:
    try:
        loaded = SourceMap.parse(raw, path)
    except SourceMapError:
        return
    _lookups(loaded, wanted)


@given(values=st.lists(any_ints, max_size=10))
@counted
def test_vlq_round_trip(values: list[int]) -> None:
    assert decode_vlq(encode_vlq(values)) == values


@given(value=wide_ints, before=st.lists(any_ints, max_size=3))
@counted
def test_vlq_of_more_than_7_digits_is_rejected(value: int, before: list[int]) -> None:
    with pytest.raises(SourceMapError, match="too large"):
        decode_vlq(encode_vlq([*before, value]))


@given(text=st.one_of(st.text(alphabet=_B64, max_size=50), st.text(max_size=20)))
@counted
def test_vlq_junk(text: str) -> None:
    try:
        values = decode_vlq(text)
    except SourceMapError:
        return
    assert all(isinstance(v, int) for v in values)


@given(
    body=st.binary(max_size=200),
    comment=st.sampled_from(
        [b"//# sourceMappingURL=", b"/*# sourceMappingURL=", b"//@ sourceMappingURL=", b""]
    ),
    url=st.one_of(
        st.binary(max_size=40),
        documents.map(lambda d: b"data:application/json;base64," + base64.b64encode(d.encode())),
    ),
    tail=st.binary(max_size=20),
)
@counted
def test_mapping_url_and_inline_maps(body: bytes, comment: bytes, url: bytes, tail: bytes) -> None:
    data = body + b"\n" + comment + url + tail
    found, start = source_mapping_url(data)
    assert 0 <= start <= len(data)
    if found is None or not found.startswith("data:"):
        return
    loaded = load_map_text(found, "dist/app.js", roots=["dist"], max_bytes=1 << 20)
    if loaded is None:
        return
    try:
        parsed = SourceMap.parse(loaded[1], "dist/app.js")
    except SourceMapError:
        return
    _lookups(parsed, [(1, 1), (2, 5)])


# Regressions found by fuzzing, as plain tests.


def test_negative_original_line_is_unmapped() -> None:
    """Deltas that run before line 1 of an embedded original: no position (was IndexError in _fits)."""
    raw = b'{"mappings": "AALA", "sources": ["a.js"], "sourcesContent": ["x"]}'
    loaded = SourceMap.parse(raw)
    assert loaded.original(1, 1) is None
    without_content = SourceMap.parse(b'{"mappings": "AALA", "sources": ["a.js"]}')
    assert without_content.original(1, 1) is None


def test_long_vlq_continuation_run_is_rejected() -> None:
    """A run of continuation digits built an ever wider integer: quadratic time (a 1 MiB run took minutes).
    It is now refused at the 8th digit, whatever follows."""
    for digit in "/g":
        with pytest.raises(SourceMapError, match="too large"):
            decode_vlq(digit * 200_000 + "A")
