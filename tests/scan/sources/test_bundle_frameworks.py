"""Acceptance (issue #19): `scan bundle` on real Next.js (Turbopack; webpack + standalone), SvelteKit
(adapter-node) and Nuxt (Nitro node-server) builds, checked against each fixture's EXPECTED.json: the planted
values, the files holding them with `served`, and the positions Mozilla's source-map decoder gives
(tests/assets/frameworks/README.md). Where the decoder has no original position for a value a bundler
inlined, secretguard may infer one from where the original code reads the variable (`original_by:
"variable-read"`): always a line of the project's own sources that reads it.

The scans run in the fixture's folder (it stands for the app's root), on its build output, never app-src/;
the dotenv file named by EXPECTED (`detected_by`) is given with --env-file.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner

FRAMEWORKS = Path(__file__).resolve().parents[2] / "assets" / "frameworks"
BUILDS = {
    "next-turbopack": ".next",
    "next-webpack": ".next",
    "sveltekit-node": "build",
    "nuxt-node": ".output",
}
COMPRESSED = (".gz", ".br")
QUOTES = ("'", '"', "`")
# The bundler prefixes of the reference decoder's sources (webpack's library name, Turbopack's project root).
_VIRTUAL = re.compile(r"^(?:webpack://[^/]*/|turbopack:///\[project\]/)")

Json = dict[str, Any]


@dataclass(frozen=True)
class Scan:
    root: Path
    build: str
    expected: Json
    code: int
    err: str
    report: Path
    findings: list[Json]

    def planted(self) -> Iterator[tuple[Json, Json]]:
        """(planted value, file entry) for every file of the scanned build folder that holds a value."""
        for item in self.expected["planted"]:
            for entry in item["files"]:
                if _inside(entry["path"], self.build):
                    yield item, entry

    def positions(self) -> list[Json]:
        return [p for p in self.expected["positions"] if _inside(p["file"], self.build)]

    def value(self, name: str) -> str:
        return str(next(p["value"] for p in self.expected["planted"] if p["name"] == name))

    def holding(self, value: str, path: str) -> list[Json]:
        """Findings of `value` in `path`, or in the file whose compressed copy `path` is."""
        return [
            f for f in self.findings if f["secret"] == value and path in (f["file"], *f.get("copies", []))
        ]


_SCANS: dict[tuple[str, str], Scan] = {}  # each build is scanned once per test process


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip("/") + "/")


def _env_file(expected: Json) -> str:
    """The dotenv file the build read, as EXPECTED names it for values no rule knows."""
    named = {
        m.group(1)
        for p in expected["planted"]
        if (m := re.search(r"--env-file (\S+)", p.get("detected_by") or ""))
    }
    assert len(named) == 1, named
    return named.pop()


@pytest.fixture
def scan(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Scan]:
    """`secretguard scan bundle BUILD --env-file ENV --format json --output F --show-secrets`, run in the
    fixture's folder (where the working folder stays for the rest of the test)."""

    def run(fixture: str) -> Scan:
        root = FRAMEWORKS / fixture
        monkeypatch.chdir(root)
        build = BUILDS[fixture]
        if (fixture, build) not in _SCANS:
            expected = json.loads((root / "EXPECTED.json").read_text())
            report = tmp_path_factory.mktemp(fixture) / "findings.json"
            done = cli(
                "scan", "bundle", build, "--env-file", _env_file(expected),
                "--format", "json", "--output", report, "--show-secrets",
            )  # fmt: skip
            findings = json.loads(report.read_text())
            _SCANS[(fixture, build)] = Scan(root, build, expected, done.code, done.err, report, findings)
        return _SCANS[(fixture, build)]

    return run


def _reference_file(position: Json) -> str:
    """The reference source as a path: a bundler prefix stripped, else relative to its map (the spec)."""
    source = str(position["original"]["source"])
    stripped = _VIRTUAL.sub("", source, count=1)
    if stripped != source:
        return posixpath.normpath(stripped)
    return posixpath.normpath(posixpath.join(posixpath.dirname(position["map"]), source))


def _reference_column(position: Json, value: str) -> int:
    """The reference decoder answers with the start of the segment the value falls in. Where that segment is
    a string literal holding the value verbatim (the decoder names its opening quote), secretguard names the
    value's own first character, one column on: where the map's sourcesContent holds it."""
    original = position["original"]
    text = str(original["at"]["text"])
    column = int(original["column"])
    if text[:1] in QUOTES and text[1:].startswith(value[: len(text) - 1]):
        return column + 1
    return column


