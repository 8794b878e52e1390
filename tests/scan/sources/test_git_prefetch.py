"""The commit selection prefetched on a thread (scan/sources/git/prefetch.py) gives the history scan exactly
what it selects on its own, and is ignored where it does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.scan.engine import Engine
from secretguard.scan.finding import Finding, ScanResult
from secretguard.scan.sources.git.history import GitOptions, scan_history
from secretguard.scan.sources.git.prefetch import Prefetch
from secretguard.scan.sources.git.repo import open_repo, ref_tips, rev_list
from tests.scan.sources.gitfixtures import History, build_history


@pytest.fixture
def planted_history(tmp_path: Path) -> History:
    return build_history(tmp_path / "repo")


def _facts(findings: list[Finding]) -> list[tuple[str, str, int, str, object]]:
    return sorted(
        (f.identity, f.file, f.line, str(f.extra.get("commit")), f.extra.get("at_head")) for f in findings
    )


def test_the_prefetched_selection_is_the_one_the_source_makes(planted_history: History) -> None:
    path = str(planted_history.git.path)
    prefetch = Prefetch(path)
    ready = prefetch.result()
    assert ready is not None
    repo = open_repo(path)
    tips = ref_tips(repo, ScanResult())
    assert ready.tips == tips
    assert ready.commits == rev_list(repo, ScanResult(), revisions=tips)
    assert ready.record.skipped == []


@pytest.mark.parametrize("workers", [1, 2])
def test_a_scan_with_the_prefetch_finds_what_one_without_finds(
    planted_history: History, engine: Engine, workers: int
) -> None:
    path = str(planted_history.git.path)
    options = GitOptions(workers=workers)
    alone = scan_history(path, engine, None, options, ScanResult())
    with_prefetch = scan_history(path, engine, None, options, ScanResult(), prefetch=Prefetch(path))
    assert _facts(with_prefetch) == _facts(alone)
    assert {planted_history.secrets[n] for n in planted_history.secrets} <= {f.secret for f in alone}


def test_a_prefetch_that_does_not_fit_is_ignored(
    planted_history: History, engine: Engine, tmp_path: Path
) -> None:
    path = str(planted_history.git.path)
    other = build_history(tmp_path / "other", seed=5)
    stray = Prefetch(str(other.git.path))  # another repository's selection: never used for this one
    found = scan_history(path, engine, None, GitOptions(), ScanResult(), prefetch=stray)
    assert _facts(found) == _facts(scan_history(path, engine, None, GitOptions(), ScanResult()))
    # A branch scan selects its own commits: the unmerged branch's secret stays out.
    branch = scan_history(
        path, engine, None, GitOptions(branch="main"), ScanResult(), prefetch=Prefetch(path)
    )
    assert planted_history.secrets["unmerged"] not in {f.secret for f in branch}


def test_a_folder_that_is_no_repository_is_reported_as_without_the_prefetch(
    tmp_path: Path, engine: Engine
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    with_prefetch, alone = ScanResult(), ScanResult()
    scan_history(str(folder), engine, None, GitOptions(), with_prefetch, prefetch=Prefetch(str(folder)))
    scan_history(str(folder), engine, None, GitOptions(), alone)
    assert with_prefetch.findings == alone.findings == []
    assert [(s.path, s.reason) for s in with_prefetch.skipped] == [(s.path, s.reason) for s in alone.skipped]
    assert alone.skipped
