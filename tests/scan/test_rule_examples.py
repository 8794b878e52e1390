"""Every built-in rule's own examples, through the full engine (all rules, filters and overlap resolution)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, get_args

import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.rules import Exposure, Rule, Severity, builtin_rules

RULES = builtin_rules()
RULE_FILES = Path(__file__).resolve().parents[2] / "rules"

# Examples that fail today because the example text itself is wrong (see the reasons); remove an entry when
# its rule file is fixed (strict xfail turns the fix into a failure to remind you).
KNOWN_BAD: dict[tuple[str, str, int], str] = {}


def _cases(kind: str) -> list[Any]:
    cases = []
    for rule in RULES:
        texts = rule.examples.positive if kind == "positive" else rule.examples.negative
        for index, text in enumerate(texts):
            marks = []
            reason = KNOWN_BAD.get((rule.id, kind, index))
            if reason is not None:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            path = rule.example_path or "example.txt"
            cases.append(pytest.param(rule.id, text, path, id=f"{rule.id}[{index}]", marks=marks))
    return cases


def _rule_ids_found(engine: Engine, text: str, path: str) -> list[str]:
    return [f.rule_id for f in engine.scan(Chunk(text.encode(), path))]


@pytest.mark.parametrize(("rule_id", "text", "path"), _cases("positive"))
def test_positive_example_is_reported(engine: Engine, rule_id: str, text: str, path: str) -> None:
    found = _rule_ids_found(engine, text, path)
    assert rule_id in found, f"{rule_id} did not report its own positive example {text!r}; found {found}"


@pytest.mark.parametrize(("rule_id", "text", "path"), _cases("negative"))
def test_negative_example_is_silent(engine: Engine, rule_id: str, text: str, path: str) -> None:
    found = _rule_ids_found(engine, text, path)
    assert rule_id not in found, f"{rule_id} reported its own negative example {text!r}"


def test_rule_ids_are_unique() -> None:
    counts = Counter(rule.id for rule in RULES)
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


def test_there_are_builtin_rules_from_every_file() -> None:
    files = sorted(f"rules/{path.name}" for path in RULE_FILES.glob("*.yaml"))
    assert len(files) >= 10  # the folder was found (ai, cloud, devtools, generic, payments...)
    # Every file is loaded and gives rules, and no rule comes from anywhere else.
    assert sorted({rule.origin for rule in RULES}) == files


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata(rule: Rule) -> None:
    assert rule.examples.positive, f"{rule.id} ({rule.origin}) has no positive example"
    assert rule.severity in get_args(Severity)
    assert rule.exposure in get_args(Exposure)
    assert rule.title.strip()
    assert rule.provider.strip()
    assert rule.playbook.strip()
    assert all(k == k.lower() for k in rule.keywords), f"{rule.id}: keywords must be lower-case"
