"""`scan bundle` on real esbuild output (tests/assets/bundles, rebuilt by build.sh with esbuild 0.28)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from secretguard.scan.sources.bundle.sourcemap import SourceMap, SourceMapError, decode_vlq
from tests.conftest import CliRunner

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "bundles"
APP = ASSETS / "app"
PLANTED: dict[str, str] = json.loads((ASSETS / "planted.json").read_text())
SERVER_ONLY = {
    "stripe_secret": ("src/config.ts", "stripe"),
    "github_token": ("src/github.ts", "github"),
    "aws_key_id": ("src/aws.ts", "aws-access-key-id"),
    "aws_secret": ("src/aws.ts", "aws-secret-access-key"),
    "sendgrid": ("src/aws.ts", "sendgrid"),
}


def _source_position(relative: str, secret: str) -> tuple[int, int]:
    for number, line in enumerate((APP / relative).read_text().splitlines(), start=1):
        if secret in line:
            return number, line.index(secret) + 1
    raise AssertionError(f"{secret[:6]} not in {relative}")


def _scan(cli: CliRunner, tmp_path: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    out = tmp_path / "findings.json"
    run = cli("scan", "bundle", *args, "--format", "json", "--output", out, "--show-secrets")
    return run.code, json.loads(out.read_text())


@pytest.fixture
def deployed(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(APP / "dist", folder)
    return folder


def test_every_server_only_key_is_found_and_mapped_to_its_original_line(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    code, findings = _scan(cli, tmp_path, deployed)
    assert code == 1
    generated = [f for f in findings if f["file"] == str(deployed / "app.js")]
    for key, (source, rule_hint) in SERVER_ONLY.items():
        secret = PLANTED[key]
        hits = [f for f in generated if f["secret"] == secret]
        assert hits, f"{key} not found in the generated bundle"
        finding = hits[0]
        assert rule_hint in finding["rule_id"]
        assert finding["exposure"] == "server-only"
        assert finding["severity"] == "critical"
        assert finding["line"] == 1  # minified: everything is on the first line
        line, column = _source_position(source, secret)
        assert finding["original_file"].endswith(source)
        assert (finding["original_line"], finding["original_column"]) == (line, column)


def test_client_safe_key_is_reported_as_such_not_critical(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    _, findings = _scan(cli, tmp_path, deployed)
    publishable = [f for f in findings if f["secret"] == PLANTED["stripe_publishable"]]
    assert publishable
    assert all(f["exposure"] == "client-safe" and f["severity"] == "low" for f in publishable)


def test_sources_content_is_scanned_and_reports_the_original_path(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    _, findings = _scan(cli, tmp_path, deployed)
    in_map = [f for f in findings if f["file"].endswith("app.js.map") and f["rule_id"] != "public-source-map"]
    assert {f["secret"] for f in in_map} >= {PLANTED[k] for k in SERVER_ONLY}
    for finding in in_map:
        assert finding["original_file"].replace("\\", "/").rsplit("/", 2)[-2] == "src"
        assert (finding["original_line"], finding["original_column"]) == (finding["line"], finding["column"])


def test_a_deployed_source_map_is_a_finding_of_its_own(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    _, findings = _scan(cli, tmp_path, deployed)
    maps = [f for f in findings if f["rule_id"] == "public-source-map"]
    assert [Path(f["file"]).name for f in maps] == ["app.js.map"]


def test_inline_source_map_is_mapped_and_reported(cli: CliRunner, tmp_path: Path) -> None:
    _, findings = _scan(cli, tmp_path, APP / "dist-inline")
    generated = [f for f in findings if f["line"] == 1 and f["secret"] == PLANTED["github_token"]]
    assert generated
    assert generated[0]["original_file"].endswith("src/github.ts")
    assert any(f["rule_id"] == "public-source-map" for f in findings)


def test_without_a_map_findings_stay_in_generated_code(cli: CliRunner, tmp_path: Path) -> None:
    _, findings = _scan(cli, tmp_path, APP / "dist-nomap")
    assert {f["secret"] for f in findings} >= {PLANTED[k] for k in SERVER_ONLY}
    assert all("original_file" not in f for f in findings)
    assert not any(f["rule_id"] == "public-source-map" for f in findings)


def test_gzip_assets_are_decompressed(cli: CliRunner, tmp_path: Path, deployed: Path) -> None:
    _, findings = _scan(cli, tmp_path, deployed)
    # One finding per value per logical file: the compressed copy is listed with the uncompressed one.
    [stripe] = [
        f for f in findings if f["secret"] == PLANTED["stripe_secret"] and f["file"].endswith("app.js")
    ]
    assert any(copy.endswith("app.js.gz") for copy in stripe["copies"])
    assert not [f for f in findings if f["file"].endswith(".gz") and f["secret"] == PLANTED["stripe_secret"]]


def test_a_compressed_copy_alone_is_still_reported(cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "app.js.gz").write_bytes(gzip.compress(f'const k = "{PLANTED["stripe_secret"]}";\n'.encode()))
    out = tmp_path / "out.json"
    assert cli("scan", "bundle", site, "--format", "json", "--output", out, "--show-secrets").code == 1
    assert [f["file"].endswith("app.js.gz") for f in json.loads(out.read_text())] == [True]


def test_malformed_truncated_and_contentless_maps_are_noted_not_fatal(cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "broken"
    site.mkdir()
    bundle = (APP / "dist" / "app.js").read_bytes()
    (site / "app.js").write_bytes(bundle)
    (site / "app.js.map").write_bytes((APP / "dist" / "app.js.map").read_bytes()[:300])  # truncated
    (site / "other.js").write_text("console.log(1)\n//# sourceMappingURL=other.js.map\n")
    doc = json.loads((APP / "dist" / "app.js.map").read_text())
    doc.pop("sourcesContent")
    (site / "other.js.map").write_text(json.dumps(doc))
    (site / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (site / "broken.js.gz").write_bytes(gzip.compress(bytes(range(256)) * 64)[:-100])
    out = tmp_path / "out.json"
    run = cli("scan", "bundle", site, "--format", "json", "--output", out)
    assert run.code == 3  # partial: the truncated map and the truncated gzip are named
    assert "app.js.map" in run.err
    assert "broken.js.gz" in run.err
    findings = json.loads(out.read_text())
    assert any(f["rule_id"].startswith("stripe") for f in findings if f["file"].endswith("app.js"))


def test_env_file_values_inlined_in_the_bundle_are_found(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    out = tmp_path / "out.json"
    run = cli(
        "scan", "bundle", deployed, "--env-file", APP / ".env.production", "--format", "json", "--output", out
    )
    assert run.code == 1
    findings = json.loads(out.read_text())
    inlined = [f for f in findings if f["rule_id"] == "inlined-secret-variable"]
    assert {f["variable"] for f in inlined} >= {"STRIPE_SECRET_KEY", "SENDGRID_API_KEY"}
    text = out.read_text() + run.out + run.err
    for value in PLANTED.values():
        assert value not in text  # compared in memory; never printed without --show-secrets


def test_public_prefixed_secret_variable_is_critical(cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "dist"
    site.mkdir()
    (site / "env.js").write_text(
        'window.__ENV={NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY:"q8Zt3LmW0pXc7Rv2Nk5Hs9Jd4F"};\n'
    )
    (site / "ok.js").write_text('window.__ENV={NEXT_PUBLIC_SITE_URL:"https://example.test"};\n')
    _, findings = _scan(cli, tmp_path, site)
    assert [(Path(f["file"]).name, f["rule_id"], f["severity"]) for f in findings] == [
        ("env.js", "public-env-secret", "critical")
    ]


def test_vlq_decoding() -> None:
    assert decode_vlq("AAAA") == [0, 0, 0, 0]
    assert decode_vlq("SAASA") == [9, 0, 0, 9, 0]
    assert decode_vlq("gBACF") == [16, 0, 1, -2]
    with pytest.raises(SourceMapError):
        decode_vlq("g")  # continuation bit set, no more digits


def test_source_map_lookup_carries_the_offset_inside_a_token() -> None:
    raw = json.dumps({"version": 3, "sources": ["a.ts"], "mappings": "AAAA,IAAI;AACA", "names": []}).encode()
    source_map = SourceMap.parse(raw)
    first = source_map.original(1, 7)  # 2 columns into the segment at generated column 4
    assert first is not None
    assert (first.file, first.line, first.column) == ("a.ts", 1, 7)
    second = source_map.original(2, 1)
    assert second is not None
    assert (second.line, second.column) == (2, 5)
    assert source_map.original(9, 1) is None


def test_inventory_secret_values_inlined_in_the_bundle_are_found(
    cli: CliRunner, tmp_path: Path, deployed: Path
) -> None:
    (tmp_path / ".env.production").write_text(
        f"STRIPE_SECRET_KEY={PLANTED['stripe_secret']}\nSITE_NAME=example-site-name\n"
    )
    (tmp_path / "secretguard.inventory.yaml").write_text(
        "version: 1\n"
        "environments:\n"
        "  production:\n"
        "    stores:\n"
        "      - dotenv: {file: .env.production}\n"
        "variables:\n"
        "  - {name: STRIPE_SECRET_KEY, secret: true, required: [production]}\n"
        "  - {name: SITE_NAME, secret: false, required: [production]}\n"
    )
    out = tmp_path / "out.json"
    run = cli(
        "scan", "bundle", deployed, "--inventory", tmp_path / "secretguard.inventory.yaml",
        "--env", "production", "--format", "json", "--output", out,
    )  # fmt: skip
    assert run.code == 1, run.err
    findings = json.loads(out.read_text())
    inlined = [f for f in findings if f["rule_id"] == "inlined-secret-variable"]
    assert {f["variable"] for f in inlined} == {"STRIPE_SECRET_KEY"}
    assert PLANTED["stripe_secret"] not in out.read_text() + run.out + run.err
    missing_env = cli("scan", "bundle", deployed, "--inventory", tmp_path / "secretguard.inventory.yaml")
    assert missing_env.code == 2
