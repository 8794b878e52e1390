"""Round 78: `env = os.environ.get` as a reader, GoCD pipeline folders are CI, a settings module with `test`
among its words is a test's, configx's schema package imported under another name, and a nested Go module
the root's `replace` compiles in (a vendored library) is the app's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_alias_of_environ_get_and_test_settings(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "snuba/settings/settings_docker.py": (
                'import os\nenv = os.environ.get\nDEBUG = env("DEBUG", "0") == "1"\n'
                'DAYS = int(env("SENTRY_EVENT_RETENTION_DAYS", 90))\n'
            ),
            "snuba/settings/settings_test_distributed_migrations.py": (
                'import os\nHOST = os.environ.get("CLICKHOUSE_HOST_MIGRATIONS", "localhost")\n'
            ),
            "gocd/templates/bash/deploy.sh": '#!/bin/bash\nk8s-deploy --image "${GOCD_IMAGE_TAG}"\n',
        },
    )
    assert found["SENTRY_EVENT_RETENTION_DAYS"].default == "90"
    assert found["DEBUG"].scope == "runtime"
    assert found["CLICKHOUSE_HOST_MIGRATIONS"].scope == "test"
    assert found["GOCD_IMAGE_TAG"].scope == "ci"


def test_configx_schema_package_alias_and_vendored_modules(tmp_path: Path) -> None:
    provider = """package configuration

import (
	schema "github.com/ory/oathkeeper/spec"
	"github.com/ory/x/configx"
)

func New(ctx context.Context) error {
	_, err := configx.New(
		ctx,
		schema.Config,
	)
	return err
}
"""
    found = project(
        tmp_path,
        {
            "go.mod": "module github.com/ory/oathkeeper\n\nreplace github.com/ory/x => ./oryx\n",
            "spec/config.schema.json": '{"properties": {"serve": {"properties": {"proxy": {"properties": '
            '{"port": {"type": "integer", "default": 4455}}}}}}}',
            "driver/configuration/provider.go": provider,
            "oryx/go.mod": "module github.com/ory/x\n",
            "oryx/sqa/sqa.go": 'package sqa\n\nimport "os"\n\nvar optOut = os.Getenv("SQA_OPT_OUT")\n',
            "tools/cli/go.mod": "module example.com/cli\n",
            "tools/cli/main.go": 'package main\n\nimport "os"\n\nvar t = os.Getenv("CLI_TOKEN")\n',
        },
    )
    assert found["SERVE_PROXY_PORT"].default == "4455"
    assert found["SQA_OPT_OUT"].scope == "runtime"
    assert found["CLI_TOKEN"].scope == "dev"
