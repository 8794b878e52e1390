"""The gate can't be silenced by the change it checks: `secretguard ci` on a pull request, `scan git --range`.

A real repository: `main` with a configuration, and a branch that adds a key together with a suppression of
it; the pull request's event file names base and head, as GitHub writes it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner
from tests.helpers import stripe_live_key
from tests.scan.sources.gitfixtures import Git

KEY = stripe_live_key(random.Random(18))
BASE_CONFIG = "# the base's configuration\n[allowlist]\npaths = ['^docs/']\n"


@pytest.fixture(autouse=True)
def no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_EVENT_PATH", "GITHUB_SHA", "GITHUB_REF"):
        monkeypatch.delenv(name, raising=False)


def _pull_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **changes: str | None
) -> tuple[Git, str, str]:
    """main (with BASE_CONFIG) and a branch adding the key plus `changes`; the job runs on the branch."""
    git = Git(tmp_path / "repo")
    base = git.commit("init", README__md="hello\n", **{".secretguard.toml": BASE_CONFIG})
    git("checkout", "-q", "-b", "feature")
    head = git.commit("pay", **{"pay.py": f'STRIPE_KEY = "{KEY}"\n', **changes})
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {"base": {"sha": base}, "head": {"sha": head}},
                "repository": {"default_branch": "main"},
            }
        )
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    monkeypatch.setenv("GITHUB_SHA", head)
    monkeypatch.chdir(git.path)
    return git, base, head


def _reasons(out: Path) -> list[list[str]]:
    return [f["reasons"] for f in json.loads(out.read_text())]


def test_allowlist_added_by_the_change_does_not_silence_the_gate(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head_config = BASE_CONFIG.replace("paths = ['^docs/']", "paths = ['^docs/', '.*']")
    _pull_request(tmp_path, monkeypatch, **{".secretguard.toml": head_config})
    out = tmp_path / "out.json"
    run = cli("ci", "--format", "json", "--output", out)
    assert run.code == 1, run.err
    assert "stripe-live-secret-key" in run.err
    assert "allowlist.paths: added '.*'" in run.err  # the config change, for the reviewer
    assert _reasons(out) == [[*_reasons(out)[0][:-1], "suppressed-by-this-change"]]
    assert KEY not in run.out + run.err + out.read_text()
    # The old behaviour, for a repository that trusts its head.
    assert cli("ci", "--trust-head-config").code == 0


@pytest.mark.parametrize("how", ["disable", "confidence", "regex"])
def test_other_config_loosenings_are_not_applied(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    config = {
        "disable": "disable_rules = ['stripe-live-secret-key']\n" + BASE_CONFIG,
        # The key is high confidence, so raising the floor hides nothing: only listed as a change.
        "confidence": "min_confidence = 'high'\n" + BASE_CONFIG,
        "regex": BASE_CONFIG + "regexes = ['^sk_live_']\n",
    }[how]
    _pull_request(tmp_path, monkeypatch, **{".secretguard.toml": config})
    run = cli("ci")
    assert run.code == 1, run.err
    if how == "regex":
        assert "allowlist.regexes: 1 entry(ies) added" in run.err
        assert "^sk_live_" not in run.err  # an allowlisted value may be a secret: counted, never quoted
    if how == "disable":
        assert "disable_rules: added 'stripe-live-secret-key'" in run.err
        assert "would be hidden by the rule is disabled or removed" in run.err
    if how == "confidence":
        assert "configuration min_confidence: None -> 'high'" in run.err


def test_baseline_entry_added_by_the_change_is_listed_and_not_applied(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git, _, _ = _pull_request(tmp_path, monkeypatch)
    assert cli("baseline", "create", "--git", ".").code == 0
    git.commit(
        "accept it", **{".secretguard-baseline.json": (git.path / ".secretguard-baseline.json").read_text()}
    )
    _retarget(monkeypatch, tmp_path, git("rev-parse", "HEAD"))
    run = cli("ci")
    assert run.code == 1, run.err
    assert "baseline entry added: stripe-live-secret-key:" in run.err
    assert cli("ci", "--trust-head-config").code == 0


def test_gitleaksignore_line_added_by_the_change_is_listed_and_not_applied(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pull_request(tmp_path, monkeypatch, **{".gitleaksignore": "pay.py:stripe-access-token:1\n"})
    run = cli("ci")
    assert run.code == 1, run.err
    assert "ignore line added: .gitleaksignore:1: pay.py:1" in run.err
    assert cli("ci", "--trust-head-config").code == 0


def test_a_base_baseline_still_accepts(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Suppressions the base already had keep working: the gate reads them from there."""
    git = Git(tmp_path / "repo")
    git.commit("init", **{"old.py": f'STRIPE_KEY = "{KEY}"\n'})
    monkeypatch.chdir(git.path)
    assert cli("baseline", "create", "--git", ".").code == 0
    base = git.commit(
        "accept", **{".secretguard-baseline.json": (git.path / ".secretguard-baseline.json").read_text()}
    )
    git("checkout", "-q", "-b", "feature")
    head = git.commit("move", **{"old.py": f'STRIPE_KEY = "{KEY}"\nOTHER = 1\n'})
    assert cli("scan", "git", "--range", f"{base}..{head}").code == 0


