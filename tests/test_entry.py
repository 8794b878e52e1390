"""The entry point: `run` answers (the fast path first), `main` leaves without the interpreter's teardown
but after the exit cleanups, with every byte written and the exit code kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from secretguard.entry import leave
from tests.helpers import planted_secrets

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETGUARD_")}
    return env | {"SECRETGUARD_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}


def test_every_report_byte_and_the_exit_code_survive_the_quick_exit(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    planted = planted_secrets()
    for i in range(40):  # a long report on standard output, and one in a file
        item = planted[i % len(planted)]
        (project / f"f{i}_{item.rule_id}.cfg").write_text(item.text, encoding="utf-8")
    command = [sys.executable, "-m", "secretguard", "scan", "files", "proj", "--format", "json"]
    for _ in range(2):  # the full path, then the fast path (its caches filled by the first run)
        shown = subprocess.run(command, cwd=tmp_path, env=_env(tmp_path), capture_output=True, check=False)
        assert shown.returncode == 1, shown.stderr
        assert len(json.loads(shown.stdout)) >= 40
        to_file = subprocess.run(
            [*command, "--output", "out.json"],
            cwd=tmp_path,
            env=_env(tmp_path),
            capture_output=True,
            check=False,
        )
        assert to_file.returncode == 1
        assert json.loads((tmp_path / "out.json").read_text()) == json.loads(shown.stdout)
    missing = subprocess.run(
        [sys.executable, "-m", "secretguard", "scan", "files", "nowhere"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        check=False,
    )
    assert missing.returncode == 3


def test_the_exit_cleanups_run_before_the_quick_exit(tmp_path: Path) -> None:
    marker = tmp_path / "cleaned"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        "sys.stdout.write('unflushed')\n"
        "from secretguard.entry import leave\n"
        "leave(5)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (5, "unflushed")
    assert marker.read_text() == "ran"


def test_with_another_thread_running_the_normal_exit_is_taken() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as raised:
            leave(4)
        assert raised.value.code == 4
    finally:
        stop.set()
        worker.join()
