"""JS/TS defaults given by a statement or a chain rather than a literal right after the read."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.javascript import discover_javascript


def reads(text: str) -> dict[str, tuple[bool, str | None, bool]]:
    found = discover_javascript(textwrap.dedent(text), "server/config.js")
    return {r.name: (r.optional, r.default, r.computed_default) for r in found}


def test_if_not_set_then_assign() -> None:
    found = reads("""
        let retries = 3;
        if (!process.env.SYNC_INTERVAL) {
            syncInterval = 10;
        }
        if (!process.env.ORIGIN_CHECK) process.env.ORIGIN_CHECK = "strict";
        if (!process.env.TEMP_DIR) {
            tempDir = os.tmpdir();
        }
        if (!process.env.SESSION_SECRET) {
            throw new Error("SESSION_SECRET is required");
        }
        if (!process.env.ADMIN_EMAIL) {
            console.error("ADMIN_EMAIL must be set");
            process.exit(1);
        }
    """)
    assert found["SYNC_INTERVAL"] == (True, "10", False)
    assert found["ORIGIN_CHECK"] == (True, "strict", False)
    assert found["TEMP_DIR"] == (True, None, True)  # computed: no single default
    assert found["SESSION_SECRET"] == (False, None, False)
    assert found["ADMIN_EMAIL"] == (False, None, False)


def test_a_local_holding_the_read_then_its_fallback() -> None:
    found = reads("""
        let port = process.env.HTTP_PORT;
        if (!port) {
            port = 3001;
        }
        let host = process.env.HTTP_HOST;
        host ??= "0.0.0.0";
        let workers = process.env.WORKERS
        workers = workers || 2
        const name = process.env.INSTANCE_NAME;
        console.log(name);
    """)
    assert found["HTTP_PORT"] == (True, "3001", False)
    assert found["HTTP_HOST"] == (True, "0.0.0.0", False)
    assert found["WORKERS"] == (True, "2", False)
    assert found["INSTANCE_NAME"] == (False, None, False)


def test_chains_and_conversions() -> None:
    found = reads("""
        const dataDir = process.env.APP_DATA_DIR || args["data-dir"] || defaultDir() || "./data/";
        const sslKey = args.key || process.env.APP_SSL_KEY || process.env.SSL_KEY || undefined;
        const cacheDir = process.env.CACHE_DIR ?? computeCacheDir();
        const limit = parseInt(process.env.RATE_LIMIT || "100", 10);
        const timeout = parseInt(process.env.HTTP_TIMEOUT, 10) || 30;
        const ratio = Number(process.env.SAMPLE_RATIO) ?? 0.5;
        const plain = process.env.PLAIN_VALUE || "text";
        const port = parseInt(process.env.APP_PORT || process.env.PORT || 3000);
        const noFrame = !!process.env.DISABLE_FRAMING || args["no-frame"] || false;
    """)
    assert found["APP_DATA_DIR"] == (True, "./data/", False)
    assert found["APP_SSL_KEY"][1:] == (None, False)  # ends with undefined: no default
    assert found["SSL_KEY"][1:] == (None, False)
    assert found["CACHE_DIR"] == (True, None, True)
    assert found["RATE_LIMIT"] == (True, "100", False)
    assert found["HTTP_TIMEOUT"] == (True, "30", False)
    assert found["SAMPLE_RATIO"] == (False, None, False)  # `Number(...)` is never nullish: `??` never runs
    assert found["PLAIN_VALUE"] == (True, "text", False)
    assert found["APP_PORT"] == (True, None, True)  # falls back to another variable
    assert found["PORT"] == (True, "3000", False)
    assert found["DISABLE_FRAMING"] == (True, None, False)  # `false` is the boolean's, not the value's
