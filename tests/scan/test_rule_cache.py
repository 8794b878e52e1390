"""The cache of validated built-in rules: stored plain, read back as records without pydantic, and an engine
built from the records finds exactly what one built from the validated models finds."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from secretguard.scan import rule_cache, rules
from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.rules import Rule, builtin_rules
from tests.helpers import Planted


def _attributes(rule: Any) -> dict[str, Any]:
    """Every field of `Rule` as the engine reads it (nested models by their fields), and `groups`."""
    values: dict[str, Any] = {}
    for name in Rule.model_fields:
        value = getattr(rule, name)
        values[name] = vars(value) if name in ("allowlist", "examples") else value
    values["groups"] = rule.groups
    return values


def _models_as_dicts(models: list[Rule]) -> list[dict[str, Any]]:
    out = []
    for model in models:
        values = _attributes(model)
        values["allowlist"] = model.allowlist.model_dump()
        values["examples"] = model.examples.model_dump()
        out.append(values)
    return out


def test_records_have_every_attribute_of_the_models(cache_dir: Path) -> None:
    models = builtin_rules()
    records = rule_cache.builtin_rules_cached()
    assert [type(r).__name__ for r in records] == ["RuleRecord"] * len(models)
    assert [_attributes(r) for r in records] == _models_as_dicts(models)


def test_a_second_load_reads_the_cache_without_validating(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rule_cache.builtin_rules_cached()
    assert len(list(cache_dir.glob(f"rules-{rule_cache.builtin_key()}.pickle"))) == 1

    def refuse() -> list[Rule]:
        raise AssertionError("the rules were validated again")

    monkeypatch.setattr(rules, "builtin_rules", refuse)
    assert rule_cache.builtin_rules_cached() == first


@pytest.mark.parametrize("content", [b"not a pickle", b"\x80\x05N.", b"\x80\x05]\x94."])
def test_a_corrupt_or_foreign_cache_falls_back(cache_dir: Path, content: bytes) -> None:
    path = cache_dir / f"rules-{rule_cache.builtin_key()}.pickle"
    path.write_bytes(content)
    assert [_attributes(r) for r in rule_cache.builtin_rules_cached()] == _models_as_dicts(builtin_rules())


def test_the_key_follows_the_rule_files_and_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rule_cache._BUILTIN, folder)
    model = tmp_path / "rules.py"
    shutil.copy(rule_cache._MODEL_SOURCE, model)
    monkeypatch.setattr(rule_cache, "_BUILTIN", folder)
    monkeypatch.setattr(rule_cache, "_MODEL_SOURCE", model)
    keys = {rule_cache.builtin_key()}
    first = sorted(folder.glob("*.yaml"))[0]
    first.write_bytes(first.read_bytes() + b"\n# edited\n")
    keys.add(rule_cache.builtin_key())
    model.write_text(model.read_text() + "\n# a new validator\n")
    keys.add(rule_cache.builtin_key())
    assert len(keys) == 3


def _texts(models: list[Rule], planted: list[Planted]) -> list[tuple[str, str]]:
    texts = [(item.text, f"config/{item.rule_id}.cfg") for item in planted]
    for rule in models:
        for text in (*rule.examples.positive, *rule.examples.negative):
            texts.append((text, rule.example_path or "example.txt"))
    return texts


@pytest.mark.parametrize("min_confidence", ["low", "medium"])
def test_an_engine_from_the_records_finds_what_one_from_the_models_finds(
    cache_dir: Path, planted: list[Planted], min_confidence: str
) -> None:
    models = builtin_rules()
    from_models = Engine(models, min_confidence=min_confidence)
    from_records = Engine(rule_cache.builtin_rules_cached(), min_confidence=min_confidence)
    found = 0
    for text, path in _texts(models, planted):
        expected = [asdict(f) for f in from_models.scan(Chunk(text.encode(), path))]
        assert [asdict(f) for f in from_records.scan(Chunk(text.encode(), path))] == expected, (path, text)
        found += len(expected)
    assert found > len(planted)  # the comparison saw findings, not only silence
