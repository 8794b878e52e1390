"""Scopes of scripts decided by what they are, not where they sit: an example hook (`*-example.sh`) is
`example`; a script in the top-level `scripts/` that drives docker, a cluster or a bucket from a host is `dev`
(`build` when it only builds the image); a test runner's setup file (`setup-jest.ts`) is `test`. An
entrypoint, and any script with none of this, stays the application's."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.shell import discover_shell, script_scope
from tests.inventory.discover.projects import project

HOOK = """\
#!/usr/bin/env bash
echo "Document ${DOCUMENT_ID} was consumed: ${DOCUMENT_FILE_NAME}"
"""

PUSH_STATIC = """\
#!/bin/sh
# Push static files to the bucket
docker run --rm \\
    -e AWS_STORAGE_BUCKET_NAME=${AWS_STORAGE_BUCKET_NAME} \\
    ${IMAGE_NAME} \\
    python3 manage.py collectstatic --no-input
"""


def test_example_and_host_scripts_are_not_the_applications(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "scripts/post-consumption-example.sh": HOOK,
            "contrib/example-pre-hook.sh": 'echo "${HOOK_TARGET}"\n',
            "scripts/backup.sample.sh": 'pg_dump "${BACKUP_DB}"\n',
            "scripts/push_static.sh": PUSH_STATIC,
            "scripts/publish.sh": 'gsutil -m rsync -r static "gs://${STATIC_BUCKET}"\n',
            "scripts/build-image.sh": 'docker buildx build --platform "${PLATFORMS}" -t app .\n',
            # a host command in a comment is no command
            "scripts/start.sh": '#!/bin/sh\n# docker run app\nexec gunicorn -b "0.0.0.0:${PORT:-8000}" app\n',
            "scripts/docker-entrypoint.sh": '#!/bin/sh\ndocker info >/dev/null 2>&1 && echo "${DIND_HOST}"\n',
            "deploy/rollout.sh": 'kubectl rollout restart "deploy/${DEPLOYMENT}"\n',  # not under scripts/
            ".github/scripts/release.sh": 'docker push "${RELEASE_IMAGE}"\n',
            "settings.py": 'import os\nBUCKET = os.environ["AWS_STORAGE_BUCKET_NAME"]\n',
        },
    )
    scopes = {name: var.scope for name, var in found.items()}
    assert scopes == {
        "DOCUMENT_ID": "example",
        "DOCUMENT_FILE_NAME": "example",
        "HOOK_TARGET": "example",
        "BACKUP_DB": "example",
        "IMAGE_NAME": "dev",
        "AWS_STORAGE_BUCKET_NAME": "runtime",  # the app reads it too
        "STATIC_BUCKET": "dev",
        "PLATFORMS": "build",
        "PORT": "runtime",
        "DIND_HOST": "runtime",  # an entrypoint is never moved
        "DEPLOYMENT": "runtime",
        "RELEASE_IMAGE": "ci",  # its folder says CI: left to it
    }


def test_script_scope_reads_commands_not_words() -> None:
    assert script_scope("scripts/notes.sh", 'echo "run docker push yourself"\n') is None
    assert script_scope("scripts/sync.sh", "cd out && aws s3 sync . s3://bucket\n") == "dev"
    assert script_scope("scripts/mixed.sh", "docker build -t app .\ndocker push app\n") == "dev"
    assert script_scope("scripts/resample.sh", "sox in.wav out.wav\n") is None  # a word, not `sample`
    reads = discover_shell(HOOK, "scripts/post-consumption-example.sh")
    assert {r.scope for r in reads} == {"example"}


def test_a_front_end_test_runners_setup_file_is_test(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src-ui/setup-jest.ts": "if (process.env.NODE_ENV === 'test') { globalThis.JEST_RUN = true }\n",
            "web/src/setupTests.ts": "const level = process.env.TEST_LOG_LEVEL\n",
            "web/vitest.setup.ts": "export const url = process.env.VITEST_API_URL\n",
            "web/src/setup.ts": "export const api = process.env.PUBLIC_API_URL\n",  # the app's own setup
        },
    )
    assert found["NODE_ENV"].scope == "test"
    assert found["TEST_LOG_LEVEL"].scope == "test"
    assert found["VITEST_API_URL"].scope == "test"
    assert found["PUBLIC_API_URL"].scope == "runtime"
