"""Issue 14, items 2 and 6: file names that are not UTF-8, and text that is not UTF-8 (UTF-16/32, stray NULs).

A Latin-1 file name (`caf\\xe9.txt`) used to end `scan files` with exit 4; UTF-16/32 files and text holding
one NUL byte were passed over as binary, their secrets missed.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.pathtext import path_bytes, printable_path
from secretguard.scan.sources.files import as_text, is_binary
from secretguard.scan.sources.textfile import BINARY_PROBE, text_encoding
from tests.conftest import CliRunner
from tests.helpers import stripe_live_key


def latin1(folder: Path, name: bytes) -> Path:
    """A path whose name is these bytes on disk (Python holds it with surrogate escapes)."""
    return folder / os.fsdecode(name)


@pytest.fixture
def latin1_tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """`proj/` with secrets in files whose names are Latin-1: plain text, a source file with the secret in a
    comment (the comment check looks at the name), a dotenv-like name (rules bound to file names)."""
    rng = random.Random(14)
    folder = tmp_path / "proj"
    folder.mkdir()
    secrets = [stripe_live_key(rng) for _ in range(3)]
    latin1(folder, b"caf\xe9.txt").write_bytes(f"stripe = {secrets[0]}\n".encode())
    latin1(folder, b"d\xe9v.py").write_bytes(f"# stripe key: {secrets[1]}\n".encode())
    latin1(folder, b"\xe9t\xe9.env").write_bytes(f"STRIPE_KEY={secrets[2]}\n".encode())
    return folder, secrets


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "sarif"])
def test_latin1_file_names_are_scanned_and_written_escaped(
    cli: CliRunner, latin1_tree: tuple[Path, list[str]], tmp_path: Path, fmt: str
) -> None:
    folder, secrets = latin1_tree
    out = tmp_path / f"out.{fmt}"
    run = cli("scan", "files", folder, "--all-files", "--format", fmt, "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    text = out.read_bytes().decode("utf-8")  # the report is UTF-8, whatever the names
    for secret in secrets:
        assert secret in text
    if fmt == "sarif":
        uris = [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(text)["runs"][0]["results"]
        ]
        assert sorted(u.rsplit("/", 1)[1] for u in uris) == ["%E9t%E9.env", "caf%E9.txt", "d%E9v.py"]
    else:
        for name in ("caf\\xe9.txt", "d\\xe9v.py", "\\xe9t\\xe9.env"):
            assert name in text.replace("\\\\", "\\")
    if fmt == "json":
        files = sorted(Path(f["file"]).name for f in json.loads(text))
        assert files == ["\\xe9t\\xe9.env", "caf\\xe9.txt", "d\\xe9v.py"]


def test_latin1_names_in_a_real_process_text_report_and_skip_notes(
    latin1_tree: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, _ = latin1_tree
    latin1(folder, b"gro\xdf.txt").write_bytes(b"x" * 5000)  # over --max-size: a skip note names it
    proc = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "files", "proj", "--all-files", "--max-size", "4000"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # strict: nothing unencodable
    assert proc.returncode == 3, err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert "proj/caf\\xe9.txt" in out
    assert "skipped proj/gro\\xdf.txt: larger than the size limit" in out
    assert "redacted:" in out


def test_latin1_names_with_a_configured_path_allowlist(
    cli: CliRunner, latin1_tree: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, _ = latin1_tree
    config = tmp_path / "sg.toml"
    config.write_text('[allowlist]\npaths = ["\\\\.py$"]\n', encoding="utf-8")
    out = tmp_path / "out.json"
    run = cli("scan", "files", folder, "--all-files", "--config", config, "--format", "json", "--output", out)
    assert run.code == 1, run.err
    assert sorted(Path(f["file"]).name for f in json.loads(out.read_text(encoding="utf-8"))) == [
        "\\xe9t\\xe9.env",
        "caf\\xe9.txt",
    ]


def test_engine_takes_any_str_path(engine: Engine) -> None:
    """Surrogate escapes (a name that is not UTF-8) and lone surrogates (a name from JSON) both work."""
    secret = stripe_live_key(random.Random(3))
    for path in ("caf\udce9.txt", "x\ud800.py", "\udcff.env", "a/b\udce9/c.yml"):
        assert isinstance(engine.path_profile(path), tuple)
        found = engine.scan(Chunk(data=f"# stripe = {secret}\n".encode(), path=path))
        assert [f.secret for f in found] == [secret], path
        assert found[0].to_dict()["file"].isprintable()
        for compiled in engine.matcher.rules:
            compiled.applies_to(path)


def test_path_text_helpers() -> None:
    assert path_bytes("caf\udce9.txt") == b"caf\xe9.txt"
    assert path_bytes("x\ud800") == "x\ud800".encode("utf-8", "surrogatepass")
    assert printable_path("caf\udce9.txt") == "caf\\xe9.txt"
    assert printable_path("a\x1b[31m.txt") == "a\\x1b[31m.txt"
    assert printable_path("x\ud800") == "x\\ud800"
    assert printable_path("café/日本.txt") == "café/日本.txt"


# --- item 6: UTF-16/32 and stray NULs ------------------------------------------------------------------

TEXT = "first line\nsecond line\nstripe = {secret}\n"


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-16", "utf-16"),  # with a byte order mark (Python writes one)
        ("utf-16-le", "utf-16-le"),  # without: recognised by its NUL bytes
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
        ("utf-32-le", "utf-32-le"),
        ("utf-32-be", "utf-32-be"),
    ],
)
def test_utf16_and_utf32_files_are_scanned_with_right_lines(
    cli: CliRunner, tmp_path: Path, codec: str, expected: str
) -> None:
    secret = stripe_live_key(random.Random(codec))
    data = TEXT.format(secret=secret).encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data  # a big-endian mark, written by hand
    assert text_encoding(data) == ("utf-16" if codec == "utf-16-be" else expected)
    (tmp_path / "notes.txt").write_bytes(data)
    out = tmp_path / "out.json"
    run = cli("scan", "files", tmp_path / "notes.txt", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    [finding] = json.loads(out.read_text(encoding="utf-8"))
    assert (finding["secret"], finding["line"], finding["column"]) == (secret, 3, 10)


def test_text_with_a_stray_nul_is_text(cli: CliRunner, tmp_path: Path) -> None:
    secret = stripe_live_key(random.Random(6))
    (tmp_path / "config.txt").write_bytes(f"name = app\x00\npadding\x00\nstripe = {secret}\n".encode())
    out = tmp_path / "out.json"
    run = cli("scan", "files", tmp_path / "config.txt", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    [finding] = json.loads(out.read_text(encoding="utf-8"))
    assert (finding["secret"], finding["line"]) == (secret, 3)


def test_binary_content_stays_binary() -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4 * BINARY_PROBE))
    assert is_binary(noise)
    assert is_binary(gzip.compress(b"hello " * 1000))
    assert is_binary(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    )
    assert is_binary(b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    assert is_binary(b"\xff\xfe" + noise)  # a byte order mark on noise is not text
    assert as_text(noise) is None


def test_probe_looks_at_the_first_8_kib_only() -> None:
    assert not is_binary(b"a" * BINARY_PROBE + bytes(100_000))
    assert as_text(b"plain\n") == (b"plain\n", "")
    assert as_text("é\n".encode("utf-16")) == ("é\n".encode(), "utf-16")  # the byte order mark is dropped
    decoded = as_text("a\nb\n".encode("utf-32"))
    assert decoded == (b"a\nb\n", "utf-32")


def test_utf16_member_of_an_archive_is_scanned(cli: CliRunner, tmp_path: Path) -> None:
    secret = stripe_live_key(random.Random(8))
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("notes.txt", TEXT.format(secret=secret).encode("utf-16"))
    out = tmp_path / "out.json"
    run = cli("scan", "files", tmp_path / "bundle.zip", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    [finding] = json.loads(out.read_text(encoding="utf-8"))
    assert (finding["secret"], finding["line"], finding["file"].endswith("bundle.zip!notes.txt")) == (
        secret,
        3,
        True,
    )


def test_source_map_file_name_with_lone_surrogates_is_written_escaped(cli: CliRunner, tmp_path: Path) -> None:
    """A name decoded from JSON can hold any lone surrogate: `original_file` is written escaped."""
    secret = stripe_live_key(random.Random(9))
    dist = tmp_path / "dist"
    dist.mkdir()
    source = f'const k = "{secret}";\n'
    (dist / "app.js").write_text(source + "//# sourceMappingURL=app.js.map\n", encoding="utf-8")
    source_map = {
        "version": 3,
        "sources": ["caf\udce9\ud800.ts"],
        "sourcesContent": [source],
        "mappings": "AAAA",
    }
    (dist / "app.js.map").write_text(json.dumps(source_map), encoding="utf-8")
    out = tmp_path / "out.json"
    run = cli("scan", "bundle", dist, "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    findings = [f for f in json.loads(out.read_bytes().decode("utf-8")) if f["secret"] == secret]
    assert findings
    assert all(f["original_file"].endswith("caf\\xe9\\ud800.ts") for f in findings)


def test_bundle_reads_utf16_files_too(cli: CliRunner, tmp_path: Path) -> None:
    secret = stripe_live_key(random.Random(10))
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "app.js").write_bytes(f'\n\nconst k = "{secret}";\n'.encode("utf-16"))
    out = tmp_path / "out.json"
    run = cli("scan", "bundle", tmp_path / "dist", "--format", "json", "--output", out, "--show-secrets")
    assert run.code == 1, run.err
    assert [(f["secret"], f["line"]) for f in json.loads(out.read_text(encoding="utf-8"))] == [(secret, 3)]
