"""Constructs blind round 95 met: a Go flag package keeping a variable's name in a field set by an option
function, Laravel's `Env::get`, mise's task folders."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import discovered, project

FLAG_PACKAGE = """
package cli

import "os"

type baseFlag struct {
	name   string
	envVar string
	def    string
}

type FlagOption func(*baseFlag)

func EnvVar(envVar string) FlagOption {
	return func(f *baseFlag) { f.envVar = envVar }
}

func Default(value string) FlagOption {
	return func(f *baseFlag) { f.def = value }
}

func String(name, usage string, opts ...FlagOption) *baseFlag {
	f := &baseFlag{name: name}
	for _, o := range opts {
		o(f)
	}
	return f
}

func (f *baseFlag) Value() string {
	if v := os.Getenv(f.envVar); v != "" {
		return v
	}
	return f.def
}
"""

MAIN = """
package main

import "example.com/app/pkg/cli"

var flags = []any{
	cli.String("config", "Path to a TOML config", cli.Default("app.toml"), cli.EnvVar("APP_CONFIG")),
	cli.String("region", "Region", cli.EnvVar("APP_REGION")),
}
"""


def test_option_functions_naming_a_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module example.com/app\n", "pkg/cli/flag.go": FLAG_PACKAGE, "cmd/api/main.go": MAIN},
    )
    assert found["APP_CONFIG"].default == "app.toml"
    assert found["APP_CONFIG"].optional
    assert found["APP_REGION"].default is None


def test_laravel_env_class(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/Providers/ExtensionServiceProvider.php": """<?php
                use Illuminate\\Support\\Env;
                $cache = Env::get('APP_ADDONS_CACHE');
                $mode = Env::get('APP_MODE', 'full');
            """,
        },
    )
    assert found["APP_ADDONS_CACHE"].default is None
    assert found["APP_MODE"].default == "full"


def test_mise_tasks_are_a_developers(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {".mise/tasks/pscale-branch": '#!/usr/bin/env bash\nFROM="${FROM:-staging}"\necho "$FROM"\n'},
    )
    assert {v.name: v.scope for v in result.variables}["FROM"] == "dev"


def test_a_class_reading_names_from_its_prefix_parameter(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/shared/src/UrlSet.ts": """
                import { getEnv } from '@silverhand/essentials';

                export default class UrlSet {
                  readonly #port = Number(getEnv(this.envPrefix + 'PORT') || this.defaultPort);
                  readonly #endpoint = getEnv(`${this.envPrefix}ENDPOINT`);

                  constructor(
                    public readonly isHttpsEnabled: boolean,
                    protected readonly defaultPort: number,
                    protected readonly envPrefix = ''
                  ) {}
                }
            """,
            "packages/shared/src/GlobalValues.ts": """
                import UrlSet from './UrlSet.js';

                export class GlobalValues {
                  public readonly urlSet = new UrlSet(this.isHttpsEnabled, 3001);
                  public readonly adminUrlSet = new UrlSet(this.isHttpsEnabled, 3002, 'ADMIN_');
                }
            """,
        },
    )
    assert found["PORT"].default == "3001"
    assert found["ADMIN_PORT"].default == "3002"
    assert "ENDPOINT" in found
    assert "ADMIN_ENDPOINT" in found


def test_whole_environment_narrowed_to_listed_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/Console/Process.php": """<?php
                $env = collect(getenv())->only(['HOME', 'LARAVEL_SAIL']);
                if ($env->get('LARAVEL_SAIL') === '1') { $env['HOME'] = '/home/sail'; }
            """,
        },
    )
    assert found["LARAVEL_SAIL"].optional
    assert "HOME" in found
