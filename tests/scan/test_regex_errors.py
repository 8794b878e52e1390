"""User-supplied regexes that RE2 or Hyperscan refuse: named by setting or rule id, never echoed (RE2's C++
logger used to print every rejected pattern to stderr, and an allowlisted value can be a secret); an imported
rule either engine refuses is skipped by name and the scan goes on (exit 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import re2

from secretguard.errors import ExitCode
from secretguard.scan.matcher import hyperscan_refusals
from secretguard.scan.regexes import problem, rejection
from secretguard.scan.rules import Rule
from tests.conftest import CliRunner
from tests.scan.sources.gitfixtures import Git

# Looks like a live key: it must appear nowhere in any output.
VALUE = "sk_live_Zq81mWx4Lp0Vb7Rt2Kc9"
GOOD_TOKEN = "goodtok_abcdef0123456789"


def _secretguard(cwd: Path, *args: str, builtin: bool = False) -> subprocess.CompletedProcess[str]:
    """A real process: RE2 logs from C++ straight to file descriptor 2, past any Python capture."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETGUARD_") or k.endswith("CACHE_DIR")}
    if not builtin:
        env["SECRETGUARD_BUILTIN_RULES"] = "false"
    return subprocess.run(
        [sys.executable, "-m", "secretguard", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_an_invalid_allowlist_regex_is_named_by_its_setting_never_shown(tmp_path: Path) -> None:
    (tmp_path / ".secretguard.toml").write_text(f'[allowlist]\nregexes = ["ok", "{VALUE}(unclosed"]\n')
    (tmp_path / "a.txt").write_text("nothing\n")
    proc = _secretguard(tmp_path, "scan", "files", "a.txt")
    assert proc.returncode == ExitCode.USAGE, proc.stderr
    assert "allowlist.regexes: Value error, invalid regex (entry 2): missing )" in proc.stderr
    assert VALUE not in proc.stdout + proc.stderr
    assert "Error parsing" not in proc.stderr


def test_a_rule_allowlist_regex_is_named_by_its_rule_and_the_rule_skipped(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "rules:\n"
        "  - {id: acme-key, title: ACME, provider: acme, severity: high, regex: 'acme_[a-z]{12}',\n"
        f"     allowlist: {{regexes: ['{VALUE}[abc']}}}}\n"
        "  - {id: good-key, title: Good, provider: good, severity: high, regex: 'goodtok_[a-z0-9]{16}'}\n"
    )
    (tmp_path / ".secretguard.toml").write_text('rules = ["rules.yaml"]\n')
    (tmp_path / "a.txt").write_text(f'x = "{GOOD_TOKEN}"\n')
    proc = _secretguard(tmp_path, "scan", "files", "a.txt", "--all-files")
    assert proc.returncode == ExitCode.INCOMPLETE, proc.stderr
    assert "rule acme-key: allowlist.regexes: Value error, invalid regex (entry 1): missing ]" in proc.stdout
    assert "good-key" in proc.stdout  # the other rule still scanned
    assert VALUE not in proc.stdout + proc.stderr
    assert "Error parsing" not in proc.stderr


GITLEAKS = f"""
[allowlist]
regexes = ['''{VALUE}(''']

[[rules]]
id = "ungreedy"
description = "Hyperscan has no (?U)"
regex = '''(?U)tok_[a-z0-9]{{16}}'''

[[rules]]
id = "wide-char"
regex = '''\\x{{263a}}tok_[a-z0-9]{{16}}'''

[[rules]]
id = "re2-rejects"
regex = '''{VALUE}\\Z'''

[[rules]]
id = "allow-rejects"
regex = '''other_[a-z0-9]{{16}}'''
[rules.allowlist]
regexes = ['''{VALUE}[''']

[[rules]]
id = "good"
regex = '''goodtok_[a-z0-9]{{16}}'''
"""


def test_gitleaks_rules_either_engine_refuses_are_skipped_by_name(tmp_path: Path) -> None:
    """The issue's recipe: one imported rule Hyperscan cannot compile used to stop the run (exit 2, nothing
    scanned); now each refused rule is a named skip and the rest scan (exit 3)."""
    (tmp_path / "gitleaks.toml").write_text(GITLEAKS)
    (tmp_path / "a.txt").write_text(f'x = "{GOOD_TOKEN}"\n')
    proc = _secretguard(tmp_path, "scan", "files", "a.txt", "--gitleaks-config", "gitleaks.toml")
    assert proc.returncode == ExitCode.INCOMPLETE, proc.stderr
    assert "custom.good" in proc.stdout
    skipped = [line for line in proc.stdout.splitlines() if "rule not loaded" in line]
    named = ("custom.ungreedy", "custom.wide-char", "rule re2-rejects", "rule allow-rejects", "[allowlist]")
    assert all(any(name in line for line in skipped) for name in named), proc.stdout
    assert "cannot be compiled by Hyperscan" in proc.stdout
    assert VALUE not in proc.stdout + proc.stderr
    assert "Error parsing" not in proc.stderr


def test_gitleaks_refusals_in_process_name_each_rule(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "gitleaks.toml").write_text(GITLEAKS)
    (tmp_path / "a.txt").write_text(f'x = "{GOOD_TOKEN}"\n')
    run = cli("scan", "files", "a.txt", "--gitleaks-config", "gitleaks.toml", "--format", "json")
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert '"rule_id": "custom.good"' in run.out
    assert (
        "rule not loaded: gitleaks.toml: rule custom.ungreedy: the regex cannot be compiled by Hyperscan: "
        "Unrecognised character after (? at index 0." in run.err
    )


@pytest.mark.parametrize("staged", [False, True])
def test_scan_git_skips_refused_gitleaks_rules_by_name_too(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    git = Git(tmp_path / "repo")
    (git.path / "gitleaks.toml").write_text(GITLEAKS)
    git.commit("add", a__txt=f'x = "{GOOD_TOKEN}"\n')
    monkeypatch.chdir(git.path)
    if staged:
        git.write("b.txt", f'y = "{GOOD_TOKEN}"\n')
        git("add", "b.txt")
    args = ["scan", "git", ".", "--gitleaks-config", "gitleaks.toml", "--format", "json"]
    run = cli(*args, *(["--staged"] if staged else []))
    assert run.code == ExitCode.INCOMPLETE, run.err
    assert '"rule_id": "custom.good"' in run.out
    assert "rule not loaded: gitleaks.toml: rule custom.ungreedy" in run.err
    if staged:  # the fast path must not answer "clean" next time with the refused rule left out
        again = cli(*args, "--staged")
        assert (again.code, again.out) == (run.code, run.out)


def test_a_built_in_rule_hyperscan_refuses_stays_fatal(tmp_path: Path) -> None:
    from secretguard.errors import RuleError
    from secretguard.scan.chunk import Chunk
    from secretguard.scan.engine import Engine

    rule = Rule(id="x-ungreedy", title="x", provider="x", severity="high", regex="(?U)tok_[a-z0-9]{16}")
    with pytest.raises(RuleError, match=r"rule x-ungreedy .*cannot be compiled by Hyperscan"):
        Engine([rule]).scan(Chunk(b"tok_abcdef0123456789", "a.txt"))


def test_hyperscan_refusals_checks_once_then_remembers(cache_dir: Path) -> None:
    fine = [
        Rule(id=f"fine-{n}", title="x", provider="x", severity="high", regex=f"tok{n}_[a-z0-9]{{16}}")
        for n in range(3)
    ]
    refused = Rule(id="refused", title="x", provider="x", severity="high", regex="(?U)tok_[a-z]{16}")
    assert set(hyperscan_refusals([*fine, refused])) == {"refused"}
    before = set(cache_dir.glob("probe-*.ok"))
    assert hyperscan_refusals(fine) == {}
    markers = set(cache_dir.glob("probe-*.ok")) - before
    assert len(markers) == 1  # a set found fine is remembered: the next run compiles nothing
    assert hyperscan_refusals(fine) == {}
    assert hyperscan_refusals([]) == {}


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (f"{VALUE}(", "missing )"),
        (f"x[{VALUE}", "missing ]"),
        (f"{VALUE}\\Z", "invalid escape sequence"),
        ("a{2,1}", "invalid repetition size"),
        ("ok", None),
    ],
)
def test_rejection_never_quotes_the_pattern(
    pattern: str, reason: str | None, capfd: pytest.CaptureFixture[str]
) -> None:
    assert problem(pattern) == reason
    assert VALUE not in capfd.readouterr().err  # nothing logged by RE2 either
    if reason is not None:
        with pytest.raises(re2.error) as caught:
            re2.compile(pattern, re2.Options())  # what RE2 itself says: the fragment follows `: `
        assert rejection(caught.value) == reason