def _project_parts(path: str) -> list[str]:
    """A mapped path's parts with the climb out of the working folder set aside."""
    parts = path.replace("\\", "/").split("/")
    while parts and parts[0] in ("..", "."):
        parts.pop(0)
    return parts


def _served_false(scan: Scan) -> list[Json]:
    return [f for f in scan.findings if f.get("served") is False]


def _source_line(scan: Scan, original_file: str, line: int) -> str:
    """A line of the app's source a finding maps to (app-src/ holds the project's files)."""
    path = scan.root / "app-src" / "/".join(_project_parts(original_file))
    return path.read_text().split("\n")[line - 1]


def _read_names(variable: str) -> set[str]:
    """How code names a variable: itself, or Nuxt's runtime-config key (NUXT_PUBLIC_API_SECRET: apiSecret)."""
    bare = re.sub(r"^NUXT_(?:PUBLIC_)?", "", variable)
    words = bare.lower().split("_")
    return {variable, words[0] + "".join(w.capitalize() for w in words[1:])}


def _assert_inferred_from_a_read(scan: Scan, finding: Json, variable: str, where: str) -> None:
    """An original inferred from a read of the variable: a project source line that reads it, at the read."""
    assert finding.get("original_by") == "variable-read", where
    assert finding.get("variable", variable) == variable, where
    parts = _project_parts(str(finding["original_file"]))
    assert "node_modules" not in parts, where
    text = _source_line(scan, str(finding["original_file"]), int(finding["original_line"]))
    read = text[int(finding["original_column"]) - 1 :]
    assert any(name in read for name in _read_names(variable)), (where, text)
    assert finding["original_reads"] >= 1, where
    assert str(finding["original_reads"]) in finding["original_note"] or finding["original_reads"] == 1


# --- every fixture: what EXPECTED says -----------------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(BUILDS))
def test_the_scan_is_complete_and_finds_the_leaks(scan: Callable[[str], Scan], fixture: str) -> None:
    """Exit 1 (findings), not 3: indexed maps, hashed map names and copied maps are all read."""
    done = scan(fixture)
    assert done.code == 1, done.err
    assert "PARTIAL" not in done.err
    assert "source map" not in done.err


@pytest.mark.parametrize("fixture", sorted(BUILDS))
def test_every_planted_file_is_found_with_its_served_value(scan: Callable[[str], Scan], fixture: str) -> None:
    done = scan(fixture)
    checked = 0
    for item, entry in done.planted():
        found = done.holding(item["value"], entry["path"])
        assert found, f"{item['name']} not found in {entry['path']}"
        assert {f["served"] for f in found} == {entry["served"]}, (item["name"], entry["path"])
        if "rule_hint" in item:
            assert item["rule_hint"] in {f["rule_id"] for f in found}, (item["name"], entry["path"])
        checked += 1
    assert checked


@pytest.mark.parametrize("fixture", sorted(BUILDS))
def test_positions_agree_with_the_reference_decoder(scan: Callable[[str], Scan], fixture: str) -> None:
    """Every generated position EXPECTED lists is found there; it maps to the reference's file, line and
    column, or is left unmapped where the reference decoder has no original position."""
    done = scan(fixture)
    positions = done.positions()
    assert positions
    for position in positions:
        value = done.value(position["name"])
        generated = position["generated"]
        found = [
            f
            for f in done.holding(value, position["file"])
            if (f["line"], f["column"]) == (generated["line"], generated["column"])
        ]
        where = f"{position['name']} at {position['file']}:{generated['line']}:{generated['column']}"
        assert found, f"{where} not found"
        for finding in found:
            assert finding["served"] is position["served"], where
            if position["original"] is None:
                # No segment of its own: unmapped, or inferred from where the code reads the variable.
                if "original_file" in finding:
                    _assert_inferred_from_a_read(done, finding, position["name"], where)
                continue
            assert "original_by" not in finding, where
            mapped = (
                finding.get("original_file"),
                finding.get("original_line"),
                finding.get("original_column"),
            )
            reference = (
                _reference_file(position),
                position["original"]["line"],
                _reference_column(position, value),
            )
            assert mapped == reference, (where, finding["rule_id"])
            assert "node_modules" not in _project_parts(str(finding["original_file"])), where


