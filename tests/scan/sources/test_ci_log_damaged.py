"""Damaged CI logs: a clear skip note, exit 3 (partial), the rest still scanned, never a traceback."""

from __future__ import annotations

import gzip
import json
import os
import random
import zipfile
from pathlib import Path
from typing import Any

from tests.conftest import CliRunner
from tests.helpers import settle
from tests.scan.sources.test_ci_log import ASSETS, expected

GOOD = ASSETS / "gitlab_job.log"


def scan(cli: CliRunner, tmp_path: Path, *paths: Path) -> tuple[int, list[dict[str, Any]], str]:
    out = tmp_path / "out.json"
    run = cli("scan", "ci-log", *paths, "--format", "json", "--output", out, "--show-secrets")
    assert "Traceback" not in run.err
    assert "internal error" not in run.err
    findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return run.code, findings, run.err


def planted_lines(name: str) -> set[tuple[int, str]]:
    return {(r["line"], r["secret"]) for r in expected() if r["file"] == name}


def found_lines(findings: list[dict[str, Any]], file: Path) -> set[tuple[int, str]]:
    return {(f["line"], f["secret"]) for f in findings if f["file"] == str(file)}


def test_corrupt_zip_is_skipped_and_the_rest_scanned(cli: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "run.zip"
    data = (ASSETS / "run.zip").read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # no central directory
    code, findings, err = scan(cli, tmp_path, broken, GOOD)
    assert code == 3
    assert "corrupt zip archive" in err
    assert str(broken) in err
    assert found_lines(findings, GOOD) == planted_lines("gitlab_job.log")


def test_zip_member_with_bad_data_is_skipped_and_other_members_scanned(
    cli: CliRunner, tmp_path: Path
) -> None:
    source = ASSETS / "run.zip"
    damaged = tmp_path / "run.zip"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            out.writestr(info, archive.read(info))
    raw = bytearray(damaged.read_bytes())
    with zipfile.ZipFile(damaged) as archive:
        victim = next(i for i in archive.infolist() if i.filename == "deploy/2_Run docker login.txt")
    # Flip bytes inside the compressed data of one member (after its 30-byte header and name).
    start = victim.header_offset + 30 + len(victim.filename.encode()) + 10
    for offset in range(start, start + 20):
        raw[offset] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    code, findings, err = scan(cli, tmp_path, damaged)
    assert code == 3
    assert "deploy/2_Run docker login.txt" in err
    files = {f["file"] for f in findings}
    assert f"{damaged}!build/2_Run npm install is-number.txt" in files


def test_truncated_gzip_keeps_what_was_read(cli: CliRunner, tmp_path: Path) -> None:
    text = GOOD.read_bytes()
    packed = gzip.compress(text)
    truncated = tmp_path / "job.log.gz"
    truncated.write_bytes(packed[: int(len(packed) * 0.7)])
    code, findings, err = scan(cli, tmp_path, truncated, ASSETS / "jenkins_console.log")
    assert code == 3
    assert "truncated compressed data" in err
    assert str(truncated) in err
    got = found_lines(findings, truncated)
    want = planted_lines("gitlab_job.log")
    assert got
    assert got < want
    assert found_lines(findings, ASSETS / "jenkins_console.log") == planted_lines("jenkins_console.log")


def test_gzip_that_is_not_gzip_inside(cli: CliRunner, tmp_path: Path) -> None:
    fake = tmp_path / "job.log.gz"
    rng = random.Random(1)
    fake.write_bytes(b"\x1f\x8b" + bytes(rng.randrange(256) for _ in range(4000)))
    code, _, err = scan(cli, tmp_path, fake, GOOD)
    assert code == 3
    assert str(fake) in err


def test_binary_garbage_inside_a_log_is_skipped_line_by_line(cli: CliRunner, tmp_path: Path) -> None:
    lines = GOOD.read_bytes().split(b"\n")
    rng = random.Random(7)
    garbage = [bytes(rng.randrange(256) for _ in range(300)).replace(b"\n", b"\x00") for _ in range(5)]
    at = 60  # garbage replaces no line: it is inserted, so later lines move down by len(garbage)
    mixed = tmp_path / "mixed.log"
    mixed.write_bytes(b"\n".join([*lines[:at], *garbage, *lines[at:]]))
    code, findings, err = scan(cli, tmp_path, mixed)
    assert code == 3
    assert "binary data on 5 line(s)" in err
    assert f"line {at + 1}" in err
    shifted = {
        (line if line <= at else line + len(garbage), secret)
        for line, secret in planted_lines("gitlab_job.log")
    }
    assert found_lines(findings, mixed) == shifted


def test_binary_file_is_not_a_log(cli: CliRunner, tmp_path: Path) -> None:
    blob = tmp_path / "image.png"
    rng = random.Random(3)
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(20000)))
    code, findings, err = scan(cli, tmp_path, blob, GOOD)
    assert code == 3
    assert "binary content, not a text log" in err
    assert found_lines(findings, GOOD) == planted_lines("gitlab_job.log")


def test_missing_path_is_a_skip_note(cli: CliRunner, tmp_path: Path) -> None:
    code, findings, err = scan(cli, tmp_path, tmp_path / "nope.log", GOOD)
    assert code == 3
    assert "nope.log" in err
    assert "cannot read" in err
    assert found_lines(findings, GOOD) == planted_lines("gitlab_job.log")


def test_empty_log(cli: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    code, findings, _ = scan(cli, tmp_path, empty)
    assert (code, findings) == (0, [])


def test_a_fifo_or_device_log_is_a_named_skip_not_a_hang(cli: CliRunner, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    os.mkfifo(logs / "pipe.log")
    (logs / "zero.log").symlink_to("/dev/zero")
    (logs / "ok.log").write_text("hello\n")
    run = settle(lambda: cli("scan", "ci-log", logs), "scan ci-log over a FIFO")
    assert run.code == 3, run.err
    assert "pipe.log: not a regular file but a FIFO" in run.out
    assert "zero.log: not a regular file but a character device" in run.out
    alone = settle(lambda: cli("scan", "ci-log", logs / "pipe.log"), "scan ci-log of a FIFO")
    assert alone.code == 3
