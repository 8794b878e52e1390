"""Python: a standalone script outside any package that asks at the terminal for what the environment lacks
(`os.getenv("GITHUB_TOKEN") or getpass(...)`) is a maintainer's tool: its reads are `dev`. A prompting
management command inside a package, or a script that prompts for nothing it reads, stays the app's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CHANGELOG_SCRIPT = """
    # /// script
    # dependencies = ["requests"]
    # ///
    import os
    from getpass import getpass

    import requests


    def token() -> str:
        value = os.getenv("RELEASE_BOT_TOKEN")
        if not value:
            value = getpass("GitHub token: ")
        return value


    def main() -> None:
        api = os.getenv("CHANGELOG_API", "https://api.example.org")
        print(requests.get(api, headers={"Authorization": token()}).json())
"""
MAIN_SCRIPT = """
    import getpass
    import os


    def credentials():
        user = os.environ.get("EXPORT_USER") or input("User: ")
        return user, getpass.getpass()


    if __name__ == "__main__":
        print(credentials())
"""
SETTINGS = """
    import os

    DEBUG = os.getenv("DEBUG", "false") == "true"
"""


def test_a_prompting_standalone_script_is_dev(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "extras/changelog/make_changelog.py": CHANGELOG_SCRIPT,
            "contrib/export_users.py": MAIN_SCRIPT,
            "app/__init__.py": "",
            "app/settings.py": SETTINGS,
        },
    )
    assert found["RELEASE_BOT_TOKEN"].scope == "dev"
    assert found["CHANGELOG_API"].scope == "dev"  # the whole script is the maintainer's
    assert found["EXPORT_USER"].scope == "dev"
    assert found["DEBUG"].scope == "runtime"


def test_a_prompting_command_in_a_package_stays(tmp_path: Path) -> None:
    command = """
        import os
        from getpass import getpass

        from django.core.management.base import BaseCommand


        class Command(BaseCommand):
            def handle(self, *args, **options):
                password = os.getenv("ADMIN_PASSWORD") or getpass("Password: ")
                self.stdout.write(password and "ok")


        if __name__ == "__main__":
            Command().handle()
    """
    found = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/management/__init__.py": "",
            "app/management/commands/__init__.py": "",
            "app/management/commands/initadmin.py": command,
        },
    )
    assert found["ADMIN_PASSWORD"].scope == "runtime"


def test_a_script_prompting_elsewhere_or_not_run_as_main_stays(tmp_path: Path) -> None:
    elsewhere = """
        import os


        def port() -> int:
            return int(os.getenv("WORKER_PORT", "9000"))


        def confirm() -> bool:
            return input("Really? ") == "y"


        if __name__ == "__main__":
            print(port(), confirm())
    """
    module = """
        import os
        from getpass import getpass

        def token():
            return os.getenv("SYNC_TOKEN") or getpass()
    """
    found = project(tmp_path, {"worker/run.py": elsewhere, "sync/helpers.py": module})
    assert found["WORKER_PORT"].scope == "runtime"  # the prompt is no fallback for what it reads
    assert found["SYNC_TOKEN"].scope == "runtime"  # no script: imported by something