def test_tightening_the_configuration_passes_and_uses_the_base(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = Git(tmp_path / "repo")
    base = git.commit("init", README__md="hello\n", **{".secretguard.toml": BASE_CONFIG})
    git("checkout", "-q", "-b", "feature")
    rule = (
        "rules:\n  - id: internal-token\n    title: Internal token\n    provider: internal\n"
        "    severity: high\n    regex: 'itok_[a-z0-9]{24}'\n    keywords: [itok_]\n"
    )
    head = git.commit(
        "stricter",
        **{".secretguard.toml": "rules = ['sg-rules.yaml']\n" + BASE_CONFIG, "sg-rules.yaml": rule},
    )
    monkeypatch.chdir(git.path)
    _retarget(monkeypatch, tmp_path, head, base=base)
    run = cli("ci")
    assert run.code == 0, run.err
    assert f"from the base commit {base[:12]}" in run.err
    assert "rule file changed or added: sg-rules.yaml" in run.err


def test_an_inline_allow_added_by_the_change_is_listed(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pull_request(tmp_path, monkeypatch, **{"pay.py": f'STRIPE_KEY = "{KEY}"  # secretguard:allow\n'})
    run = cli("ci")
    assert run.code == 0, run.err  # visible in the diff next to the value: it stays allowed
    assert "allowed inline by this change: pay.py:1 stripe-live-secret-key" in run.err


def test_scan_git_range_reads_the_base_configuration_too(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head_config = BASE_CONFIG.replace("paths = ['^docs/']", "paths = ['.*']")
    _, base, head = _pull_request(tmp_path, monkeypatch, **{".secretguard.toml": head_config})
    for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_SHA", "GITHUB_EVENT_NAME"):
        monkeypatch.delenv(name)
    assert cli("scan", "git", "--range", f"{base}..{head}").code == 1
    assert cli("scan", "git", "--range", f"{base}..{head}", "--trust-head-config").code == 0
    # Without a range there is no base: every other scan reads the working tree, as before.
    assert cli("scan", "files", ".").code == 0


def _retarget(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, head: str, *, base: str | None = None) -> None:
    """A pull request event for `head` (and `base`), as GitHub would write it."""
    event = tmp_path / "event.json"
    doc: dict[str, Any] = (
        json.loads(event.read_text()) if event.exists() else {"repository": {"default_branch": "main"}}
    )
    doc.setdefault("pull_request", {"base": {}, "head": {}})
    doc["pull_request"]["head"]["sha"] = head
    if base is not None:
        doc["pull_request"]["base"]["sha"] = base
    event.write_text(json.dumps(doc))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    monkeypatch.setenv("GITHUB_SHA", head)


def test_a_head_rule_file_linked_to_a_device_is_not_read(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change's rule file is compared with the base's to list it: one that is a symlink to /dev/zero is
    never read (it used to be read to the end of memory), and is listed as changed."""
    from tests.helpers import settle

    git = Git(tmp_path / "repo")
    base = git.commit("init", README__md="hello\n", **{".secretguard.toml": BASE_CONFIG})
    git("checkout", "-q", "-b", "feature")
    (git.path / "sg-rules.yaml").symlink_to("/dev/zero")
    git("add", "sg-rules.yaml")
    head = git.commit("link", **{".secretguard.toml": "rules = ['sg-rules.yaml']\n" + BASE_CONFIG})
    monkeypatch.chdir(git.path)
    _retarget(monkeypatch, tmp_path, head, base=base)
    run = settle(lambda: cli("ci"), "the CI gate")
    assert not isinstance(run, BaseException), run
    assert "Traceback" not in run.err
    assert "rule file changed or added: sg-rules.yaml" in run.err
