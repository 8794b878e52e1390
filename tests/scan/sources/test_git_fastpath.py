"""The staged fast path answers exactly as the full path does, and only when it can prove the change clean.

Each case runs the command twice through its entry point: the first run takes the full path (and stores the
settings snapshot and the rule screen), the second may take the fast path. Where something changed in
between that the full path would report, the fast path must decline.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from secretguard.cli.fast import try_fast
from tests.conftest import CliRunner
from tests.fastrun import EntryRunner
from tests.helpers import aws_key_id
from tests.scan.sources.gitfixtures import Git

STAGED = ("scan", "git", "--staged")
# A rule of the user's that no built-in rule matches: only a screen built with it can see its token.
USER_RULE = (
    "rules:\n  - id: internal-token\n    title: Internal token\n    provider: internal\n"
    "    severity: high\n    regex: 'itok_[a-z0-9]{24}'\n    keywords: [itok_]\n"
)
TOKEN = "itok_" + "k3j5h2g7f9d1s4a6p8o0i2u4"
CLEAN = "def add(a, b):\n    return a + b\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    monkeypatch.chdir(git.path)
    return git


@pytest.fixture
def sg(cli: CliRunner, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> EntryRunner:
    del cli  # requested for its set-up: the built-in rules parsed once per session
    return EntryRunner(capsys, monkeypatch)


def _stage(repo: Git, name: str, text: str) -> None:
    repo.write(name, text)
    repo("add", name)


@pytest.mark.parametrize(
    ("fmt", "out", "err"),
    [
        ("text", "\n0 finding(s) in 1 file(s) scanned\n", ""),
        ("json", "[]\n", "secretguard: 0 finding(s), 1 file(s) scanned\n"),
        ("jsonl", "", "secretguard: 0 finding(s), 1 file(s) scanned\n"),
    ],
)
def test_clean_change_same_answer_on_the_fast_path(
    sg: EntryRunner, repo: Git, fmt: str, out: str, err: str
) -> None:
    _stage(repo, "app.py", CLEAN)
    full, fast = sg.twice(*STAGED, "--format", fmt)
    assert not full.fast
    assert fast.fast
    assert full.shown == fast.shown == (0, out, err)


def test_a_report_file_is_written_the_same(sg: EntryRunner, repo: Git, tmp_path: Path) -> None:
    _stage(repo, "app.py", CLEAN)
    report = tmp_path / "report.json"
    full = sg(*STAGED, "--format", "json", "--output", report)
    assert report.read_text() == "[]\n"
    report.unlink()
    fast = sg(*STAGED, "--format", "json", "--output", report)
    assert fast.fast
    assert report.read_text() == "[]\n"
    assert full.shown == fast.shown


def test_a_hit_falls_back_to_the_full_path(sg: EntryRunner, repo: Git) -> None:
    _stage(repo, "app.py", CLEAN)
    assert sg.twice(*STAGED)[1].fast
    _stage(repo, "a.cfg", f"aws_access_key_id = {aws_key_id(random.Random(12))}\n")
    run = sg(*STAGED)
    assert not run.fast
    assert run.code == 1
    assert "aws-access-key-id" in run.out


def test_an_allowed_secret_falls_back_and_stays_allowed(sg: EntryRunner, repo: Git) -> None:
    key = aws_key_id(random.Random(13))
    _stage(repo, "a.cfg", f"aws_access_key_id = {key}  # secretguard:allow fixture\n")
    full, second = sg.twice(*STAGED)
    assert not second.fast  # a hit: only the engine can tell it is allowed
    assert full.shown == second.shown
    assert full.code == 0


@pytest.mark.parametrize("floor", ["medium", "low"])
def test_min_confidence_is_the_full_paths_answer(sg: EntryRunner, repo: Git, floor: str) -> None:
    _stage(repo, "login.py", 'password = "kjfh"\n')  # a typed stand-in: low confidence
    full, second = sg.twice(*STAGED, "--format", "json", "--min-confidence", floor)
    assert not second.fast
    assert full.shown == second.shown
    assert second.code == (1 if floor == "low" else 0)
    if floor == "medium":
        assert "1 below medium confidence not shown" in second.err


def test_a_format_it_does_not_render_falls_back(sg: EntryRunner, repo: Git) -> None:
    _stage(repo, "app.py", CLEAN)
    full, second = sg.twice(*STAGED, "--format", "sarif")
    assert not second.fast
    assert full.shown == second.shown
    assert second.code == 0


def test_a_changed_config_file_is_not_answered_from_the_old_screen(sg: EntryRunner, repo: Git) -> None:
    repo.write("sg-rules.yaml", USER_RULE)
    _stage(repo, "app.py", f'ref = "{TOKEN}"\n')
    assert sg.twice(*STAGED)[1].shown == (0, "\n0 finding(s) in 1 file(s) scanned\n", "")
    (repo.path / ".secretguard.toml").write_text("rules = ['sg-rules.yaml']\n")
    assert try_fast(list(STAGED)) is None  # new settings: no snapshot for them yet
    run = sg(*STAGED)
    assert (run.fast, run.code) == (False, 1)
    assert "internal-token" in run.out


def test_a_changed_environment_variable_is_not_answered_from_the_old_screen(
    sg: EntryRunner, repo: Git, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("sg-rules.yaml", USER_RULE)
    _stage(repo, "app.py", f'ref = "{TOKEN}"\n')
    assert sg.twice(*STAGED)[1].fast
    monkeypatch.setenv("SECRETGUARD_RULES", '["sg-rules.yaml"]')
    run = sg(*STAGED)
    assert (run.fast, run.code) == (False, 1)
    assert "internal-token" in run.out


def test_a_changed_rule_file_is_not_answered_from_the_old_screen(sg: EntryRunner, repo: Git) -> None:
    (repo.path / ".secretguard.toml").write_text("rules = ['sg-rules.yaml']\n")
    repo.write("sg-rules.yaml", USER_RULE.replace("itok_", "otok_"))
    _stage(repo, "app.py", f'ref = "{TOKEN}"\n')
    full, second = sg.twice(*STAGED)
    assert second.fast
    assert full.shown == second.shown == (0, "\n0 finding(s) in 1 file(s) scanned\n", "")
    repo.write("sg-rules.yaml", USER_RULE)  # same settings, another rule
    run = sg(*STAGED)
    assert (run.fast, run.code) == (False, 1)
    assert "internal-token" in run.out


def test_a_rule_file_given_on_the_command_line(sg: EntryRunner, repo: Git) -> None:
    repo.write("sg-rules.yaml", USER_RULE)
    _stage(repo, "app.py", f'ref = "{TOKEN}"\n')
    assert sg.twice(*STAGED)[1].fast
    run = sg(*STAGED, "--rules", "sg-rules.yaml")
    assert (run.fast, run.code) == (False, 1)
    assert "internal-token" in run.out


def test_a_broken_baseline_or_ignore_file_is_reported(sg: EntryRunner, repo: Git) -> None:
    _stage(repo, "app.py", CLEAN)
    assert sg.twice(*STAGED)[1].fast
    (repo.path / ".secretguard-baseline.json").write_text("{not json")
    run = sg(*STAGED)
    assert (run.fast, run.code) == (False, 2)
    (repo.path / ".secretguard-baseline.json").unlink()
    (repo.path / ".secretguardignore").write_text("not a fingerprint\n")
    run = sg(*STAGED)
    assert (run.fast, run.code) == (False, 2)
    assert ".secretguardignore:1: not a fingerprint" in run.err


def test_a_baseline_that_accepts_the_secret(sg: EntryRunner, repo: Git, tmp_path: Path) -> None:
    repo.write("a.cfg", f"aws_access_key_id = {aws_key_id(random.Random(14))}\n")
    baseline = tmp_path / "baseline.json"
    assert sg("baseline", "create", "--output", baseline).code in (0, 1)
    repo("add", "a.cfg")
    full, second = sg.twice(*STAGED, "--baseline", baseline)
    assert not second.fast  # a hit
    assert full.shown == second.shown
    assert full.code == 0
    assert "1 suppressed by the baseline" in full.out


def test_options_for_history_are_never_answered_here(repo: Git) -> None:
    for extra in (["--range", "a..b"], ["--incremental"], ["--branch", "main"], ["--help"], ["--bogus"]):
        assert try_fast([*STAGED, *extra]) is None


def test_the_real_command_answers_a_clean_commit_without_loading_click_or_the_engine(
    repo: Git, cache_dir: Path
) -> None:
    """What the pre-commit hook runs: `python -m secretguard scan git --staged` in a fresh process."""
    _stage(repo, "app.py", CLEAN)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    command = [sys.executable, "-X", "importtime", "-m", "secretguard", *STAGED]
    first = subprocess.run(command, cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr  # the full path, which stores the fast path's caches
    second = subprocess.run(command, cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 0
    assert second.stdout == "\n0 finding(s) in 1 file(s) scanned\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "secretguard.cli.fast" in imported
    heavy = {"click", "secretguard.cli.app", "secretguard.scan.engine", "yaml", "pydantic", "git"}
    assert not imported & heavy
