"""Loading rules: our YAML (strict for built-ins, lenient for user files), gitleaks TOML, merging."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from secretguard.errors import RuleError
from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.filters import ValueAllowlist
from secretguard.scan.rules import (
    Rule,
    check_unique,
    load_gitleaks_toml,
    load_yaml_rules,
    merge,
    parse_rules,
)
from tests.helpers import settle

ASSETS = Path(__file__).resolve().parents[1] / "assets"
KEY = "acme_q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta"


def _rule(**fields: object) -> Rule:
    base: dict[str, object] = {
        "id": "acme-api-key",
        "title": "ACME",
        "provider": "acme",
        "severity": "high",
        "regex": r"\b(acme_[a-z0-9]{32})\b",
    }
    return Rule.model_validate({**base, **fields})


def test_valid_custom_rule_file_loads_and_its_examples_hold() -> None:
    [rule] = load_yaml_rules(ASSETS / "rules" / "acme.yaml")
    assert rule.id == "acme-api-key"
    assert rule.origin.endswith("acme.yaml")
    engine = Engine([rule])
    for text in rule.examples.positive:
        assert [f.rule_id for f in engine.scan(Chunk(text.encode(), "x.env"))] == ["acme-api-key"]
    for text in rule.examples.negative:
        assert engine.scan(Chunk(text.encode(), "x.env")) == []


def test_rule_stopwords_suppress() -> None:
    [rule] = load_yaml_rules(ASSETS / "rules" / "acme.yaml")
    engine = Engine([rule])
    kept, dropped = (
        "acme_" + "q8z3lmw0pxc7rv2nk5hs9jd4" + "fb6gy1ta",
        "acme_" + "testonly" + "q8z3lmw0pxc7rv2nk5hs9jd4",
    )
    assert len(kept) == len(dropped) == len(KEY)
    assert len(engine.scan(Chunk(f"k = {kept}".encode(), "x.env"))) == 1
    assert engine.scan(Chunk(f"k = {dropped}".encode(), "x.env")) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.yaml", "is not valid YAML"),
        ("bad-regex.yaml", "rule acme-bad-regex: .*invalid regex"),
        ("missing-field.yaml", "rule acme-no-title: title: Field required"),
        ("does-not-exist.yaml", "cannot read rule file"),
    ],
)
def test_bad_rule_files_name_the_file_and_rule(name: str, expected: str) -> None:
    path = ASSETS / "rules" / name
    with pytest.raises(RuleError, match=expected) as info:
        load_yaml_rules(path)
    assert name in info.value.message
    problems: list[str] = []
    assert load_yaml_rules(path, problems) == []
    assert len(problems) == 1
    assert name in problems[0]
    assert re.search(expected, problems[0])


def test_lenient_parse_keeps_the_good_rules() -> None:
    good = {"id": "acme-ok", "title": "t", "provider": "acme", "severity": "low", "regex": "acme_[a-z]{8}"}
    bad = {"id": "acme-bad", "title": "t", "provider": "acme", "severity": "urgent", "regex": "x"}
    problems: list[str] = []
    rules = parse_rules({"rules": [good, bad, "not a mapping"]}, "custom.yaml", problems)
    assert [r.id for r in rules] == ["acme-ok"]
    assert len(problems) == 2
    assert "rule acme-bad: severity" in problems[0]
    assert "rule #3 is not a mapping" in problems[1]
    with pytest.raises(RuleError, match=r"custom\.yaml: rule acme-bad"):
        parse_rules({"rules": [good, bad]}, "custom.yaml")
    with pytest.raises(RuleError, match="expected a mapping with a 'rules:' list"):
        parse_rules(["not", "a", "mapping"], "custom.yaml")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "Bad Id"}, "id"),
        ({"severity": "urgent"}, "severity"),
        ({"exposure": "public"}, "exposure"),
        ({"regex": "(unclosed"}, "invalid regex"),
        ({"secret_group": 3}, "exceeds"),
        ({"judge": "assignment"}, "name_group"),
        ({"unknown_field": 1}, "unknown_field"),
        ({"allowlist": {"regexes": ["(bad"]}}, "invalid regex"),
    ],
)
def test_rule_validation(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _rule(**fields)


def test_keywords_are_lowered_and_groups_default() -> None:
    rule = _rule(keywords=["ACME_", ""])
    assert rule.keywords == ("acme_",)
    assert rule.groups == (1,)
    assert _rule(regex=r"acme_[a-z0-9]{32}").groups == (0,)
    assert _rule(secret_group=[1, 2], regex=r"(a)|(b)").groups == (1, 2)


def test_check_unique_and_merge() -> None:
    first, second = _rule(), _rule(title="replaced")
    with pytest.raises(RuleError, match="defined twice"):
        check_unique([first, second])
    merged = merge([first, _rule(id="other")], [second])
    assert [(r.id, r.title) for r in merged] == [("acme-api-key", "replaced"), ("other", "ACME")]


def test_gitleaks_config_is_translated() -> None:
    config = load_gitleaks_toml(ASSETS / "gitleaks" / "valid.toml")
    [rule] = config.rules
    assert rule.id == "custom.acme-token"
    assert rule.title == "ACME deploy token"
    assert rule.keywords == ("acmetok_",)
    assert rule.groups == (1,)
    assert config.allow_paths == ("(^|/)fixtures/",)
    assert config.allow_regexes == ("^0000",)
    assert config.allow_stopwords == ("testonly",)
    engine = Engine(config.rules, allowlist=ValueAllowlist(config.allow_regexes, config.allow_stopwords))
    found = engine.scan(Chunk(b"DEPLOY=acmetok_q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta\n", "deploy.env"))
    assert [(f.rule_id, f.secret) for f in found] == [
        ("custom.acme-token", "q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta")
    ]
    assert engine.scan(Chunk(b"DEPLOY=acmetok_0000lmw0pxc7rv2nk5hs9jd4fb6gy1ta\n", "deploy.env")) == []
    assert engine.scan(Chunk(b"DEPLOY=acmetok_testonlypxc7rv2nk5hs9jd4fb6gy1ta\n", "deploy.env")) == []


def test_gitleaks_syntax_error_names_the_file() -> None:
    path = ASSETS / "gitleaks" / "syntax-error.toml"
    with pytest.raises(RuleError, match="not valid TOML") as info:
        load_gitleaks_toml(path)
    assert "syntax-error.toml" in info.value.message
    problems: list[str] = []
    assert load_gitleaks_toml(path, problems).rules == []
    assert "syntax-error.toml" in problems[0]


def test_gitleaks_extend_path_and_disabled_rules(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    base.write_text(
        "[[rules]]\nid = 'one'\nregex = '''one_[a-z]{8}'''\n"
        "[[rules]]\nid = 'two'\nregex = '''two_[a-z]{8}'''\n",
        encoding="utf-8",
    )
    child = tmp_path / "child.toml"
    child.write_text(
        "[extend]\npath = 'base.toml'\ndisabledRules = ['two']\n"
        "[[rules]]\nid = 'three'\nregex = '''three_[a-z]{8}'''\n",
        encoding="utf-8",
    )
    config = load_gitleaks_toml(child)
    assert sorted(r.id for r in config.rules) == ["custom.one", "custom.three"]


@pytest.mark.parametrize("loader", [load_yaml_rules, load_gitleaks_toml])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_rule_file_that_is_not_a_regular_file_is_refused_without_blocking(
    tmp_path: Path, loader: Callable[..., object], kind: str
) -> None:
    path = tmp_path / "custom.rules"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    reason = "a FIFO" if kind == "fifo" else "a character device"
    problems: list[str] = []
    settle(lambda: loader(path, problems), "loading the rule file")
    assert len(problems) == 1
    assert problems[0].endswith(f"{path}: not a regular file but {reason}")
    assert problems[0].startswith("cannot read ")
    error = settle(lambda: loader(path), "loading the rule file strictly")
    assert isinstance(error, RuleError), error