@pytest.mark.parametrize("fixture", sorted(BUILDS))
def test_deployed_maps_are_exactly_the_served_ones(scan: Callable[[str], Scan], fixture: str) -> None:
    done = scan(fixture)
    served_maps = {
        m["map"]
        for m in done.expected["maps"]
        if m["served"] and _inside(m["map"], done.build) and (done.root / m["map"]).is_file()
    }
    assert served_maps
    assert {f["file"] for f in done.findings if f["rule_id"] == "public-source-map"} == served_maps


@pytest.mark.parametrize("fixture", sorted(BUILDS))
def test_one_finding_per_compressed_copy_set(scan: Callable[[str], Scan], fixture: str) -> None:
    """`x.js`, `x.js.gz` and `x.js.br` hold one value once: one finding, the copies in `copies`."""
    done = scan(fixture)

    def logical(path: str) -> str:
        return path.rsplit(".", 1)[0] if path.endswith(COMPRESSED) else path

    places = Counter(
        (logical(f["file"]), f["rule_id"], f["secret"], f["line"], f["column"], f.get("original_file"))
        for f in done.findings
    )
    assert [place for place, count in places.items() if count > 1] == []
    for finding in done.findings:
        if finding["file"].endswith(COMPRESSED):
            assert not (done.root / logical(finding["file"])).exists(), finding["file"]
    copies = [(item, entry) for item, entry in done.planted() if "compressed_copy_of" in entry]
    assert copies
    for item, entry in copies:
        kept = [
            f
            for f in done.findings
            if f["secret"] == item["value"] and f["file"] == entry["compressed_copy_of"]
        ]
        assert kept
        assert all(entry["path"] in f.get("copies", []) for f in kept), entry["path"]


# --- Next.js, Turbopack --------------------------------------------------------------------------------


def test_turbopack_public_secret_maps_to_its_component(scan: Callable[[str], Scan]) -> None:
    done = scan("next-turbopack")
    client = [p for p in done.positions() if p["served"] and p["original"] is not None]
    assert client, "EXPECTED lists no mapped client position"
    for position in client:
        assert position["map_indexed"] is True  # the sectioned map Turbopack writes
        [finding] = [
            f
            for f in done.holding(done.value(position["name"]), position["file"])
            if f["column"] == position["generated"]["column"]
        ]
        assert finding["original_file"] == _VIRTUAL.sub("", position["original"]["source"])
        assert not finding["original_file"].startswith("turbopack:")
        assert (done.root / "app-src" / finding["original_file"]).is_file()
        assert finding["original_line"] == position["original"]["line"]


def test_turbopack_server_output_is_not_served(scan: Callable[[str], Scan]) -> None:
    done = scan("next-turbopack")
    server = [
        f
        for f in done.findings
        if f["file"].startswith((".next/server/chunks/", ".next/required-server-files", ".next/standalone/"))
    ]
    sendgrid = done.value("SENDGRID_API_KEY")
    assert {f["file"] for f in server if f["secret"] == sendgrid} >= {
        e["path"] for i, e in done.planted() if i["name"] == "SENDGRID_API_KEY"
    }
    assert server
    assert all(f["served"] is False for f in server)


def test_turbopack_prerendered_route_files_are_scanned_and_served(scan: Callable[[str], Scan]) -> None:
    done = scan("next-turbopack")
    body = ".next/server/app/api/public-config.body"
    [token] = [f for f in done.holding(done.value("GITHUB_TOKEN"), body) if f["rule_id"] == "github-pat"]
    assert token["served"] is True
    assert token["severity"] == "critical"  # a server-only credential served to browsers
    html = [f for f in done.findings if f["file"].endswith(".html")]
    assert html
    assert all(f["served"] is True for f in html)


