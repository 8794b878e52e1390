"""`secretguard scan files`: the JSON interface, exit codes, and what the files source reports."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from secretguard.errors import ExitCode
from tests.conftest import CliRunner
from tests.helpers import Planted, aws_key_id, github_style_token
from tests.scan.sources.test_files import tar_gz_bytes, zip_bytes

REQUIRED = {"rule_id", "file", "line", "column", "secret", "fingerprint", "severity"}


def read_json(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def scan_json(cli: CliRunner, *args: str | Path, out: Path) -> tuple[int, list[dict[str, Any]], str]:
    run = cli("scan", "files", *args, "--format", "json", "--output", out, "--show-secrets")
    return run.code, read_json(out), run.err


def test_json_findings_for_every_planted_secret(
    cli: CliRunner, project: Path, planted: list[Planted], tmp_path: Path
) -> None:
    code, findings, _ = scan_json(cli, "proj", out=tmp_path / "out.json")
    assert code == ExitCode.FINDINGS
    by_secret = {f["secret"]: f for f in findings}
    for item in planted:
        assert item.secret in by_secret, f"{item.rule_id} not found"
        found = by_secret[item.secret]
        assert set(found) >= REQUIRED
        assert found["rule_id"] == item.rule_id
        assert found["file"] == f"proj/config/{item.rule_id}.cfg"
        lines = item.text.splitlines()
        first_line = next(i for i, line in enumerate(lines, 1) if item.secret.splitlines()[0] in line)
        assert found["line"] == first_line
        assert found["column"] == lines[first_line - 1].index(item.secret.splitlines()[0]) + 1
        assert found["severity"] in {"critical", "high", "medium", "low"}
        assert found["fingerprint"].startswith(f"{item.rule_id}:")
        assert found["exposure"] == "server-only"
    assert len(findings) == len(planted), [f["rule_id"] for f in findings]


@pytest.mark.parametrize("given", ["proj", "./proj", "proj/", "{abs}"])
def test_file_is_the_given_path_joined_with_the_relative_path(
    cli: CliRunner, project: Path, tmp_path: Path, given: str
) -> None:
    given = given.format(abs=project)
    _, findings, _ = scan_json(cli, given, out=tmp_path / "out.json")
    expected = {
        f"{given.rstrip('/')}/config/github-pat.cfg",
        f"{given}/config/github-pat.cfg".replace("//", "/"),
    }
    files = {f["file"] for f in findings if f["rule_id"] == "github-pat"}
    assert len(files) == 1
    assert files <= expected


def test_a_single_file_argument_is_reported_as_given(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    _, findings, _ = scan_json(cli, "proj/config/aws-access-key-id.cfg", out=tmp_path / "out.json")
    assert [(f["rule_id"], f["file"], f["line"]) for f in findings] == [
        ("aws-access-key-id", "proj/config/aws-access-key-id.cfg", 2)
    ]


def test_clean_scan_exits_zero(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "app.py").write_text("def main() -> None:\n    print('hello')\n")
    code, findings, err = scan_json(cli, "clean", out=tmp_path / "out.json")
    assert (code, findings) == (ExitCode.CLEAN, [])
    assert "0 finding(s), 1 file(s) scanned" in err
    run = cli("scan", "files", "clean")
    assert run.code == ExitCode.CLEAN
    assert "0 finding(s) in 1 file(s) scanned" in run.out


def test_exit_zero_flag(cli: CliRunner, project: Path) -> None:
    assert cli("scan", "files", "proj", "--format", "json").code == ExitCode.FINDINGS
    assert cli("scan", "files", "proj", "--format", "json", "--exit-zero").code == ExitCode.CLEAN


def test_jsonl_and_csv_carry_the_same_findings(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    _, findings, _ = scan_json(cli, "proj", out=tmp_path / "out.json")
    jsonl = cli("scan", "files", "proj", "--format", "jsonl", "--show-secrets")
    rows = [json.loads(line) for line in jsonl.out.splitlines()]
    assert rows == findings
    table = cli("scan", "files", "proj", "--format", "csv", "--show-secrets")
    records = list(csv.DictReader(io.StringIO(table.out)))
    assert [(r["rule_id"], r["file"], int(r["line"])) for r in records] == [
        (f["rule_id"], f["file"], f["line"]) for f in findings
    ]
    assert {r["fingerprint"] for r in records} == {f["fingerprint"] for f in findings}


def test_missing_path_is_reported_and_the_rest_scanned(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    code, findings, err = scan_json(cli, "proj", "no/such/file.env", out=tmp_path / "out.json")
    assert code == ExitCode.INCOMPLETE
    assert findings, "the readable files were not scanned"
    assert "PARTIAL" in err
    assert "no/such/file.env" in err


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_file_is_reported_and_the_rest_scanned(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    code, findings, err = scan_json(cli, "/proc/self/mem", "proj", out=tmp_path / "out.json")
    assert code == ExitCode.INCOMPLETE
    assert {f["file"] for f in findings} >= {"proj/config/github-pat.cfg"}
    assert "/proc/self/mem" in err
    assert "cannot read" in err


def test_size_limit_skips_and_reports(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(1)
    small, big = github_style_token(rng), github_style_token(rng)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "small.env").write_text(f"T={small}\n")
    (tmp_path / "src" / "big.env").write_text(f"T={big}\n" + "# padding\n" * 100)
    code, findings, err = scan_json(cli, "src", "--max-size", "200", out=tmp_path / "out.json")
    assert code == ExitCode.INCOMPLETE
    assert [f["secret"] for f in findings] == [small]
    assert "src/big.env" in err
    assert "size limit" in err
    text = cli("scan", "files", "src", "--max-size", "200")
    assert text.code == ExitCode.INCOMPLETE
    assert "PARTIAL" in text.out
    assert "src/big.env" in text.out


def test_binary_files_are_counted_not_partial(cli: CliRunner, tmp_path: Path) -> None:
    token = github_style_token(random.Random(2))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "blob.bin").write_bytes(b"\x00\x01\x02" + f"T={token}".encode())
    (tmp_path / "src" / "ok.txt").write_text("ok\n")
    run = cli("scan", "files", "src")
    assert run.code == ExitCode.CLEAN
    assert "1 binary file(s) skipped" in run.out
    assert "PARTIAL" not in run.out


def test_archives_are_scanned_with_member_paths(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(3)
    in_zip, in_tar = github_style_token(rng), aws_key_id(rng)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "app.zip").write_bytes(
        zip_bytes({"conf/app.env": f"\nGITHUB_TOKEN={in_zip}\n".encode()})
    )
    (tmp_path / "dist" / "site.tar.gz").write_bytes(
        tar_gz_bytes({"etc/aws.ini": f"[default]\naws_access_key_id = {in_tar}\n".encode()})
    )
    code, findings, _ = scan_json(cli, "dist", out=tmp_path / "out.json")
    assert code == ExitCode.FINDINGS
    assert sorted((f["file"], f["line"], f["secret"]) for f in findings) == [
        ("dist/app.zip!conf/app.env", 2, in_zip),
        ("dist/site.tar.gz!etc/aws.ini", 2, in_tar),
    ]
    code, findings, _ = scan_json(cli, "dist", "--no-archives", out=tmp_path / "out2.json")
    assert (code, findings) == (ExitCode.CLEAN, [])


def test_nested_archive_beyond_the_depth_is_reported(cli: CliRunner, tmp_path: Path) -> None:
    token = github_style_token(random.Random(4))
    deep = zip_bytes({"deep.env": f"T={token}\n".encode()})
    (tmp_path / "outer.zip").write_bytes(zip_bytes({"middle.zip": zip_bytes({"inner.zip": deep})}))
    code, findings, err = scan_json(cli, "outer.zip", out=tmp_path / "out.json")
    assert code == ExitCode.INCOMPLETE
    assert findings == []
    assert "outer.zip!middle.zip!inner.zip" in err
    assert "nested deeper than 2" in err


def test_corrupt_zip_is_reported(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    (project / "broken.zip").write_bytes(b"PK\x03\x04\x14\x00garbage that is no archive")
    code, findings, err = scan_json(cli, "proj", out=tmp_path / "out.json")
    assert code == ExitCode.INCOMPLETE
    assert findings
    assert "proj/broken.zip" in err
    assert "corrupt or unreadable archive" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_ignored_files_are_not_scanned_unless_all_files(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(5)
    kept, ignored = github_style_token(rng), github_style_token(rng)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text(".env.local\n")
    (repo / "settings.env").write_text(f"GITHUB_TOKEN={kept}\n")
    (repo / ".env.local").write_text(f"GITHUB_TOKEN={ignored}\n")
    _, findings, _ = scan_json(cli, "repo", out=tmp_path / "out.json")
    assert [f["secret"] for f in findings] == [kept]
    _, findings, _ = scan_json(cli, "repo", "--all-files", out=tmp_path / "out.json")
    assert sorted(f["secret"] for f in findings) == sorted([kept, ignored])


def test_usage_errors_exit_two(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("scan", "files").code == ExitCode.USAGE
    assert cli("scan", "files", ".", "--format", "yaml").code == ExitCode.USAGE
    assert cli("scan", "files", ".", "--max-size", "0").code == ExitCode.USAGE
    run = cli("scan", "files", ".", "--baseline", tmp_path / "missing.json")
    assert run.code == ExitCode.USAGE
    assert "does not exist" in run.err


def test_report_written_to_a_folder_that_does_not_exist(
    cli: CliRunner, project: Path, tmp_path: Path
) -> None:
    run = cli("scan", "files", "proj", "--format", "json", "--output", tmp_path / "nope" / "out.json")
    assert run.code == ExitCode.USAGE
    assert "cannot write report" in run.err
    assert "Traceback" not in run.err


def test_real_process_exit_code_and_json(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = subprocess.run(
        ["secretguard", "scan", "files", "proj", "--format", "json", "--output", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    assert len(read_json(out)) >= 6
    assert "finding(s)" in proc.stderr


# --- confidence: the default gate and --min-confidence ----------------------------------------------------


def _confidence_tree(root: Path) -> None:
    token = github_style_token(random.Random(31))
    (root / "app").mkdir(parents=True)
    (root / "app" / "settings.py").write_text(f'GITHUB_TOKEN = "{token}"\n', encoding="utf-8")
    (root / "app" / "login.py").write_text('password = "kjfh"\n', encoding="utf-8")  # a typed stand-in: low


def test_default_reports_medium_and_above_and_says_what_it_hid(cli: CliRunner, tmp_path: Path) -> None:
    _confidence_tree(tmp_path / "t")
    out = tmp_path / "out.json"
    run = cli("scan", "files", tmp_path / "t", "--format", "json", "--output", out)
    findings = read_json(out)
    assert run.code == ExitCode.FINDINGS
    assert [(f["rule_id"], f["confidence"]) for f in findings] == [("github-pat", "high")]
    assert findings[0]["reasons"] == ["checksum-ok"]
    assert "1 below medium confidence not shown" in run.err


def test_min_confidence_low_shows_everything_and_high_can_pass(cli: CliRunner, tmp_path: Path) -> None:
    _confidence_tree(tmp_path / "t")
    out = tmp_path / "out.json"
    cli("scan", "files", tmp_path / "t", "--format", "json", "--output", out, "--min-confidence", "low")
    assert sorted(f["confidence"] for f in read_json(out)) == ["high", "low"]
    (tmp_path / "t" / "app" / "settings.py").unlink()
    clean = cli("scan", "files", tmp_path / "t", "--format", "json", "--output", out)
    assert (clean.code, read_json(out)) == (ExitCode.CLEAN, [])  # only a low finding left: the gate passes
    audit = cli(
        "scan", "files", tmp_path / "t", "--format", "json", "--output", out, "--min-confidence", "low"
    )
    assert audit.code == ExitCode.FINDINGS


def test_min_confidence_from_the_config_file(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _confidence_tree(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".secretguard.toml").write_text('min_confidence = "low"\n', encoding="utf-8")
    out = tmp_path / "out.json"
    cli("scan", "files", "t", "--format", "json", "--output", out)
    assert len(read_json(out)) == 2
    (tmp_path / ".secretguard.toml").write_text('min_confidence = "certain"\n', encoding="utf-8")
    bad = cli("scan", "files", "t", "--format", "json", "--output", out)
    assert bad.code == ExitCode.USAGE
    assert "min_confidence" in bad.err
