"""Round 12: a `.github/` script the project's image runs is the image's (not CI's), PHPUnit's bootstrap file
is a test's, CAPTCHA site keys are public, and token counts (`MAX_OUTPUT_TOKENS`, `*_TOKEN_BUDGET`) are no
tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project

_ENTRYPOINT = """\
    #!/bin/sh
    if [ -z "$CERTBOT_EMAIL" ]; then
      echo "no certificate"
    fi
    exec "$@"
"""
_WORKFLOW = """\
    on: push
    jobs:
      build:
        runs-on: ubuntu-latest
        steps:
          - run: ./.github/scripts/release.sh
"""
_RELEASE = '#!/bin/sh\necho "$RELEASE_CHANNEL"\n'


def test_a_github_script_the_image_starts_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": """\
                FROM alpine:3.20
                WORKDIR /srv
                COPY . ./
                ENTRYPOINT ["/bin/sh", ".github/container/start.sh"]
                CMD ["server"]
            """,
            ".github/container/start.sh": _ENTRYPOINT,
            ".github/workflows/release.yml": _WORKFLOW,
            ".github/scripts/release.sh": _RELEASE,
        },
    )
    assert found["CERTBOT_EMAIL"].scope == "runtime"
    assert found["RELEASE_CHANNEL"].scope == "ci"  # only the workflow runs it


def test_a_github_script_copied_into_the_image_and_started_there(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker/Dockerfile": """\
                FROM alpine:3.20
                COPY .github/container/start.sh /usr/local/bin/
                COPY .github/container/prepare.sh /tmp/prepare.sh
                RUN sh /tmp/prepare.sh
                ENTRYPOINT ["start.sh"]
                CMD /usr/local/bin/start.sh --serve
            """,
            ".github/container/start.sh": _ENTRYPOINT,
            ".github/container/prepare.sh": '#!/bin/sh\napk add "$EXTRA_PACKAGES"\n',
        },
    )
    assert found["CERTBOT_EMAIL"].scope == "runtime"
    assert found["EXTRA_PACKAGES"].scope == "build"  # a RUN executes it while building


def test_an_actions_own_image_stays_ci(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/actions/notify/Dockerfile": """\
                FROM alpine:3.20
                COPY . /action
                ENTRYPOINT ["/action/.github/actions/notify/run.sh"]
            """,
            ".github/actions/notify/run.sh": '#!/bin/sh\ncurl "$CHAT_WEBHOOK"\n',
        },
    )
    assert found["CHAT_WEBHOOK"].scope == "ci"


def test_a_development_stage_makes_its_script_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": """\
                FROM node:22 AS development
                COPY . /app
                CMD ["sh", "/app/.github/container/start.sh"]
            """,
            ".github/container/start.sh": _ENTRYPOINT,
        },
    )
    assert found["CERTBOT_EMAIL"].scope == "dev"


_PHPUNIT = """\
    <?xml version="1.0" encoding="UTF-8"?>
    <phpunit xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             bootstrap="bootstrap/testing.php"
             colors="true">
        <testsuites><testsuite name="Unit"><directory>./tests/Unit</directory></testsuite></testsuites>
    </phpunit>
"""


def test_phpunits_bootstrap_file_is_test(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "phpunit.xml.dist": _PHPUNIT,
            "bootstrap/testing.php": """\
                <?php
                $app = require __DIR__ . '/app.php';
                if (! env('KEEP_TEST_DATABASE')) {
                    $app->make('migrator')->fresh();
                }
            """,
            "bootstrap/app.php": "<?php\nreturn new App(env('APP_BASE_DIR', dirname(__DIR__)));\n",
            "public/index.php": "<?php\n$app = require __DIR__ . '/../bootstrap/app.php';\n",
        },
    )
    assert found["KEEP_TEST_DATABASE"].scope == "test"
    assert found["APP_BASE_DIR"].scope == "runtime"  # the app's bootstrap, which the tests' one loads


def test_a_bootstrap_the_app_also_requires_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "phpunit.xml": _PHPUNIT.replace("bootstrap/testing.php", "bootstrap/app.php"),
            "bootstrap/app.php": "<?php\nreturn new App(env('APP_BASE_DIR', dirname(__DIR__)));\n",
            "public/index.php": "<?php\n$app = require_once __DIR__.'/../bootstrap/app.php';\n",
        },
    )
    assert found["APP_BASE_DIR"].scope == "runtime"


@pytest.mark.parametrize(
    "name",
    [
        "RECAPTCHA_SITE_KEY",
        "RECAPTCHA_WEBSITE_KEY",
        "RECAPTCHA_SITEKEY",
        "HCAPTCHA_SITE_KEY",
        "NEXT_PUBLIC_TURNSTILE_SITE_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "RECAPTCHA_PUBLIC_KEY",
        "LLM_TOKEN_BUDGET_MONTH",
        "OPENAI_TOKEN_LIMIT",
        "MAX_TOKENS",
        "MAX_OUTPUT_TOKENS",
        "TOKENS_PER_MINUTE",
        "AI_TOKEN_QUOTA",
        "TOKEN_TTL",
    ],
)
def test_public_keys_and_token_counts_are_not_secrets(name: str) -> None:
    assert not secret_by_name(name)


@pytest.mark.parametrize(
    "name", ["RECAPTCHA_SECRET_KEY", "TURNSTILE_SECRET_KEY", "SITE_KEY", "GITHUB_TOKEN", "OPENAI_API_KEY"]
)
def test_their_secret_halves_stay_secrets(name: str) -> None:
    assert secret_by_name(name)


def test_a_site_key_keeps_its_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/captcha.php": """\
                <?php
                return [
                    'site_key' => env('CAPTCHA_SITE_KEY', '6Lc_example_site_key_value'),
                    'secret_key' => env('CAPTCHA_SECRET_KEY', '6Lc_example_secret_value'),
                ];
            """,
        },
    )
    assert not found["CAPTCHA_SITE_KEY"].secret
    assert found["CAPTCHA_SITE_KEY"].default == "6Lc_example_site_key_value"
    assert found["CAPTCHA_SECRET_KEY"].secret
    assert found["CAPTCHA_SECRET_KEY"].default is None
