"""Settings: defaults, the sources and their precedence, and errors that name the key and the file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secretguard.errors import ConfigError, ExitCode
from secretguard.settings import (
    MAX_CONFIG_BYTES,
    Settings,
    SnapshotAllowlist,
    SnapshotSettings,
    load_settings,
    load_settings_snapshot,
    settings_canonical,
)
from tests.helpers import settle


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.max_file_size == 25 * 1024 * 1024
    assert settings.builtin_rules is True
    assert settings.all_files is False
    assert settings.archives is True
    assert settings.archive_depth == 2
    assert settings.decode_depth == 2
    assert settings.workers == 0
    assert settings.rules == []
    assert settings.baseline is None
    assert settings.allowlist.paths == settings.allowlist.regexes == settings.allowlist.stopwords == []


def test_precedence_cli_env_toml_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.secretguard]\nmax_file_size = 1\narchive_depth = 1\ndecode_depth = 1\nworkers = 1\n"
    )
    settings = load_settings()
    assert (settings.max_file_size, settings.archive_depth, settings.decode_depth, settings.workers) == (
        1,
        1,
        1,
        1,
    )
    (tmp_path / ".secretguard.toml").write_text("max_file_size = 2\narchive_depth = 2\ndecode_depth = 2\n")
    settings = load_settings()
    assert (settings.max_file_size, settings.archive_depth, settings.decode_depth, settings.workers) == (
        2,
        2,
        2,
        1,
    )
    monkeypatch.setenv("SECRETGUARD_MAX_FILE_SIZE", "3")
    monkeypatch.setenv("SECRETGUARD_ARCHIVE_DEPTH", "3")
    settings = load_settings()
    assert (settings.max_file_size, settings.archive_depth, settings.decode_depth) == (3, 3, 2)
    settings = load_settings(max_file_size=4, archive_depth=None)
    assert (settings.max_file_size, settings.archive_depth) == (4, 3)


def test_config_file_replaces_secretguard_toml(tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").write_text("max_file_size = 2\n")
    other = tmp_path / "ci" / "scan.toml"
    other.parent.mkdir()
    other.write_text("max_file_size = 5\n")
    assert load_settings(other).max_file_size == 5
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")


def test_nested_allowlist_from_toml_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".secretguard.toml").write_text("[allowlist]\npaths = ['^vendor/']\nstopwords = ['dummy']\n")
    settings = load_settings()
    assert settings.allowlist.paths == ["^vendor/"]
    monkeypatch.setenv("SECRETGUARD_ALLOWLIST__REGEXES", '["^AKIA0000"]')
    settings = load_settings()
    assert settings.allowlist.regexes == ["^AKIA0000"]
    assert settings.allowlist.stopwords == ["dummy"]


def test_unknown_secretguard_variables_are_an_error_naming_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETGUARD_CACHE_DIR", str(tmp_path / "cache"))  # not a setting, but ours
    assert load_settings().max_file_size == 25 * 1024 * 1024
    monkeypatch.setenv("SECRETGUARD_BASELNE", "b.json")
    with pytest.raises(ConfigError, match="SECRETGUARD_BASELNE"):
        load_settings()


def test_empty_secretguard_variables_count_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitLab templates declare `SECRETGUARD_BASELINE: ""` for "no baseline".
    for name in ("SECRETGUARD_BASELINE", "SECRETGUARD_MIN_CONFIDENCE", "SECRETGUARD_ALLOWLIST__PATHS"):
        monkeypatch.setenv(name, "")
    settings = load_settings()
    assert settings.baseline is None
    assert settings.min_confidence == "medium"
    assert settings.allowlist.paths == []


@pytest.mark.parametrize(
    ("where", "content", "names"),
    [
        (".secretguard.toml", "bogus = 1\n", ["bogus", ".secretguard.toml"]),
        (".secretguard.toml", "[allowlist]\nbogus = 1\n", ["allowlist.bogus"]),
        (".secretguard.toml", "max_file_size = 0\n", ["max_file_size"]),
        (".secretguard.toml", "decode_depth = 9\n", ["decode_depth"]),
        (".secretguard.toml", "workers = -1\n", ["workers"]),
        (".secretguard.toml", "rules = 'one.yaml'\n", ["rules"]),
        (".secretguard.toml", "[allowlist]\npaths = ['[z-a]']\n", ["allowlist.paths", "invalid regex"]),
        ("pyproject.toml", "[tool.secretguard]\nbogus = 1\n", ["bogus", "pyproject.toml"]),
        (".secretguard.toml", "max_file_size = \n", ["cannot read configuration"]),
    ],
)
def test_invalid_files_name_the_key(tmp_path: Path, where: str, content: str, names: list[str]) -> None:
    (tmp_path / where).write_text(content)
    with pytest.raises(ConfigError) as info:
        load_settings()
    for name in names:
        assert name in info.value.message


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRETGUARD_MAX_FILE_SIZE", "big"),
        ("SECRETGUARD_ALL_FILES", "perhaps"),
        ("SECRETGUARD_ARCHIVE_DEPTH", "-1"),
        ("SECRETGUARD_ALLOWLIST__PATHS", "not json"),
    ],
)
def test_invalid_environment_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert f"${variable}" in info.value.message


# --- hostile configuration files: refused with a ConfigError (exit 2), never read as they are -----------


def config_error(call: Callable[[], Any]) -> str:
    result = settle(call, "reading the configuration")
    assert isinstance(result, ConfigError), result
    return result.message


@pytest.mark.parametrize("name", [".secretguard.toml", "pyproject.toml", "ci.toml"])
def test_a_fifo_config_is_refused(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    message = config_error(lambda: load_settings(tmp_path / name if name == "ci.toml" else None))
    assert message == f"cannot read configuration ({tmp_path / name if name == 'ci.toml' else name}): " + (
        "not a regular file but a FIFO"
    )


def test_a_config_symlinked_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").symlink_to("/dev/zero")
    assert "not a regular file but a character device" in config_error(load_settings)


def test_a_config_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    with (tmp_path / ".secretguard.toml").open("wb") as handle:
        handle.truncate(MAX_CONFIG_BYTES + 1)  # sparse: no disk, refused by its size
    assert "larger than the size limit" in config_error(load_settings)


@pytest.mark.parametrize(
    ("where", "content"),
    [
        (".secretguard.toml", "rules = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        (".secretguard.toml", "x = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n"),
        ("pyproject.toml", "[tool.secretguard]\nrules = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ],
    ids=["arrays", "inline-tables", "pyproject"],
)
def test_deeply_nested_toml_is_a_config_error(tmp_path: Path, where: str, content: str) -> None:
    (tmp_path / where).write_text(content)
    assert config_error(load_settings) == f"cannot read configuration ({where}): nested too deeply"


def test_nesting_the_parser_accepts_is_a_validation_error(tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").write_text("rules = " + "[" * 300 + "]" * 300 + "\n")
    assert "rules" in config_error(load_settings)


def test_deeply_nested_json_in_a_variable_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETGUARD_ALLOWLIST__PATHS", "[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in config_error(load_settings)


def test_a_tool_section_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\nsecretguard = 3\n")
    assert "[tool.secretguard] is not a table" in config_error(load_settings)


@pytest.mark.parametrize("args", [["scan", "files", "."], ["scan", "git", "--staged"]])
def test_the_command_and_the_hook_exit_2_on_a_fifo_config(tmp_path: Path, args: list[str]) -> None:
    # The real entry point: `--staged` tries the hook's fast path first, which digests the config files.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.txt").write_text("nothing\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.txt"], check=True)
    os.mkfifo(tmp_path / ".secretguard.toml")
    proc = subprocess.run(
        ["secretguard", *args], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == ExitCode.USAGE, proc.stderr
    assert "not a regular file but a FIFO" in proc.stderr


# --- the snapshot: the loader's validated answer, read back without pydantic ---------------------------


def test_the_snapshot_is_what_the_loader_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".secretguard.toml").write_text("max_file_size = 7\n[allowlist]\npaths = ['^vendor/']\n")
    monkeypatch.setenv("SECRETGUARD_DECODE_DEPTH", "1")
    assert load_settings_snapshot(workers=3) is None  # never validated: nothing to read back
    settings = load_settings(workers=3, rule_files=[Path("extra.yaml")])
    assert settings.rules == [Path("extra.yaml")]
    assert load_settings_snapshot(workers=3) is None  # other inputs: another snapshot
    snapshot = load_settings_snapshot(workers=3, rule_files=[Path("extra.yaml")])
    assert snapshot is not None
    assert snapshot.values == settings.model_dump(mode="json")
    assert set(snapshot.values) == set(Settings.model_fields)
    assert snapshot.canonical == settings_canonical(settings)
    assert (snapshot.max_file_size, snapshot.decode_depth, snapshot.workers) == (7, 1, 3)
    assert snapshot.allowlist["paths"] == ["^vendor/"]


def test_the_typed_snapshot_has_the_models_attributes_and_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path hands `SnapshotSettings` to the runner in place of `Settings`: same names, same values,
    same types (paths as Path), the nested allowlist included."""
    (tmp_path / "gl.toml").write_text("")
    (tmp_path / ".secretguard.toml").write_text(
        "baseline = 'b.json'\ngitleaks_config = 'gl.toml'\ndisable_rules = ['x']\n"
        "[allowlist]\npaths = ['^vendor/']\nregexes = ['^EXAMPLE']\nstopwords = ['dummy']\n"
    )
    monkeypatch.setenv("SECRETGUARD_ARCHIVES", "false")
    settings = load_settings(rule_files=[Path("extra.yaml"), Path("/abs/other.yaml")], min_confidence="high")
    snapshot = load_settings_snapshot(
        rule_files=[Path("extra.yaml"), Path("/abs/other.yaml")], min_confidence="high"
    )
    assert snapshot is not None
    typed = snapshot.typed()
    assert typed is not None
    names = [f for f in SnapshotSettings.__dataclass_fields__ if f != "canonical"]
    assert names == list(Settings.model_fields)
    for name in names:
        ours, theirs = getattr(typed, name), getattr(settings, name)
        if name == "allowlist":
            assert vars(theirs) == {k: getattr(ours, k) for k in SnapshotAllowlist.__dataclass_fields__}
        else:
            assert (ours, type(ours)) == (theirs, type(theirs)), name
    assert [type(p) for p in typed.rules] == [type(p) for p in settings.rules]
    assert typed.canonical == settings_canonical(settings)
    assert SnapshotSettings.from_values({**snapshot.values, "new_setting": 1}) is None


