"""Fuzzing the rule loaders: gitleaks TOML configs (rules, allowlists, `[extend]`) and secretguard YAML rule
files, near-valid and junk. A user's file only ever yields rules and problems (lenient) or RuleError
(strict), and no pattern (an allowlist regex can be a secret) is quoted in either."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.errors import RuleError
from secretguard.scan.rules import Rule, load_gitleaks_toml, load_yaml_rules
from tests.fuzz._harness import (
    CANARY,
    NASTY,
    assert_quiet,
    counted,
    deep_nesting,
    junk_text,
    merge_chain,
    merge_chains,
    scratch,
    toml_document,
)

plain: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**66), max_value=2**66),
        st.floats(allow_nan=False),
        st.text(max_size=8),
        NASTY.filter(lambda s: len(s) < 100),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=5,
)
# Patterns hold the canary: valid ones, and ones RE2 rejects (its messages quote the offending part).
patterns = st.one_of(
    st.sampled_from(
        ["", "(", ")", "[", "*", "(?P<", "\\", "a{2,1}", "(?<!x)", "\\C", "x{1001}", "(?i)", "\\z", "(a)(b)"]
    ).map(lambda p: p + CANARY),
    st.sampled_from([CANARY, f"({CANARY})", f"key=([a-z]+){CANARY}"]),
)
ids = st.one_of(st.sampled_from(["aws", "my rule", "Generic-Key", "", "a.b"]), plain)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, plain)


allow_tables = st.fixed_dictionaries(
    {},
    optional={
        "regexes": maybe(st.lists(patterns, max_size=3)),
        "paths": maybe(st.lists(patterns, max_size=2)),
        "stopwords": maybe(st.lists(st.text(max_size=6), max_size=2)),
        "description": st.text(max_size=5),
        "condition": st.sampled_from(["OR", "AND"]),
    },
)
gitleaks_rules = st.fixed_dictionaries(
    {},
    optional={
        "id": ids,
        "description": maybe(st.text(max_size=10)),
        "regex": maybe(patterns),
        "secretGroup": maybe(st.integers(min_value=-1, max_value=5)),
        "entropy": maybe(st.floats(min_value=0, max_value=8)),
        "keywords": maybe(st.lists(st.text(max_size=5), max_size=3)),
        "path": maybe(patterns),
        "tags": plain,
        "allowlist": maybe(allow_tables),
        "allowlists": maybe(st.lists(allow_tables, max_size=2)),
    },
)
gitleaks_docs = st.fixed_dictionaries(
    {},
    optional={
        "title": plain,
        "rules": maybe(st.lists(gitleaks_rules, max_size=4)),
        "allowlist": maybe(allow_tables),
        "allowlists": maybe(st.lists(allow_tables, max_size=2)),
        "extend": maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "path": maybe(
                        st.sampled_from(["base.toml", "gitleaks.toml", "missing.toml", "", "/dev/null"])
                    ),
                    "disabledRules": maybe(st.lists(ids, max_size=2)),
                    "useDefault": plain,
                },
            )
        ),
    },
)


def _rules_toml(doc: dict[str, Any]) -> str:
    """gitleaks' layout: `[[rules]]` tables (a list of tables in our TOML writer is an inline array)."""
    rules = doc.get("rules")
    if not isinstance(rules, list) or not all(isinstance(rule, dict) for rule in rules):
        return toml_document(doc)
    head = toml_document({k: v for k, v in doc.items() if k != "rules"})
    return head + "".join("[[rules]]\n" + toml_document(rule).replace("\n[", "\n[rules.") for rule in rules)


gitleaks_texts = st.one_of(
    gitleaks_docs.map(_rules_toml),
    gitleaks_docs.map(toml_document),
    junk_text(120),
    st.integers(min_value=1, max_value=3000).map(lambda n: "rules = " + deep_nesting("[", "]", n)),
)


def _assert_quiet(messages: list[str]) -> None:
    for message in messages:
        assert CANARY not in message


