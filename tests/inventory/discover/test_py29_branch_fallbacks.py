"""A literal the `except` handler (or the `else` of a presence test) assigns the name a read was assigned to,
and credential names with an encoding suffix or an auth code."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
import os

try:
    MAX_NB_EMAIL_FREE_PLAN = int(os.environ["SHOP_MAX_NB_EMAIL_FREE_PLAN"])
except Exception:
    print("MAX_NB_EMAIL_FREE_PLAN is not set, use 5 as default value")
    MAX_NB_EMAIL_FREE_PLAN = 5

try:
    PADDLE_VENDOR_ID = int(os.environ["SHOP_PADDLE_VENDOR_ID"])
except (KeyError, ValueError):
    PADDLE_VENDOR_ID = -1

if "SHOP_MAX_SPAM_SCORE" in os.environ:
    MAX_SPAM_SCORE = float(os.environ["SHOP_MAX_SPAM_SCORE"])
else:
    MAX_SPAM_SCORE = 5.5

PADDLE_AUTH_CODE = os.environ.get("SHOP_PADDLE_AUTH_CODE")
MAC_KEY_HEX = os.environ.get("SHOP_MAC_KEY_HEX")
"""


def test_branch_fallbacks_and_labels(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/config.py": _CONFIG})
    assert found["SHOP_MAX_NB_EMAIL_FREE_PLAN"].default == "5"
    assert found["SHOP_PADDLE_VENDOR_ID"].default == "-1"
    assert found["SHOP_MAX_SPAM_SCORE"].default == "5.5"
    assert found["SHOP_PADDLE_AUTH_CODE"].secret is True
    assert found["SHOP_MAC_KEY_HEX"].secret is True
