"""Which places count when defaults disagree: `env('X', null)` is a read without a default, like a bare
`env('X')`; a read only tested for truth (`if (getenv('X') || ...)`, `env('X') ? a : b`) has no value to
fall back to, so it leaves another place's default alone; and so does a shell `${X:-}` (which expands as
`$X` does when X is unset)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.php import discover_php
from secretguard.inventory.discover.shell import discover_shell
from tests.inventory.discover.projects import project


def _found(code: str) -> dict[str, list[tuple[bool, str | None]]]:
    out: dict[str, list[tuple[bool, str | None]]] = {}
    reads: list[Read] = discover_php(textwrap.dedent(code), "config/app.php")
    for read in reads:
        out.setdefault(read.name, []).append((read.optional, read.default))
    return out


def test_explicit_null_is_no_default() -> None:
    found = _found("""
        <?php
        return [
            'from' => env('MAIL_FROM', null),
            'host' => getenv('CACHE_HOST') ?: null,
            'name' => env('MAIL_NAME', 'Example'),
        ];
    """)
    assert found == {
        "MAIL_FROM": [(False, None)],
        "CACHE_HOST": [(False, None)],
        "MAIL_NAME": [(True, "Example")],
    }


def test_truth_tests_handle_absence() -> None:
    found = _found("""
        <?php
        if (getenv("DB_NAME") || getenv("DB_HOST")) {
            $url = getenv("DB_URL");
        }
        if (env('FEATURE_X')) { enable(); }
        $cached = env('TIMELINE') ? env('TIMELINE_CACHED', false) : false;
        $off = !env('REGISTRATION');
        $mode = env('APP_ENV') == 'production';
        $host = env('REDIS_HOST');
    """)
    assert found["DB_NAME"] == [(True, None)]
    assert found["DB_HOST"] == [(True, None)]
    assert found["DB_URL"] == [(False, None)]  # a value use
    assert found["FEATURE_X"] == [(True, None)]
    assert found["TIMELINE"] == [(True, None)]
    assert found["REGISTRATION"] == [(True, None)]
    assert found["APP_ENV"] == [(False, None)]  # a comparison: kept apart through compared_with
    assert found["REDIS_HOST"] == [(False, None)]


def test_defaults_across_places(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/mail.php": "<?php return ['from' => env('MAIL_FROM', null), 'to' => env('MAIL_TO')];\n",
            "config/backup.php": (
                "<?php return ['from' => env('MAIL_FROM', 'hello@example.com'),"
                " 'to' => env('MAIL_TO', 'ops@example.com')];\n"
            ),
            "config/database.php": "<?php return ['host' => env('DB_HOST', '127.0.0.1')];\n",
            "config/feature.php": "<?php return ['tl' => env('TIMELINE', true)];\n",
            "heroku/start.php": (
                '<?php\nif (getenv("DB_HOST") || getenv("CLEARDB_DATABASE_URL")) { echo "db"; }\n'
                "$c = env('TIMELINE') ? 1 : 0;\n"
            ),
            "docker/helpers.sh": ('#!/bin/bash\ncase "${DB_CONNECTION:-}" in\n  mysql) echo my ;;\nesac\n'),
            "config/queue.php": "<?php return ['db' => env('DB_CONNECTION', 'mysql')];\n",
        },
    )
    assert found["MAIL_FROM"].default is None  # the null place gets null: the places disagree
    assert found["MAIL_TO"].default is None
    assert found["DB_HOST"].default == "127.0.0.1"  # the truth test says nothing against it
    assert found["TIMELINE"].default == "true"
    assert found["DB_CONNECTION"].default == "mysql"  # `${X:-}` only tests for presence


def test_shell_fallback_expression_is_computed() -> None:
    script = (
        '#!/bin/bash\n: "${POST_MAX:=$(numfmt --to=si "$((PHOTO * 4))")}"\n'
        'exec app "${LEVEL:-info}" "${ROOT:-${HOME}/app}" "${EMPTY:-}"\n'
    )
    found = {r.name: (r.default, r.computed_default) for r in discover_shell(script, "docker/defaults.sh")}
    assert found["POST_MAX"] == (None, True)
    assert found["LEVEL"] == ("info", False)
    assert found["ROOT"] == (None, True)
    assert found["EMPTY"] == (None, False)  # `${X:-}` is `$X`: no fallback at all


def test_blade_condition_directives_are_truth_tests(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/features.php": (
                "<?php return ['preview' => env('PREVIEW_MODE', false), 'beta' => env('BETA_BANNER', false),"
                " 'ro' => env('READ_ONLY', false), 'theme' => env('SITE_THEME', 'light')];\n"
            ),
            "resources/views/profile.blade.php": (
                "<form>\n"
                "  <input name=\"email\" @if(env('PREVIEW_MODE')) disabled @endif>\n"
                "  @unless (env('READ_ONLY'))\n    <button>Save</button>\n  @endunless\n"
                "  @if(!config('app.x'))\n  @elseif(env('BETA_BANNER'))\n    <p>beta</p>\n  @endif\n"
                "  <body class=\"{{ env('SITE_THEME') }}\">\n"
                "</form>\n"
            ),
        },
    )
    assert found["PREVIEW_MODE"].default == "false"  # `@if(env('X'))` only tests the value
    assert found["READ_ONLY"].default == "false"  # `@unless` is `if (! ...)`
    assert found["BETA_BANNER"].default == "false"
    assert found["SITE_THEME"].default is None  # echoed: a value use without the fallback


def test_blade_directive_rewrite_keeps_the_condition() -> None:
    text = "@if (env('A'))\n@elseif(env('B'))\n@endif\n@unless(env('C')) x @endunless\n@foreach($xs as $x)\n"
    reads = {r.name: r.optional for r in discover_php(text, "resources/views/a.blade.php")}
    assert reads == {"A": True, "B": True, "C": True}
