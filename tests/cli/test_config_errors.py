"""Rule files, gitleaks configs and settings through the CLI: errors name what is wrong; valid ones apply."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from secretguard.errors import ExitCode
from tests.conftest import CliRunner
from tests.helpers import github_style_token

ASSETS = Path(__file__).resolve().parents[1] / "assets"

BAD_RULE_FILES = [
    pytest.param("rules/malformed.yaml", "malformed.yaml", "not valid YAML", id="malformed-yaml"),
    pytest.param("rules/bad-regex.yaml", "acme-bad-regex", "invalid regex", id="bad-regex"),
    pytest.param("rules/missing-field.yaml", "acme-no-title", "title: Field required", id="missing-field"),
    pytest.param("gitleaks/syntax-error.toml", "syntax-error.toml", "not valid TOML", id="gitleaks-syntax"),
]


def _rule_args(asset: str, tmp_path: Path) -> list[str]:
    path = tmp_path / Path(asset).name
    shutil.copy(ASSETS / asset, path)
    option = "--gitleaks-config" if asset.endswith(".toml") else "--rules"
    return [option, str(path)]


@pytest.fixture
def app(tmp_path: Path) -> tuple[Path, str]:
    token = github_style_token(random.Random(7))
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "deploy.env").write_text(f"GITHUB_TOKEN={token}\n")
    return folder, token


@pytest.mark.parametrize(("asset", "name", "problem"), BAD_RULE_FILES)
def test_bad_rule_file_is_named_and_never_ignored(
    cli: CliRunner, app: tuple[Path, str], tmp_path: Path, asset: str, name: str, problem: str
) -> None:
    run = cli("scan", "files", "app", "--format", "json", *_rule_args(asset, tmp_path))
    assert run.code in (ExitCode.USAGE, ExitCode.INCOMPLETE), run.err
    assert name in run.err
    assert problem in run.err
    assert Path(asset).name in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize(("asset", "name", "problem"), BAD_RULE_FILES)
def test_bad_rule_file_is_skipped_and_the_scan_completes_partial(
    cli: CliRunner, app: tuple[Path, str], tmp_path: Path, asset: str, name: str, problem: str
) -> None:
    # A broken custom rule must not hide the rest: the built-in rules still run, the report says what
    # was skipped, and the exit code says the result is partial.
    run = cli("scan", "files", "app", "--format", "json", *_rule_args(asset, tmp_path))
    assert run.code == ExitCode.INCOMPLETE
    assert "PARTIAL" in run.err


def test_custom_rule_file_adds_a_rule(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "acme.env").write_text("ACME_KEY=acme_q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta\n")
    # Only the custom rules (builtin_rules = false): compiling a new 300-rule database would cost seconds.
    (tmp_path / "only-custom.toml").write_text("builtin_rules = false\n")
    run = cli(
        "scan", "files", "src", "--format", "json", "--config", "only-custom.toml",
        "--rules", ASSETS / "rules" / "acme.yaml",
    )  # fmt: skip
    assert run.code == ExitCode.FINDINGS, run.err
    assert '"rule_id": "acme-api-key"' in run.out
    assert '"file": "src/acme.env"' in run.out


def test_gitleaks_config_rule_fires_and_allowlist_suppresses(cli: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "fixtures").mkdir(parents=True)
    (src / "deploy.env").write_text(
        "TOKEN=acmetok_q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta\n"  # reported
        "OLD=acmetok_0000lmw0pxc7rv2nk5hs9jd4fb6gy1ta\n"  # [allowlist] regexes
        "TEST=acmetok_testonlypxc7rv2nk5hs9jd4fb6gy1ta\n"  # [allowlist] stopwords
    )
    (src / "fixtures" / "sample.env").write_text("TOKEN=acmetok_z7y6x5w4v3u2t1s0r9q8p7o6n5m4l3k2\n")  # paths
    run = cli(
        "scan",
        "files",
        "src",
        "--format",
        "json",
        "--show-secrets",
        "--gitleaks-config",
        ASSETS / "gitleaks" / "valid.toml",
    )
    assert run.code == ExitCode.FINDINGS, run.err
    assert run.out.count('"rule_id": "custom.acme-token"') == 1
    assert '"secret": "q8z3lmw0pxc7rv2nk5hs9jd4fb6gy1ta"' in run.out
    assert '"file": "src/deploy.env"' in run.out
    assert '"line": 1' in run.out


def test_unknown_key_in_secretguard_toml(cli: CliRunner, app: tuple[Path, str], tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").write_text("max_file_size = 1000\nscan_everything = true\n")
    run = cli("scan", "files", "app")
    assert run.code == ExitCode.USAGE
    assert "scan_everything" in run.err
    assert ".secretguard.toml" in run.err


def test_unknown_key_in_config_option_file(cli: CliRunner, app: tuple[Path, str], tmp_path: Path) -> None:
    config = tmp_path / "ci.toml"
    config.write_text("[allowlist]\npathz = ['^x']\n")
    run = cli("scan", "files", "app", "--config", config)
    assert run.code == ExitCode.USAGE
    assert "allowlist.pathz" in run.err
    missing = cli("scan", "files", "app", "--config", tmp_path / "nope.toml")
    assert missing.code == ExitCode.USAGE
    assert "nope.toml" in missing.err


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('max_file_size = "big"\n', "max_file_size"),
        ("archive_depth = 99\n", "archive_depth"),
        ("all_files = 'sometimes'\n", "all_files"),
        ("[allowlist]\nregexes = ['(unclosed']\n", "allowlist.regexes"),
        ("max_file_size = [\n", "cannot read configuration"),
    ],
)
def test_invalid_values_in_secretguard_toml(
    cli: CliRunner, app: tuple[Path, str], tmp_path: Path, content: str, key: str
) -> None:
    (tmp_path / ".secretguard.toml").write_text(content)
    run = cli("scan", "files", "app")
    assert run.code == ExitCode.USAGE
    assert key in run.err
    assert "Traceback" not in run.err


def test_pyproject_tool_section_is_read(cli: CliRunner, app: tuple[Path, str], tmp_path: Path) -> None:
    assert cli("scan", "files", "app").code == ExitCode.FINDINGS
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'demo'\n\n[tool.secretguard.allowlist]\nregexes = ['^ghp_']\n"
    )
    assert cli("scan", "files", "app").code == ExitCode.CLEAN
    (tmp_path / "pyproject.toml").write_text("[tool.secretguard]\nmax_file_size = 10\n")
    run = cli("scan", "files", "app", "--format", "json")
    assert run.code == ExitCode.INCOMPLETE
    assert "size limit" in run.err


def test_environment_max_file_size(
    cli: CliRunner, app: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETGUARD_MAX_FILE_SIZE", "10")
    run = cli("scan", "files", "app", "--format", "json")
    assert run.code == ExitCode.INCOMPLETE
    assert "app/deploy.env" in run.err
    assert "size limit" in run.err
    # The command line wins over the environment.
    assert cli("scan", "files", "app", "--max-size", "100000").code == ExitCode.FINDINGS


def test_environment_invalid_type(
    cli: CliRunner, app: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETGUARD_MAX_FILE_SIZE", "lots")
    run = cli("scan", "files", "app")
    assert run.code == ExitCode.USAGE
    assert "max_file_size" in run.err
    assert "SECRETGUARD_MAX_FILE_SIZE" in run.err


def test_disable_rules_with_an_unknown_id(cli: CliRunner, app: tuple[Path, str], tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").write_text("disable_rules = ['no-such-rule']\n")
    run = cli("scan", "files", "app")
    assert run.code == ExitCode.USAGE
    assert "no-such-rule" in run.err