def test_turbopack_plan_never_ranks_server_output_as_a_public_bundle(
    scan: Callable[[str], Scan], cli: CliRunner, tmp_path: Path
) -> None:
    done = scan("next-turbopack")
    server_files = {f["file"] for f in _served_false(done)}
    assert server_files
    out = tmp_path / "plan.json"
    planned = cli("plan", "--findings", done.report, "--format", "json", "--output", out)
    assert planned.code in (0, 1), planned.err
    entries: list[Json] = json.loads(out.read_text())
    assert entries
    for entry in entries:
        exposures = entry["exposures"]
        public_server = [e for e in exposures if e["file"] in server_files and e["kind"] == "public-bundle"]
        assert public_server == [], entry["title"]
        if all(e["file"] in server_files for e in exposures):  # found only in server-side output
            assert entry["most_public"] != "public-bundle", entry["title"]
            assert entry["priority"] != "P0", entry["title"]
    # The value also served to browsers stays P0: what ships to the browser is public.
    public = done.value("NEXT_PUBLIC_INTERNAL_API_SECRET")
    digests = {f["secret_hash"] for f in done.findings if f["secret"] == public}
    [entry] = [e for e in entries if digests & set(e["secret_hashes"])]
    assert (entry["priority"], entry["most_public"]) == ("P0", "public-bundle")


# --- Next.js, webpack with output: 'standalone' --------------------------------------------------------


def test_webpack_client_map_positions_have_no_webpack_prefix(scan: Callable[[str], Scan]) -> None:
    done = scan("next-webpack")
    mapped = [p for p in done.positions() if p["original"] is not None]
    assert mapped
    for position in mapped:
        assert position["original"]["at"]["source_raw"].startswith("webpack://_N_E/")
        found = done.holding(done.value(position["name"]), position["file"])
        files = {f.get("original_file") for f in found if f["column"] == position["generated"]["column"]}
        assert files == {_reference_file(position)}
        assert all(not str(name).startswith("webpack:") for name in files)


def test_webpack_standalone_dotenv_is_deployed_server_side(scan: Callable[[str], Scan]) -> None:
    done = scan("next-webpack")
    dotenv = ".next/standalone/.env.production"
    held = [item for item, entry in done.planted() if entry["path"] == dotenv]
    assert held
    found = [f for f in done.findings if f["file"] == dotenv]
    assert found
    assert all(f["served"] is False for f in found)
    by_value = [f for f in found if f["rule_id"] == "inlined-secret-variable"]
    # Every value that is not public by design is found by --env-file, titled as a deployed dotenv file.
    secret_names = {item["name"] for item in held if item.get("exposure") != "client-safe"}
    assert {f["variable"] for f in by_value} == secret_names
    assert all("dotenv file deployed with the build" in f["title"] for f in by_value)


# --- SvelteKit, adapter-node ---------------------------------------------------------------------------


def test_sveltekit_private_env_in_the_server_build_is_not_served(scan: Callable[[str], Scan]) -> None:
    done = scan("sveltekit-node")
    key = done.value("STRIPE_SECRET_KEY")
    found = [f for f in done.findings if f["secret"] == key]
    assert {f["file"] for f in found} == {
        e["path"] for i, e in done.planted() if i["name"] == "STRIPE_SECRET_KEY"
    }
    assert all(f["file"].startswith("build/server/") and f["served"] is False for f in found)


def test_sveltekit_public_env_in_the_client_maps_into_src(scan: Callable[[str], Scan]) -> None:
    """build/client's maps were written one folder deeper (.svelte-kit/output/client): their sources climb
    out of the app's root. A mapped position names src/, never node_modules/."""
    done = scan("sveltekit-node")
    token = done.value("PUBLIC_ANALYTICS_TOKEN")
    client = [f for f in done.findings if f["secret"] == token and f["file"].startswith("build/client/")]
    reference = {
        (p["generated"]["line"], p["generated"]["column"]): p["original"]
        for p in done.positions()
        if p["file"].startswith("build/client/")
    }
    assert len(client) == len(reference)  # each place the value is inlined, once
    for finding in client:
        # Mapped by its segment, or (no segment of its own) inferred from the read of the variable.
        assert (reference[(finding["line"], finding["column"])] is None) == ("original_by" in finding)
        parts = _project_parts(finding["original_file"])
        assert parts[0] == "src", finding["original_file"]
        assert "node_modules" not in parts, finding["original_file"]
        assert (done.root / "app-src" / "/".join(parts)).is_file()