@pytest.mark.parametrize(
    "change",
    [
        "config bytes",
        "pyproject bytes",
        "another --config",
        "a variable",
        "a variable that is not a setting",
        "an override",
        "a rule file",
        "the folder",
    ],
)
def test_any_change_of_an_input_is_another_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    (tmp_path / ".secretguard.toml").write_text("max_file_size = 7\n")
    (tmp_path / "pyproject.toml").write_text("[tool.secretguard]\nworkers = 2\n")
    (tmp_path / "ci.toml").write_text("max_file_size = 7\n")
    load_settings()
    assert load_settings_snapshot() is not None
    kwargs: dict[str, Any] = {}
    if change == "config bytes":
        (tmp_path / ".secretguard.toml").write_text("max_file_size = 8\n")
    elif change == "pyproject bytes":
        (tmp_path / "pyproject.toml").write_text("[tool.secretguard]\nworkers = 3\n")
    elif change == "another --config":
        kwargs["config_file"] = Path("ci.toml")  # the same bytes, from another file
    elif change == "a variable":
        monkeypatch.setenv("SECRETGUARD_ALL_FILES", "true")
    elif change == "a variable that is not a setting":
        monkeypatch.setenv("SECRETGUARD_FINGERPRINT_KEY", "k")
    elif change == "an override":
        kwargs["min_confidence"] = "low"
    elif change == "a rule file":
        kwargs["rule_files"] = [Path("r.yaml")]
    else:
        other = tmp_path / "other"
        other.mkdir()
        for name in (".secretguard.toml", "pyproject.toml"):
            (other / name).write_bytes((tmp_path / name).read_bytes())
        monkeypatch.chdir(other)
    assert load_settings_snapshot(**kwargs) is None
    assert load_settings_snapshot(**kwargs) is None  # still: only load_settings stores one
    load_settings(**kwargs)
    assert load_settings_snapshot(**kwargs) is not None


def test_an_unreadable_config_has_no_snapshot(tmp_path: Path) -> None:
    load_settings()
    os.mkfifo(tmp_path / ".secretguard.toml")
    assert load_settings_snapshot() is None  # declines; load_settings reports it
    assert "FIFO" in config_error(load_settings)


def test_the_snapshot_path_imports_no_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from secretguard.settings import load_settings, load_settings_snapshot\n"
        "assert load_settings_snapshot() is None and 'pydantic' not in sys.modules\n"
        "load_settings()\n"
        "for name in [m for m in sys.modules if m.startswith(('pydantic', 'secretguard.settings_model'))]:\n"
        "    del sys.modules[name]\n"
        "snapshot = load_settings_snapshot()\n"
        "assert snapshot is not None and snapshot.max_file_size == 25 * 1024 * 1024\n"
        "assert 'pydantic' not in sys.modules and 'pydantic_settings' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