@given(text=gitleaks_texts, base=st.one_of(gitleaks_texts, st.binary(max_size=20)), strict=st.booleans())
# Found by fuzzing: each of these raised TypeError, AttributeError or RecursionError.
@example(text="[allowlist]\nregexes = false\n", base="", strict=False)
@example(text="[allowlist]\nstopwords = 1\n", base="", strict=False)
@example(text="rules = false\n", base="", strict=False)
@example(text="[[rules]]\nregex = 1\n", base="", strict=False)
@example(text='[[rules]]\nregex = "a"\n[rules.allowlist]\npaths = [1]\n', base="", strict=False)
@example(text="[extend]\ndisabledRules = 2\n", base="", strict=False)
@example(text='[extend]\npath = "a\\u0000b"\n', base="", strict=False)
@example(text="a = " + "9" * 5000 + "\n", base="", strict=True)
@example(text="rules = " + deep_nesting("[", "]", 5000), base="", strict=True)
@counted
def test_gitleaks_toml(text: str, base: str | bytes, strict: bool) -> None:
    folder = scratch() / "gitleaks"
    folder.mkdir(exist_ok=True)
    (folder / "base.toml").write_bytes(
        base if isinstance(base, bytes) else base.encode("utf-8", "surrogatepass")
    )
    path = folder / "gitleaks.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    problems: list[str] | None = None if strict else []
    try:
        config = load_gitleaks_toml(path, problems)
    except RuleError as exc:
        assert strict
        assert_quiet(exc)
        return
    _assert_quiet(problems or [])
    assert all(isinstance(rule, Rule) for rule in config.rules)
    assert all(
        isinstance(p, str) for p in (*config.allow_regexes, *config.allow_paths, *config.allow_stopwords)
    )


yaml_rules = st.fixed_dictionaries(
    {},
    optional={
        "id": ids,
        "title": maybe(st.text(max_size=5)),
        "provider": maybe(st.just("custom")),
        "severity": maybe(st.sampled_from(["critical", "high", "low"])),
        "regex": maybe(patterns),
        "prefilter": maybe(patterns),
        "paths": maybe(st.lists(patterns, max_size=2)),
        "allowlist": maybe(allow_tables),
        "secret_group": maybe(st.one_of(st.integers(-1, 4), st.lists(st.integers(-1, 4), max_size=2))),
        "name_group": maybe(st.integers(-1, 4)),
        "judge": maybe(st.sampled_from(["assignment", "entropy", "value"])),
        "keywords": maybe(st.lists(st.text(max_size=4), max_size=2)),
        "examples": plain,
    },
)
yaml_texts = st.one_of(
    merge_chains.map(lambda chain: chain + "rules: []\n"),  # "billion laughs" through merge keys
    st.fixed_dictionaries({"rules": maybe(st.lists(maybe(yaml_rules), max_size=3))}).map(yaml.safe_dump),
    plain.map(yaml.safe_dump),
    junk_text(120),
    st.sampled_from(["rules: [", "rules: {", "rules:\n  - &a {id: x}\n  - *b", "!!binary x"]),
    st.integers(min_value=1, max_value=3000).map(lambda n: "rules: " + deep_nesting("[", "]", n)),
    st.integers(min_value=1, max_value=3000).map(lambda n: "rules:\n- " + deep_nesting("{a: ", "}", n)),
)


@given(text=yaml_texts, raw=st.one_of(st.none(), st.binary(max_size=30)), strict=st.booleans())
# Found by the merge-chain strategy: 8^11 merged entries, the loader busy for hours (now refused).
@example(text=merge_chain(12, 8) + "rules: []\n", raw=None, strict=False)
# Found by fuzzing: RecursionError, and ValueError (an integer past Python's digit limit, a bad date).
@example(text="rules: " + deep_nesting("[", "]", 5000), raw=None, strict=False)
@example(text="9" * 5000, raw=None, strict=False)
@example(text="rules: [2001-13-01]", raw=None, strict=True)
@counted
def test_yaml_rules(text: str, raw: bytes | None, strict: bool) -> None:
    path = scratch() / "rules.yaml"
    path.write_bytes(raw if raw is not None else text.encode("utf-8", "surrogatepass"))
    problems: list[str] | None = None if strict else []
    try:
        rules = load_yaml_rules(path, problems)
    except RuleError as exc:
        assert strict
        assert_quiet(exc)
        return
    _assert_quiet(problems or [])
    assert all(isinstance(rule, Rule) for rule in rules)


def test_gitleaks_values_of_the_wrong_type_are_problems() -> None:
    path = scratch() / "wrong-types.toml"
    path.write_text(
        '[allowlist]\nregexes = false\nstopwords = "abc"\n[extend]\ndisabledRules = 2\n'
        '[[rules]]\nid = "one"\nregex = 1\n[[rules]]\nid = "two"\nregex = "k=([a-z]+)"\n',
        encoding="utf-8",
    )
    problems: list[str] = []
    config = load_gitleaks_toml(path, problems)
    assert [rule.id for rule in config.rules] == ["custom.two"]
    assert config.allow_regexes == config.allow_stopwords == ()
    assert len(problems) == 4
    assert any("[allowlist] regexes: expected an array of strings" in p for p in problems)
    assert any("rule one: regex is not a string" in p for p in problems)


def test_merge_key_bomb_is_a_problem_not_a_hang() -> None:
    path = scratch() / "bomb-rules.yaml"
    path.write_text(merge_chain(12, 8) + "rules: []\n", encoding="utf-8")
    problems: list[str] = []
    assert load_yaml_rules(path, problems) == []
    assert len(problems) == 1
    assert "merge keys expand to too many entries" in problems[0]
