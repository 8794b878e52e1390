"""Hooks: `secretguard hooks install`, the shipped hook scripts, and the real pre-commit framework."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from secretguard.cli.hooks import MARKER, script
from tests.conftest import CliRunner
from tests.helpers import aws_key_id
from tests.scan.sources.gitfixtures import Git
from tests.servers import unavailable

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment hooks run in: our interpreter first on PATH, caches in the test's folder."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return env


def _commit(git: Git, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess[str]:
    git.write(name, text)
    git("add", name)
    return subprocess.run(
        ["git", "-C", str(git.path), "commit", "-m", f"add {name}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_shipped_scripts_match_what_install_writes() -> None:
    for name in ("pre-commit", "pre-push", "pre-receive"):
        shipped = ROOT / "hooks" / name
        assert shipped.read_text() == script(name), f"hooks/{name} is stale: regenerate it from cli/hooks.py"
        assert os.access(shipped, os.X_OK)
        assert subprocess.run(["sh", "-n", str(shipped)], check=False).returncode == 0


def test_pre_commit_hooks_yaml_declares_both_ids() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["secretguard"]["entry"] == "secretguard scan git --staged"
    assert by_id["secretguard-pre-push"]["stages"] == ["pre-push"]
    assert all(h["pass_filenames"] is False for h in hooks)


def test_install_refuses_a_foreign_hook_without_force(cli: CliRunner, tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    hook = git.path / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    run = cli("hooks", "install", "--repo", str(git.path))
    assert run.code == 2
    assert "not a secretguard hook" in run.err
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert cli("hooks", "install", "--repo", str(git.path), "--pre-push", "--force").code == 0
    assert MARKER in hook.read_text()
    assert (hook.parent / "pre-commit.secretguard-backup").read_text() == "#!/bin/sh\necho mine\n"
    assert MARKER in (hook.parent / "pre-push").read_text()
    assert cli("hooks", "install", "--repo", str(git.path)).code == 0  # ours: replaced freely


def test_installed_hooks_block_a_secret_commit_and_push(cli: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(4)
    env = _env(tmp_path)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    git("remote", "add", "origin", str(remote))
    git("push", "-q", "origin", "main")
    assert cli("hooks", "install", "--repo", str(git.path), "--pre-push").code == 0
    blocked = _commit(git, env, "k.ini", f"aws_access_key_id = {aws_key_id(rng)}\n")
    assert blocked.returncode != 0
    assert "aws-access-key-id" in blocked.stdout + blocked.stderr
    git("reset", "-q", "HEAD", "k.ini")
    (git.path / "k.ini").unlink()
    assert _commit(git, env, "ok.txt", "nothing to see\n").returncode == 0
    # A secret that got in with --no-verify is stopped at push time.
    git.write("late.ini", f"aws_access_key_id = {aws_key_id(rng)}\n")
    git("add", "late.ini")
    git("commit", "-q", "--no-verify", "-m", "late")
    push = subprocess.run(
        ["git", "-C", str(git.path), "push", "origin", "main"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert push.returncode != 0, push.stderr
    assert "late.ini" in push.stdout + push.stderr


def test_pre_receive_rejects_a_pushed_secret(tmp_path: Path) -> None:
    rng = random.Random(6)
    env = _env(tmp_path)
    remote = tmp_path / "server.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    target = remote / "hooks" / "pre-receive"
    shutil.copy(ROOT / "hooks" / "pre-receive", target)
    target.chmod(0o755)
    git = Git(tmp_path / "repo")
    git.commit("initial", README__md="# app\n")
    git("remote", "add", "origin", str(remote))
    ok = subprocess.run(
        ["git", "-C", str(git.path), "push", "origin", "main"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    git.commit("key", k__ini=f"aws_access_key_id = {aws_key_id(rng)}\n")
    push = subprocess.run(
        ["git", "-C", str(git.path), "push", "origin", "main"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert push.returncode != 0
    assert "pre-receive hook declined" in push.stderr


def test_real_pre_commit_framework_blocks_secret_and_passes_clean(tmp_path: Path) -> None:
    """The hook as declared in .pre-commit-hooks.yaml, run by pre-commit itself.

    `language: python` would make pre-commit build a virtualenv and pip-install secretguard with all its
    dependencies from the network; offline (and in CI) the same hook is declared `repo: local` with
    `language: system`, which runs the secretguard already installed; entry and options are the shipped ones.
    """
    rng = random.Random(8)
    env = _env(tmp_path)
    pre_commit = shutil.which("pre-commit", path=env["PATH"])
    if pre_commit is None:
        unavailable("the pre-commit tool")  # fails under CI=true (the dev extra installs it), else skips
    assert pre_commit is not None
    shipped = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = dict(shipped["secretguard"], language="system")
    hook["entry"] = hook["entry"].replace("secretguard", f"{sys.executable} -m secretguard", 1)
    git = Git(tmp_path / "repo")
    git.write(".pre-commit-config.yaml", yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
    git("add", ".pre-commit-config.yaml")
    git("commit", "-q", "--no-verify", "-m", "pre-commit config")
    install = subprocess.run(
        [pre_commit, "install"], cwd=git.path, capture_output=True, text=True, env=env, check=False
    )
    assert install.returncode == 0, install.stderr
    blocked = _commit(git, env, "k.ini", f"aws_access_key_id = {aws_key_id(rng)}\n")
    assert blocked.returncode != 0
    assert "aws-access-key-id" in blocked.stdout + blocked.stderr
    assert "Failed" in blocked.stdout + blocked.stderr
    git("reset", "-q", "HEAD", "k.ini")
    (git.path / "k.ini").unlink()
    clean = _commit(git, env, "ok.txt", "nothing secret\n")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr


def test_hooks_run_pre_push_ranges(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-commit framework's pre-push entry: PRE_COMMIT_FROM_REF/TO_REF, a new branch, nothing new."""
    rng = random.Random(10)
    git = Git(tmp_path / "repo")
    base = git.commit("initial", README__md="# app\n")
    git.commit("key", k__ini=f"aws_access_key_id = {aws_key_id(rng)}\n")
    monkeypatch.chdir(git.path)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    assert cli("hooks", "run", "pre-push").code == 1
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD")
    assert cli("hooks", "run", "pre-push").code == 0
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "0" * 40)  # a new branch: what no remote has
    monkeypatch.setenv("PRE_COMMIT_REMOTE_NAME", "origin")
    assert cli("hooks", "run", "pre-push").code == 1
