"""tools/check_rules.py, the rule writer's checker, run as a rule writer runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "check_rules.py"


def _run(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, files)], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_a_shipped_rule_file_passes() -> None:
    run = _run(ROOT / "rules" / "generic.yaml")  # the file whose judges and name groups it once refused
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1].endswith(" 0 problem(s)")


def test_problems_are_named_by_file_and_rule(tmp_path: Path) -> None:
    rules = tmp_path / "draft.yaml"
    rules.write_text(
        "rules:\n"
        "  - {id: draft-unknown-key, title: T, provider: p, severity: high, keywords: [tkn_], colour: red,\n"
        "     regex: '\\b(tkn_[a-z0-9]{20})\\b', examples: {positive: ['tkn_abcdefghij0123456789']}}\n"
        "  - id: draft-examples\n"
        "    title: T\n"
        "    provider: p\n"
        "    severity: high\n"
        "    keywords: [tkn_]\n"
        "    regex: '\\b(tkn_[a-z0-9]{20})\\b'\n"
        "    examples:\n"
        "      positive: ['x = \"tkn_abcdefghij0123456789\"', 'no token here']\n"
        "      negative: ['y = \"tkn_zzzzzzzzzz0123456789\"']\n"
    )
    run = _run(rules)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{rules}: rule draft-unknown-key: colour: Extra inputs are not permitted",
        f"{rules}:draft-examples: positive example not reported: 'no token here'",
        f"{rules}:draft-examples: negative example reported: 'y = \"tkn_zzzzzzzzzz0123456789\"'",
        "1 rules in 1 file(s), 3 problem(s)",
    ]
