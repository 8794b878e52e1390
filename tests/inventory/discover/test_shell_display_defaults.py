"""Shell: a `${X:-word}` that only shows a word in a message (`echo`, `printf`) is a read without a default;
the same expansion in a command or an assignment keeps its default."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.shell import discover_shell


def test_a_message_shows_a_word_for_an_unset_variable_not_a_fallback() -> None:
    script = textwrap.dedent("""
        #!/bin/sh
        echo "storage path: ${SHOP_STORAGE_PATH:-default}"
        if [ -n "$SHOP_DEBUG" ]; then printf 'cache: %s\\n' "${SHOP_CACHE_PATH:-none}"; fi
        DATA_DIR="${SHOP_DATA_DIR:-/data}"
        exec shop --listen "${SHOP_LISTEN:-0.0.0.0:8080}" --data "$DATA_DIR"
    """).lstrip("\n")
    reads = {r.name: (r.optional, r.default) for r in discover_shell(script, "docker/entrypoint.sh")}
    assert reads == {
        "SHOP_STORAGE_PATH": (True, None),
        "SHOP_DEBUG": (False, None),
        "SHOP_CACHE_PATH": (True, None),
        "SHOP_DATA_DIR": (True, "/data"),
        "SHOP_LISTEN": (True, "0.0.0.0:8080"),
    }
