"""A folder of other projects' Python packages copied into the tree (Tautulli's `lib/` of cherrypy, click,
requests...) is not read: its reads are those libraries'. A `lib/` of the app's own modules is."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_vendored_lib_folder_is_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Tautulli.py": 'import os\nDOCKER = os.getenv("TAUTULLI_DOCKER")\n',
            "lib/click/__init__.py": 'import os\nCOLOR = os.environ.get("CLICK_COLOR")\n',
            "lib/requests/__init__.py": 'import os\nCA = os.environ.get("REQUESTS_CA_BUNDLE")\n',
            "lib/cherrypy/__init__.py": "",
            "lib/platformdirs/__init__.py": 'import os\nX = os.getenv("XDG_DATA_HOME")\n',
        },
    )
    assert "TAUTULLI_DOCKER" in found
    assert "CLICK_COLOR" not in found
    assert "XDG_DATA_HOME" not in found


def test_an_apps_own_lib_folder_is_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"lib/mailer.py": 'import os\nSMTP_HOST = os.getenv("SMTP_HOST")\n', "lib/auth.py": ""},
    )
    assert "SMTP_HOST" in found
