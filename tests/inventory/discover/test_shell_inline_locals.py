"""Dockerfile: a name an inline `sh -c '...'` script assigns itself (`bash -c 'H="${HOSTS:-x}"; wget
${H%%,*}'`) is that command's local after the assignment, in a HEALTHCHECK or a RUN; what it reads from the
environment on the way stays a read. In double quotes the outer shell expands every name first."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.dockerfile import discover_dockerfile


def test_a_healthcheck_inline_script_local_is_not_a_variable() -> None:
    text = textwrap.dedent("""
        FROM python:3.12-slim
        ENV APP_HOME=/srv
        RUN sh -c 'V="${APP_HOME}/venv"; python -m venv "$V"'
        HEALTHCHECK CMD bash -c 'H="${ALLOWED_HOSTS:-localhost}"; curl -fsS -H "Host: ${H%%,*}" "http://127.0.0.1:${PORT:-8080}/health"'
        CMD ["sh", "-c", "exec gunicorn -b 0.0.0.0:${PORT:-8080} app.wsgi"]
    """)
    reads = discover_dockerfile(text, "Dockerfile")
    names = {r.name for r in reads}
    assert "H" not in names
    assert "V" not in names
    assert [r.default for r in reads if r.name == "ALLOWED_HOSTS"] == ["localhost"]
    assert {"PORT", "APP_HOME"} <= names


def test_a_double_quoted_inline_script_is_expanded_by_the_outer_shell() -> None:
    text = 'FROM alpine\nHEALTHCHECK CMD sh -c "T=${PROBE_TIMEOUT:-5}; wget -T $T http://127.0.0.1/"\n'
    names = {r.name for r in discover_dockerfile(text, "Dockerfile")}
    assert {"PROBE_TIMEOUT", "T"} <= names  # `$T` is expanded before the inner shell sets it
