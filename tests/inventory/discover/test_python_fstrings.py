"""Modules using Python 3.12's f-strings still give their reads on an older Python: the f-strings it refuses
are rewritten into their fields' expressions, line by line."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.python_fstrings import _rewrite_line, without_new_fstrings
from tests.inventory.discover.projects import project

MODULE = """
import os

def encode(text):
    return f'&{text.encode("utf-16-be").rstrip(b"\\\\n=").decode("ascii")}-'

def folders(fetch):
    return f"folders {",".join(f'"{item.replace('"', r"\\34")}"' for item in fetch["folders"])}"

def options():
    opts = ""
    if "FETCH_OPTIONS" in os.environ: opts += f'{ os.environ["FETCH_OPTIONS"]}'
    return opts

DELAY = int(os.environ.get("FETCH_DELAY", 60))
"""


def test_fields_kept_text_dropped() -> None:
    assert _rewrite_line("x = f'{a!r:>10} and {b} {{literal}}'\n") == "x = (a,b,)\n"
    assert _rewrite_line('y = f"{d["k"]=}"  # f"{not a field}"\n') == 'y = (d["k"],)  # f"{not a field}"\n'
    assert _rewrite_line("z = 'plain {x}'\n") is None


def test_a_module_with_new_fstrings_is_read(tmp_path: Path) -> None:
    found = project(tmp_path, {"fetch.py": MODULE})
    assert found["FETCH_DELAY"].default == "60"
    assert found["FETCH_DELAY"].locations == ["fetch.py:14"]  # line numbers unchanged
    assert found["FETCH_OPTIONS"].locations == ["fetch.py:11"]


def test_a_module_that_never_parses_gives_none() -> None:
    assert without_new_fstrings("def broken(:\n    x = f'{a}'\n", "b.py") is None