def test_sveltekit_inlined_value_without_a_segment_maps_to_the_line_that_reads_it(
    scan: Callable[[str], Scan],
) -> None:
    """The client chunk's first occurrence (the module constant Rolldown made of the `$env/static/public`
    import) has no segment: the reference decoder gives no original, and the segment before it is
    node_modules/svelte code. With --env-file the finding knows its variable, and maps to the first place
    src/lib/Analytics.svelte uses the imported PUBLIC_ANALYTICS_TOKEN (not `env.PUBLIC_ANALYTICS_TOKEN`,
    which reads $env/dynamic/public at run time), saying how many places read it."""
    done = scan("sveltekit-node")
    name = "PUBLIC_ANALYTICS_TOKEN"
    unmapped = [
        p for p in done.positions() if p["file"].startswith("build/client/") and p["original"] is None
    ]
    assert unmapped, "EXPECTED lists no client position without an original"
    source = (done.root / "app-src" / "src/lib/Analytics.svelte").read_text().split("\n")
    uses = [
        (number, match.start() + 1)
        for number, text in enumerate(source, 1)
        if "$env/static/public" not in text
        for match in re.finditer(rf"(?<![\w.]){name}\b", text)
    ]
    assert len(uses) == 3
    for position in unmapped:
        [finding] = [
            f
            for f in done.holding(done.value(name), position["file"])
            if (f["line"], f["column"]) == (position["generated"]["line"], position["generated"]["column"])
        ]
        assert finding["rule_id"] == "inlined-secret-variable"
        assert finding["variable"] == name
        assert _project_parts(finding["original_file"]) == ["src", "lib", "Analytics.svelte"]
        assert (finding["original_line"], finding["original_column"]) == uses[0]
        assert finding["original_by"] == "variable-read"
        assert finding["original_reads"] == len(uses)
        assert f"first of {len(uses)} places" in finding["original_note"]


def test_sveltekit_server_positions_are_the_values_own_in_sources_content(
    scan: Callable[[str], Scan],
) -> None:
    """Where the reference decoder names a literal's opening quote, the value's own column is the one the
    map's embedded original holds it at (EXPECTED's values_in_sources_content)."""
    done = scan("sveltekit-node")
    in_content = {
        (m["map"], v["name"], v["line"], v["column"])
        for m in done.expected["maps"]
        for v in m["values_in_sources_content"]
    }
    server = [p for p in done.positions() if p["file"].startswith("build/server/") and p["original"]]
    assert server
    for position in server:
        column = _reference_column(position, done.value(position["name"]))
        assert (position["map"], position["name"], position["original"]["line"], column) in in_content


