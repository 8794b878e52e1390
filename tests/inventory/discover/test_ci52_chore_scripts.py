"""A script only a CI step runs, named for a chore on the repository (`node update-translations.js` in a
package's folder), reads the CI's environment; a CI job starting the app's own entry point does not."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project

_WORKFLOW = """
name: translations
on: pull_request
jobs:
  translate:
    runs-on: ubuntu-latest
    steps:
      - name: Update translations
        env:
          TRANSLATIONS_OPENAI_API_KEY: ${{ secrets.TRANSLATIONS_OPENAI_API_KEY }}
        run: |
          node update-translations.js
        working-directory: packages/ui
      - name: Smoke
        run: node server.js
        working-directory: packages/ui
"""


def test_a_chore_script_ci_runs_is_ci(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/workflows/update-translations.yml": _WORKFLOW,
            "packages/ui/package.json": json.dumps({"name": "ui", "dependencies": {"express": "4"}}),
            "packages/ui/update-translations.js": "const key = process.env.TRANSLATIONS_OPENAI_API_KEY;\n",
            "packages/ui/server.js": "const port = process.env.PORT;\n",
        },
    )
    assert found["TRANSLATIONS_OPENAI_API_KEY"].scope == "ci"
    assert found["PORT"].scope == "runtime"
