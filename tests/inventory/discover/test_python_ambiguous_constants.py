"""Python: a module name given two different literals (one per branch of an `if`) has no single value, so a
fallback built from it is computed, not the first literal."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.python import FlaskUse, discover_python


def test_a_constant_assigned_in_both_branches_gives_no_default() -> None:
    code = textwrap.dedent("""
        import os

        if os.environ.get("USE_HTTPS", "false") == "true":
            PROTOCOL = "https"
        else:
            PROTOCOL = "http"
        SCHEME = "s3"

        S3_URL_PROTOCOL = os.environ.get("S3_URL_PROTOCOL", f"{PROTOCOL}:")
        S3_SCHEME = os.environ.get("S3_SCHEME", f"{SCHEME}://")
    """).lstrip("\n")
    reads = {r.name: r for r in discover_python(code, "shop/settings.py", FlaskUse())}
    assert reads["S3_URL_PROTOCOL"].default is None
    assert reads["S3_URL_PROTOCOL"].optional
    assert reads["S3_SCHEME"].default == "s3://"
