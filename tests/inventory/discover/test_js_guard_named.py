"""JS/TS `if (!X) { y = v }`: a fallback only when y is X itself or named after it; a flag recording that X
is missing is not X's default."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.javascript import discover_javascript


def test_an_unrelated_assignment_in_the_unset_branch_is_not_a_default() -> None:
    code = textwrap.dedent("""
        let failed = false;
        if (!process.env.PYLON_API_KEY) {
            failed = true;
            logger.error("support chat is not configured");
        }
        let serverPort;
        if (!process.env.PORT) {
            serverPort = 8080;
        }
    """)
    found = {r.name: (r.optional, r.default) for r in discover_javascript(code, "src/support.ts")}
    assert found["PYLON_API_KEY"] == (False, None)
    assert found["PORT"] == (True, "8080")
