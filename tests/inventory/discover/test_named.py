"""A declared name quoted whole in runtime code: the app reads it some way discovery does not follow (a table
of providers, a helper of a library), so the variable is a runtime one."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

EXAMPLE = """
    SSO_ENABLED=
    SMTP_HOST=localhost
    DOC_ADDED=
    HELPDESK_DEBUG_LEVEL=
    WIDGET_THEME=
"""


def test_a_declared_name_in_a_table_of_runtime_code_is_a_runtime_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "src/providers.ts": """
                const providers = [{ id: "sso", flag: "SSO_ENABLED" }, { id: "mail", host: "SMTP_HOST" }];
                export const enabled = providers.filter((p) => readSetting(p.flag));
            """,
        },
    )
    assert found["SSO_ENABLED"].scope == "runtime"
    assert found["SSO_ENABLED"].optional is False  # the example gives no value
    assert found["SMTP_HOST"].scope == "runtime"
    assert found["SMTP_HOST"].optional is True  # the example's value: the app copes without it
    assert "named-in-code" in found["SSO_ENABLED"].sources
    assert "src/providers.ts:1" in found["SSO_ENABLED"].locations


def test_writes_keys_and_other_objects_lookups_are_not_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "app/hooks.py": """
                import os, subprocess
                from django.conf import settings

                def run_script(path, doc):
                    env = dict(os.environ)
                    env["DOC_ADDED"] = str(doc.added)
                    level = getattr(settings, "HELPDESK_DEBUG_LEVEL", 0)
                    subprocess.run([path], env=env)
            """,
            "app/theme.php": """
                <?php
                return ['WIDGET_THEME' => 'dark'];
            """,
            "app/Boot.php": """
                <?php
                $config->set('SMTP_HOST', $config->get('mailHost'));
            """,
        },
    )
    assert found["SMTP_HOST"].scope == "example"  # a config object's setter writes the name
    assert found["DOC_ADDED"].scope == "example"
    assert found["HELPDESK_DEBUG_LEVEL"].scope == "example"
    assert found["WIDGET_THEME"].scope == "example"


def test_only_declared_names_and_only_runtime_files_count(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "src/settings.py": """
                KNOWN = ("UNDECLARED_NAME", "OTHER_THING")
            """,
            "tests/test_mail.py": """
                NAMES = ["SMTP_HOST"]
            """,
            "web/package.json": '{"dependencies": {"vite": "5"}}',
            "web/src/main.js": """
                localStorage.getItem("SSO_ENABLED");
            """,
        },
    )
    assert "UNDECLARED_NAME" not in found
    assert found["SMTP_HOST"].scope == "example"  # a test's table is no reason
    assert found["SSO_ENABLED"].scope == "example"  # a browser bundle's key is not the server's variable


def test_a_file_whose_reads_are_not_runtime_does_not_promote(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "runtests.py": """
                import os
                import sys

                import pytest

                os.environ.get("CI_SHARD")
                print("SMTP_HOST")
                sys.exit(pytest.main(sys.argv[1:]))
            """,
            "pkg/config.go": """
                package config

                var names = []string{"SSO_ENABLED"}

                func apply(key, value string) {
                    switch key {
                    case "SMTP_HOST":
                        host = value
                    }
                }
            """,
        },
    )
    assert found["CI_SHARD"].scope == "test"  # a test runner's script, decided from its code
    assert found["SSO_ENABLED"].scope == "runtime"  # Go: a table of names in a runtime package
    assert found["SMTP_HOST"].locations == [".env.example:2", "pkg/config.go:7"]  # not the runner's mention


def test_a_name_the_code_reads_keeps_its_own_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "app/settings.py": """
                import os

                SMTP_HOST = os.getenv("SMTP_HOST", "mail")
            """,
            "app/mail.py": """
                LABELS = {"host": "SMTP_HOST"}
            """,
        },
    )
    assert found["SMTP_HOST"].scope == "runtime"
    assert found["SMTP_HOST"].default == "mail"
    assert "named-in-code" not in found["SMTP_HOST"].sources


def test_a_name_in_a_comment_is_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": EXAMPLE,
            "lib/cache.rb": """
                # Falls back to ENV["SMTP_HOST"] when no address is given
                URL = "http://host#anchor" # see "SSO_ENABLED"
            """,
            "src/mail.js": """
                /*
                 * reads "WIDGET_THEME" through the theme loader
                 */
                const url = "https://x.test/a//b"; // or "DOC_ADDED"
            """,
        },
    )
    assert {found[n].scope for n in ("SMTP_HOST", "SSO_ENABLED", "WIDGET_THEME", "DOC_ADDED")} == {"example"}
