"""Terminal escape injection: a file or step name holding ESC/OSC sequences must not reach any format raw
(CSV included: it is printed with `cat` as often as it is opened in a spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from secretguard.formats import FORMAT_NAMES, render
from secretguard.formats.printable import printable
from secretguard.formats.report import Report
from secretguard.scan.finding import Finding
from tests.conftest import CliRunner
from tests.helpers import github_style_token

# A window title change, a hyperlink and a colour: OSC and CSI sequences, BEL-terminated or not.
EVIL = "evil\x1b]0;owned\x07\x1b]8;;https:__example.test\x07x\x1b]8;;\x07\x1b[31m\x9b2J"
CONTROL = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]


def _finding(file: str, **extra: object) -> Finding:
    secret = github_style_token(random.Random(file))
    finding = Finding(
        "github-pat", "GitHub token", "github", "high", "server-only", "github-token",
        file, 1, 1, 1, 1 + len(secret), secret, excerpt=f"t={EVIL}",
    )  # fmt: skip
    finding.extra.update(extra)
    return finding


def test_printable_replaces_every_control_character() -> None:
    assert printable("plain name.txt") == "plain name.txt"
    assert printable(EVIL) == "evil ]0;owned  ]8;;https:__example.test x ]8;;  [31m 2J"
    assert printable(3) == "3"


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_no_format_writes_a_control_character_from_input(name: str) -> None:
    report = Report(findings=[_finding(f"{EVIL}.env", job=EVIL, step=f"Run {EVIL}", commit="abc")])
    text = render(name, report)
    if name == "text":
        text = text.replace("\n", "")
    elif name == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["job"].startswith("evil ]0;owned")
        text = "".join(v for row in rows for v in row.values())
    elif name == "json":
        assert json.loads(text)[0]["job"] == EVIL  # escaped, not altered
    # JSON and SARIF escape them as \u001b; CSV and text replace them.
    assert not any(ch in text for ch in CONTROL if ch not in "\n")


def test_csv_formula_guard_still_applies_after_cleaning() -> None:
    report = Report(findings=[_finding("=cmd.env", step="\r+1", job="\t=cmd")])
    [row] = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert (row["file"], row["step"], row["job"]) == ("'=cmd.env", "' +1", "' =cmd")


def test_scan_files_csv_of_a_file_named_with_escape_sequences(cli: CliRunner, tmp_path: Path) -> None:
    """The issue's recipe: a real file whose name holds OSC/CSI sequences, scanned to CSV."""
    token = github_style_token(random.Random(1421))
    (tmp_path / f"{EVIL}.env").write_text(f"GITHUB_TOKEN={token}\n", encoding="utf-8")
    run = cli("scan", "files", ".", "--all-files", "--format", "csv")
    assert run.code == 1, run.err
    assert not {"\x1b", "\x07", "\x9b"} & set(run.out)
    [row] = list(csv.DictReader(io.StringIO(run.out)))
    assert row["file"].startswith("./evil")
    assert "owned" in row["file"]
