"""Values a bundler inlined with `define` (no source-map segment of their own) mapped to the line of the
original code that reads the variable (issue #19): the reads recognised, which sources are searched, and
the scan's findings marked `original_by: "variable-read"`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from secretguard.scan.sources.bundle.reads import Read, camel_case, find_reads, infer_read
from secretguard.scan.sources.bundle.sourcemap import IndexedMap, SourceMap
from tests.conftest import CliRunner

VALUE = "Qm7Zt2Vb9Xc4Lp1Ns8Kd6Hf3Jw5Ry0Ga"  # made up
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _vlq(value: int) -> str:
    number = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit, number = number & 31, number >> 5
        out += _B64[digit | (32 if number else 0)]
        if not number:
            return out


def _mappings(lines: list[list[tuple[int, int, int, int]]]) -> str:
    """`mappings` from absolute (generated column, source, original line, original column), 0-based."""
    state = [0, 0, 0]
    out = []
    for segments in lines:
        column = 0
        parts = []
        for gen, source, line, col in segments:
            parts.append(
                _vlq(gen - column) + _vlq(source - state[0]) + _vlq(line - state[1]) + _vlq(col - state[2])
            )
            column, state = gen, [source, line, col]
        out.append(",".join(parts))
    return ";".join(out)


def _doc(
    sources: list[str], contents: list[str] | None, lines: list[list[tuple[int, int, int, int]]]
) -> dict[str, object]:
    doc: dict[str, object] = {"version": 3, "sources": sources, "names": [], "mappings": _mappings(lines)}
    if contents is not None:
        doc["sourcesContent"] = contents
    return doc


def _plain(doc: dict[str, object]) -> SourceMap:
    parsed = SourceMap.parse(json.dumps(doc).encode(), "dist/app.js.map")
    assert isinstance(parsed, SourceMap)
    return parsed


# --- the reads recognised -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("const a = process.env.NEXT_PUBLIC_API_SECRET;", "NEXT_PUBLIC_API_SECRET", [(1, 11, True)]),
        ('x(process.env["NEXT_PUBLIC_API_SECRET"])', "NEXT_PUBLIC_API_SECRET", [(1, 3, True)]),
        ("\n  key: import.meta.env.VITE_API_TOKEN,", "VITE_API_TOKEN", [(2, 8, True)]),
        # Not the same variable: a longer name, or a member of something else.
        ("process.env.VITE_API_TOKEN_OLD; foo.VITE_API_TOKEN", "VITE_API_TOKEN", []),
        # $env/dynamic/public (read at run time, never inlined): found, but not as an inlining read.
        ("const t = env.PUBLIC_TOKEN;", "PUBLIC_TOKEN", [(1, 11, False)]),
        ("import.meta.env.PUBLIC_TOKEN", "PUBLIC_TOKEN", [(1, 1, True)]),  # not also `env.` inside it
        # Columns count UTF-16 code units, as source maps do: the emoji before is two.
        ("const s = '😀'; const t = process.env.X_TOKEN;", "X_TOKEN", [(1, 27, True)]),
    ],
)
def test_reads(text: str, name: str, expected: list[tuple[int, int, bool]]) -> None:
    assert find_reads(text, name) == [Read(*e) for e in expected]


def test_sveltekit_static_imports_are_read_where_they_are_used() -> None:
    text = (
        "<script>\n"
        "\timport { PUBLIC_A, PUBLIC_TOKEN as token } from '$env/static/public';\n"
        "\tconst x = token + PUBLIC_TOKEN;\n"  # PUBLIC_TOKEN unimported here: not a read of the variable
        "</script>\n"
        "<p>{token}</p>\n"
    )
    assert find_reads(text, "PUBLIC_TOKEN") == [Read(3, 12, True), Read(5, 5, True)]
    assert find_reads(text, "PUBLIC_A") == []  # imported, never used
    private = "import { STRIPE_KEY } from '$env/static/private';\nfetch(u, { auth: STRIPE_KEY });\n"
    assert find_reads(private, "STRIPE_KEY") == [Read(2, 18, True)]
    # Without the import, a bare name is any identifier.
    assert find_reads("const PUBLIC_TOKEN = 1; use(PUBLIC_TOKEN);", "PUBLIC_TOKEN") == []


def test_nuxt_runtime_config_keys() -> None:
    assert camel_case("INTERNAL_API_SECRET") == "internalApiSecret"
    component = (
        "const config = useRuntimeConfig();\n"
        "const s = config.public.internalApiSecret;\n"
        "const t = useRuntimeConfig().public.internalApiSecret;\n"
        "const u = other.internalApiSecret;\n"  # not under `public`
    )
    assert find_reads(component, "NUXT_PUBLIC_INTERNAL_API_SECRET") == [Read(2, 11, True), Read(3, 11, True)]
    route = (
        "export default defineEventHandler(async (event) => {\n"
        "  const { stripeSecretKey } = useRuntimeConfig(event);\n"
        "  return useRuntimeConfig(event).stripeSecretKey;\n"
        "});\n"
    )
    assert find_reads(route, "NUXT_STRIPE_SECRET_KEY") == [Read(2, 11, True), Read(3, 10, True)]
    # Only in code that uses Nuxt's runtime config.
    assert find_reads("const s = config.public.internalApiSecret;", "NUXT_PUBLIC_INTERNAL_API_SECRET") == []


# --- which sources are searched -------------------------------------------------------------------------


def test_the_nearest_segments_source_first_then_every_project_source() -> None:
    sources = ["node_modules/lib/index.js", "src/a.ts", "src/b.ts"]
    contents = [
        "process.env.VITE_API_TOKEN",  # a library: never searched
        "const a = 1;\nconst t = import.meta.env.VITE_API_TOKEN;\n",
        "export const b = import.meta.env.VITE_API_TOKEN;\n",
    ]
    # generated line 1: column 0 -> src/b.ts 0:0, column 40 -> node_modules 0:0, column 80 -> src/a.ts 0:0
    parsed = _plain(_doc(sources, contents, [[(0, 2, 0, 0), (40, 0, 0, 0), (80, 1, 0, 0)]]))
    near_b = infer_read(parsed, "VITE_API_TOKEN", 1, 20)
    assert near_b is not None
    assert (near_b.file, near_b.line, near_b.column, near_b.reads) == ("dist/src/b.ts", 1, 18, 1)
    # Nearest segment in node_modules: every project source, in order; the first read, and how many.
    near_lib = infer_read(parsed, "VITE_API_TOKEN", 1, 60)
    assert near_lib is not None
    assert (near_lib.file, near_lib.line, near_lib.column, near_lib.reads) == ("dist/src/a.ts", 2, 11, 2)
    assert infer_read(parsed, "VITE_OTHER_TOKEN", 1, 60) is None


def test_inlining_reads_win_over_a_dynamic_env_read() -> None:
    contents = [
        "const t = env.PUBLIC_TOKEN;\n",
        "import { PUBLIC_TOKEN } from '$env/static/public';\nf(PUBLIC_TOKEN);\n",
    ]
    parsed = _plain(_doc(["src/a.svelte", "src/b.svelte"], contents, [[(0, 0, 0, 0)]]))
    found = infer_read(parsed, "PUBLIC_TOKEN", 1, 5)
    assert found is not None
    assert (found.file, found.line, found.column) == ("dist/src/b.svelte", 2, 3)
    only_dynamic = _plain(_doc(["src/a.svelte"], contents[:1], [[(0, 0, 0, 0)]]))
    found = infer_read(only_dynamic, "PUBLIC_TOKEN", 1, 5)
    assert found is not None
    assert (found.line, found.column) == (1, 11)


def test_indexed_maps_search_every_sections_sources() -> None:
    first = _doc(["src/a.ts"], ["const a = 1;\n"], [[(0, 0, 0, 0)]])
    second = _doc(["src/b.ts"], ["\nconst t = process.env.NEXT_PUBLIC_X_TOKEN;\n"], [[(0, 0, 0, 0)]])
    doc = {
        "version": 3,
        "sections": [
            {"offset": {"line": 0, "column": 0}, "map": first},
            {"offset": {"line": 1, "column": 0}, "map": second},
        ],
    }
    parsed = SourceMap.parse(json.dumps(doc).encode(), "dist/app.js.map")
    assert isinstance(parsed, IndexedMap)
    assert parsed.nearest_source(2, 5) == 1  # the second section's source, counted after the first's
    found = infer_read(parsed, "NEXT_PUBLIC_X_TOKEN", 1, 30)
    assert found is not None
    assert (found.file, found.line, found.column) == ("dist/src/b.ts", 2, 11)


# --- the scan -------------------------------------------------------------------------------------------


def _bundle(
    tmp_path: Path, sources: list[str], contents: list[str] | None, segments: list[tuple[int, int, int, int]]
) -> Path:
    """dist/assets/app.js: `import"./vendor.js";var t="VALUE";` with its map, and the .env the build read."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<script type="module" src="/assets/app.js"></script>\n')
    code = f'import"./vendor.js";var t="{VALUE}";console.log(t);\n//# sourceMappingURL=app.js.map\n'
    (dist / "assets" / "app.js").write_text(code)
    (dist / "assets" / "app.js.map").write_text(json.dumps(_doc(sources, contents, [segments])))
    (tmp_path / ".env").write_text(f"VITE_API_TOKEN={VALUE}\n")
    return dist


