"""`plan` over a `scan repos` report: one entry per credential, every repository that holds it listed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner
from tests.scan.repos.orgfixtures import build_org


def test_plan_lists_every_repository_of_a_shared_key(cli: CliRunner, tmp_path: Path) -> None:
    org = build_org(tmp_path / "o", forks=5, sharing=3, seed=3)
    report = tmp_path / "repos.json"
    assert cli("scan", "repos", org.root, "-q", "--format", "json", "--output", report).code == 1
    run = cli("plan", "--findings", report, "--format", "json")
    assert run.code in (0, 1), run.err
    plan = json.loads(run.out)
    entries = plan["entries"] if isinstance(plan, dict) else plan
    stripe = [e for e in entries if "stripe" in e["rule_id"]]
    assert len(stripe) == 1
    repositories = {x.get("repository") for x in stripe[0]["exposures"]}
    assert repositories == {str(p) for p in org.sharing}
    purge = [s for s in stripe[0]["steps"] if "filter-repo" in s["action"]]
    assert purge
    assert all(str(p) in purge[0]["action"] for p in org.sharing)
