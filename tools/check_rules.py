"""Quick standalone rule checker used while writing rules (the test suite runs the real engine).

Usage: python tools/check_rules.py rules/cloud.yaml [more.yaml ...]
Checks: schema keys, RE2 and Hyperscan compile, every positive example matches, no negative does.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

import hyperscan
import re2
import yaml

REQUIRED = {"id", "title", "provider", "severity", "exposure", "playbook", "keywords", "regex", "examples"}
OPTIONAL = {
    "secret_group", "entropy", "min_length", "max_length", "validator", "allowlist", "paths", "multiline",
    "confidence", "skip_minified", "needs_credential_context", "pairs_with", "example_path", "prefilter",
    "weak_words",
}  # fmt: skip


def entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values()) if s else 0.0


def secrets_in(rule: dict, text: str) -> list[str]:
    rx = re2.compile(rule["regex"])
    group = rule.get("secret_group", 1 if rx.groups else 0)
    groups = group if isinstance(group, list) else [group]
    out = []
    for m in rx.finditer(text):
        s = next((m.group(g) for g in groups if m.group(g)), "")
        if not s:
            continue
        if rule.get("entropy") and entropy(s) < rule["entropy"]:
            continue
        if rule.get("min_length") and len(s) < rule["min_length"]:
            continue
        if rule.get("max_length") and len(s) > rule["max_length"]:
            continue
        low = text.lower()
        if not any(k in low for k in rule["keywords"]):
            continue
        al = rule.get("allowlist") or {}
        if any(w.lower() in s.lower() for w in al.get("stopwords", [])):
            continue
        if any(re2.search(r, s) for r in al.get("regexes", [])):
            continue
        out.append(s)
    return out


def main() -> int:
    bad = 0
    ids: set[str] = set()
    for name in sys.argv[1:]:
        data = yaml.safe_load(Path(name).read_text())
        for rule in data["rules"]:
            rid = rule.get("id", "?")
            problems = []
            missing = REQUIRED - rule.keys()
            extra = rule.keys() - REQUIRED - OPTIONAL
            if missing:
                problems.append(f"missing {sorted(missing)}")
            if extra:
                problems.append(f"unknown {sorted(extra)}")
            if rid in ids:
                problems.append("duplicate id")
            ids.add(rid)
            try:
                db = hyperscan.Database()
                db.compile(expressions=[rule["regex"].encode()], ids=[0], elements=1, flags=[0])
            except Exception as exc:  # noqa: BLE001
                problems.append(f"hyperscan: {exc}")
            if any(k != k.lower() for k in rule.get("keywords", [])):
                problems.append("keywords must be lower-case")
            ex = rule.get("examples") or {}
            for p in ex.get("positive", []):
                if not secrets_in(rule, p):
                    problems.append(f"positive not found: {p[:80]!r}")
            for n in ex.get("negative", []):
                if secrets_in(rule, n):
                    problems.append(f"negative matched: {n[:80]!r}")
            if problems:
                bad += 1
                print(f"{name}:{rid}: " + "; ".join(problems))
    print(f"{len(ids)} rules, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
