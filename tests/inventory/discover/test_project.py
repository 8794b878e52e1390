"""Discovery on the multi-language sample project: every variable with its places, and none from comments
or strings that are not environment reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from secretguard.inventory.discover import discover
from tests.conftest import CliRunner
from tests.servers import ASSETS

PROJECT = ASSETS / "project"

# name -> (secret, optional, locations)
EXPECTED: dict[str, tuple[bool, bool, list[str]]] = {
    "ADMIN_API_TOKEN": (True, True, ["backend/app/main.py:19"]),
    "APP_DATABASE_URL": (True, False, ["backend/app/settings.py:14"]),
    "APP_DEBUG": (False, True, ["backend/app/settings.py:13"]),
    "APP_REDIS_URL": (False, True, ["backend/app/settings.py:16"]),
    "APP_SECRET_KEY": (True, False, [".env.example:3", "backend/app/settings.py:15", "docker-compose.yml:9"]),
    "APP_VERSION": (False, True, ["Dockerfile:3", "Dockerfile:9", "docker-compose.yml:6"]),
    # kept as a GitHub secret, but an identifier: not a secret itself
    "AWS_ACCESS_KEY_ID": (False, False, [".github/workflows/deploy.yml:17"]),
    "AWS_REGION": (False, False, ["backend/app/main.py:13", "services/worker/main.go:16"]),
    "AWS_SECRET_ACCESS_KEY": (True, False, [".github/workflows/deploy.yml:18"]),
    "BATCH_SIZE": (False, True, ["services/worker/main.go:11"]),
    "BUILD_ID": (False, True, ["web/next.config.js:5"]),
    "DATABASE_URL": (
        True,
        False,
        [
            ".env.example:2",
            "backend/app/django_settings.py:9",
            "backend/app/main.py:9",
            "docker-compose.yml:8",
            "scripts/entrypoint.sh:4",
        ],
    ),
    "DEPLOY_ENV": (False, False, [".github/workflows/deploy.yml:12", ".github/workflows/deploy.yml:20"]),
    "DEPLOY_ENVIRONMENT": (False, False, [".github/workflows/deploy.yml:12"]),
    "DEPLOY_TOKEN": (True, False, [".github/workflows/deploy.yml:21"]),
    "DJANGO_ALLOWED_HOSTS": (False, True, ["backend/app/django_settings.py:8"]),
    "DJANGO_DEBUG": (False, True, ["backend/app/django_settings.py:3", "backend/app/django_settings.py:6"]),
    "DJANGO_SECRET_KEY": (True, False, ["backend/app/django_settings.py:7"]),
    "FEATURE_BETA": (False, True, ["backend/app/main.py:15"]),
    "FEATURE_FLAGS": (False, False, ["deploy/k8s/deployment.yaml:20"]),
    "FLASK_MAIL_SERVER": (False, True, ["backend/app/flask_app.py:4"]),
    "FLASK_MAIL_USERNAME": (False, False, ["backend/app/flask_app.py:6"]),
    "IMAGE_CDN_HOST": (False, False, ["web/next.config.js:7"]),
    "INTERNAL_API_TOKEN": (True, False, ["web/lib/api.ts:8"]),
    "INTERNAL_API_URL": (False, True, ["web/lib/api.ts:4"]),
    "LOG_LEVEL": (
        False,
        True,
        [
            ".env.example:4",
            "backend/app/main.py:10",
            "deploy/k8s/deployment.yaml:13",
            "docker-compose.yml:10",
        ],
    ),
    "NEXT_PUBLIC_ANALYTICS_ID": (False, False, ["web/app/page.tsx:7"]),
    "NEXT_PUBLIC_API_URL": (False, False, ["web/app/page.tsx:2"]),
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": (False, False, ["web/app/page.tsx:3"]),
    "NODE_ENV": (False, False, ["web/lib/api.ts:5"]),
    # commented out in .env.example: documented as optional (scope `example`), not read by the code
    "OLD_SETTING": (False, True, [".env.example:5"]),
    "OAUTH_CLIENT_SECRET": (True, False, ["deploy/k8s/deployment.yaml:30", "deploy/k8s/deployment.yaml:40"]),
    "PAYMENTS_WEBHOOK_SECRET": (True, False, ["backend/app/main.py:12"]),
    "PIP_INDEX_URL": (False, False, ["Dockerfile:4"]),
    "POD_IP": (False, True, ["deploy/k8s/deployment.yaml:25"]),
    "PORT": (False, True, ["Dockerfile:5", "Dockerfile:10"]),
    "PYTHONUNBUFFERED": (False, True, ["Dockerfile:6"]),
    "QUEUE_URL": (False, False, ["docker-compose.yml:17", "services/worker/main.go:10"]),
    "REGISTRY": (False, False, [".github/workflows/deploy.yml:6", ".github/workflows/deploy.yml:20"]),
    "REQUEST_TIMEOUT": (False, True, ["backend/app/main.py:14"]),
    "RUN_MIGRATIONS": (False, True, ["scripts/entrypoint.sh:5"]),
    "SENTRY_DSN": (False, True, ["backend/app/settings.py:17"]),
    "SESSION_SIGNING_KEY": (True, False, ["deploy/k8s/deployment.yaml:30", "deploy/k8s/deployment.yaml:39"]),
    "SLACK_URL": (True, False, [".github/workflows/deploy.yml:23", ".github/workflows/deploy.yml:25"]),
    "SLACK_WEBHOOK_URL": (True, False, [".github/workflows/deploy.yml:25"]),
    "SMTP_PASSWORD": (True, False, ["backend/app/settings.py:19"]),
    "STRIPE_SECRET_KEY": (
        True,
        False,
        ["deploy/k8s/deployment.yaml:15", "web/lib/api.ts:2", "web/pages/api/charge.ts:3"],
    ),
    "STRIPE_WEBHOOK_SECRET": (True, True, ["web/lib/api.ts:2"]),
    "WEB_CONCURRENCY": (False, True, ["backend/app/main.py:11"]),
    "WEB_PORT": (False, True, ["docker-compose.yml:13"]),
    "WORKER_API_TOKEN": (True, False, ["docker-compose.yml:18", "services/worker/main.go:15"]),
    "WORKER_TAG": (False, False, ["docker-compose.yml:15"]),
}

# Mentioned in the sample only inside comments, docstrings or unrelated strings.
NOT_READS = {
    "DOCSTRING_VAR",
    "DOCSTRING_GETENV",
    "COMMENTED_OUT",
    "IN_A_STRING",
    "PY_STRING_NOT_JS",
    "APP_COMMENTED_FIELD",
    "APP__PRIVATE",
    "NEXT_COMMENTED",
    "BLOCK_COMMENTED",
    "NOT_A_READ",
    "ALSO_NOT_A_READ",
    "REGEX_NOT_A_READ",
    "GO_COMMENTED",
    "GO_STRING",
    "GO_RAW_STRING",
    "COMMENTED_ENV",
    "HOME",
    "NOT_INTERPOLATED",
    "COMMENT_SECRET",
    "COMMENTED_SECRET",
    "COMMENTED_SHELL",
    "NOT_EXPANDED",
    "GITHUB_TOKEN",
    "MIGRATE",
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """Outside any git work tree, so the listing does not depend on what the repository tracks."""
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target)
    return target


def test_every_variable_with_its_places(copy: Path) -> None:
    found = {v.name: v for v in discover(copy).variables}
    assert set(found) == set(EXPECTED)
    for name, (secret, optional, locations) in EXPECTED.items():
        var = found[name]
        assert (var.secret, var.optional, var.locations) == (secret, optional, locations), name
    assert not NOT_READS & set(found)
    assert found["NEXT_PUBLIC_API_URL"].public
    assert not found["STRIPE_SECRET_KEY"].public


def test_cli_json_interface(cli: CliRunner, copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "vars.json"
    run = cli("inventory", "discover", copy, "--format", "json", "--output", out)
    assert run.code == 0, run.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    for item in data:
        assert isinstance(item["name"], str)
        assert isinstance(item["secret"], bool)
        assert isinstance(item["optional"], bool)
        assert all(isinstance(loc, str) and ":" in loc for loc in item["locations"])
    assert {item["name"] for item in data} == set(EXPECTED)
    assert f"{len(EXPECTED)} variable(s)" in run.err


def test_text_and_yaml_formats(cli: CliRunner, copy: Path) -> None:
    text = cli("inventory", "discover", copy)
    assert text.code == 0
    assert "STRIPE_SECRET_KEY  (runtime, secret, required)" in text.out
    assert "    web/lib/api.ts:2" in text.out
    as_yaml = cli("inventory", "discover", copy, "--format", "yaml")
    assert "- name: ADMIN_API_TOKEN" in as_yaml.out


def test_in_a_git_work_tree_ignored_files_are_skipped(copy: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(copy)], check=True)
    (copy / ".gitignore").write_text("scripts/\n", encoding="utf-8")
    names = {v.name for v in discover(copy).variables}
    assert "RUN_MIGRATIONS" not in names
    assert "RUN_MIGRATIONS" in {v.name for v in discover(copy, all_files=True).variables}


def test_defaults_come_from_the_code_first(copy: Path) -> None:
    found = {v.name: v for v in discover(copy).variables}
    defaults = {name: var.default for name, var in found.items() if var.default is not None}
    assert defaults == {
        "APP_DEBUG": "false",  # pydantic-settings field default, as the environment spells it
        "APP_REDIS_URL": "redis://localhost:6379/0",
        "APP_VERSION": "dev",  # Dockerfile ARG default
        "BATCH_SIZE": "10",  # caarlos0/env `envDefault:"10"`
        "BUILD_ID": "dev",  # `process.env.BUILD_ID || "dev"`
        "DJANGO_ALLOWED_HOSTS": "localhost",  # `env.list(..., default=["localhost"])`, as its text
        "DJANGO_DEBUG": "false",
        "INTERNAL_API_URL": "http://localhost:8000",
        # os.getenv("LOG_LEVEL", "info") wins over compose, Kubernetes and .env.example
        "LOG_LEVEL": "info",
        "PORT": "8000",
        "PYTHONUNBUFFERED": "1",
        "REQUEST_TIMEOUT": "30",  # `os.environ.get("REQUEST_TIMEOUT") or "30"`
        "RUN_MIGRATIONS": "true",  # `${RUN_MIGRATIONS:-true}`
        "WEB_CONCURRENCY": "2",
        "WEB_PORT": "8000",
    }
    # never recorded for a secret, even one with a default in the code
    assert all(not found[name].secret for name in defaults)
    assert found["ADMIN_API_TOKEN"].optional
    assert found["ADMIN_API_TOKEN"].default is None


def test_every_variable_has_a_scope(copy: Path) -> None:
    found = {v.name: v for v in discover(copy).variables}
    assert {v.scope for v in found.values()} <= {"runtime", "build", "dev", "test", "ci", "example"} | {
        v.scope for v in found.values() if v.scope.startswith("service:")
    }
    assert found["STRIPE_SECRET_KEY"].scope == "runtime"
    assert found["SLACK_URL"].scope == "ci"  # only the deploy workflow reads it


def test_scope_of_a_read_comes_from_its_source_and_place() -> None:
    from secretguard.inventory.discover.base import Read, aggregate, scope_of_read

    def read(file: str, source: str = "python", *, optional: bool = False) -> Read:
        return Read("X", file, 1, optional=optional, source=source)

    assert scope_of_read(read("app/settings.py")) == "runtime"
    assert scope_of_read(read("tests/test_api.py")) == "test"
    assert scope_of_read(read("src/api.spec.ts", "javascript")) == "test"
    assert scope_of_read(read("examples/demo.py")) == "example"
    assert scope_of_read(read(".github/workflows/ci.yml", "github-env")) == "ci"
    assert scope_of_read(read("Dockerfile", "dockerfile-arg")) == "build"
    assert scope_of_read(read(".env.example", "env-example")) == "example"
    assert scope_of_read(read("docker-compose.override.yml", "docker-compose")) == "dev"
    assert scope_of_read(read("core/admin/run_dev.sh", "shell")) == "dev"  # a developer's launcher
    assert scope_of_read(read("Dockerfile.dev", "dockerfile-env")) == "dev"
    assert scope_of_read(read("scripts/devices.sh", "shell")) == "runtime"
    assert scope_of_read(read("setup.py")) == "build"  # setuptools: install time
    assert scope_of_read(read("noxfiles/docker_nox.py")) == "dev"  # a noxfile's sessions
    assert scope_of_read(read("services/filestore/docker-compose.ci.yml", "compose")) == "ci"
    assert scope_of_read(read("script/buildkite-archive/deploy.sh", "shell")) == "ci"
    assert scope_of_read(read("services/web/.storybook/utils/figma.ts", "javascript")) == "dev"
    assert scope_of_read(read("qa/scenarios/bigquery.py")) == "test"
    assert scope_of_read(read("clients/sample-app/src/db.ts", "javascript")) == "example"
    assert scope_of_read(read("clients/admin-ui/src/app.ts", "javascript")) == "runtime"
    # The code's default decides optional: a CI `env:` entry without one does not make it required.
    [var] = aggregate(
        [read("app/settings.py", optional=True), read(".github/workflows/ci.yml", "github-env")]
    )
    assert (var.scope, var.optional, var.scopes) == ("runtime", True, ["runtime", "ci"])
    # And a CI secret does not make the app's variable secret.
    [debug] = aggregate(
        [Read("DEBUG", "app.py", 1, True, "python"), Read("DEBUG", "ci.yml", 2, False, "github-secret", True)]
    )
    assert not debug.secret
