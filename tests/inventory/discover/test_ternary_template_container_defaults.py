"""Defaults given by a ternary or inside a template literal, defaults that belong to another container or
are placeholders, and shell variables local to a container's command."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.discover.dockerfile import discover_dockerfile
from secretguard.inventory.discover.javascript import discover_javascript
from secretguard.inventory.discover.shell import discover_shell


def reads(text: str) -> dict[str, tuple[bool, str | None, bool]]:
    found = discover_javascript(textwrap.dedent(text), "src/storage.ts")
    out: dict[str, tuple[bool, str | None, bool]] = {}
    for r in found:  # every read of a name agrees in these snippets
        assert out.get(r.name, (r.optional, r.default, r.computed_default)) == (
            r.optional,
            r.default,
            r.computed_default,
        ), r.name
        out[r.name] = (r.optional, r.default, r.computed_default)
    return out


def project(tmp_path: Path, files: dict[str, str]) -> dict[str, DiscoveredVariable]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return {v.name: v for v in discover(tmp_path).variables}


def test_ternary_fallbacks_are_defaults() -> None:
    found = reads("""
        const endpoint = process.env.STORE_ENDPOINT ? process.env.STORE_ENDPOINT : 'localhost';
        const region = process.env.STORE_REGION !== undefined ? process.env.STORE_REGION : "eu-west-1";
        const retries = process.env.STORE_RETRIES === undefined ? 5 : Number(process.env.STORE_RETRIES);
        const bucket = !process.env.STORE_BUCKET ? "uploads" : process.env.STORE_BUCKET;
        const ttl = process.env.CACHE_TTL != null ? parseInt(process.env.CACHE_TTL, 10) : 60;
        const proxy = process.env.STORE_PROXY ? process.env.STORE_PROXY : undefined;
        const tls = process.env.STORE_TLS ? process.env.STORE_TLS : buildTls();
        const mode = process.env.STORE_SECURE ? "https" : "http";
    """)
    assert found["STORE_ENDPOINT"] == (True, "localhost", False)
    assert found["STORE_REGION"] == (True, "eu-west-1", False)
    assert found["STORE_RETRIES"] == (True, "5", False)
    assert found["STORE_BUCKET"] == (True, "uploads", False)
    assert found["CACHE_TTL"] == (True, "60", False)
    assert found["STORE_PROXY"] == (True, None, False)  # optional, but `undefined` is no default
    assert found["STORE_TLS"] == (True, None, True)  # computed
    assert found["STORE_SECURE"] == (False, None, False)  # a switch, not a fallback


def test_ternary_over_a_local_holding_the_read() -> None:
    found = reads("""
        const apiHost = process.env.API_HOST;
        const host = apiHost ? apiHost : 'api.internal';
        let workers = process.env.WORKERS;
        export const count = workers === undefined ? 4 : Number(workers);
        const token = process.env.STATS_TOKEN;
        const headers = token ? { authorization: token } : {};
    """)
    assert found["API_HOST"] == (True, "api.internal", False)
    assert found["WORKERS"] == (True, "4", False)
    assert found["STATS_TOKEN"] == (False, None, False)


def test_reads_disagreeing_in_different_places_have_no_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "server/api.ts": "export const a = process.env.BACKEND_URL ? process.env.BACKEND_URL : 'http://localhost:8080';\n",
            "server/worker.ts": "export const b = process.env.BACKEND_URL ? process.env.BACKEND_URL : 'http://localhost:5000';\n",
            "server/jobs.ts": "export const c = process.env.QUEUE_NAME ? process.env.QUEUE_NAME : 'jobs';\n",
            "server/cron.ts": "export const d = process.env.QUEUE_NAME || 'jobs';\n",
        },
    )
    assert variables["BACKEND_URL"].default is None
    assert variables["BACKEND_URL"].optional
    assert variables["QUEUE_NAME"].default == "jobs"


def test_reads_inside_template_literals_keep_their_defaults() -> None:
    found = reads("""
        const u = `${process.env.STORE_PUBLIC_HOST || 'http://localhost'}:${process.env.STORE_PORT || 9000}`;
        const prefix = `${process.env.KEY_PREFIX ?? "app"}-${Date.now()}`;
        const dsn = `postgres://${process.env.DB_HOST}:${process.env.DB_PORT || 5432}/app`;
        const nested = `${process.env.TEMPLATE_DIR || `${process.cwd()}/templates`}`;
    """)
    assert found["STORE_PUBLIC_HOST"] == (True, "http://localhost", False)
    assert found["STORE_PORT"] == (True, "9000", False)
    assert found["KEY_PREFIX"] == (True, "app", False)
    assert found["DB_HOST"] == (False, None, False)
    assert found["DB_PORT"] == (True, "5432", False)
    assert found["TEMPLATE_DIR"] == (True, None, True)  # a template is no literal


def test_a_local_assigned_from_a_template_is_not_the_read() -> None:
    # `const url = `${process.env.X}`` then `url ||= ...`: the local holds a string built from X, not X.
    found = reads("""
        let url = `${process.env.CALLBACK_URL}`;
        url ||= "http://localhost/callback";
    """)
    assert found["CALLBACK_URL"] == (False, None, False)


def test_another_services_port_mapping_is_not_the_apps_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build: .
                    environment:
                      DB_PORT: ${DB_PORT}
                      CACHE_TTL: ${CACHE_TTL:-300}
                  postgres:
                    image: postgres:16
                    ports:
                      - "${DB_PORT:-5432}:5432"
                    environment:
                      POSTGRES_DB: ${DB_NAME:-app}
            """,
            "db.js": "exports.x = [process.env.DB_PORT, process.env.DB_NAME, process.env.CACHE_TTL];\n",
        },
    )
    assert variables["DB_PORT"].scope == "runtime"
    assert variables["DB_PORT"].default is None
    assert not variables["DB_PORT"].optional  # the code has no fallback
    assert variables["DB_NAME"].default is None
    # the app's own service: compose's fallback is what this deployment passes; the code has none
    assert variables["CACHE_TTL"].default is None


