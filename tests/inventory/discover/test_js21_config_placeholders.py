"""Placeholders an app's own code fills from the environment in its config files: the syntax is the regex
literal of a `.replace(regex, callback)` whose callback indexes `process.env` with a capture group; the names
are that regex's matches in the config files the app ships (those a Dockerfile copies into the image, and
those at the config places), scoped as the rest of discovery scopes them."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.js_placeholders import js_syntaxes
from tests.inventory.discover.projects import project

_LOADER = """
    const _ = require('lodash')
    module.exports = {
      fill (value) {
        return _.replace(value, /\\$\\(([A-Z0-9_]+)\\)/g, (whole, name) => { return process.env[name] })
      }
    }
"""


def test_a_config_a_shipped_dockerfile_copies_is_runtime_in_a_dev_folder(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "server/helpers/fill.js": _LOADER,
            "dev/image/config.yml": """
                port: 3000
                db:
                  host: '$(DB_HOST)'
                  pass: '$(DB_PASS)'
                # cache: $(OLD_CACHE)
                tls: $(TLS_ON)
            """,
            "dev/image/Dockerfile": """
                FROM node:20-alpine
                WORKDIR /srv
                COPY ./server ./server
                COPY --chown=node:node ./dev/image/config.yml ./config.yml
                CMD ["node", "server"]
            """,
            # the CI builds and pushes this image: it is the one users run
            "ci-pipelines.yml": """
                steps:
                  - task: Docker@2
                    inputs:
                      Dockerfile: dev/image/Dockerfile
            """,
            # a developer's container copies its own config
            "dev/local/config.yml": "db:\n  host: $(LOCAL_DB_HOST)\n",
            "dev/local/Dockerfile": "FROM node:20\nCOPY dev/local/config.yml /srv/config.yml\n",
        },
    )
    assert found["DB_HOST"].scope == "runtime"
    assert found["DB_PASS"].scope == "runtime"
    assert found["DB_PASS"].secret
    assert found["TLS_ON"].scope == "runtime"
    assert found["DB_HOST"].default is None
    assert "OLD_CACHE" not in found  # a comment: the loaded config never holds it
    assert found["LOCAL_DB_HOST"].scope == "dev"


def test_a_syntax_with_a_default_group_and_the_config_places(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config.ts": """
                import { readFileSync } from "node:fs";
                const raw = readFileSync("config/default.json", "utf8");
                export const text = raw.replace(/\\$\\{(\\w+)(?::-([^}]*))?\\}/g, (_m, key, fallback) =>
                  process.env[key] ?? fallback);
            """,
            "config/default.json": '{"redis": "${REDIS_URL:-redis://localhost:6379}", "key": "${API_KEY}"}\n',
            "config.sample.yml": "mail:\n  host: ${SMTP_HOST}\n",
        },
    )
    assert found["REDIS_URL"].scope == "runtime"
    assert found["REDIS_URL"].default == "redis://localhost:6379"
    assert found["API_KEY"].scope == "runtime"
    assert found["API_KEY"].default is None
    assert found["SMTP_HOST"].scope == "example"  # a sample only declares it


def test_a_function_callback_and_a_syntax_of_words(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/settings.mjs": """
                export function expand(text) {
                  return text.replaceAll(/\\{\\{\\s*env\\.([A-Za-z_]\\w*)\\s*\\}\\}/g, function (match, key) {
                    return process.env[key] || "";
                  });
                }
            """,
            "config.toml": '[server]\nsecret = "{{ env.SESSION_SECRET }}"\nname = "{{ app.name }}"\n',
        },
    )
    assert found["SESSION_SECRET"].scope == "runtime"
    assert "name" not in found


def test_placeholders_nothing_fills_are_not_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/index.js": "const s = 'a-b'.replace(/-(\\w)/g, (m, c) => c.toUpperCase());\n",
            "config.yml": "db:\n  host: $(DB_HOST)\n",
        },
    )
    assert "DB_HOST" not in found


def test_the_syntax_comes_from_the_regex_literal() -> None:
    code = "out = s.replace(/%\\{([A-Z_]+)\\}/g, (m, n) => process.env[n]);\n"
    (syntax,) = js_syntaxes(code, "a.js")
    assert [m.group(syntax.name_group) for m in syntax.pattern.finditer("x: %{ONE} %{two} %{THREE}")] == [
        "ONE",
        "THREE",
    ]
    assert syntax.default_group is None
    # the callback indexing process.env with the whole match, or a computed name, defines no syntax
    assert js_syntaxes("s.replace(/\\$(\\w+)/g, (m) => process.env[m]);\n", "b.js") == []


def test_a_python_app_filling_its_config_with_re_sub(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": """
                import os
                import re

                import yaml

                _PLACEHOLDER = re.compile(r"\\$\\{([A-Z_]+)(?::([^}]*))?\\}")


                def load(path):
                    with open(path) as f:
                        raw = f.read()
                    filled = _PLACEHOLDER.sub(lambda m: os.environ.get(m.group(1), m.group(2)), raw)
                    return yaml.safe_load(filled)


                def legacy(text):
                    return re.sub(r"%\\(([A-Z_]+)\\)", lambda m: os.environ[m.group(1)], text)
            """,
            "config/app.yml": "queue: ${QUEUE_NAME:jobs}\nlog: '%(LOG_LEVEL)'\n",
        },
    )
    assert found["QUEUE_NAME"].scope == "runtime"
    assert found["QUEUE_NAME"].default == "jobs"
    assert found["LOG_LEVEL"].scope == "runtime"
    assert found["LOG_LEVEL"].default is None


def test_a_regex_held_in_a_constant_and_a_typed_callback() -> None:
    code = """
        const PLACEHOLDER = /<%=\\s*ENV\\[([A-Z_]+)\\]\\s*%>/g;
        export function fill(raw: string): string {
          return raw.replace(PLACEHOLDER, (_whole: string, key: string): string => process.env[key] ?? "");
        }
    """
    (syntax,) = js_syntaxes(code, "src/fill.ts")
    assert [m.group(syntax.name_group) for m in syntax.pattern.finditer("a: <%= ENV[MAIL_FROM] %>")] == [
        "MAIL_FROM"
    ]


def test_a_syntax_only_a_test_fills_reads_for_the_tests(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "test/helpers/fixture.js": """
                export const expand = (raw) =>
                  raw.replace(/\\$\\{([A-Z_]+)\\}/g, (_, name) => process.env[name] ?? '')
            """,
            "config/app.json": '{"db": "${FIXTURE_DB}"}\n',
        },
    )
    assert found["FIXTURE_DB"].scope == "test"


def test_a_copy_from_the_dockerfiles_own_folder(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/fill.js": _LOADER,
            # built with `docker build docker/`: the context is the Dockerfile's folder
            "docker/Dockerfile": "FROM node:20\nCOPY settings.yaml /srv/config.yml\nCMD node src\n",
            "docker/settings.yaml": "mail:\n  relay: $(MAIL_RELAY)\n",
        },
    )
    assert found["MAIL_RELAY"].scope == "runtime"
