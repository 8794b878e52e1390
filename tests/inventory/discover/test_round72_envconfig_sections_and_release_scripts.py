"""Round 72: envconfig's `Process` given sections of unknown type from a loop, shoutrrr/Apprise service URLs
as secrets, scripts only a maintainer's release script runs, and Cloud Build pipelines in a subfolder running
a script in a hidden folder."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

CONFIG_GO = """
package config

import "github.com/kelseyhightower/envconfig"

type Config struct {
	Debug   bool `envconfig:"DEBUG" default:"false"`
	Storage StorageConfig
	Mail    MailConfig
}

type StorageConfig struct {
	DataDir string `envconfig:"XDG_DATA_HOME" default:"/data"`
}

type MailConfig struct {
	Server string `envconfig:"MAIL_SMTP_SERVER"`
	Port   int    `envconfig:"MAIL_SMTP_PORT" default:"25"`
}

func Load() (Config, error) {
	var cfg Config
	sections := []interface{}{&cfg.Storage, &cfg.Mail}
	for _, section := range sections {
		if err := envconfig.Process("", section); err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}
"""


def test_envconfig_sections_of_unknown_type(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/k\n", "pkg/config/config.go": CONFIG_GO})
    assert found["XDG_DATA_HOME"].default == "/data"
    assert found["MAIL_SMTP_PORT"].default == "25"
    assert found["DEBUG"].default == "false"
    assert "MAIL_SMTP_SERVER" in found


def test_notification_service_urls_are_secret(tmp_path: Path) -> None:
    code = (
        "import os\n"
        'URLS = os.environ.get("SHOUTRRR_URLS")\n'
        'STATELESS = os.environ.get("APPRISE_STATELESS_URLS")\n'
        'BASE = os.environ.get("APPRISE_BASE_URL")\n'
    )
    found = project(tmp_path, {"app/settings.py": code})
    assert found["SHOUTRRR_URLS"].secret
    assert found["APPRISE_STATELESS_URLS"].secret
    assert not found["APPRISE_BASE_URL"].secret


RELEASE = """#!/usr/bin/env bash
set -euo pipefail
APP_VERSION="$(./scripts/resolve-version.sh)"
echo "packaging ${APP_VERSION} for ${GITHUB_REF:-local}"
"""

RESOLVE = """#!/usr/bin/env bash
if [[ -n "${APP_RELEASE_VERSION:-}" ]]; then
  echo "${APP_RELEASE_VERSION}"
fi
"""

WORKFLOW = """
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: echo "app_version=$(./scripts/resolve-version.sh)" >> "$GITHUB_OUTPUT"
"""

CLOUDBUILD = """
steps:
- name: gcr.io/cloud-builders/gcloud
  args: ['bash', './.scripts/index_repo.sh']
"""


def test_scripts_only_release_scripts_and_pipelines_run(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "scripts/package-release.sh": RELEASE,
            "scripts/resolve-version.sh": RESOLVE,
            ".github/workflows/ci.yml": WORKFLOW,
            ".pipeline/cloudbuild.yaml": CLOUDBUILD,
            ".scripts/index_repo.sh": '#!/bin/sh\nhelm repo index --url "${CHART_REPO_URL}" .\n',
            "entrypoint.sh": '#!/bin/sh\nexec /app/server --port "${PORT:-8080}"\n',
            "Dockerfile": 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
        },
    )
    # run by a workflow step and named by the release script only: the CI's
    assert found["APP_RELEASE_VERSION"].scope == "ci"
    assert found["CHART_REPO_URL"].scope == "ci"
    assert found["PORT"].scope == "runtime"
