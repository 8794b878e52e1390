"""Round 74: kingpin's `app.DefaultEnvars()` (every flag also `<APP>_<FLAG>`), flags declared through the
project's binder methods with defaults from a composite literal; a JS default-chain helper returning
`defaults || false`, imported from a workspace package by its name while another package has a folder of
the same last name."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

BINDERS_GO = """
package flags

import "github.com/alecthomas/kingpin/v2"

type KingpinBinder struct {
	App *kingpin.Application
}

func (b *KingpinBinder) StringVar(name, help, def string, target *string) {
	b.App.Flag(name, help).Default(def).StringVar(target)
}

func (b *KingpinBinder) BoolVar(name, help string, def bool, target *bool) {
	if def {
		b.App.Flag(name, help).Default("true").BoolVar(target)
	} else {
		b.App.Flag(name, help).Default("false").BoolVar(target)
	}
}

func (b *KingpinBinder) IntVar(name, help string, def int, target *int) {
	b.App.Flag(name, help).Default(strconv.Itoa(def)).IntVar(target)
}
"""

TYPES_GO = """
package externaldns

import (
	"github.com/alecthomas/kingpin/v2"
	"example.com/dns/internal/flags"
)

var defaultConfig = &Config{
	AWSAPIRetries: 3,
	AWSZoneType:   "",
}

func bindFlags(b *flags.KingpinBinder, cfg *Config) {
	b.StringVar("aws-zone-type", "Filter zones by type", defaultConfig.AWSZoneType, &cfg.AWSZoneType)
	b.IntVar("aws-api-retries", "Retries", defaultConfig.AWSAPIRetries, &cfg.AWSAPIRetries)
	b.BoolVar("aws-prefer-cname", "Prefer CNAME", false, &cfg.AWSPreferCNAME)
}

func App(cfg *Config) *kingpin.Application {
	app := kingpin.New("external-dns", "ExternalDNS")
	app.DefaultEnvars()
	bindFlags(&flags.KingpinBinder{App: app}, cfg)
	app.Flag("provider", "The DNS provider").Required().EnumVar(&cfg.Provider, "aws", "google")
	app.Flag("log-level", "Log level").Default("info").StringVar(&cfg.LogLevel)
	return app
}
"""


def test_kingpin_default_envars_through_binders(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/dns\n",
            "internal/flags/binders.go": BINDERS_GO,
            "pkg/apis/externaldns/types.go": TYPES_GO,
        },
    )
    assert found["EXTERNAL_DNS_AWS_ZONE_TYPE"].default is None
    assert found["EXTERNAL_DNS_AWS_API_RETRIES"].default == "3"
    assert found["EXTERNAL_DNS_AWS_PREFER_CNAME"].default == "false"
    assert found["EXTERNAL_DNS_PROVIDER"].scope == "runtime"
    assert found["EXTERNAL_DNS_LOG_LEVEL"].default == "info"


CONV_TS = """
export function toBool(value: unknown, defaults?: boolean): boolean {
  if (isEmpty(value)) {
    return defaults || false
  }
  return isTrue(value)
}
"""


def test_helper_of_a_workspace_package_by_its_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "root", "private": true, "workspaces": ["packages/*"]}',
            "packages/utils/package.json": '{"name": "@acme-inc/utils", "main": "./dist/index.js"}',
            "packages/utils/src/index.ts": "export * from './conv'\n",
            "packages/utils/src/conv.ts": CONV_TS,
            "packages/server/package.json": '{"name": "@acme-inc/server"}',
            "packages/server/src/utils/index.ts": "export const noop = () => undefined\n",
            "packages/server/src/environments/index.ts": (
                "import { toBool } from '@acme-inc/utils'\n"
                "export const VERIFY_USER_EMAIL: boolean = toBool(process.env.VERIFY_USER_EMAIL, false)\n"
                "export const OPEN_SIGNUP: boolean = toBool(process.env.OPEN_SIGNUP, true)\n"
            ),
        },
    )
    assert found["VERIFY_USER_EMAIL"].default == "false"
    assert found["OPEN_SIGNUP"].default == "true"
