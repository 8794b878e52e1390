"""Suppressions: the ignore files' syntax, which baseline is in force, and our own files never reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secretguard.errors import InputError
from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import Finding
from secretguard.scan.suppress import (
    BASELINE_NAME,
    GITLEAKS_IGNORE_NAME,
    IGNORE_NAME,
    IgnoreEntry,
    Suppressions,
    locate,
    own_path,
    parse_ignore,
)

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _finding(
    file: str = "config/app.env",
    line: int = 3,
    secret: str = "Hf7kQ2xZ9pLm4vRt8wNc",  # noqa: S107 - a made-up test value
    rule_id: str = "generic-secret-assignment",
    commit: str | None = None,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        title="t",
        provider="generic",
        severity="high",
        exposure="server-only",
        playbook="generic-api-key",
        file=file,
        line=line,
        column=1,
        end_line=line,
        end_column=2,
        secret=secret,
        extra={"commit": commit} if commit is not None else {},
    )


# parse_ignore


def test_our_fingerprints_with_comments_and_blank_lines() -> None:
    ours = _finding().fingerprint
    text = (
        f"# accepted findings\n\n   \n{ours}  # rotated in March, kept for the replay tests\n  # indented\n"
    )
    entries = parse_ignore(text, IGNORE_NAME)
    assert entries == [
        IgnoreEntry(
            f"{IGNORE_NAME}:4", fingerprint=ours, comment="rotated in March, kept for the replay tests"
        )
    ]
    assert entries[0].matches(_finding())
    assert entries[0].matches(_finding(file="elsewhere.py", line=99))  # ours: the value, wherever it is
    assert not entries[0].matches(_finding(secret="another-value-entirely-00"))


def test_an_empty_or_comment_only_file_accepts_nothing() -> None:
    assert parse_ignore("", IGNORE_NAME) == []
    assert parse_ignore("# nothing yet\n\n#\n", GITLEAKS_IGNORE_NAME) == []


def test_gitleaks_line_without_a_commit_matches_file_and_line() -> None:
    [entry] = parse_ignore("config/app.env:generic-api-key:3\n", GITLEAKS_IGNORE_NAME)
    assert (entry.file, entry.line, entry.commit, entry.fingerprint) == ("config/app.env", 3, None, None)
    assert entry.source == f"{GITLEAKS_IGNORE_NAME}:1"
    assert entry.matches(_finding())  # gitleaks' rule id is not ours: file and line decide
    assert entry.matches(_finding(file="./config/app.env"))  # `scan files .` spells it so
    assert entry.matches(_finding(commit=COMMIT))  # any commit
    assert not entry.matches(_finding(line=4))
    assert not entry.matches(_finding(file="config/other.env"))


def test_gitleaks_line_with_a_commit_matches_only_that_commit() -> None:
    [entry] = parse_ignore(f"{COMMIT}:config/app.env:aws-access-token:3  # old key\n", GITLEAKS_IGNORE_NAME)
    assert (entry.commit, entry.file, entry.line, entry.comment) == (COMMIT, "config/app.env", 3, "old key")
    assert entry.matches(_finding(commit=COMMIT))
    assert not entry.matches(_finding(commit="f" * 40))
    assert not entry.matches(_finding())  # no commit (a file scan, a staged change): not this entry


def test_gitleaks_short_commit_matches_as_a_prefix() -> None:
    [entry] = parse_ignore(f"{COMMIT[:7]}:a.cfg:rule:1\n", GITLEAKS_IGNORE_NAME)
    assert entry.matches(_finding(file="a.cfg", line=1, commit=COMMIT))


def test_gitleaks_file_path_with_a_colon() -> None:
    [plain, committed] = parse_ignore(
        f"docs/a:b/c.env:generic-api-key:7\n{COMMIT}:docs/a:b/c.env:generic-api-key:7\n", GITLEAKS_IGNORE_NAME
    )
    assert (plain.commit, plain.file, plain.line) == (None, "docs/a:b/c.env", 7)
    assert (committed.commit, committed.file, committed.line) == (COMMIT, "docs/a:b/c.env", 7)
    assert plain.matches(_finding(file="docs/a:b/c.env", line=7))
    assert committed.matches(_finding(file="docs/a:b/c.env", line=7, commit=COMMIT))


def test_a_hash_inside_a_gitleaks_file_name_is_not_a_comment() -> None:
    [entry] = parse_ignore("notes/#draft#.env:generic-api-key:4\t# kept\n", GITLEAKS_IGNORE_NAME)
    assert (entry.file, entry.line, entry.comment) == ("notes/#draft#.env", 4, "kept")


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path: Path) -> None:
    ours = _finding().fingerprint
    (tmp_path / IGNORE_NAME).write_bytes(f"\ufeff{ours}  # saved by a Windows editor\n".encode())
    [entry] = locate(None).ignored
    assert entry.fingerprint == ours


@pytest.mark.parametrize(
    "bad",
    [
        "not a fingerprint",
        "config/app.env:3",  # no rule
        "config/app.env:rule:three",  # no line number
        "generic-api-key:ABCDEF",  # neither ours (24 lower-case hex digits) nor gitleaks'
        ":rule:3",  # no file
        f"{_finding().fingerprint}# no blank before the comment",
    ],
)
def test_a_bad_line_is_an_error_naming_the_file_and_line(bad: str) -> None:
    text = f"# header\n{_finding().fingerprint}\n{bad}  # a comment\n"
    with pytest.raises(InputError) as caught:
        parse_ignore(text, IGNORE_NAME)
    assert f"{IGNORE_NAME}:3" in caught.value.message
    assert caught.value.hint


# locate


def _write_baseline(path: Path, *findings: Finding) -> None:
    path.write_text(Baseline.from_findings(findings).to_json(), encoding="utf-8")


def test_locate_without_any_file_suppresses_nothing(tmp_path: Path) -> None:
    found = locate(None)
    assert (found.baseline, found.baseline_path, found.ignored) == (None, None, [])
    assert found.split([_finding()]) == ([_finding()], 0)


def test_locate_uses_the_default_baseline_in_the_working_folder(tmp_path: Path) -> None:
    accepted = _finding(file="./config/app.env")
    _write_baseline(tmp_path / BASELINE_NAME, accepted)
    found = locate(None)
    assert found.baseline is not None
    assert found.baseline_path == BASELINE_NAME
    new = _finding(secret="a-new-value-not-accepted-1")
    assert found.split([_finding(file="config/app.env"), new]) == ([new], 1)


def test_locate_reads_both_ignore_files(tmp_path: Path) -> None:
    ours = _finding(file="x.env", secret="value-in-our-ignore-file-77")
    theirs = _finding(file="y.env", line=2, secret="value-in-gitleaks-ignore-88")
    (tmp_path / IGNORE_NAME).write_text(f"{ours.fingerprint}  # why\n")
    (tmp_path / GITLEAKS_IGNORE_NAME).write_text("y.env:generic-api-key:2\n")
    found = locate(None)
    assert [e.source for e in found.ignored] == [f"{IGNORE_NAME}:1", f"{GITLEAKS_IGNORE_NAME}:1"]
    left = _finding(file="z.env")
    assert found.split([ours, theirs, left]) == ([left], 2)


def test_locate_reports_a_bad_ignore_file(tmp_path: Path) -> None:
    (tmp_path / GITLEAKS_IGNORE_NAME).write_text("\n\nnonsense\n")
    with pytest.raises(InputError, match=rf"{GITLEAKS_IGNORE_NAME}:3"):
        locate(None)


def test_an_explicit_baseline_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        locate(tmp_path / "missing.json")
    with pytest.raises(InputError, match="does not exist"):
        locate("missing.json")


def test_an_explicit_baseline_wins_over_the_default(tmp_path: Path) -> None:
    _write_baseline(tmp_path / BASELINE_NAME, _finding())
    (tmp_path / "accepted").mkdir()
    other = tmp_path / "accepted" / "mine.json"
    _write_baseline(other, _finding(secret="only-in-the-explicit-one-9"))
    found = locate(other)  # absolute: stored relative to the working folder, as findings name files
    assert found.baseline_path == "accepted/mine.json"
    assert found.split([_finding()]) == ([_finding()], 0)
    assert locate(Path("./accepted/mine.json")).baseline_path == "accepted/mine.json"


def test_a_broken_default_baseline_is_an_error(tmp_path: Path) -> None:
    (tmp_path / BASELINE_NAME).write_text("{]")
    with pytest.raises(InputError, match="not valid JSON"):
        locate(None)


# own_file


@pytest.mark.parametrize(
    "path",
    [
        f"./{BASELINE_NAME}",
        BASELINE_NAME,
        f"sub/{BASELINE_NAME}",
        f"sub/{GITLEAKS_IGNORE_NAME}",
        f"./sub/deeper/{IGNORE_NAME}",
    ],
)
def test_own_files_by_name_are_never_findings(path: str) -> None:
    own = Suppressions()
    assert own.own_file(_finding(file=path))
    assert own.split([_finding(file=path)]) == ([], 0)  # dropped, not counted as suppressed


def test_the_configured_baseline_is_an_own_file(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    configured = tmp_path / "ci" / "accepted.json"
    configured.write_text(json.dumps({"version": 1, "findings": []}))
    found = locate(Path("ci/accepted.json"))
    assert found.own_file(_finding(file="./ci/accepted.json"))
    assert found.own_file(_finding(file="ci/accepted.json"))
    assert not found.own_file(_finding(file="ci/other.json"))
    assert not found.own_file(_finding(file=f"{BASELINE_NAME}.bak"))
    assert not Suppressions().own_file(_finding(file="ci/accepted.json"))


def test_own_path_is_relative_to_the_working_folder(tmp_path: Path) -> None:
    assert own_path("./ci/accepted.json") == "ci/accepted.json"
    assert own_path(tmp_path / "ci" / "accepted.json") == "ci/accepted.json"
    assert own_path(tmp_path / "ci" / "accepted.json", tmp_path / "ci") == "accepted.json"


def test_a_version_1_fingerprint_in_an_ignore_file_still_matches() -> None:
    from secretguard.scan.finding import legacy_fingerprint

    finding = _finding()
    line = f"{legacy_fingerprint(finding.rule_id, finding.secret)}  # written before scrypt fingerprints\n"
    [entry] = parse_ignore(line, ".secretguardignore")
    assert entry.matches(finding)
