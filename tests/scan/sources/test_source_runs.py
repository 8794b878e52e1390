"""Sources run by one runner: several sources on one engine and one pool, a blob-verdict cache shared by two
repositories, and a history's progress and notes going to the reporter it is given (never to stderr)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.runner import Runner
from secretguard.scan.sources.files import FileOptions, FileSource
from secretguard.scan.sources.git import history, state
from secretguard.scan.sources.git.history import GitOptions, HistorySource
from secretguard.scan.sources.git.verdicts import VerdictCache
from tests.conftest import CliRunner
from tests.helpers import github_style_token, stripe_live_key
from tests.scan.sources.gitfixtures import Git


class Recorder:
    """A Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.advanced = 0
        self.notes: list[str] = []
        self.stopped = False

    def stage(self, label: str, total: int) -> None:
        self.stages.append((label, total))

    def advance(self, count: int, size: int = 0) -> None:
        self.advanced += count

    def note(self, message: str) -> None:
        self.notes.append(message)

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small histories take the forked paths too: several listing ranges, several blob batches."""
    monkeypatch.setattr(history, "MIN_RANGE", 2)
    monkeypatch.setattr(history, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(history, "MIN_BATCH", 2)


def _places(findings: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.secret, f.file, str(f.extra.get("commit"))) for f in findings}


def test_one_runner_scans_files_and_a_history(engine: Engine, tmp_path: Path, forked: None) -> None:
    rng = random.Random(41)
    in_file, in_history = stripe_live_key(rng), github_style_token(rng)
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "config.py").write_text(f"STRIPE = '{in_file}'\n")
    git = Git(tmp_path / "repo")
    git.commit("one", a__txt="hello\n")
    added = git.commit("two", token__env=f"GITHUB_TOKEN={in_history}\n")
    git.commit("three", token__env=None)
    with Runner(engine, workers=2) as runner:
        files = runner.run(FileSource([str(folder)], FileOptions(all_files=True)), ScanResult())
        commits = runner.run(HistorySource(str(git.path), GitOptions()), ScanResult())
        runner.run(FileSource([str(folder)], FileOptions(all_files=True)))  # into the run's own result
    assert [(f.secret, f.file) for f in files.findings] == [(in_file, str(folder / "config.py"))]
    assert files.stats["files"] == 1
    assert [(f.secret, f.extra["commit"], f.extra["at_head"]) for f in commits.findings] == [
        (in_history, added, False)
    ]
    assert commits.stats["commits"] == 3
    assert [f.secret for f in runner.result.findings] == [in_file]
    assert files.skipped == commits.skipped == runner.result.skipped == []


def test_a_verdict_cache_shared_by_two_repositories_reads_a_blob_once(
    engine: Engine, tmp_path: Path, forked: None
) -> None:
    rng = random.Random(42)
    shared, own = github_style_token(rng), stripe_live_key(rng)
    base = Git(tmp_path / "base")
    for i in range(6):
        base.commit(f"c{i}", **{f"f{i}__txt": f"line {i}\n" * 3})
    base.commit("token", deploy__env=f"GITHUB_TOKEN={shared}\n")
    subprocess.run(["git", "clone", "-q", str(base.path), str(tmp_path / "fork")], check=True)
    fork = Git(tmp_path / "fork", init=False)
    fork("config", "user.name", "Dev Eloper")
    fork("config", "user.email", "dev@example.com")
    fork.commit("own key", pay__py=f"KEY = '{own}'\n")

    alone = ScanResult()
    with Runner(engine, workers=2, result=alone) as runner:
        runner.run(HistorySource(str(fork.path), GitOptions()))

    cache = VerdictCache(state.rules_key(engine.rules, 2))
    first, second = ScanResult(), ScanResult()
    with Runner(engine, workers=2) as runner:
        runner.run(HistorySource(str(base.path), GitOptions(), verdicts=cache), first)
        runner.run(HistorySource(str(fork.path), GitOptions(), verdicts=cache), second)
    assert {f.secret for f in first.findings} == {shared}
    # The fork reads only what the base did not hold (its new file), and reports what a scan alone reports.
    assert second.stats["blobs"] == 1
    assert second.stats["blobs_known"] == alone.stats["blobs"] - 1
    assert cache.hits == second.stats["blobs_known"]
    assert _places(second.findings) == _places(alone.findings)
    assert {f.secret for f in second.findings} == {shared, own}


def test_a_cache_filled_under_other_rules_is_refused(engine: Engine, tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    git.commit("one", a__txt="hello\n")
    with Runner(engine) as runner, pytest.raises(ValueError, match="other rules"):
        runner.run(HistorySource(str(git.path), GitOptions(), verdicts=VerdictCache("another")))


def test_history_progress_and_notes_go_to_the_reporter(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git = Git(tmp_path / "repo")
    git.commit("one", a__txt="hello\n")
    git.commit("two", b__txt="world\n")
    # A file where the state's folder goes: the incremental state cannot be saved.
    (git.path / ".git" / "secretguard").write_text("in the way\n")
    progress = Recorder()
    with Runner(engine) as runner:
        runner.run(HistorySource(str(git.path), GitOptions(incremental=True), progress=progress))
    assert [label for label, _ in progress.stages] == ["listing commits", "reading blobs"]
    assert progress.stages[0][1] == 2
    assert progress.advanced == 2 + 2  # two commits listed, two blobs read
    assert progress.stopped
    assert len(progress.notes) == 1
    assert progress.notes[0].startswith("cannot save the incremental state")
    assert runner.result.stats["incremental_not_saved"] == 1
    assert capsys.readouterr().err == ""  # the source itself wrote nothing


def test_cli_shows_the_history_note_on_stderr(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    git.commit("one", a__txt="hello\n")
    (git.path / ".git" / "secretguard").write_text("in the way\n")
    run = cli("scan", "git", str(git.path), "--incremental", "--format", "json")
    assert run.code == 0, run.err
    assert "secretguard: cannot save the incremental state" in run.err
    assert "Traceback" not in run.err
