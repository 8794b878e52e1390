"""The shipped CI templates: they install secretguard from a pinned source and call `secretguard ci`.

The GitHub Action's scan step is run for real, with bash, in a real repository and the variables the runner
sets, so the template and the command it calls cannot drift apart."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.helpers import stripe_live_key

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((ROOT / "ci" / "gitlab-secretguard.yml").read_text(encoding="utf-8"))


def _scripts() -> list[str]:
    steps = [step.get("run", "") for step in ACTION["runs"]["steps"]]
    job = GITLAB["secretguard"]
    return [*steps, *job["before_script"], *job["script"]]


def test_no_template_installs_from_a_bare_index_name() -> None:
    installs = [line for script in _scripts() for line in script.splitlines() if "pip install" in line]
    assert installs
    for line in installs:
        target = line.split("pip install", 1)[1].split()[-1].strip('"')
        # The action's own checkout, or a pinned source the user names (checked by the template itself).
        assert target in ("$GITHUB_ACTION_PATH", "$SG_INSTALL_FROM"), line
    assert "version" not in ACTION["inputs"]


def test_templates_call_the_ci_gate() -> None:
    assert any("args=(ci ." in script for script in _scripts())
    assert any("set -- ci ." in script for script in _scripts())
    # Template-only variables must not use the SECRETGUARD_ prefix: those names are secretguard's settings.
    names = [*GITLAB["secretguard"]["variables"], *(step.get("env", {}) for step in ACTION["runs"]["steps"])]
    assert not [n for n in names if isinstance(n, str) and n.startswith("SECRETGUARD_")]


def test_gitlab_template_refuses_an_unpinned_source(tmp_path: Path) -> None:
    check = GITLAB["secretguard"]["before_script"][1]
    for source, code in (("", 2), ("secretguard", 2), ("secretguard==0.1.0", 2), ("git+https://h/o/s@v1", 0)):
        env = {**os.environ, "SG_INSTALL_FROM": source}
        proc = subprocess.run(["sh", "-c", check], env=env, cwd=tmp_path, check=False)
        assert proc.returncode == code, source


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com"}
    env.update(GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.com")
    proc = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return proc.stdout.strip()


def test_action_scan_step_gates_a_new_branch(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    dev = tmp_path / "dev"
    subprocess.run(["git", "clone", "-q", str(remote), str(dev)], check=True, capture_output=True)
    (dev / "README").write_text("hello\n")
    _git(dev, "add", "-A")
    _git(dev, "commit", "-qm", "init")
    _git(dev, "push", "-q", "origin", "HEAD:main")
    _git(dev, "checkout", "-qb", "feature")
    key = stripe_live_key(random.Random(7))
    (dev / "pay.py").write_text(f'STRIPE = "{key}"\n')
    _git(dev, "add", "-A")
    _git(dev, "commit", "-qm", "pay")
    _git(dev, "push", "-q", "origin", "feature")
    after = _git(dev, "rev-parse", "HEAD")
    work = tmp_path / "work"  # as actions/checkout with fetch-depth: 0 leaves it
    subprocess.run(["git", "clone", "-q", "-b", "feature", str(remote), str(work)], check=True)
    event = tmp_path / "event.json"
    payload = {"before": "0" * 40, "after": after, "ref": "refs/heads/feature"}
    event.write_text(json.dumps({**payload, "repository": {"default_branch": "main"}}))
    bindir = tmp_path / "bin"  # `secretguard` on PATH runs this checkout's code
    bindir.mkdir()
    shim = bindir / "secretguard"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m secretguard "$@"\n')
    shim.chmod(0o755)
    outputs, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "scan")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "SECRETGUARD_"))
    }
    env.update(
        PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        GITHUB_ACTIONS="true",
        GITHUB_EVENT_NAME="push",
        GITHUB_EVENT_PATH=str(event),
        GITHUB_SHA=after,
        GITHUB_REF="refs/heads/feature",
        GITHUB_OUTPUT=str(outputs),
        GITHUB_STEP_SUMMARY=str(summary),
        SG_RANGE="",
        SG_FULL="false",
        SG_BASELINE="",
        SG_SARIF="secretguard.sarif",
        SECRETGUARD_CACHE_DIR=str(tmp_path / "cache"),
    )
    assert shutil.which("bash")
    run = ["bash", "-c", step["run"]]
    proc = subprocess.run(run, cwd=work, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr  # the step records the code; the Gate step fails the job
    assert "exit-code=1" in outputs.read_text()
    assert (work / "secretguard.sarif").is_file()
    assert "stripe" in summary.read_text()
    everything = proc.stdout + proc.stderr + summary.read_text() + (work / "secretguard.sarif").read_text()
    assert key not in everything
    assert re.search(r"::error file=pay\.py,line=1", proc.stdout)


def test_distribution_name_is_not_the_unrelated_pypi_project() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "secretguard-hygiene"  # checked absent from the index with `pip download`
    assert project["scripts"]["secretguard"]
