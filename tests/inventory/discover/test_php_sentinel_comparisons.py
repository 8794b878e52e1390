"""PHP: a sentinel handed to env() only to be compared with the same literal (`env('X', false) === false`,
`env('X', '') !== ''`), a default-less read compared with `null`, or getenv() compared with `false` (what it
returns when unset) only ask whether the variable is set. The sentinel is no fallback: such a read has no
default and, being a test, leaves another place's default alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.php import discover_php
from tests.inventory.discover.projects import project


def _found(code: str) -> dict[str, tuple[bool, str | None, str | None]]:
    reads = discover_php(textwrap.dedent(code), "app/Support/Installer.php")
    found: dict[str, tuple[bool, str | None, str | None]] = {}
    for r in reads:
        found.setdefault(r.name, (r.optional, r.default, r.compared_with))  # each name's first read
    return found


def test_sentinel_compared_with_itself_is_no_default() -> None:
    found = _found("""
        <?php
        $domains = env('STATEFUL_HOSTS', false) === false ? $host : env('STATEFUL_HOSTS');
        $unset = env('COOKIE_SCOPE', false) == false;
        $set = env('PROXY_LIST', false) !== false;
        $empty = '' === env('MAIL_SENDER', '');
        $missing = null !== env('SESSION_HOST', null);
    """)
    assert found["STATEFUL_HOSTS"][:2] == (True, None)
    assert found["COOKIE_SCOPE"] == (True, None, None)
    assert found["PROXY_LIST"] == (True, None, None)
    assert found["MAIL_SENDER"] == (True, None, None)  # not "compared with ''" either
    assert found["SESSION_HOST"] == (True, None, None)


def test_absence_comparisons_without_default() -> None:
    found = _found("""
        <?php
        $a = env('SESSION_HOST') === null;
        $b = getenv('QUEUE_HOST') === false;
        $c = env('SHOW_BANNER') === false;
        $d = $_ENV['QUEUE_USER'] === null;
    """)
    assert found["SESSION_HOST"] == (True, None, None)
    assert found["QUEUE_HOST"] == (True, None, None)
    assert found["QUEUE_USER"] == (True, None, None)
    # env() turns "false" into false: `=== false` asks about the value (a switch tested against a boolean),
    # and no default was given
    assert found["SHOW_BANNER"] == (False, None, "false")


def test_other_comparisons_keep_their_default() -> None:
    found = _found("""
        <?php
        $strict = env('STRICT_MODE', false) === true;
        $prod = env('RUN_MODE', 'production') === 'production';
        $joined = env('LOG_SUFFIX', '') === '' . $channel;
        $plain = env('CACHE_TTL', false);
    """)
    assert found["STRICT_MODE"][1] == "false"  # a different literal: the default is real
    assert found["RUN_MODE"][1] == "production"  # a string default is what the app runs with
    assert found["LOG_SUFFIX"][:2] == (True, "")  # compared with a concatenation, not with ''
    assert found["CACHE_TTL"][1] == "false"


def test_sentinel_read_leaves_the_config_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/sanctum.php": (
                "<?php return ['stateful' => explode(',', env('STATEFUL_HOSTS', 'localhost'))];\n"
            ),
            "app/Support/Installer.php": (
                "<?php\nclass Installer { public function hosts() {\n"
                "    return env('STATEFUL_HOSTS', false) === false ? [] : config('sanctum.stateful');\n} }\n"
            ),
        },
    )
    assert found["STATEFUL_HOSTS"].default == "localhost"
