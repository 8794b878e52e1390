"""The detect-secrets adapter imports only the heuristic module (not its packages, not `requests`), and that
module answers exactly as the ordinary import's does. Fresh interpreters: the import state is global."""

from __future__ import annotations

import json
import subprocess
import sys

CASES = [
    ("get_secret()", "password = get_secret()"),
    ("{{ vault_password }}", "password: {{ vault_password }}"),
    ("$DB_PASSWORD", "password=$DB_PASSWORD"),
    ("abcdefghijklmnop", "token = abcdefghijklmnop"),
    ("*****", "password = *****"),
    ("a1b2c3d4e5f6a7b8", "user_id = a1b2c3d4e5f6a7b8"),
    ("Zq8vR2mX9tLk4WpN", 'api_key = "Zq8vR2mX9tLk4WpN"'),
]

_PROBE = """
import json, sys
from secretguard.scan import heuristics
cases = json.loads(sys.argv[1])
answers = [heuristics.looks_like_false_positive(secret, line) for secret, line in cases]
state = {
    "requests": "requests" in sys.modules,
    "package_init_ran": hasattr(sys.modules.get("detect_secrets"), "SecretsCollection"),
    "stand_ins_left": [n for n in ("detect_secrets", "detect_secrets.filters") if n in sys.modules],
}
if sys.argv[2] == "then-full":
    import detect_secrets
    import requests
    from detect_secrets.filters import heuristic
    state["full_ok"] = hasattr(detect_secrets, "SecretsCollection") and heuristic is heuristics._heuristic()
    state["requests_real"] = hasattr(requests, "Session")
    from detect_secrets.plugins import base
    state["plugin_requests"] = base.requests.exceptions.RequestException.__name__
print(json.dumps({"answers": answers, "state": state}))
"""

_ORDINARY = """
import json, sys
from detect_secrets.filters import heuristic
sys.modules["detect_secrets.filters.heuristic"] = heuristic
from secretguard.scan import heuristics
cases = json.loads(sys.argv[1])
print(json.dumps([heuristics.looks_like_false_positive(secret, line) for secret, line in cases]))
"""


def _run(code: str, mode: str = "") -> object:
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(CASES), mode], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_narrow_import_leaves_requests_and_the_packages_unloaded() -> None:
    out = _run(_PROBE, "alone")
    assert isinstance(out, dict)
    assert out["state"] == {"requests": False, "package_init_ran": False, "stand_ins_left": []}


def test_narrow_import_answers_as_the_ordinary_import() -> None:
    narrow = _run(_PROBE, "alone")
    ordinary = _run(_ORDINARY)
    assert isinstance(narrow, dict)
    assert narrow["answers"] == ordinary
    assert isinstance(ordinary, list)
    assert {"indirect-reference", "templated", None} <= set(ordinary)


def test_full_imports_after_the_narrow_one_still_work() -> None:
    out = _run(_PROBE, "then-full")
    assert isinstance(out, dict)
    state = out["state"]
    assert state["full_ok"] is True
    assert state["requests_real"] is True
    assert state["plugin_requests"] == "RequestException"


_RACE = """
import importlib.abc, importlib.machinery, sys, threading, time

class SlowLoader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner
    def create_module(self, spec):
        return self.inner.create_module(spec)
    def exec_module(self, module):
        time.sleep(0.3)  # the module is in sys.modules, its body not run yet
        self.inner.exec_module(module)

class SlowFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "detect_secrets.filters.heuristic":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = SlowLoader(spec.loader)
        return spec

sys.meta_path.insert(0, SlowFinder())
from secretguard.scan import heuristics
warming = threading.Thread(target=heuristics.preload)
warming.start()
time.sleep(0.1)  # the warm-up thread is inside the module's import now
print(heuristics.looks_like_false_positive("abcdefgh", "token = abcdefgh"))
warming.join()
"""


def test_a_scan_beside_the_warm_up_import_waits_for_the_whole_module() -> None:
    done = subprocess.run([sys.executable, "-c", _RACE], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "sequential"
