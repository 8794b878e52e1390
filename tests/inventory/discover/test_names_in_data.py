"""Names the code keeps in data and reads in a loop: `for name in ("A", "B")`, `[os.getenv(n) for n in
NAMES]`, `os.getenv(task["env_key"])` over a literal list of dicts."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover.python import FlaskUse, discover_python
from tests.inventory.discover.projects import project


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def reads(code: str) -> set[tuple[str, int, bool, str | None]]:
    found = discover_python(src(code), "app/config.py", FlaskUse())
    return {(r.name, r.line, r.optional, r.default) for r in found}


def test_loop_over_a_literal_list_of_dicts() -> None:
    code = """
        import os

        JOBS = [
            {"name": "backup", "env_key": "BACKUP_BUCKET_URL", "run": run_backup},
            {"name": "sync", "env_key": "SYNC_API_TOKEN"},
        ]

        def configure():
            for job in JOBS:
                job["url"] = os.getenv(job["env_key"])
                job["ttl"] = os.environ.get(job.get("ttl_key", "JOB_TTL"), "60")
    """
    assert reads(code) == {
        ("BACKUP_BUCKET_URL", 10, False, None),
        ("SYNC_API_TOKEN", 10, False, None),
        ("JOB_TTL", 11, True, "60"),
    }


def test_names_in_a_tuple_a_module_list_and_a_dict() -> None:
    code = """
        import os
        from os import environ

        REQUIRED = ["SMTP_HOST", "SMTP_PORT"]
        DEFAULTS = {"LOG_LEVEL": "info", "LOG_FORMAT": "json"}
        SERVICES = (("stripe", "STRIPE_SECRET_KEY"), ("sendgrid", "SENDGRID_API_KEY"))

        for name in ("REDIS_HOST", "REDIS_PORT"):
            if not os.environ.get(name):
                raise SystemExit(f"{name} is not set")

        missing = [n for n in REQUIRED if n not in os.environ]
        values = [os.getenv(n) for n in REQUIRED]
        logging = {key: environ.get(key, default) for key, default in DEFAULTS.items()}
        keys = {service: os.environ[var] for service, var in SERVICES}
        both = list(map(os.getenv, ("MAP_A", "MAP_B")))
    """
    assert reads(code) == {
        ("REDIS_HOST", 9, False, None),
        ("REDIS_PORT", 9, False, None),
        ("SMTP_HOST", 12, True, None),  # `n not in os.environ`: a presence check
        ("SMTP_PORT", 12, True, None),
        ("SMTP_HOST", 13, False, None),
        ("SMTP_PORT", 13, False, None),
        ("LOG_LEVEL", 14, True, "info"),  # each name with its own default, not the other's
        ("LOG_FORMAT", 14, True, "json"),
        ("STRIPE_SECRET_KEY", 15, False, None),
        ("SENDGRID_API_KEY", 15, False, None),
        ("MAP_A", 16, False, None),
        ("MAP_B", 16, False, None),
    }


def test_a_table_of_names_indexed_at_run_time() -> None:
    code = """
        import os

        ENV_HOMES = {"gpg": "GNUPGHOME", "sq": "SEQUOIA_HOME"}
        LABELS = {"gpg": "GnuPG", "sq": "Sequoia"}

        def home(backend):
            label = os.getenv(LABELS[backend])  # not names: nothing read
            return os.getenv(ENV_HOMES[backend], "")
    """
    assert reads(code) == {("GNUPGHOME", 8, True, ""), ("SEQUOIA_HOME", 8, True, "")}


def test_what_is_not_a_name_from_data() -> None:
    code = """
        import os

        NAMES = ["SHADOWED"]
        name = "MODULE_CONSTANT"

        def load(names):
            for name in names:  # not literal: nothing known about `name` here
                os.getenv(name)

        def other(NAMES):
            return [os.getenv(n) for n in NAMES]  # the parameter hides the module's list

        for item in get_items():
            os.getenv(item["key"])
    """
    assert reads(code) == set()


def test_names_built_from_a_base_classs_data_in_another_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "site/settings/base.py": """
                class CommunityBaseSettings:
                    _SOCIALACCOUNT_PROVIDERS = {
                        "github": {"APPS": [{"client_id": "123", "secret": "456"}]},
                        "gitlab": {"APPS": [{"client_id": "123", "secret": "456"}]},
                    }
            """,
            "site/settings/compose.py": """
                import os

                from .base import CommunityBaseSettings


                class ComposeSettings(CommunityBaseSettings):
                    @property
                    def SOCIALACCOUNT_PROVIDERS(self):
                        providers = self._SOCIALACCOUNT_PROVIDERS
                        for provider in providers.keys():
                            for setting in ["client_id", "secret"]:
                                value = os.environ.get(f"SITE_PROVIDERS_{provider.upper()}_{setting.upper()}")
                                if value is not None:
                                    providers[provider]["APPS"][0][setting] = value
                        return providers
            """,
        },
    )
    assert found["SITE_PROVIDERS_GITHUB_SECRET"].secret
    assert not found["SITE_PROVIDERS_GITLAB_CLIENT_ID"].secret
