"""Fuzzing the baseline reader (`.secretguard-baseline.json`) and the ignore files (`.secretguardignore`,
`.gitleaksignore`): near-valid documents and lines, junk, deep nesting, bytes. Only InputError may come out;
comments and fingerprints are never quoted in it."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import HASH_SCHEME
from secretguard.scan.suppress import parse_ignore
from tests.fuzz._harness import (
    CANARY,
    NASTY,
    assert_quiet,
    counted,
    deep_nesting,
    json_values,
    junk_text,
    scratch,
)

hexes = st.text(alphabet="0123456789abcdef", min_size=0, max_size=48)
fingerprints = st.one_of(
    st.builds(lambda r, h: f"{r}:{h}", st.sampled_from(["aws-key", "x", ""]), hexes), json_values(2)
)
entries = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "fingerprint": fingerprints,
            "rule_id": st.one_of(st.sampled_from(["aws-key", "generic.x"]), json_values(2)),
            "file": st.one_of(st.sampled_from(["./a.cfg", "a.cfg", "", "././x"]), json_values(2)),
            "comment": st.one_of(st.just(CANARY), json_values(2)),
            "line": json_values(1),
        },
    ),
    json_values(3),
)
versions = st.one_of(st.sampled_from([1, 2, 2.0, True, "2", 3]), json_values(1))
schemes = st.one_of(
    st.fixed_dictionaries(
        {"scheme": st.one_of(st.just(HASH_SCHEME), json_values(1))},
        optional={"key_id": st.one_of(st.just("none"), st.just(CANARY), json_values(2))},
    ),
    json_values(2),
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "version": versions,
        "fingerprints": schemes,
        "findings": st.one_of(st.lists(entries, max_size=5), json_values(2)),
        "note": json_values(1),
    },
)
texts = st.one_of(
    documents.map(json.dumps),
    json_values().map(json.dumps),
    junk_text(100),
    st.integers(min_value=1, max_value=5000).map(
        lambda n: '{"version": 2, "findings": [' + deep_nesting("[", "]", n) + "]}"
    ),
    st.integers(min_value=1, max_value=5000).map(
        lambda n: (
            '{"version": 2, "fingerprints": {"scheme": "'
            + HASH_SCHEME
            + '", "key_id": '
            + deep_nesting("[", "]", n)
            + "}, "
            + '"findings": []}'
        )
    ),
)


@given(text=texts, raw=st.one_of(st.none(), st.binary(max_size=40)))
# Found by fuzzing: an integer past Python's digit limit raised ValueError.
@example(text='{"version": 2, "findings": [], "n": ' + "9" * 5000 + "}", raw=None)
@counted
def test_baseline_load(text: str, raw: bytes | None) -> None:
    path = scratch() / "baseline.json"
    path.write_bytes(raw if raw is not None else text.encode("utf-8", "surrogatepass"))
    try:
        baseline = Baseline.load(path)
    except InputError as exc:
        assert_quiet(exc)
        return
    for entry in baseline.entries:
        assert all(isinstance(v, str) for v in (entry.fingerprint, entry.rule_id, entry.file, entry.comment))
    # What was loaded can be written and read back.
    path.write_text(baseline.to_json(), encoding="utf-8")
    assert Baseline.load(path).entries == baseline.entries


ours = st.builds(
    lambda r, h: f"{r}:{h}", st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True), hexes
)
gitleaks = st.builds(
    lambda c, f, r, n: f"{c}{f}:{r}:{n}",
    st.one_of(st.just(""), hexes.map(lambda h: h + ":")),
    st.text(max_size=12),
    st.text(max_size=6),
    st.one_of(
        st.integers(min_value=0).map(str), NASTY, st.text(alphabet="0123456789\u00b2\u0663\uff11", max_size=8)
    ),
)
ignore_lines = st.one_of(
    ours,
    gitleaks,
    st.builds(lambda body, comment: f"{body} # {comment}", st.one_of(ours, gitleaks), st.just(CANARY)),
    st.sampled_from(["", "#", "# " + CANARY, "   ", "\t#x"]),
    junk_text(30),
)
ignore_texts = st.one_of(st.lists(ignore_lines, max_size=8).map("\n".join), junk_text(100))


@given(text=ignore_texts, name=st.sampled_from([".secretguardignore", ".gitleaksignore"]))
# Found by fuzzing: ValueError from int() on a line number str.isdigit() accepts.
@example(text="a.cfg:rule:\u00b2", name=".gitleaksignore")
@example(text="a.cfg:rule:" + "9" * 5000, name=".gitleaksignore")
@counted
def test_parse_ignore(text: str, name: str) -> None:
    try:
        entries = parse_ignore(text, name)
    except InputError as exc:
        assert_quiet(exc)
        return
    for entry in entries:
        assert (entry.fingerprint is None) != (entry.file is None)
        assert entry.line >= 0
        assert entry.source.startswith(name + ":")


# Regressions found by fuzzing, as plain tests.


def test_ignore_line_numbers_are_ascii_digits() -> None:
    """`²` is a digit to str.isdigit() but not to int(): the line raised ValueError instead of InputError."""
    for text in ("a.cfg:rule:\u00b2", "a.cfg:rule:" + "9" * 5000):
        with pytest.raises(InputError, match="not a fingerprint"):
            parse_ignore(text, ".gitleaksignore")
    assert parse_ignore("a.cfg:rule:12", ".gitleaksignore")[0].line == 12


def test_baseline_with_a_huge_integer_is_an_input_error() -> None:
    path = scratch() / "huge-int.json"
    path.write_text('{"version": 2, "findings": [], "n": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        Baseline.load(path)
