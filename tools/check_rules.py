"""Check rule files while writing them, with the scanner's own loader and engine.

Usage: python tools/check_rules.py [rules/cloud.yaml ...]   (no argument: every rules/*.yaml)

Checks what the scanner and tests/scan/test_rule_examples.py check, file by file, with a short report:
- the schema: every field of the Rule model (secretguard/scan/rules.py), unknown keys refused, RE2 compile;
- Hyperscan compile (a rule Hyperscan refuses is skipped at scan time);
- ids unique across the files given;
- each positive example is reported by its rule and no negative example is, through the full engine (every
  built-in rule, the files' rules replacing theirs, with filters, judges and overlap resolution).
Exit 1 when a rule has a problem.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.matcher import hyperscan_refusals
from secretguard.scan.rules import Rule, builtin_rules, load_yaml_rules, merge

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def example_problems(engine: Engine, rule: Rule) -> list[str]:
    """Examples the engine gets wrong for this rule (positive not reported, negative reported)."""
    path = rule.example_path or "example.txt"
    problems = []
    for kind, texts, wanted in (
        ("positive", rule.examples.positive, True),
        ("negative", rule.examples.negative, False),
    ):
        for text in texts:
            found = {f.rule_id for f in engine.scan(Chunk(text.encode(), path))}
            if (rule.id in found) != wanted:
                problems.append(f"{kind} example {'not reported' if wanted else 'reported'}: {text[:80]!r}")
    return problems


def check(paths: list[Path]) -> tuple[int, list[str]]:
    """(number of rules, one line per rule or file with a problem)."""
    lines: list[str] = []
    loaded: list[Rule] = []
    for path in paths:
        # The schema and RE2, by the scanner's own loader; each problem names the file and the rule.
        loaded += load_yaml_rules(path, lines)
    lines += [
        f"{rule_id}: defined {n} times" for rule_id, n in Counter(r.id for r in loaded).items() if n > 1
    ]
    refused = hyperscan_refusals(loaded)
    lines += [f"{r.origin}:{r.id}: {refused[r.id]}" for r in loaded if r.id in refused]
    engine = Engine(merge(builtin_rules(), [r for r in loaded if r.id not in refused]))
    for rule in loaded:
        if rule.id not in refused:
            lines += [f"{rule.origin}:{rule.id}: {p}" for p in example_problems(engine, rule)]
    return len(loaded), lines


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(RULES_DIR.glob("*.yaml"))
    count, problems = check(paths)
    for line in problems:
        print(line)
    print(f"{count} rules in {len(paths)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
