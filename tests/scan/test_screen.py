"""The rule screen (scan/screen.py) may only call clean what the engine finds nothing in.

The fast path's correctness rests on one claim: every finding starts as a hit of the matcher's screen
databases. Checked on every built-in rule's positive examples (under their own file names, so path-bound
rules apply), as they are and encoded the ways the engine decodes, and on the planted secrets."""

from __future__ import annotations

import base64
import urllib.parse
from pathlib import Path

import hyperscan
import pytest

from secretguard.scan.chunk import Chunk
from secretguard.scan.engine import Engine
from secretguard.scan.rules import Rule
from secretguard.scan.screen import Screen, load_screen, store_screen
from secretguard.settings import load_settings, load_settings_snapshot
from tests.helpers import Planted


@pytest.fixture(scope="module")
def screen(engine: Engine) -> Screen:
    return Screen([(db, hyperscan.Scratch(db)) for db in engine.matcher.screen_databases()])


def _forms(text: str) -> list[str]:
    """The text, and the text inside a base64 blob and a percent-encoded query (decoded by the engine)."""
    raw = text.encode()
    return [
        text,
        f"blob = {base64.b64encode(raw).decode()}\n",
        f"url = https://example.com/cb?state={urllib.parse.quote(text, safe='')}\n",
    ]


def test_every_finding_of_every_rule_example_starts_as_a_screen_hit(
    engine: Engine, rules: list[Rule], screen: Screen
) -> None:
    checked = 0
    for rule in rules:
        for text in rule.examples.positive:
            for form in _forms(text):
                chunk = Chunk(form.encode(), rule.example_path or "example.txt")
                if engine.scan(chunk):
                    checked += 1
                    assert screen.hits(chunk.data), (rule.id, form[:60])
                    assert engine.could_find(chunk.data), (rule.id, form[:60])
    assert checked > len(rules)  # the examples and most of their encodings are findings


def test_every_planted_secret_is_a_screen_hit(engine: Engine, planted: list[Planted], screen: Screen) -> None:
    for item in planted:
        for path in (f"config/{item.rule_id}.cfg", ".env", "app.py"):
            chunk = Chunk(item.text.encode(), path)
            if engine.scan(chunk):
                assert screen.hits(chunk.data), (item.rule_id, path)


def test_clean_code_is_no_hit(engine: Engine, screen: Screen) -> None:
    assert not screen.hits(b"def add(a, b):\n    return a + b\n")
    assert not screen.hits(b"")
    assert not engine.could_find(b"Fix the parser on empty lines\n\nCloses #12\n")
    assert not engine.could_find(b"")


def test_stored_under_the_settings_and_the_rule_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    snapshot = load_settings_snapshot()
    assert snapshot is not None
    store_screen(engine, settings)
    assert load_screen(snapshot) is not None
    (tmp_path / "r.yaml").write_text("rules: []\n")
    settings = load_settings(rule_files=[Path("r.yaml")])
    snapshot = load_settings_snapshot(rule_files=[Path("r.yaml")])
    assert snapshot is not None
    assert load_screen(snapshot) is None  # other settings: no screen yet
    store_screen(engine, settings)
    assert load_screen(snapshot) is not None
    (tmp_path / "r.yaml").write_text("rules: []\n# edited\n")
    assert load_screen(snapshot) is None  # the same settings, another rule file
    (tmp_path / "r.yaml").unlink()
    assert load_screen(snapshot) is None  # a rule file that cannot be read: never screened


def test_the_screen_at_a_path_leaves_out_only_what_cannot_apply_there(
    engine: Engine, rules: list[Rule]
) -> None:
    """`could_find(data, path)` skips the path-bound pass where none of its rules applies: it must still
    say yes wherever the engine finds something at that path, for every example under several paths."""
    bound = [r for r in rules if r.id in {c.rule.id for c in engine.matcher._path_bound}]
    assert bound
    paths = ("app.py", "settings.env", ".env", "config.ini", "README.md", "<commit message>", ".edgerc")
    skipped = 0
    for rule in rules:
        for text in rule.examples.positive:
            for path in (*paths, rule.example_path or "example.txt"):
                chunk = Chunk(text.encode(), path)
                found = bool(engine.scan(chunk))
                if found:
                    assert engine.could_find(chunk.data, path), (rule.id, path)
                elif engine.could_find(chunk.data) and not engine.could_find(chunk.data, path):
                    skipped += 1
    assert skipped  # some inputs only a path-bound rule matches are screened out where it cannot apply
