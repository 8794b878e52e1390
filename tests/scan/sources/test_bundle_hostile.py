"""`scan bundle` on hostile build output: FIFOs, devices and files outside the scanned folder named as source
maps, and maps nested too deeply to parse. Each is refused and named (exit 3), the rest is still scanned.

Cases that used to hang run the real command in a subprocess with a generous timeout: a regression fails the
test instead of blocking the suite. No test measures speed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secretguard.errors import ExitCode
from secretguard.scan.sources.bundle.sourcemap import SourceMap, SourceMapError

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "bundles"
DIST = ASSETS / "app" / "dist"
PLANTED: dict[str, str] = json.loads((ASSETS / "planted.json").read_text())
FORMAT = ("--show-secrets", "--format", "json", "--output")
NESTED = b"[" * 200_000 + b"]" * 200_000  # 400 KB of brackets: deeper than any recursion limit


@dataclass(frozen=True)
class Run:
    code: int
    err: str
    findings: list[dict[str, Any]]


def scan_bundle(tmp_path: Path, *args: str | Path) -> Run:
    """The real command, in its own process: a read that blocks fails the test after a minute."""
    out = tmp_path / "findings.json"
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "bundle", *map(str, args), *FORMAT, str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in proc.stderr
    findings = json.loads(out.read_text()) if out.exists() else []
    return Run(proc.returncode, proc.stderr, findings)


def site_with_url(tmp_path: Path, url: str) -> Path:
    """The esbuild bundle, its sourceMappingURL replaced by `url`, alone in `site/`."""
    site = tmp_path / "site"
    site.mkdir()
    text = (DIST / "app.js").read_text()
    assert "sourceMappingURL=app.js.map" in text
    (site / "app.js").write_text(text.replace("sourceMappingURL=app.js.map", f"sourceMappingURL={url}"))
    return site


def outside_map(tmp_path: Path) -> Path:
    """A valid map for the bundle, outside the scanned folder."""
    folder = tmp_path / "outside"
    folder.mkdir()
    shutil.copy(DIST / "app.js.map", folder / "x.map")
    return folder / "x.map"


def assert_generated_secrets_found(run: Run) -> None:
    found = {f["secret"] for f in run.findings if f["file"] == "site/app.js"}
    assert {PLANTED["github_token"], PLANTED["stripe_secret"]} <= found


def skip_lines(run: Run, name: str) -> list[str]:
    return [line for line in run.err.splitlines() if "skipped" in line and name in line]


def test_a_fifo_sibling_map_is_named_not_opened(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(DIST / "app.js", site / "app.js")
    os.mkfifo(site / "app.js.map")
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    [line] = skip_lines(run, "app.js.map")  # named once, though the walk and the mapping both met it
    assert "FIFO" in line


@pytest.mark.parametrize("url", ["pipe", "pipe.map?v=1"])
def test_a_source_mapping_url_to_a_fifo_is_refused(tmp_path: Path, url: str) -> None:
    site = site_with_url(tmp_path, url)
    os.mkfifo(site / "pipe" if url == "pipe" else site / "pipe.map")
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    assert any("FIFO" in line for line in skip_lines(run, "pipe"))


@pytest.mark.parametrize("how", ["url", "symlinked-sibling"])
def test_dev_zero_as_a_map_is_refused_without_reading_it(tmp_path: Path, how: str) -> None:
    if how == "url":
        site = site_with_url(tmp_path, "/dev/zero")
    else:
        site = tmp_path / "site"
        site.mkdir()
        shutil.copy(DIST / "app.js", site / "app.js")
        (site / "app.js.map").symlink_to("/dev/zero")
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    if how == "url":  # outside by its very name: not even looked at
        [line] = skip_lines(run, "/dev/zero")
        assert "outside the scanned folders" in line
    else:
        [line] = skip_lines(run, "app.js.map")
        assert "not a regular file but a character device" in line


def test_a_map_outside_the_scanned_folder_is_not_read(tmp_path: Path) -> None:
    outside_map(tmp_path)
    site_with_url(tmp_path, "../outside/x.map")
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    # Read, it would have mapped the findings to their original files.
    assert all("original_file" not in f for f in run.findings)
    [line] = skip_lines(run, "x.map")
    assert "outside the scanned folders" in line


def test_an_absolute_url_to_a_system_file_is_not_read(tmp_path: Path) -> None:
    site_with_url(tmp_path, "/etc/passwd")
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    [line] = skip_lines(run, "/etc/passwd")
    assert "outside the scanned folders" in line  # not even opened (it used to be parsed as a map)
    assert "root:" not in run.err + json.dumps(run.findings)


def test_symlinks_out_of_the_scanned_folder_are_named_and_not_scanned(tmp_path: Path) -> None:
    # A symlinked bundle file is refused like a map: what is scanned is what the folder holds.
    outside = tmp_path / "outside"
    outside.mkdir()
    token = PLANTED["github_token"]
    (outside / "secret.js").write_text(f'var t="{token}";\n')
    site = tmp_path / "site"
    site.mkdir()
    (site / "leak.js").symlink_to(outside / "secret.js")
    (site / "inside.js").symlink_to(site / "real.js")
    (site / "real.js").write_text(f'var s="{PLANTED["stripe_secret"]}";\n')
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert token not in json.dumps(run.findings)
    [line] = skip_lines(run, "leak.js")
    assert "symbolic link to outside" in line
    # A symlink that stays inside the folder is read as before.
    assert {Path(f["file"]).name for f in run.findings} >= {"inside.js", "real.js"}


def test_a_bundle_file_named_on_the_command_line_may_have_its_sibling_map(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(DIST, site)
    run = scan_bundle(tmp_path, site / "app.js")
    assert run.code == ExitCode.FINDINGS, run.err
    mapped = [f for f in run.findings if f["secret"] == PLANTED["github_token"]]
    assert mapped
    assert mapped[0]["original_file"].endswith("src/github.ts")


def test_refusals_are_named_when_files_are_read_in_worker_processes(tmp_path: Path) -> None:
    # 260 files with --workers 2 take the forked path (files.PROCESS_THRESHOLD): same rules there.
    site = tmp_path / "site"
    site.mkdir()
    for i in range(260):
        (site / f"chunk{i}.js").write_text(f"console.log({i});\n")
    shutil.copy(DIST / "app.js", site / "app.js")
    os.mkfifo(site / "app.js.map")
    (site / "zero.js").symlink_to("/dev/zero")
    run = scan_bundle(tmp_path, "site", "--workers", "2")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    assert skip_lines(run, "app.js.map")
    assert skip_lines(run, "zero.js")


def test_a_deeply_nested_map_is_not_usable_and_the_rest_is_scanned(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(DIST / "app.js", site / "app.js")
    (site / "app.js.map").write_bytes(NESTED)
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    [line] = skip_lines(run, "app.js.map")
    assert "nested too deeply" in line


def test_a_deeply_nested_inline_map_is_not_usable(tmp_path: Path) -> None:
    site_with_url(tmp_path, "data:application/json;base64," + base64.b64encode(NESTED).decode())
    run = scan_bundle(tmp_path, "site")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert_generated_secrets_found(run)
    assert any("not usable" in line for line in skip_lines(run, "app.js"))


def test_source_map_parse_bounds_nesting() -> None:
    with pytest.raises(SourceMapError, match="nested too deeply"):
        SourceMap.parse(NESTED)
    # Nested just under the decoder's limit: names are strings only, never str() of a deep list.
    deep: Any = "x"
    for _ in range(sys.getrecursionlimit() // 2):
        deep = [deep]
    raw = json.dumps({"version": 3, "sources": ["a.ts", deep], "sourceRoot": deep, "mappings": ""})
    parsed = SourceMap.parse(raw.encode(), "dist/app.js.map")
    assert isinstance(parsed, SourceMap)
    assert parsed.sources == ["dist/a.ts", "sources[1]"]


def test_an_env_file_that_is_a_fifo_is_a_usage_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(DIST, site)
    os.mkfifo(tmp_path / "pipe.env")
    run = scan_bundle(tmp_path, "site", "--env-file", "pipe.env")
    assert run.code == ExitCode.USAGE
    assert "cannot read env file pipe.env: not a regular file but a FIFO" in run.err
