"""`secretguard scan repos`: many real repositories (clones and bare mirrors) in one run."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner
from tests.scan.repos.orgfixtures import Org, build_org


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    return build_org(tmp_path_factory.mktemp("org"))


def _run(cli: CliRunner, out: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]], str]:
    run = cli("scan", "repos", *args, "--format", "json", "--output", out)
    return run.code, json.loads(out.read_text()), run.err


def test_a_key_in_three_forks_is_one_finding_with_three_places(
    cli: CliRunner, org: Org, tmp_path: Path
) -> None:
    code, findings, _ = _run(cli, tmp_path / "r.json", org.root)
    assert code == 1
    stripe = [f for f in findings if "stripe" in f["rule_id"]]
    assert len(stripe) == 1
    places = stripe[0]["places"]
    assert sorted(p["repository"] for p in places) == sorted(str(p) for p in org.sharing)
    assert all(p["file"] == "billing.py" and len(p["commit"]) == 40 for p in places)
    assert stripe[0]["repository"] == places[0]["repository"]


def test_a_key_in_the_shared_history_lists_every_fork(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    _, findings, _ = _run(cli, tmp_path / "r.json", org.root)
    github = [f for f in findings if f["rule_id"].startswith("github")]
    assert len(github) == 1
    repos = {p["repository"] for p in github[0]["places"]}
    assert repos == {str(f) for f in org.forks}
    assert {p["file"] for p in github[0]["places"]} == {"settings.py"}
    assert len({p["commit"] for p in github[0]["places"]}) == 1  # the same commit in every fork
    assert github[0]["at_head"] is False


def test_forks_after_the_first_read_no_shared_blob(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    single = cli("scan", "git", org.forks[0], "--format", "json", "--output", tmp_path / "one.json")
    assert single.code == 1
    run = cli("scan", "repos", org.root, "--format", "json", "--output", tmp_path / "all.json")
    progress = [line for line in run.err.splitlines() if "blob(s) read" in line]
    assert len(progress) == len(org.forks) + 1  # one line per repository
    later = [line for line in progress if "fork00:" not in line and "unrelated" not in line]
    # A later fork reads only the blobs of its own commits (a fork with no commit of its own reads none).
    assert all(" 0 blob(s) read" in line or " 1 blob(s) read" in line for line in later), later


def test_a_list_file_and_skipped_entries(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    listing = tmp_path / "repos.txt"
    listing.write_text(f"# the org\n{org.forks[0]}\n{org.forks[1]}  # a bare mirror\n\nnot-a-repo\n")
    code, findings, err = _run(cli, tmp_path / "r.json", listing, tmp_path / "missing")
    assert code == 3  # partial: one entry is not a repository, one path does not exist
    assert "not-a-repo: not a git repository" in err
    assert "missing" in err
    github = [f for f in findings if f["rule_id"].startswith("github")]
    assert {p["repository"] for p in github[0]["places"]} == {str(org.forks[0]), str(org.forks[1])}


def test_a_broken_repository_does_not_hide_the_others(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    broken = tmp_path / "broken.git"
    (broken / "objects").mkdir(parents=True)
    (broken / "refs").mkdir()
    (broken / "HEAD").write_text("garbage\n")
    code, findings, err = _run(cli, tmp_path / "r.json", broken, org.forks[2])
    assert code == 3
    assert "broken.git" in err
    assert any(f["rule_id"].startswith("github") for f in findings)


def test_unrelated_repositories_are_separate_families(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    assert org.unrelated is not None
    run = cli("scan", "repos", org.unrelated, org.forks[3], "--format", "json")
    assert run.code == 1
    assert "unrelated: 1 new commit(s)" in run.err


def test_incremental_state_per_repository(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    a, b = org.forks[4], org.forks[5]
    first = cli("scan", "repos", a, b, "--incremental", "--format", "json", "--output", tmp_path / "1.json")
    assert first.code == 1
    again = cli("scan", "repos", a, b, "--incremental", "--format", "json", "--output", tmp_path / "2.json")
    assert again.code == 0
    assert json.loads((tmp_path / "2.json").read_text()) == []
    assert again.err.count(" 0 new commit(s)") == 2


def test_the_text_report_names_the_repositories(cli: CliRunner, org: Org, tmp_path: Path) -> None:
    run = cli("scan", "repos", *org.sharing, org.forks[0], "-q")
    assert run.code == 1
    assert "in 3 repositories (3 place(s)):" in run.out
    first_three = ", ".join(str(p) for p in org.sharing[:3])
    assert f"in 4 repositories (4 place(s)): {first_three} and 1 more" in run.out


def test_an_unreachable_ray_cluster_is_a_clear_error(cli: CliRunner, org: Org) -> None:
    with socket.socket() as probe:  # a port nothing listens on: bound, never listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        run = cli("scan", "repos", org.forks[0], "-q", "--ray", f"127.0.0.1:{port}")
    assert run.code == 2
    assert f"cannot reach the Ray cluster at 127.0.0.1:{port}" in run.err
