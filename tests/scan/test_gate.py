"""The gate: repetition, the confidence floor and the baseline, in that order."""

from __future__ import annotations

from pathlib import Path

from secretguard.scan.baseline import Baseline
from secretguard.scan.finding import Finding
from secretguard.scan.gate import apply_gate, note_repetition
from secretguard.scan.suppress import locate


def _finding(
    file: str,
    secret: str = "Hf7kQ2xZ9pLm4vRt8wNc",  # noqa: S107 - a made-up test value
    confidence: str = "medium",
    reasons: tuple[str, ...] = ("credential-name", "generated-value"),
    structural: bool = False,
) -> Finding:
    return Finding(
        rule_id="generic-secret-assignment",
        title="t",
        provider="generic",
        severity="high",
        exposure="server-only",
        playbook="generic-api-key",
        file=file,
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        secret=secret,
        confidence=confidence,
        reasons=reasons,
        structural=structural,
    )


def test_a_value_shared_with_a_test_file_is_test_data_everywhere() -> None:
    in_test = _finding("test/test_client.py", confidence="low", reasons=("generated-value", "test-path"))
    in_app = _finding("lib/client.py")
    note_repetition([in_test, in_app])
    assert in_app.confidence == "low"
    assert "repeated-in-2-files" in in_app.reasons


def test_a_value_repeated_only_in_application_files_keeps_its_confidence() -> None:
    findings = [_finding(f"config/{name}.env") for name in ("dev", "staging", "prod", "ci", "local")]
    note_repetition(findings)
    assert {f.confidence for f in findings} == {"medium"}


def test_structural_findings_are_not_lowered_by_repetition() -> None:
    token = _finding("lib/a.py", confidence="high", reasons=("checksum-ok",), structural=True)
    in_test = _finding(
        "spec/a_spec.rb", confidence="high", reasons=("checksum-ok", "test-path"), structural=True
    )
    note_repetition([token, in_test])
    assert token.confidence == "high"


def test_the_floor_hides_and_counts() -> None:
    findings = [_finding("a.py", confidence="low"), _finding("b.py", secret="x9Lm2Qp7Vt4Kz8Wr3Nc6B")]
    outcome = apply_gate(findings, min_confidence="medium", suppressions=None)
    assert [f.file for f in outcome.findings] == ["b.py"]
    assert outcome.below_confidence == 1
    everything = apply_gate(findings, min_confidence="low", suppressions=None)
    assert len(everything.findings) == 2


def test_the_baseline_applies_after_the_floor(tmp_path: Path) -> None:
    accepted = _finding("b.py", secret="x9Lm2Qp7Vt4Kz8Wr3Nc6B")
    path = tmp_path / "baseline.json"
    path.write_text(Baseline.from_findings([accepted]).to_json(), encoding="utf-8")
    findings = [_finding("a.py", confidence="low"), _finding("b.py", secret="x9Lm2Qp7Vt4Kz8Wr3Nc6B")]
    outcome = apply_gate(findings, min_confidence="medium", suppressions=locate(path))
    assert (outcome.findings, outcome.below_confidence, outcome.suppressed) == ([], 1, 1)
