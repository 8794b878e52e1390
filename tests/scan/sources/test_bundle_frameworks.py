"""Acceptance (issue #19): `scan bundle` on real Next.js (Turbopack; webpack + standalone) and SvelteKit
(adapter-node) builds, checked against each fixture's EXPECTED.json: the planted values, the files holding
them with `served`, and the positions Mozilla's source-map decoder gives (tests/assets/frameworks/README.md).

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
BUILDS = {"next-turbopack": ".next", "next-webpack": ".next", "sveltekit-node": "build"}
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
                assert "original_file" not in finding, where
                continue
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
        original = reference[(finding["line"], finding["column"])]
        if original is None:
            assert "original_file" not in finding
            continue
        parts = _project_parts(finding["original_file"])
        assert parts[0] == "src", finding["original_file"]
        assert "node_modules" not in parts, finding["original_file"]
        assert (done.root / "app-src" / "/".join(parts)).is_file()
    assert any("original_file" in f for f in client)


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
