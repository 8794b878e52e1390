"""`scan repos --ray ADDRESS` on a real local Ray cluster reports exactly what the local run reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scan.repos.orgfixtures import Org, build_org

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def small_org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    return build_org(tmp_path_factory.mktemp("org"), forks=6, sharing=2, seed=9)


def _secretguard() -> list[str]:
    return [sys.executable, "-m", "secretguard"]


def test_ray_report_equals_the_local_report(small_org: Org, tmp_path: Path) -> None:
    import ray  # noqa: F401 - the extra must be installed (.ci/run installs it): never a silent skip

    assert shutil.which("unshare"), "the Ray test runs its cluster in a loopback-only network namespace"
    local = tmp_path / "local.json"
    on_ray = tmp_path / "ray.json"
    # The cluster's workers import this checkout, as the driver does.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "SECRETGUARD_FINGERPRINT_KEY": "ray-test-key", "PYTHONPATH": path}
    common = ["scan", "repos", str(small_org.root), "--format", "json", "-q"]
    code = subprocess.run([*_secretguard(), *common, "--output", str(local)], env=env, check=False).returncode
    assert code == 1
    harness = [sys.executable, "-m", "tests.scan.repos.ray_cluster", "--"]
    command = [*_secretguard(), *common, "--output", str(on_ray), "--ray", "{address}"]
    proc = subprocess.run(
        ["unshare", "-n", *harness, *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert json.loads(on_ray.read_text()) == json.loads(local.read_text())
    stripe = [f for f in json.loads(local.read_text()) if "stripe" in f["rule_id"]]
    assert len(stripe) == 1
    assert len(stripe[0]["places"]) == 2
