"""Round 64: a switch's `False` tested for truth is its default `false`; an access key beside its
`*_KEY_SECRET` names the account; a script starting webpack's dev server is a developer's; `X ? +X : 5432`
falls back to 5432."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_switch_tested_for_truth_defaults_to_false(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os

                if os.environ.get("DEBUG_TOOLBAR", False):
                    INSTALLED_APPS = ["debug_toolbar"]
                if os.environ.get("DJANGO_SQL_LOG", False):
                    LOGGING = {}
                if os.environ.get("APP_VERSION", False):
                    VERSION = "set"
            """
        },
    )
    assert found["DEBUG_TOOLBAR"].default == "false"
    assert found["DJANGO_SQL_LOG"].default == "false"
    assert found["APP_VERSION"].default is None  # a value's False stands for "not set"


def test_an_access_key_beside_its_key_secret_is_the_accounts_id(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/s3.service.ts": """
                export const s3 = new S3({
                  accessKeyId: process.env.AWS_S3_ACCESS_KEY,
                  secretAccessKey: process.env.AWS_S3_KEY_SECRET,
                });
            """
        },
    )
    assert not found["AWS_S3_ACCESS_KEY"].secret
    assert found["AWS_S3_KEY_SECRET"].secret


def test_webpacks_dev_server_script_is_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/client/scripts/start.js": """
                const WebpackDevServer = require("webpack-dev-server");
                const DEFAULT_PORT = parseInt(process.env.PORT, 10) || 3000;
                const HOST = process.env.HOST || "0.0.0.0";
            """,
            "packages/server/src/main.ts": "const port: number = parseInt(process.env.PORT);\n",
        },
    )
    assert found["HOST"].scope == "dev"
    assert found["PORT"].scope == "runtime"


def test_a_ternary_converting_with_unary_plus(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"src/db.ts": "export const port = process.env.DATABASE_PORT ? +process.env.DATABASE_PORT : 5432;\n"},
    )
    assert found["DATABASE_PORT"].default == "5432"


def test_gradle_and_maven_wrappers_are_build_tooling(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "android/gradlew": '#!/bin/sh\nif [ -n "$JAVA_HOME" ] ; then echo "$GRADLE_OPTS"; fi\n',
            "server/mvnw": '#!/bin/sh\necho "$MAVEN_OPTS"\n',
        },
    )
    assert {found[n].scope for n in ("JAVA_HOME", "GRADLE_OPTS", "MAVEN_OPTS")} == {"build"}
