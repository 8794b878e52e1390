"""Python: a standalone script that starts a test runner (`runtests.py` configuring Django's settings and
calling `DiscoverRunner().run_tests()`, or one ending in `pytest.main()` / `unittest.main()`) is how the
project's tests are run, whatever its name: its reads are `test`. A file in a package, or a script that
only mentions a runner without importing it, stays the app's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

DJANGO_RUNNER = """
    import os
    import sys

    import django
    from django.conf import settings


    class Harness:
        def run(self, labels):
            settings.configure(
                DEBUG=True,
                MAIL_POLL_VERBOSITY=int(os.environ.get("MAIL_POLL_VERBOSITY", "0")),
                INSTALLED_APPS=["tickets"],
            )
            django.setup()
            from django.test.runner import DiscoverRunner

            failures = DiscoverRunner(verbosity=1).run_tests(labels)
            sys.exit(bool(failures))


    if __name__ == "__main__":
        Harness().run(sys.argv[1:])
"""
GET_RUNNER = """
    import os

    from django.conf import settings
    from django.test.utils import get_runner as runner_class

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tickets.test_settings")
    BROKER = os.getenv("SUITE_BROKER_URL", "memory://")
    runner_class(settings)().run_tests(["tickets"])
"""
PYTEST_MAIN = """
    import os
    import pytest as pt

    if __name__ == "__main__":
        os.environ.setdefault("SEARCH_BACKEND", "whoosh")
        raise SystemExit(pt.main(["-q", os.getenv("SUITE_FILTER", "tests")]))
"""
SETTINGS = """
    import os

    DEBUG = os.getenv("DEBUG", "false") == "true"
"""


def test_runner_scripts_are_test_scope(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "quickcheck.py": DJANGO_RUNNER,
            "tools/suite.py": GET_RUNNER,
            "run_suite.py": PYTEST_MAIN,
            "tickets/__init__.py": "",
            "tickets/settings.py": SETTINGS,
        },
    )
    assert found["MAIL_POLL_VERBOSITY"].scope == "test"
    assert found["SUITE_BROKER_URL"].scope == "test"
    assert found["SUITE_FILTER"].scope == "test"
    assert found["DEBUG"].scope == "runtime"


def test_packaged_or_unimported_runners_stay(tmp_path: Path) -> None:
    selfcheck = """
        import os
        import unittest


        def check():
            if os.getenv("SELF_CHECK_ON_BOOT") == "1":
                unittest.main(module="tickets.checks", exit=False)
    """
    lookalike = """
        import os

        from tickets.jobs import queue


        def main():
            queue.run_tests(os.getenv("NIGHTLY_JOB_LIST", "all"))  # the app's own method, no test runner


        if __name__ == "__main__":
            main()
    """
    found = project(
        tmp_path,
        {
            "tickets/__init__.py": "",
            "tickets/boot.py": selfcheck,
            "nightly.py": lookalike,
        },
    )
    assert found["SELF_CHECK_ON_BOOT"].scope == "runtime"  # imported by the app: not a standalone script
    assert found["NIGHTLY_JOB_LIST"].scope == "runtime"