def test_build_stage_placeholders_are_not_defaults(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "Dockerfile": """\
                FROM node:20 AS builder
                ENV API_BASE=__API_BASE__
                ENV PUBLIC_PATH=%PUBLIC_PATH%
                ENV ADMIN_EMAIL=<admin-email>
                ENV SMTP_HOST=changeme
                ENV LISTEN_PORT=8080
                RUN npm run build
            """,
            # No code reads them: the image's values are all there is (where the code reads one, its own
            # fallback or none is the default, not the image's).
        },
    )
    for name in ("API_BASE", "PUBLIC_PATH", "ADMIN_EMAIL", "SMTP_HOST"):
        assert variables[name].default is None, name
    assert variables["LISTEN_PORT"].default == "8080"  # a real value (not "repeated characters")


def test_shell_locals_in_a_dockerfile_command_are_not_variables() -> None:
    script = (
        'TARGET=\\"${API_URL:-${SERVER_URL:-http://localhost:8080}}\\"; '
        'sed -i \\"s|__API__|${TARGET}|g\\" /usr/share/nginx/html/app.js && exec nginx'
    )
    text = f'FROM nginx:alpine\nCMD ["sh", "-c", "{script}"]\n'
    found = {(r.name, r.default) for r in discover_dockerfile(text, "Dockerfile")}
    assert found == {("API_URL", None), ("SERVER_URL", "http://localhost:8080")}


def test_shell_form_run_and_entrypoint_locals() -> None:
    text = textwrap.dedent("""\
        FROM alpine
        ARG RELEASE=1
        RUN OUT=/srv/r${RELEASE}; mkdir -p $OUT
        ENTRYPOINT ["/bin/sh", "-ec", "PORT=\\"${PORT:-8000}\\"; exec app --port $PORT --workers $WORKERS"]
    """)
    found = [(r.name, r.line, r.default) for r in discover_dockerfile(text, "Dockerfile")]
    # PORT's own assignment still reads the environment (`${PORT:-8000}`); after it, it is the script's
    assert sorted(found, key=str) == [
        ("PORT", 4, "8000"),
        ("RELEASE", 2, "1"),
        ("RELEASE", 3, None),
        ("WORKERS", 4, None),
    ]


def test_a_one_line_script_assigning_before_use() -> None:
    found = discover_shell(
        'BASE="${PUBLIC_URL:-/}"; echo "$BASE" > /tmp/base; export MODE=web; run $MODE\n', "start.sh"
    )
    assert sorted(r.name for r in found) == ["PUBLIC_URL"]
