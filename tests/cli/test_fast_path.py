"""`scan files` on a few files through the fast path: the full path's answer, or no answer at all; and the
option tables that both paths read the command line from."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest

from secretguard.cli import argv
from secretguard.cli.fast import SMALL_FILES, try_fast
from secretguard.cli.option_table import COMMAND_OPTIONS
from tests.conftest import CliRunner
from tests.fastrun import EntryRunner
from tests.helpers import Planted, aws_key_id, planted_secrets
from tests.scan.sources.gitfixtures import Git

USER_RULE = (
    "rules:\n  - id: internal-token\n    title: Internal token\n    provider: internal\n"
    "    severity: high\n    regex: 'itok_[a-z0-9]{24}'\n    keywords: [itok_]\n"
)
TOKEN_LINE = 'ref = "itok_k3j5h2g7f9d1s4a6p8o0i2u4"\n'  # no built-in rule sees it
CLEAN = "def add(a, b):\n    return a + b\n"
FILES = ("scan", "files")


@pytest.fixture
def sg(
    cli: CliRunner, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> EntryRunner:
    del cli  # requested for its set-up: the built-in rules parsed once per session
    monkeypatch.chdir(tmp_path)
    return EntryRunner(capsys, monkeypatch)


@pytest.mark.parametrize(
    ("fmt", "out", "err"),
    [
        ("text", "\n0 finding(s) in 2 file(s) scanned, 1 binary file(s) skipped\n", ""),
        ("json", "[]\n", "secretguard: 0 finding(s), 2 file(s) scanned\n"),
        ("jsonl", "", "secretguard: 0 finding(s), 2 file(s) scanned\n"),
    ],
)
def test_clean_files_same_answer(sg: EntryRunner, tmp_path: Path, fmt: str, out: str, err: str) -> None:
    (tmp_path / "x.py").write_text(CLEAN)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "y.py").write_text("VALUE = 1\n")
    (tmp_path / "lib" / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    full, fast = sg.twice(*FILES, "x.py", "lib", "--format", fmt)
    assert (full.fast, fast.fast) == (False, True)
    assert full.shown == fast.shown == (0, out, err)


def test_a_hit_falls_back(sg: EntryRunner, tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(CLEAN)
    assert sg.twice(*FILES, "x.py")[1].fast
    (tmp_path / "x.py").write_text(f"aws_access_key_id = {aws_key_id(random.Random(3))}\n")
    run = sg(*FILES, "x.py")
    assert (run.fast, run.code) == (False, 1)
    assert "aws-access-key-id" in run.out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_hit_is_answered_by_the_engine_as_the_full_path_answers(
    sg: EntryRunner, project: Path, fmt: str
) -> None:
    args = (*FILES, str(project), "--format", fmt)
    first, second = sg.twice(*args)
    assert (first.fast, first.engine) == (False, False)  # no snapshot or screen yet: the full path
    assert (second.fast, second.engine, second.code) == (False, True, 1)
    assert second.shown == first.shown == sg.full(*args).shown


def test_a_staged_hit_is_answered_by_the_engine_as_the_full_path_answers(
    sg: EntryRunner, tmp_path: Path, planted: list[Planted], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Git(tmp_path / "repo")
    repo.commit("initial", README__md="# app\n")
    monkeypatch.chdir(repo.path)
    for item in planted:
        repo.write(f"config/{item.rule_id}.cfg", item.text)
    repo("add", "config")
    for fmt in ("text", "json"):
        args = ("scan", "git", "--staged", "--format", fmt)
        first, second = sg.twice(*args)
        assert (second.fast, second.engine, second.code) == (False, True, 1)
        assert second.shown == first.shown == sg.full(*args).shown


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_history_is_scanned_by_the_fast_path_as_the_full_path_scans_it(
    sg: EntryRunner, tmp_path: Path, planted: list[Planted], fmt: str
) -> None:
    repo = Git(tmp_path / "repo")
    repo.commit("initial", README__md="# app\n")
    for item in planted:
        repo.commit(f"add {item.rule_id}", **{f"{item.rule_id}__cfg": item.text})
    repo.commit("drop one", **{f"{planted[0].rule_id}__cfg": None})
    args = ("scan", "git", str(repo.path), "--format", fmt)
    first, second = sg.twice(*args)
    assert (first.fast, first.engine) == (False, False)  # no settings snapshot yet: the full path
    assert (second.fast, second.engine, second.code) == (False, True, 1)
    assert second.shown == first.shown == sg.full(*args).shown


def test_history_usage_errors_go_to_the_full_path_and_a_missing_repository_is_named_alike(
    sg: EntryRunner, tmp_path: Path
) -> None:
    repo = Git(tmp_path / "repo")
    repo.commit("initial", README__md="# app\n")
    sg("scan", "git", str(repo.path))  # the settings snapshot now exists
    usage = sg("scan", "git", str(repo.path), "--incremental", "--since-commit", "HEAD")
    assert (usage.engine, usage.code) == (False, 2)
    assert "--incremental cannot be combined" in usage.err
    missing = sg("scan", "git", str(tmp_path / "nowhere"))
    assert missing.shown == sg.full("scan", "git", str(tmp_path / "nowhere")).shown
    assert missing.code == 3  # partial: the repository is a named skip
    assert "no such file or folder" in missing.out


def test_the_engine_path_with_the_cached_rules_answers_as_the_full_path(tmp_path: Path) -> None:
    """In fresh processes, as installed: the first run (the full path, with validated rules) fills the
    caches; the second answers from the engine with the rule records and the settings snapshot, importing
    neither click nor pydantic nor detect-secrets; a corrupt rule cache only costs a normal load."""
    project = tmp_path / "proj"
    project.mkdir()
    for item in planted_secrets():
        (project / f"{item.rule_id}.cfg").write_text(item.text, encoding="utf-8")
    (project / "near.py").write_text("import os\npassword = os.environ['DB_PASSWORD']\n")
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETGUARD_")}
    env |= {"SECRETGUARD_CACHE_DIR": str(cache), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-X", "importtime", "-m", "secretguard", *FILES, "proj", "--format", "json"]

    def run() -> tuple[tuple[int, str], set[str]]:
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
        lines = done.stderr.splitlines()
        imported = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
        report = "\n".join(line for line in lines if not line.startswith("import time:"))
        return (done.returncode, done.stdout + report), imported

    full, full_imports = run()
    assert full[0] == 1
    assert "click" in full_imports
    cached, imported = run()
    assert cached == full
    assert not imported & {"click", "pydantic", "pydantic_settings", "yaml", "detect_secrets"}
    assert "secretguard.scan.engine" in imported
    for stored in cache.glob("rules-*.pickle"):
        stored.write_bytes(b"corrupt")
    assert run()[0] == full


def test_min_confidence_low(sg: EntryRunner, tmp_path: Path) -> None:
    (tmp_path / "login.py").write_text('password = "kjfh"\n')
    for floor in ("medium", "low"):
        full, second = sg.twice(*FILES, "login.py", "--min-confidence", floor)
        assert not second.fast
        assert full.shown == second.shown
        assert second.code == (1 if floor == "low" else 0)


def test_formats_it_does_not_render_fall_back(sg: EntryRunner, tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(CLEAN)
    for fmt in ("sarif", "csv"):
        full, second = sg.twice(*FILES, "x.py", "--format", fmt)
        assert not second.fast
        assert full.shown == second.shown


def test_config_environment_and_rule_file_changes(
    sg: EntryRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.py").write_text(TOKEN_LINE)
    (tmp_path / "sg-rules.yaml").write_text(USER_RULE.replace("itok_", "otok_"))
    assert sg.twice(*FILES, "x.py")[1].shown == (0, "\n0 finding(s) in 1 file(s) scanned\n", "")
    # The environment names the rule file (a rule that cannot see the token yet): a new snapshot, clean.
    monkeypatch.setenv("SECRETGUARD_RULES", '["sg-rules.yaml"]')
    full, second = sg.twice(*FILES, "x.py")
    assert (full.fast, second.fast, second.code) == (False, True, 0)
    # The rule file changes under the same settings: the old screen must not answer.
    (tmp_path / "sg-rules.yaml").write_text(USER_RULE)
    run = sg(*FILES, "x.py")
    assert (run.fast, run.code) == (False, 1)
    monkeypatch.delenv("SECRETGUARD_RULES")
    assert sg(*FILES, "x.py").shown == (0, "\n0 finding(s) in 1 file(s) scanned\n", "")
    # The configuration file names it.
    (tmp_path / ".secretguard.toml").write_text("rules = ['sg-rules.yaml']\n")
    run = sg(*FILES, "x.py")
    assert (run.fast, run.code) == (False, 1)
    assert "internal-token" in run.out
    # And an option that is a setting.
    (tmp_path / ".secretguard.toml").unlink()
    run = sg(*FILES, "x.py", "--rules", "sg-rules.yaml")
    assert (run.fast, run.code) == (False, 1)


def test_a_broken_baseline_is_reported(sg: EntryRunner, tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(CLEAN)
    assert sg.twice(*FILES, "x.py")[1].fast
    (tmp_path / ".secretguard-baseline.json").write_text("[1, 2")
    run = sg(*FILES, "x.py")
    assert (run.fast, run.code) == (False, 2)
    run = sg(*FILES, "x.py", "--baseline", "missing.json")
    assert (run.fast, run.code) == (False, 2)


def test_archives_skips_and_large_inputs_fall_back(sg: EntryRunner, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("inner.py", CLEAN)
    full, second = sg.twice(*FILES, "a.zip")
    assert not second.fast
    assert full.shown == second.shown
    full, second = sg.twice(*FILES, "missing.py")
    assert not second.fast
    assert full.shown == second.shown
    assert full.code == 3
    (tmp_path / "many").mkdir()
    for number in range(SMALL_FILES + 1):
        (tmp_path / "many" / f"f{number}.py").write_text(CLEAN)
    full, second = sg.twice(*FILES, "many")
    assert not second.fast
    assert full.shown == second.shown


def test_a_one_file_scan_in_a_fresh_process_loads_no_framework(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "x.py").write_text(CLEAN)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-X", "importtime", "-m", "secretguard", *FILES, "x.py"]
    first = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert (second.returncode, second.stdout) == (0, "\n0 finding(s) in 1 file(s) scanned\n")
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "secretguard.cli.fast" in imported
    assert not imported & {"click", "pydantic", "pydantic_settings", "yaml", "secretguard.scan.engine"}


# --- the option tables and the click-free reader ------------------------------------------------------------


def _click_command(command: tuple[str, ...]) -> click.Command:
    from secretguard.cli.app import _register, cli

    _register()
    group = cli.commands[command[0]]
    assert isinstance(group, click.Group)
    return group.commands[command[1]]


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_click_builds_its_options_from_the_same_table(command: tuple[str, ...]) -> None:
    clicked = {name: p for p in _click_command(command).params for name in p.opts}
    for option in COMMAND_OPTIONS[command]:
        for name in option.names:
            assert clicked[name].name == option.dest
            assert clicked[name].multiple == (option.kind == "multiple")
            assert getattr(clicked[name], "is_flag", False) == (option.kind == "flag")
    table_names = {name for option in COMMAND_OPTIONS[command] for name in option.names}
    assert {name for name in clicked if name.startswith("-")} - {"-h", "--help"} == table_names


def test_the_reader_takes_what_click_takes() -> None:
    parsed = argv.parse(
        [
            "scan",
            "files",
            "a.py",
            "-f",
            "json",
            "--rules=r1.yaml",
            "--rules",
            "r2.yaml",
            "--workers",
            "2",
            "b",
        ]
    )
    assert parsed is not None
    assert parsed.arguments == ("a.py", "b")
    assert parsed.values["fmt"] == "json"
    assert parsed.values["rule_files"] == (Path("r1.yaml"), Path("r2.yaml"))
    assert parsed.values["workers"] == 2
    assert parsed.values["include_client_safe"] is None
    assert parsed.values["show_secrets"] is False


@pytest.mark.parametrize(
    "words",
    [
        ["scan", "files", "a.py", "--format", "xml"],
        ["scan", "files", "a.py", "-fjson"],
        ["scan", "files", "a.py", "--workers", "-1"],
        ["scan", "files", "a.py", "--max-size", "0"],
        ["scan", "files", "a.py", "--output"],
        ["scan", "files", "a.py", "--exit-zero=yes"],
        ["scan", "files", "a.py", "--help"],
        ["scan", "files", "--", "a.py"],
        ["scan", "files", "-"],
        ["scan", "bundle", "a.js"],
        ["--version"],
    ],
)
def test_the_reader_declines_anything_else(words: list[str]) -> None:
    assert argv.parse(words) is None
    assert try_fast(words) is None


def test_each_format_is_imported_only_when_rendered(tmp_path: Path) -> None:
    """formats.render imports the requested format's module alone (the hook renders text only)."""
    code = (
        "import sys\n"
        "from secretguard.formats import FORMAT_NAMES, _FORMATS, formatter\n"
        "from secretguard.formats.report import Report\n"
        "assert tuple(_FORMATS) == FORMAT_NAMES\n"
        "formatter('text')(Report(findings=[], command='scan files'), False)\n"
        "assert 'secretguard.formats.sarif' not in sys.modules, 'sarif imported for text'\n"
        "assert all(callable(formatter(name)) for name in FORMAT_NAMES)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