def test_sveltekit_copied_maps_resolve_to_the_project_files(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run where the sources are (app-src/ plays the project holding build/): the climb out of build/client's
    maps lands on the project's src/ files, for mapped positions and for sourcesContent findings alike."""
    root = FRAMEWORKS / "sveltekit-node"
    expected = json.loads((root / "EXPECTED.json").read_text())
    monkeypatch.chdir(root / "app-src")
    out = tmp_path / "findings.json"
    done = cli(
        "scan", "bundle", "../build", "--env-file", posixpath.relpath(_env_file(expected), "app-src"),
        "--format", "json", "--output", out, "--show-secrets",
    )  # fmt: skip
    assert done.code == 1, done.err
    client = [
        f
        for f in json.loads(out.read_text())
        if f["file"].startswith("../build/client/") and "original_file" in f
    ]
    sources = {
        "/".join(_project_parts(p["original"]["source"]))
        for p in expected["positions"]
        if p["file"].startswith("build/client/") and p["original"]
    }
    assert {f["original_file"] for f in client if not f["file"].endswith(".map")} == sources
    in_maps = {f["original_file"] for f in client if f["file"].endswith(".map")}
    assert in_maps
    assert all(Path(name).is_file() and not name.startswith("..") for name in in_maps)


# --- Nuxt 4, Nitro node-server ---------------------------------------------------------------------------


def _places(text: str, value: str) -> list[tuple[int, int]]:
    """(line, column) of every occurrence of `value` in `text` (1-based; columns in characters)."""
    out = []
    for match in re.finditer(re.escape(value), text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        out.append((text.count("\n", 0, match.start()) + 1, match.start() - line_start + 1))
    return out


def test_nuxt_public_runtime_config_is_served_in_the_prerendered_page(scan: Callable[[str], Scan]) -> None:
    """runtimeConfig.public is sent with every page: the prerendered index.html holds the secret-named public
    value where the component renders it and in window.__NUXT__.config, each found once (its .gz and .br
    copies listed), served and critical. The server bundle's runtime config holds it too, not served."""
    done = scan("nuxt-node")
    name = "NUXT_PUBLIC_INTERNAL_API_SECRET"
    value = done.value(name)
    html = ".output/public/index.html"
    text = (done.root / html).read_text()
    assert "window.__NUXT__.config" in text
    places = _places(text, value)
    assert len(places) == 2
    found = [f for f in done.findings if f["file"] == html and f["rule_id"] == "inlined-secret-variable"]
    assert sorted((f["line"], f["column"]) for f in found) == places
    for finding in found:
        assert finding["variable"] == name
        assert finding["served"] is True
        assert finding["severity"] == "critical"
        assert sorted(finding["copies"]) == [html + ".br", html + ".gz"]
        assert "original_file" not in finding  # HTML has no map
    server = [f for f in done.findings if f["secret"] == value and f["file"].startswith(".output/server/")]
    assert {f["file"] for f in server} == {".output/server/chunks/nitro/nitro.mjs"}
    assert all(f["served"] is False for f in server)


def test_nuxt_private_runtime_config_stays_in_server_output(scan: Callable[[str], Scan]) -> None:
    """runtimeConfig.stripeSecretKey (read by a server route) is in Nitro's server bundle only: found there by
    its provider rule and by --env-file, never served, never in .output/public."""
    done = scan("nuxt-node")
    key = done.value("NUXT_STRIPE_SECRET_KEY")
    found = [f for f in done.findings if f["secret"] == key]
    assert {f["rule_id"] for f in found} == {"stripe-live-secret-key", "inlined-secret-variable"}
    assert {f["file"] for f in found} == {
        e["path"] for i, e in done.planted() if i["name"] == "NUXT_STRIPE_SECRET_KEY"
    }
    assert all(f["file"].startswith(".output/server/") and f["served"] is False for f in found)
    assert not any(f["file"].startswith(".output/public/") for f in found)


def test_nuxt_server_runtime_config_is_left_unmapped(scan: Callable[[str], Scan]) -> None:
    """Nitro writes the runtime config as an object no segment maps, and its server maps embed no sources:
    the reference decoder has no original, and there is no original code to find a read of the variable in.
    Nothing is guessed."""
    done = scan("nuxt-node")
    nitro = [p for p in done.positions() if p["file"] == ".output/server/chunks/nitro/nitro.mjs"]
    assert {p["name"] for p in nitro} == {"NUXT_PUBLIC_INTERNAL_API_SECRET", "NUXT_STRIPE_SECRET_KEY"}
    assert all(p["original"] is None for p in nitro)
    for position in nitro:
        found = [
            f
            for f in done.holding(done.value(position["name"]), position["file"])
            if (f["line"], f["column"]) == (position["generated"]["line"], position["generated"]["column"])
        ]
        assert found
        assert all("original_file" not in f and "original_by" not in f for f in found)


def test_nuxt_only_client_maps_are_public(scan: Callable[[str], Scan]) -> None:
    done = scan("nuxt-node")
    reported = {f["file"] for f in done.findings if f["rule_id"] == "public-source-map"}
    assert reported
    assert all(path.startswith(".output/public/_nuxt/") for path in reported)
    server_maps = [m["map"] for m in done.expected["maps"] if m["map"].startswith(".output/server/")]
    assert server_maps
    assert all((done.root / path).is_file() for path in server_maps)


def test_nuxt_plan_ranks_the_served_public_config_first(
    scan: Callable[[str], Scan], cli: CliRunner, tmp_path: Path
) -> None:
    """What the page hands every visitor is P0; the Stripe key, found only in server output, is never
    ranked as a public bundle."""
    done = scan("nuxt-node")
    out = tmp_path / "plan.json"
    planned = cli("plan", "--findings", done.report, "--format", "json", "--output", out)
    assert planned.code in (0, 1), planned.err
    entries: list[Json] = json.loads(out.read_text())

    def entry_of(name: str) -> Json:
        value = done.value(name)
        digests = {f["secret_hash"] for f in done.findings if f["secret"] == value}
        [entry] = [e for e in entries if digests & set(e["secret_hashes"])]
        return entry

    public = entry_of("NUXT_PUBLIC_INTERNAL_API_SECRET")
    assert (public["priority"], public["most_public"]) == ("P0", "public-bundle")
    stripe = entry_of("NUXT_STRIPE_SECRET_KEY")
    assert stripe["most_public"] != "public-bundle"
    assert all(e["kind"] != "public-bundle" for e in stripe["exposures"])
