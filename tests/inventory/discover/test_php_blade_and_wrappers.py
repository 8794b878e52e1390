"""PHP: env() anywhere in a Blade template (echoes, `@php` blocks, directives' arguments), functions that
pass a parameter to env() followed to their calls' literal arguments, names built at run time never
reported by their literal part, `$_SERVER` request keys not variables, and an AUTH name compared with a
mode's name is a switch."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import Discovery
from secretguard.inventory.discover.blade import as_php
from secretguard.inventory.discover.php import discover_php
from tests.inventory.discover.projects import discovered


def names(found: Discovery) -> dict[str, tuple[str | None, list[str]]]:
    return {v.name: (v.default, v.locations) for v in found.variables}


BLADE = """
    @extends('layouts.app')
    {{-- {{ env('IN_A_COMMENT') }} --}}
    <title>{{ env('APP_NAME') }}</title>
    {!! env('CUSTOM_META_TAGS', '<meta name="x">') !!}
    @if(env('DISPLAY_FOOTER') === true)
      <footer>{{env('FOOTER_TEXT')}}</footer>
    @endif
    @if (env('ALLOW_REGISTRATION') and !config('app.single_user'))
      <a href="mailto:admin@example.com">admin@example.com</a>
    @endif
    @php
        $betaServer = env('BETA_SERVER', 'https://beta.example.org/');
        $isBeta = env('JOIN_BETA', false);
    @endphp
    @php($skip = env('SKIP_UPDATE_BACKUP'))
    <div v-text="@{{ env('VUE_SIDE') }}"></div>
    @verbatim
      {{ env('VERBATIM_TEXT') }}
    @endverbatim
    <?php $mailer = env('MAIL_MAILER'); ?>
"""


def test_blade_echoes_directives_and_php_blocks() -> None:
    reads = {r.name: r for r in discover_php(textwrap.dedent(BLADE).lstrip("\n"), "views/home.blade.php")}
    assert set(reads) == {
        "APP_NAME",
        "CUSTOM_META_TAGS",
        "DISPLAY_FOOTER",
        "FOOTER_TEXT",
        "ALLOW_REGISTRATION",
        "BETA_SERVER",
        "JOIN_BETA",
        "SKIP_UPDATE_BACKUP",
        "MAIL_MAILER",
    }
    assert reads["APP_NAME"].line == 3  # lines are the template's own
    assert reads["BETA_SERVER"].line == 12
    assert reads["BETA_SERVER"].default == "https://beta.example.org/"
    assert reads["CUSTOM_META_TAGS"].default == '<meta name="x">'
    assert reads["JOIN_BETA"].default == "false"
    assert reads["MAIL_MAILER"].line == 20


def test_blade_rewrite_keeps_lines_and_plain_php_files_are_not_rewritten() -> None:
    text = textwrap.dedent(BLADE).lstrip("\n")
    assert as_php(text).count("\n") == text.count("\n")
    # A plain .php file is not a template: `{{ env('X') }}` in its markup stays markup.
    assert discover_php("<html>{{ env('NOT_CODE') }}</html>\n", "public/index.php") == []


def test_wrappers_and_computed_names(tmp_path: Path) -> None:
    found = discovered(
        tmp_path,
        {
            "config/app.php": """
                <?php
                function locales($key, $default)
                {
                    $value = env($key, $default);
                    return array_map('trim', explode(',', $value));
                }
                return [
                    'supported_locales' => locales('LOCALES', 'de, es, pt'),
                    'name' => env('APP_NAME', 'Shop'),
                ];
            """,
            "app/Functions/functions.php": """
                <?php
                function footer($key)
                {
                    $upperStr = strtoupper($key);
                    if (env('TITLE_FOOTER_'.$upperStr) == "") {
                        return __('messages.footer.'.$key);
                    }
                    return env('TITLE_FOOTER_'.$upperStr);
                }
                function feature($name, $fallback = 'off')
                {
                    return getenv('FEATURE_' . strtoupper($name)) ?: $fallback;
                }
                function setting($name)
                {
                    return env($name);
                }
            """,
            "resources/views/footer.blade.php": """
                <a href="/">{{ footer('Home') }}</a>
                <a href="/terms">{{ footer('Terms') }}</a>
                @if(feature('beta'))<span>beta</span>@endif
                {{ footer($page->name) }}
                {{ setting('app.timezone') }}
            """,
            "resources/views/page.blade.php": """
                <h1>{{ env('PAGE_TITLE_'.strtoupper($name)) }}</h1>
            """,
        },
    )
    got = names(found)
    assert got["LOCALES"][0] == "de, es, pt"
    assert got["LOCALES"][1] == ["config/app.php:8"]  # the call names it, not the wrapper's env($key)
    assert got["APP_NAME"][0] == "Shop"
    assert "TITLE_FOOTER_HOME" in got
    assert "TITLE_FOOTER_TERMS" in got
    assert got["TITLE_FOOTER_HOME"][1] == ["resources/views/footer.blade.php:1"]
    assert "FEATURE_BETA" in got
    # Never the literal part of a built name; a computed argument or a lower-case config key names nothing.
    assert not any(name.endswith("_") for name in got)
    assert "app.timezone" not in got
    assert "APP.TIMEZONE" not in got
    assert any(
        n.file == "resources/views/page.blade.php" and "built at run time" in n.message for n in found.notes
    )


def test_a_wrapper_without_literal_calls_is_noted(tmp_path: Path) -> None:
    found = discovered(
        tmp_path,
        {"app/helpers.php": "<?php\nfunction cfg($key) { return env($key); }\necho cfg($dynamic);\n"},
    )
    assert found.variables == []
    assert any("cfg() reads a variable its caller names" in n.message for n in found.notes)


def test_server_request_keys_are_not_variables() -> None:
    code = """<?php
    if (env('FORCE_ROUTE_HTTPS') == 'true' && (!isset($_SERVER['HTTPS']) || $_SERVER['HTTPS'] == 'off')) {
        $url = "https://" . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI'];
    }
    $ip = $_SERVER['REMOTE_ADDR'] ?? '';
    $self = $_SERVER['PHP_SELF'];
    $home = $_SERVER['APP_HOME'] ?? '/srv/app';
    """
    got = {r.name: r.default for r in discover_php(code, "app/Http/Middleware/Headers.php")}
    assert got == {"FORCE_ROUTE_HTTPS": None, "APP_HOME": "/srv/app"}


def test_auth_name_compared_with_a_mode_is_a_switch(tmp_path: Path) -> None:
    found = discovered(
        tmp_path,
        {
            "routes/web.php": """
                <?php
                if (env('REGISTER_AUTH') == 'verified') {
                    Route::middleware('verified');
                }
                if ('basic' === env('PROXY_AUTH')) { $basic = true; }
                if (env('SMTP_AUTH') == 'changeme') { warn(); }
                $redis = env('REDIS_AUTH');
            """,
        },
    )
    labels = {v.name: v.secret for v in found.variables}
    assert labels == {
        "REGISTER_AUTH": False,
        "PROXY_AUTH": False,
        "SMTP_AUTH": True,  # compared with the example's value: still a credential
        "REDIS_AUTH": True,
    }


def test_broken_template_constructs_are_markup() -> None:
    text = "<p>{{ unclosed\n@if(env('AFTER_ECHO'))\n{!! env('RAW') !!}\n@foreach(\n"
    got = {r.name: r.line for r in discover_php(text, "views/broken.blade.php")}
    assert got == {"AFTER_ECHO": 2, "RAW": 3}
