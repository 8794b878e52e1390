"""A config value matched whole with an anchored regex whose group indexes `process.env` (`"${PORT:9001}"` in
a JSON-with-comments settings file the image copies under the loaded name), and a shell `let` assignment."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SETTINGS_TS = """
    export const replaceEnvs = (obj: any) => {
      for (const key of Object.keys(obj)) {
        const value = obj[key];
        if (typeof value !== 'string') continue;
        const match = value.match(/^\\$\\{([^:]*)(:((.|\\n)*))?\\}$/);
        if (match == null) continue;
        const envVarName = match[1];
        const envVarValue = process.env[envVarName];
        const defaultValue = match[3];
        obj[key] = envVarValue === undefined ? defaultValue : envVarValue;
      }
      return obj;
    };
"""

_SETTINGS = """
    /*
     * Values may be "${ENV_VAR}" or "${ENV_VAR:default_value}", e.g.
     *    "port": "${DOCS_ONLY_PORT:9001}"
     */
    {
      "title": "${PAD_TITLE:Pads}",
      "port": "${PAD_PORT:9001}",
      // "ip": "${COMMENTED_IP}",
      "dbSettings": {
        "password": "${PAD_DB_PASS:null}",
        "host": "${PAD_DB_HOST}"
      },
      "note": "plain text"
    }
"""

_DOCKERFILE = """
    FROM node:22-alpine
    ARG SETTINGS=./settings.json.docker
    COPY ./src ./src
    COPY ${SETTINGS} ./settings.json
    CMD ["node", "src/server.js"]
"""


def test_values_matched_whole_in_a_copied_settings_variant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/node/Settings.ts": _SETTINGS_TS,
            "settings.json.docker": _SETTINGS,
            "Dockerfile": _DOCKERFILE,
        },
    )
    assert found["PAD_TITLE"].default == "Pads"
    assert found["PAD_PORT"].default == "9001"
    assert found["PAD_PORT"].scope == "runtime"
    assert found["PAD_DB_PASS"].secret is True
    assert found["PAD_DB_HOST"].default is None
    assert "DOCS_ONLY_PORT" not in found  # inside a block comment
    assert "COMMENTED_IP" not in found


def test_a_shell_let_assigns_a_local(tmp_path: Path) -> None:
    script = """
        #!/bin/bash
        let SIZE=$(du -s build | cut -f1)+8
        sed "s/SIZE/${SIZE}/" control.in > control
        echo "${PKG_NAME:-pad}"
    """
    found = project(tmp_path, {"bin/build.sh": script})
    assert "SIZE" not in found
    assert "PKG_NAME" in found
