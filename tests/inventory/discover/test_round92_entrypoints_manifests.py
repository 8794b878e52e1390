"""Round 92: docker-library's POSIX `file_env` (`eval var="\\$${1}"`, `eval fileVar="\\$${1}_FILE"`);
a manifest keeping a database's host, name and port in a Secret; a test suite's job image; a mock
service's folder; the pull-request check script."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_WRAPPER = r"""#!/bin/sh
file_env() {
    local var=""
    local fileVar=""
    eval var="\$${1}"
    eval fileVar="\$${1}_FILE"
    local def="${2:-}"
    if [ -n "${fileVar:-}" ]; then
        var="$(cat "${fileVar}")"
    elif [ -z "${var:-}" ]; then
        var="${def}"
    fi
    export "$1"="$var"
}

file_env 'SEMAPHORE_DB_USER' 'semaphore'
file_env 'SEMAPHORE_DB_PASS' 'semaphore'
exec /usr/local/bin/semaphore server
"""

_MANIFEST = """
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: app
          image: quay.io/example/galaxy:latest
          env:
            - name: PULP_DB_HOST
              valueFrom:
                secretKeyRef: {name: db, key: db.host}
            - name: PULP_DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: db.password}
        - name: tests
          image: quay.io/cloudservices/iqe-tests:hub
          env:
            - name: JENKINS_TOKEN
              valueFrom:
                secretKeyRef: {name: iqe, key: token}
"""


def test_file_env_in_posix_sh(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "deployment/docker/server/server-wrapper": _WRAPPER,
            "deployment/docker/server/Dockerfile": (
                'FROM alpine\nENTRYPOINT ["/usr/local/bin/server-wrapper"]\n'
            ),
        },
    )
    assert found["SEMAPHORE_DB_USER"].default == "semaphore"
    assert {"SEMAPHORE_DB_USER_FILE", "SEMAPHORE_DB_PASS_FILE"} <= set(found)
    assert found["SEMAPHORE_DB_PASS"].secret is True


def test_manifests_and_test_places(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "openshift/migration.yaml": _MANIFEST,
            "profiles/community/github_mock/flaskapp.py": 'import os\nUP = os.environ.get("UPSTREAM_HOST")\n',
            "pr_check.sh": '#!/bin/bash\nsource "$CICD_ROOT/build.sh"\n',
            "app/settings.py": 'import os\nDB = os.environ.get("PULP_DB_HOST", "localhost")\n',
        },
    )
    assert found["PULP_DB_HOST"].secret is False  # a host kept in a Secret is still a host
    assert found["PULP_DB_HOST"].default == "localhost"
    assert found["PULP_DB_PASSWORD"].secret is True
    assert found["JENKINS_TOKEN"].scope == "test"
    assert found["UPSTREAM_HOST"].scope == "test"
    assert found["CICD_ROOT"].scope == "ci"
