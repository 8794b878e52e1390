"""Which project files discovery reads as text: a stray NUL does not make a source file binary."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover import discover


def test_a_source_file_with_one_nul_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = b'const pad = /ab\x00cd/;\nconst model = process.env.MODEL_NAME || "small";\n'
    (tmp_path / "src" / "interpreter.ts").write_bytes(source)
    found = {v.name: v for v in discover(tmp_path).variables}
    assert "MODEL_NAME" in found
    assert found["MODEL_NAME"].default == "small"


def test_a_binary_file_with_a_source_name_is_named_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "logo.ts").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = discover(tmp_path)
    assert result.variables == []
    assert result.skipped == ["src/logo.ts: binary content, not read"]