def _scan(cli: CliRunner, tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    out = tmp_path / "findings.json"
    done = cli("scan", "bundle", "dist", *extra, "--format", "json", "--output", out, "--show-secrets")
    assert done.code == 1, done.err
    return [f for f in json.loads(out.read_text()) if f["secret"] == VALUE]


CONFIG = "export const config = {\n  region: 'eu',\n  token: import.meta.env.VITE_API_TOKEN,\n};\n"
VENDOR = "export function noop() {}\n"


def test_an_unmapped_inlined_value_maps_to_the_read_of_its_variable(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vite inlined `import.meta.env.VITE_API_TOKEN`: the segment before the value is the vendor import's,
    past the end of its original line (unmapped until now). With --env-file the finding knows its variable
    and maps to src/config.ts, where it is read, marked as inferred."""
    monkeypatch.chdir(tmp_path)
    _bundle(
        tmp_path,
        ["../../node_modules/vendor/index.js", "../../src/config.ts"],
        [VENDOR, CONFIG],
        [(0, 0, 0, 0)],
    )
    [finding] = _scan(cli, tmp_path, "--env-file", ".env")
    assert finding["variable"] == "VITE_API_TOKEN"
    assert (finding["original_file"], finding["original_line"], finding["original_column"]) == (
        "src/config.ts",
        3,
        10,
    )
    assert finding["original_by"] == "variable-read"
    assert finding["original_reads"] == 1
    assert "VITE_API_TOKEN" in finding["original_note"]
    assert VALUE not in finding["original_note"]


def test_a_segment_on_another_line_is_replaced_by_the_read(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The segment before the value names a project line long enough to hold the column, which neither
    holds the value nor names the variable: the read is a better answer than that line."""
    monkeypatch.chdir(tmp_path)
    other = "export function formatPrice(amount: number, currency: string): string { return `${amount}`; }\n"
    _bundle(tmp_path, ["../../src/format.ts", "../../src/config.ts"], [other, CONFIG], [(0, 0, 0, 0)])
    [finding] = _scan(cli, tmp_path, "--env-file", ".env")
    assert (finding["original_file"], finding["original_line"], finding["original_by"]) == (
        "src/config.ts",
        3,
        "variable-read",
    )


def test_a_segment_on_the_line_that_reads_the_variable_is_kept(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """webpack maps a replaced `process.env.X` to its own position: the map's answer, not inferred."""
    monkeypatch.chdir(tmp_path)
    _bundle(tmp_path, ["../../src/config.ts"], [CONFIG], [(0, 0, 2, 9)])
    [finding] = _scan(cli, tmp_path, "--env-file", ".env")
    assert (finding["original_file"], finding["original_line"], finding["original_column"]) == (
        "src/config.ts",
        3,
        10,
    )
    assert "original_by" not in finding


def test_nothing_is_inferred_without_the_sources(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A map without sourcesContent: no original code to search, nothing to check the segment against. The
    map's own answer stands, not marked as inferred."""
    monkeypatch.chdir(tmp_path)
    _bundle(tmp_path, ["../../node_modules/vendor/index.js", "../../src/config.ts"], None, [(0, 0, 0, 0)])
    [finding] = _scan(cli, tmp_path, "--env-file", ".env")
    assert finding["original_file"] == "node_modules/vendor/index.js"
    assert "original_by" not in finding


def test_a_public_variable_reference_without_a_segment_maps_to_its_read(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference to a secret-named public variable knows its name: on a generated line without segments
    it maps to where the original reads it (no --env-file needed)."""
    monkeypatch.chdir(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<p>shop</p>\n")
    code = "let a=1;\nconst k=process.env.NEXT_PUBLIC_API_TOKEN;\n//# sourceMappingURL=app.js.map\n"
    (dist / "app.js").write_text(code)
    original = "const a = 1;\n\nexport const k = process.env.NEXT_PUBLIC_API_TOKEN;\n"
    (dist / "app.js.map").write_text(json.dumps(_doc(["../src/a.ts"], [original], [[(0, 0, 0, 0)]])))
    out = tmp_path / "findings.json"
    done = cli("scan", "bundle", "dist", "--format", "json", "--output", out)
    assert done.code == 1, done.err
    found = [f for f in json.loads(out.read_text()) if f["rule_id"] == "public-env-secret-reference"]
    in_content = [f for f in found if f["file"] == "dist/app.js.map"]  # the original itself, in the map
    assert [(f["original_file"], f["original_line"]) for f in in_content] == [("src/a.ts", 3)]
    [finding] = [f for f in found if f["file"] == "dist/app.js"]
    assert (finding["line"], finding["original_file"], finding["original_line"]) == (2, "src/a.ts", 3)
    assert finding["original_column"] == original.split("\n")[2].index("process") + 1
    assert finding["original_by"] == "variable-read"
