"""A dict literal that keeps a read's fallback under a neighbouring `default` (or `fallback`) key, as a
layered configuration does (`{"default": "localhost", "env": os.getenv("APP_HOST")}`): that literal is the
read's default, unless the read gives its own."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.python import FlaskUse, discover_python

CONFIG = textwrap.dedent(
    """
    import os

    CONFIG = {
        "site": {
            "url": {"default": "http://localhost", "env": os.getenv("APP_SITE_URL")},
            "limit": {"DEFAULT": 250, "env": os.environ.get("APP_LIMIT")},
            "user": {"default": "", "env": os.getenv("APP_USER")},
            "logs": {"default": None, "env": os.getenv("APP_LOGS")},
            "own": {"fallback": "a", "env": os.getenv("APP_OWN", "b")},
            "name": {"env": os.getenv("APP_NAME")},
            "other": {"label": "x", "env": os.getenv("APP_OTHER")},
        }
    }
    """
)


def test_sibling_default_key_is_the_reads_default() -> None:
    found = {r.name: (r.optional, r.default) for r in discover_python(CONFIG, "config.py", FlaskUse())}
    assert found["APP_SITE_URL"] == (True, "http://localhost")
    assert found["APP_LIMIT"] == (True, "250")
    assert found["APP_USER"] == (True, "")  # an empty default: optional, nothing more
    assert found["APP_LOGS"] == (False, None)  # None is no default
    assert found["APP_OWN"] == (True, "b")  # the read's own fallback wins
    assert found["APP_NAME"] == (False, None)
    assert found["APP_OTHER"] == (False, None)  # only a key named as a default counts
